package dev.ladder.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A full scan of an uncompressed segment ({@code .log}): every line is checked, the valid prefix
 * measured, and what follows it classified as preallocated zeros (harmless) or a torn tail (cut by
 * recovery, reported by verify). The sparse index is rebuilt on the way.
 *
 * @param validEnd   bytes of well-formed lines (with non-decreasing times from {@code minNs})
 * @param lines      well-formed lines
 * @param firstNs    the first line's time, or -1
 * @param lastNs     the last good line's time, or -1
 * @param entries    the rebuilt index
 * @param cutBytes   bytes after the valid prefix up to the last non-zero byte (a torn tail)
 * @param cutLines   lines (complete or partial) in the torn tail
 * @param zeroBytes  trailing zero bytes after that (preallocation)
 * @param fileSize   the file's size
 * @param why        why the valid prefix ended early (null when it ended at the data's end)
 */
record LogScan(long validEnd, long lines, long firstNs, long lastNs, List<IndexEntry> entries, long cutBytes,
               long cutLines, long zeroBytes, long fileSize, String why) {

    static LogScan scan(Path log, long baseSeq, long minNs, int indexInterval) throws IOException {
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ)) {
            long size = ch.size();
            byte[] buf = new byte[1 << 20];
            int len = 0;
            long bufStart = 0;
            long valid = 0;
            long lines = 0;
            long firstNs = -1;
            long lastNs = -1;
            long prevNs = minNs;
            long lastIndexed = Long.MIN_VALUE / 2;
            String why = null;
            List<IndexEntry> entries = new ArrayList<>();
            boolean eof = false;
            outer:
            while (true) {
                int pos = (int) (valid - bufStart);
                if (pos > 0) {
                    System.arraycopy(buf, pos, buf, 0, len - pos);
                    len -= pos;
                    bufStart = valid;
                    pos = 0;
                }
                if (!eof) {
                    if (len == buf.length) {
                        buf = java.util.Arrays.copyOf(buf, buf.length * 2);
                    }
                    int n = ch.read(ByteBuffer.wrap(buf, len, buf.length - len), bufStart + len);
                    if (n < 0) {
                        eof = true;
                    } else {
                        len += n;
                    }
                }
                while (pos < len) {
                    if (buf[pos] == 0) {
                        break outer;
                    }
                    int nl = Lines.indexOfNewline(buf, pos, len);
                    if (nl < 0) {
                        if (eof) {
                            why = "partial last line";
                            break outer;
                        }
                        continue outer;
                    }
                    long ns = Lines.parseNs(buf, pos, nl, true);
                    if (ns < 0) {
                        why = "malformed line: " + Lines.excerpt(buf, pos, nl);
                        break outer;
                    }
                    if (ns < prevNs) {
                        why = "time goes back from " + prevNs + " to " + ns;
                        break outer;
                    }
                    long off = bufStart + pos;
                    int payload = markerEnd(buf, pos, nl) + 1;
                    boolean isBook = buf[payload] == '#'
                            && RecordKind.ofMarker(buf, payload + 1, markerEnd(buf, payload + 1, nl)) == RecordKind.BOOK;
                    if (off == 0 || isBook || off - lastIndexed >= indexInterval) {
                        entries.add(new IndexEntry(ns, baseSeq + lines, off, off, isBook));
                        lastIndexed = off;
                    }
                    if (firstNs < 0) {
                        firstNs = ns;
                    }
                    lastNs = ns;
                    prevNs = ns;
                    lines++;
                    pos = nl + 1;
                    valid = bufStart + pos;
                }
                if (eof) {
                    break;
                }
            }
            // classify the rest: torn bytes up to the last non-zero byte, then zeros
            long lastNonZero = -1;
            long cutLines = 0;
            byte[] tail = new byte[1 << 16];
            long p = valid;
            boolean prevNewline = true;
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
            if (cut > 0 && why == null) {
                why = "garbage after the last good line";
            }
            return new LogScan(valid, lines, firstNs, lastNs, entries, cut, cutLines, size - valid - cut, size, cut > 0 ? why : null);
        }
    }

    private static int markerEnd(byte[] buf, int from, int nl) {
        int i = from;
        while (i < nl && buf[i] != ' ') {
            i++;
        }
        return i;
    }
}
