package dev.ladder.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A segment's index file: one {@link IndexEntry} line each, then, when the segment is sealed, the
 * trailer {@code end <firstNs> <lastNs> <baseSeq> <nextSeq> <rawLength> <fileLength> <entries>}.
 * Format 2 ends every line with the CRC32C of the text before it (8 hex digits) and counts the
 * entries in the end line; an open segment's index starts with {@code #index v2 interval=<bytes>}
 * (so a verifier can tell an entry is missing); format 1 has none of these.
 *
 * @param entries     the entries that parsed, in file order
 * @param end         the end line, or null (open segment, or a sealed index cut short)
 * @param badLines    non-empty lines that did not parse or failed their checksum
 * @param endEntries  the entry count the end line states, or -1 (format 1, or no end line)
 * @param isMissing   true when the file does not exist
 * @param interval    the index interval its header line states, or -1
 */
record SegmentIndex(List<IndexEntry> entries, End end, int badLines, int endEntries, boolean isMissing, int interval) {
    /** The sealed segment's summary. */
    record End(long firstNs, long lastNs, long baseSeq, long nextSeq, long rawLength, long fileLength) {
        String line(int entries) {
            return withCrc("end " + firstNs + " " + lastNs + " " + baseSeq + " " + nextSeq + " " + rawLength + " " + fileLength + " " + entries);
        }
    }

    SegmentIndex(List<IndexEntry> entries, End end) {
        this(entries, end, 0, end == null ? -1 : entries.size(), false, -1);
    }

    /** The header line of an open segment's index. */
    static String header(int interval) {
        return withCrc("#index v2 interval=" + interval);
    }

    /** {@code text + " " + crc32c(text) + "\n"}. */
    static String withCrc(String text) {
        byte[] h = new byte[8];
        Lines.putHex(h, 0, IndexEntry.crc(text));
        return text + " " + new String(h, StandardCharsets.US_ASCII) + "\n";
    }

    /** True when the last field of {@code line} is the CRC32C of the text before it. */
    static boolean crcOk(String line) {
        int sp = line.lastIndexOf(' ');
        if (sp < 0 || line.length() - sp != 9) {
            return false;
        }
        byte[] b = line.getBytes(StandardCharsets.US_ASCII);
        long want = Lines.parseHex(b, sp + 1);
        return want >= 0 && (int) want == IndexEntry.crc(line.substring(0, sp));
    }

    /** Reads an index; a missing file is empty; unparseable lines are skipped and counted. */
    static SegmentIndex read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return new SegmentIndex(List.of(), null, 0, -1, true, -1);
        }
        List<IndexEntry> entries = new ArrayList<>(lines.size());
        End end = null;
        int bad = 0;
        int count = -1;
        int interval = -1;
        for (String l : lines) {
            if (l.isEmpty()) {
                continue;
            }
            if (l.startsWith("#index v") && crcOk(l)) {
                String[] f = l.split(" ");
                if (f.length == 4 && f[2].startsWith("interval=")) {
                    try {
                        interval = Integer.parseInt(f[2].substring(9));
                        continue;
                    } catch (NumberFormatException ignored) {
                        interval = -1;
                    }
                }
            }
            if (l.startsWith("end ")) {
                String[] f = l.split(" ");
                boolean v2 = f.length == 9;
                if ((f.length == 7 || v2) && (!v2 || crcOk(l))) {
                    try {
                        end = new End(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                                Long.parseLong(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]));
                        count = v2 ? Integer.parseInt(f[7]) : -1;
                        continue;
                    } catch (NumberFormatException ignored) {
                        end = null;
                    }
                }
                bad++;
                continue;
            }
            IndexEntry e = IndexEntry.parse(l);
            if (e != null) {
                entries.add(e);
            } else {
                bad++;
            }
        }
        return new SegmentIndex(entries, end, bad, count, false, interval);
    }

    String text() {
        StringBuilder sb = new StringBuilder(entries.size() * 56 + 128);
        if (interval > 0) {
            sb.append(header(interval));
        }
        for (IndexEntry e : entries) {
            sb.append(e.line());
        }
        if (end != null) {
            sb.append(end.line(entries.size()));
        }
        return sb.toString();
    }

    /**
     * Why this sealed index cannot be trusted, or null when it can: it must exist, have entries and
     * its end line, every line must parse, the count must match, and the entries must start at 0
     * and increase within the stated lengths.
     */
    String sealedProblem(long baseSeq) {
        if (isMissing) {
            return "index missing";
        }
        if (badLines > 0) {
            return badLines + " index lines are malformed or fail their checksum";
        }
        if (end == null) {
            return "index has no end line (cut short?)";
        }
        if (entries.isEmpty()) {
            return "index has no entries";
        }
        if (endEntries >= 0 && endEntries != entries.size()) {
            return "index holds " + entries.size() + " entries, its end line says " + endEntries;
        }
        String s = orderProblem(true);
        if (s != null) {
            return s;
        }
        IndexEntry last = entries.getLast();
        if (end.baseSeq() != baseSeq || entries.getFirst().seq() != baseSeq) {
            return "index names first sequence " + end.baseSeq() + ", the file name says " + baseSeq;
        }
        if (last.fileOffset() >= end.fileLength() || last.rawOffset() >= end.rawLength() || last.seq() >= end.nextSeq()) {
            return "index end line disagrees with its last entry";
        }
        return null;
    }

    /**
     * Why this open segment's index does not describe {@code scan} (its data), or null: missing,
     * malformed lines, entries out of order or not pointing at their records, or, when it states
     * the interval the scan used and the data is undamaged, entries missing (cut short).
     */
    String openProblem(LogScan scan) {
        if (isMissing) {
            return scan.lines() > 0 ? "index missing" : null;
        }
        if (badLines > 0) {
            return badLines + " index lines are malformed or fail their checksum";
        }
        String order = entries.isEmpty() ? null : orderProblem(scan.lines() > 0);
        if (order != null) {
            return order;
        }
        if (!scan.entryProblems().isEmpty()) {
            return scan.entryProblems().getFirst();
        }
        if (interval > 0 && scan.lost().isEmpty()) {
            java.util.Set<Long> have = new java.util.HashSet<>();
            for (IndexEntry e : entries) {
                have.add(e.rawOffset());
            }
            int missing = 0;
            IndexEntry first = null;
            for (IndexEntry e : scan.entries()) {
                if (!have.contains(e.rawOffset())) {
                    missing++;
                    first = first == null ? e : first;
                }
            }
            if (missing > 0) {
                return "index lacks " + missing + " entries (the first for seq " + first.seq() + " at offset " + first.rawOffset() + "; cut short?)";
            }
        }
        return null;
    }

    /**
     * Why the entries are not a valid sparse index (strictly increasing, and the first at offset 0
     * when {@code firstAtZero}), or null.
     */
    String orderProblem(boolean firstAtZero) {
        IndexEntry prev = null;
        for (IndexEntry e : entries) {
            if (prev == null) {
                if (firstAtZero && (e.rawOffset() != 0 || e.fileOffset() != 0)) {
                    return "first index entry is not at offset 0: " + e.line().trim();
                }
            } else if (e.rawOffset() <= prev.rawOffset() || e.fileOffset() <= prev.fileOffset() || e.seq() < prev.seq() || e.ns() < prev.ns()) {
                return "index entries out of order at " + e.line().trim();
            }
            prev = e;
        }
        return null;
    }
}
