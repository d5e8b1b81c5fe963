package dev.ladder.journal;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * One sparse index point: the record at {@code rawOffset} (uncompressed bytes from the segment
 * start) has sequence {@code seq} and receive time {@code ns}; {@code fileOffset} is where reading
 * starts in the file (equal to rawOffset in an open {@code .log}; the start of the zstd frame that
 * begins there in a sealed {@code .log.zst}). {@code isBook} marks a {@code #book} line. The first
 * entry of a segment is at offset 0: in format 2 that is the segment header, and the entry describes
 * the first record after it.
 */
record IndexEntry(long ns, long seq, long rawOffset, long fileOffset, boolean isBook) {
    /** The index line with its checksum, e.g. {@code 1723161253937085768 0 0 0 i 1a2b3c4d}. */
    String line() {
        return SegmentIndex.withCrc(ns + " " + seq + " " + rawOffset + " " + fileOffset + " " + (isBook ? 'b' : 'i'));
    }

    /**
     * Parses an index line: five fields (format 1) or five and a checksum (format 2); {@code null}
     * when it is not one (torn, foreign, or failing its checksum).
     */
    static IndexEntry parse(String line) {
        String[] f = line.split(" ");
        if (f.length == 6) {
            if (!SegmentIndex.crcOk(line)) {
                return null;
            }
        } else if (f.length != 5) {
            return null;
        }
        if (!(f[4].equals("i") || f[4].equals("b"))) {
            return null;
        }
        try {
            IndexEntry e = new IndexEntry(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]),
                    Long.parseLong(f[3]), f[4].equals("b"));
            return e.ns < 0 || e.seq < 0 || e.rawOffset < 0 || e.fileOffset < 0 ? null : e;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static int crc(String text) {
        CRC32C c = new CRC32C();
        c.update(text.getBytes(StandardCharsets.US_ASCII));
        return (int) c.getValue();
    }
}
