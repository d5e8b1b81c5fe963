package dev.ladder.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A full scan of an uncompressed segment ({@code .log}): every line is checked, damaged stretches
 * between good records are noted (and kept: readers skip them), the part after the last good
 * record is classified as preallocated zeros (harmless) or a torn tail (cut by recovery, a warning
 * in verify), and the sparse index is rebuilt on the way. Given the segment's index, also checks
 * its entries and finds entries past the last good record (records that were there and are gone).
 *
 * @param validEnd       bytes up to the end of the last good line
 * @param lines          good records
 * @param firstNs        the first good record's time, or -1
 * @param lastNs         the last good record's time, or -1
 * @param entries        the rebuilt index
 * @param cutBytes       bytes after {@code validEnd} up to the last non-zero byte (a torn tail)
 * @param cutLines       lines (complete or partial) in the torn tail
 * @param zeroBytes      trailing zero bytes after that (preallocation)
 * @param fileSize       the file's size
 * @param why            why the good data ended before the end of the file (null when nothing is cut)
 * @param version        the line format (0 when no line says: an empty segment)
 * @param nextSeq        one past the last good record's sequence number (the base when none)
 * @param lost           damaged stretches before {@code validEnd} (records skipped, data kept)
 * @param headerProblem  what is wrong with the format-2 header, or null
 * @param entryProblems  entries of the given index that do not match the data
 * @param entriesBeyond  entries of the given index past {@code validEnd}: records that are gone
 */
record LogScan(long validEnd, long lines, long firstNs, long lastNs, List<IndexEntry> entries, long cutBytes,
               long cutLines, long zeroBytes, long fileSize, String why, int version, long nextSeq,
               List<LineScanner.Lost> lost, String headerProblem, List<String> entryProblems, List<IndexEntry> entriesBeyond) {

    static LogScan scan(Path log, long baseSeq, long minNs, int indexInterval) throws IOException {
        return scan(log, baseSeq, minNs, indexInterval, null);
    }

    /** Scans {@code log}; {@code check} is its index to check (null: none). */
    static LogScan scan(Path log, long baseSeq, long minNs, int indexInterval, List<IndexEntry> check) throws IOException {
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ)) {
            long size = ch.size();
            LineScanner sc = new LineScanner(baseSeq, minNs, indexInterval, check);
            byte[] buf = new byte[1 << 20];
            int len = 0;
            long bufStart = 0;
            while (true) {
                if (len == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
                int n = ch.read(ByteBuffer.wrap(buf, len, buf.length - len), bufStart + len);
                boolean eof = n < 0;
                if (!eof) {
                    len += n;
                }
                int used = sc.feed(buf, 0, len, bufStart, eof, "partial last line");
                if (eof) {
                    break;
                }
                System.arraycopy(buf, used, buf, 0, len - used);
                bufStart += used;
                len -= used;
            }
            String tailWhy = sc.pendingWhy();
            sc.dropPending();
            long valid = sc.lastGoodEnd;
            // classify the rest: torn bytes up to the last non-zero byte, then zeros
            long lastNonZero = -1;
            long cutLines = 0;
            byte[] tail = new byte[1 << 16];
            long p = valid;
            while (p < size) {
                int n = ch.read(ByteBuffer.wrap(tail), p);
                if (n <= 0) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    if (tail[i] != 0) {
                        lastNonZero = p + i;
                    }
                }
                p += n;
            }
            if (lastNonZero >= valid) {
                boolean prevNewline = true;
                p = valid;
                while (p <= lastNonZero) {
                    int n = ch.read(ByteBuffer.wrap(tail, 0, (int) Math.min(tail.length, lastNonZero + 1 - p)), p);
                    for (int i = 0; i < n; i++) {
                        if (tail[i] == '\n') {
                            cutLines++;
                        }
                        prevNewline = tail[i] == '\n';
                    }
                    p += n;
                }
                if (!prevNewline) {
                    cutLines++;
                }
            }
            long cut = lastNonZero >= valid ? lastNonZero + 1 - valid : 0;
            String why = null;
            if (cut > 0) {
                why = tailWhy == null || tailWhy.equals("zero bytes") ? "garbage after the last good line" : tailWhy;
            }
            List<String> entryProblems = new ArrayList<>(sc.entryProblems);
            List<IndexEntry> beyond = new ArrayList<>();
            for (IndexEntry e : sc.uncheckedEntries()) {
                if (e.rawOffset() > valid) {
                    beyond.add(e);
                } else if (e.rawOffset() < valid) {
                    entryProblems.add("entry does not point at the start of a good record: " + e.line().trim());
                }
            }
            return new LogScan(valid, sc.lines, sc.firstNs, sc.lastNs, List.copyOf(sc.entries), cut, cutLines, size - valid - cut, size,
                    why, sc.version, sc.expectSeq, List.copyOf(sc.lost), sc.headerProblem, List.copyOf(entryProblems), List.copyOf(beyond));
        }
    }

    /** Records the index lists past the good data: {@code [nextSeq, last listed + 1)}, or an empty range. */
    long lostBeyondEnd() {
        long max = nextSeq;
        for (IndexEntry e : entriesBeyond) {
            max = Math.max(max, e.seq() + 1);
        }
        return max;
    }
}
