package dev.ladder.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

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

    /** Reads an index; a missing file is empty; unparseable lines are skipped and counted. */
    static SegmentIndex read(Path file) throws IOException {
        byte[] b;
        try {
            b = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new SegmentIndex(List.of(), null, 0, -1, true, -1);
        }
        return parse(b, 0, b.length);
    }

    /** Parses the index text {@code b[from, to)}. */
    static SegmentIndex parse(byte[] b, int from, int to) {
        Parser ps = new Parser();
        int p = from;
        while (p < to) {
            int nl = Lines.indexOfNewline(b, p, to);
            int e = nl < 0 ? to : nl;
            if (e > p) {
                ps.line(b, p, e);
            }
            p = e + 1;
        }
        return new SegmentIndex(ps.entries, ps.end, ps.bad, ps.count, false, ps.interval);
    }

    /** Parses index lines from bytes (no strings: the open segment's index is read on every query). */
    private static final class Parser {
        final List<IndexEntry> entries = new ArrayList<>();
        final CRC32C crc = new CRC32C();
        final long[] num = new long[9];
        final int[] starts = new int[11];
        End end;
        int bad;
        int count = -1;
        int interval = -1;

        void line(byte[] b, int s, int e) {
            // fields separated by single spaces
            int n = 0;
            starts[0] = s;
            for (int i = s; i < e && n < 9; i++) {
                if (b[i] == ' ') {
                    starts[++n] = i + 1;
                }
            }
            int fields = n + 1;
            starts[fields] = e + 1;
            boolean isEnd = e - s > 4 && b[s] == 'e' && b[s + 1] == 'n' && b[s + 2] == 'd' && b[s + 3] == ' ';
            boolean isHeader = Lines.looksLikeIndexHeader(b, s, e);
            boolean v2 = isHeader || (isEnd ? fields == 9 : fields == 6);
            if (!v2 && !(isEnd ? fields == 7 : fields == 5)) {
                bad++;
                return;
            }
            int textEnd = v2 ? starts[fields - 1] - 1 : e;
            if (v2) {
                if (e - starts[fields - 1] != 8) {
                    bad++;
                    return;
                }
                long want = Lines.parseHex(b, starts[fields - 1]);
                crc.reset();
                crc.update(b, s, textEnd - s);
                if (want < 0 || (int) want != (int) crc.getValue()) {
                    bad++;
                    return;
                }
            }
            if (isHeader) {
                int eq = starts[2] + 9;
                if (fields == 4 && textEnd - starts[2] > 9 && startsWith(b, starts[2], "interval=")) {
                    long v = number(b, eq, starts[3] - 1);
                    if (v > 0 && v <= Integer.MAX_VALUE) {
                        interval = (int) v;
                        return;
                    }
                }
                bad++;
                return;
            }
            int first = isEnd ? 1 : 0;
            int last = isEnd ? (v2 ? 7 : 6) : 3;
            for (int k = first; k <= last; k++) {
                num[k] = number(b, starts[k], starts[k + 1] - 1);
                if (num[k] < 0) {
                    bad++;
                    return;
                }
            }
            if (isEnd) {
                end = new End(num[1], num[2], num[3], num[4], num[5], num[6]);
                count = v2 ? (int) Math.min(Integer.MAX_VALUE, num[7]) : -1;
                return;
            }
            int k = starts[4];
            if (starts[5] - 1 - k != 1 || (b[k] != 'i' && b[k] != 'b')) {
                bad++;
                return;
            }
            entries.add(new IndexEntry(num[0], num[1], num[2], num[3], b[k] == 'b'));
        }

        private static boolean startsWith(byte[] b, int at, String s) {
            for (int i = 0; i < s.length(); i++) {
                if (b[at + i] != s.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        /** The decimal number {@code b[from, to)}, or -1 when it is not one (or overflows). */
        private static long number(byte[] b, int from, int to) {
            if (to <= from || to - from > 19) {
                return -1;
            }
            long v = 0;
            for (int i = from; i < to; i++) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) {
                    return -1;
                }
                v = v * 10 + d;
            }
            return v < 0 ? -1 : v;
        }
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
     * and increase within the stated lengths. A format-1 index (no checksums) must also state the
     * data file's size ({@code fileSize}).
     */
    String sealedProblem(long baseSeq, long fileSize) {
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
        if (endEntries < 0 && end.fileLength() != fileSize) {
            // format 1 has no checksums: an end line that does not match the file is taken for damage
            return "index end line says " + end.fileLength() + " bytes, the file has " + fileSize;
        }
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
