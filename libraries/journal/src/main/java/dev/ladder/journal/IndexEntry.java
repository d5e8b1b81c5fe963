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

    static int crc(String text) {
        CRC32C c = new CRC32C();
        c.update(text.getBytes(StandardCharsets.US_ASCII));
        return (int) c.getValue();
    }
}
