package dev.ladder.journal;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks the lines of one segment fed in order (a whole {@code .log}, or the frames of a
 * {@code .log.zst} one by one): detects the format, validates every line, follows sequence numbers,
 * and collects what was lost (damaged bytes followed by a good record, sequence jumps), the rebuilt
 * sparse index, and, when given the segment's index, the entries that do not point at the record
 * they name. Used by recovery ({@link LogScan}), the verifier and index rebuilds. Not thread-safe.
 */
final class LineScanner {
    /** A damaged stretch followed by a good record (or closed by {@link #finish}); offsets are uncompressed. */
    record Lost(long offset, long length, long firstSeq, long endSeq, long fromNs, long toNs, String why) {
        long records() {
            return Math.max(0, endSeq - firstSeq);
        }
    }

    /** The shortest format-2 record line: {@code 0 x 01234567\n}. */
    static final int MIN_LINE = 13;
    private final LineParser lp = new LineParser();
    final long baseSeq;
    private final int indexInterval;
    private final List<IndexEntry> check;
    private int checkIdx;
    /** The format (0 until known). */
    int version;
    /** The sequence number the next record should have. */
    long expectSeq;
    /** How many records damaged bytes since the last good record may have held (format 2). */
    private long slack;
    long prevNs;
    /** Good records. */
    long lines;
    long firstNs = -1;
    long lastNs = -1;
    /** Uncompressed offset after the last good line (or header). */
    long lastGoodEnd;
    final List<IndexEntry> entries = new ArrayList<>();
    private long lastIndexed = Long.MIN_VALUE / 2;
    final List<Lost> lost = new ArrayList<>();
    /** Index entries that do not match the data (when checking an index). */
    final List<String> entryProblems = new ArrayList<>();
    /** Problems with the header (missing in format 2 is not one: the first frame may be gone). */
    String headerProblem;
    /** The first good record since {@link #markFrame} (sequence -1: none yet). */
    long frameFirstSeq = -1;
    long frameFirstNs;
    boolean frameFirstIsBook;
    /** Where the damaged stretch just accounted for started (entries pointing into it are not blamed), or -1. */
    private long recentBadStart = -1;
    private long badStart = -1;
    private long badEnd;
    private long badLines;
    private String badWhy;

    /**
     * @param baseSeq       the segment's first sequence number (from its file name)
     * @param minNs         the previous segment's last receive time (format-1 lines going back from it are bad)
     * @param indexInterval bytes between rebuilt index entries
     * @param check         the index to check against the data, or null
     */
    LineScanner(long baseSeq, long minNs, int indexInterval, List<IndexEntry> check) {
        this.baseSeq = baseSeq;
        this.expectSeq = baseSeq;
        this.prevNs = minNs;
        this.indexInterval = indexInterval;
        this.check = check;
    }

    /** Why the pending damaged bytes are damaged, or null when there are none. */
    String pendingWhy() {
        return badStart >= 0 ? badWhy : null;
    }

    /**
     * Feeds the complete lines of {@code buf[from, to)}; {@code buf[i]} is at uncompressed offset
     * {@code rawBase + i}. A run of zero bytes at a line start is damaged bytes (at the end of an
     * open segment, its preallocated tail: the caller judges). Returns the index after the last byte
     * consumed; a partial last line is left for the next call unless {@code isEnd}, when it becomes
     * damaged bytes ({@code partialWhy}).
     */
    int feed(byte[] buf, int from, int to, long rawBase, boolean isEnd, String partialWhy) {
        int p = from;
        while (p < to) {
            if (buf[p] == 0) {
                int nz = p;
                while (nz < to && buf[nz] == 0) {
                    nz++;
                }
                bad(rawBase + p, nz - p, 0, "zero bytes");
                p = nz;
                continue;
            }
            int nl = Lines.indexOfNewline(buf, p, to);
            if (nl < 0) {
                if (!isEnd) {
                    return p;
                }
                bad(rawBase + p, to - p, 1, partialWhy);
                return to;
            }
            if (version == 0) {
                version = lp.detect(buf, p, to, expectSeq);
            }
            line(buf, p, nl, rawBase);
            p = nl + 1;
        }
        return p;
    }

    private void line(byte[] buf, int p, int nl, long rawBase) {
        long off = rawBase + p;
        int len = nl + 1 - p;
        int r = version == 0 ? LineParser.BAD : lp.parse(buf, p, nl, Math.min(version, Lines.VERSION), expectSeq, expectSeq + slack);
        if (version > Lines.VERSION && r == LineParser.RECORD) {
            r = LineParser.BAD;
            lp.why = "format v" + version + " is newer than this reader";
        }
        if (r == LineParser.BAD) {
            bad(off, len, version >= 2 ? 0 : 1, version == 0 ? "unrecognised line: " + Lines.excerpt(buf, p, nl) : lp.why);
            return;
        }
        if (r == LineParser.HEADER) {
            if (off != 0) {
                bad(off, len, 0, "segment header inside the segment");
                return;
            }
            if (lp.headerSeq != baseSeq) {
                headerProblem = "segment header says first sequence " + lp.headerSeq + ", the file name says " + baseSeq;
            }
            lastGoodEnd = off + len;
            return;
        }
        long seq = version >= 2 ? lp.seq : expectSeq + badLines;
        if (lp.ns < prevNs && version < 2) {
            bad(off, len, 1, "receive time goes back from " + prevNs + " to " + lp.ns);
            return;
        }
        flush(seq, lp.ns, off);
        if (lp.ns < prevNs) {
            // format 2: the checksum holds, so the record is kept; the verifier reports it
            lost.add(new Lost(off, len, seq, seq, prevNs, lp.ns, "receive time goes back from " + prevNs + " to " + lp.ns));
        }
        if (lines == 0 && version >= 2 && off == 0) {
            headerProblem = "segment header missing";
        }
        boolean isBook = lp.kind == RecordKind.BOOK;
        long entryOff = entries.isEmpty() ? 0 : off;
        if (entries.isEmpty() || isBook || off - lastIndexed >= indexInterval) {
            entries.add(new IndexEntry(lp.ns, entries.isEmpty() ? baseSeq : seq, entryOff, entryOff, isBook));
            lastIndexed = entryOff;
        }
        checkEntries(off, seq, lp.ns);
        recentBadStart = -1;
        if (frameFirstSeq < 0) {
            frameFirstSeq = seq;
            frameFirstNs = lp.ns;
            frameFirstIsBook = isBook;
        }
        if (firstNs < 0) {
            firstNs = lp.ns;
        }
        lastNs = lp.ns;
        prevNs = Math.max(prevNs, lp.ns);
        lines++;
        expectSeq = seq + 1;
        slack = 0;
        lastGoodEnd = off + len;
    }

    /** Starts watching for the first good record of a new frame. */
    void markFrame() {
        frameFirstSeq = -1;
    }

    /** Checks the index entries at or before {@code off} against the good record there. */
    private void checkEntries(long off, long seq, long ns) {
        if (check == null) {
            return;
        }
        while (checkIdx < check.size() && check.get(checkIdx).rawOffset() <= off) {
            IndexEntry e = check.get(checkIdx++);
            if (recentBadStart >= 0 && e.rawOffset() >= recentBadStart && e.rawOffset() < off) {
                continue;
            }
            if (e.rawOffset() == 0 && lines == 0) {
                if ((e.seq() != baseSeq && e.seq() != seq) || e.ns() != ns) {
                    entryProblems.add("entry disagrees with the first record (seq " + seq + ", ns " + ns + "): " + e.line().trim());
                }
            } else if (e.rawOffset() != off) {
                entryProblems.add("entry does not point at the start of a good record: " + e.line().trim());
            } else if (e.seq() != seq || e.ns() != ns) {
                entryProblems.add("entry disagrees with the record it points at (seq " + seq + ", ns " + ns + "): " + e.line().trim());
            }
        }
    }

    /** Entries not yet matched (past the last good record), for the caller to judge. */
    List<IndexEntry> uncheckedEntries() {
        return check == null ? List.of() : check.subList(checkIdx, check.size());
    }

    /** Skips entries before {@code rawOffset} unchecked (their frame could not be read). */
    void skipEntriesBefore(long rawOffset) {
        while (check != null && checkIdx < check.size() && check.get(checkIdx).rawOffset() < rawOffset) {
            checkIdx++;
        }
    }

    private void bad(long off, long len, long lineCount, String why) {
        slack += len / MIN_LINE + 1;
        if (badStart < 0) {
            badStart = off;
            badWhy = why;
            badLines = 0;
        }
        badEnd = off + len;
        badLines += lineCount;
    }

    /** Accounts for damaged bytes or a sequence jump before the good record {@code seq}. */
    private void flush(long seq, long ns, long off) {
        if (badStart >= 0) {
            lost.add(new Lost(badStart, badEnd - badStart, expectSeq, Math.max(seq, expectSeq), lastNs, ns, badWhy));
            recentBadStart = badStart;
            badStart = -1;
            badLines = 0;
        } else if (seq > expectSeq) {
            lost.add(new Lost(off, 0, expectSeq, seq, lastNs, ns, "sequence number jumps from " + (expectSeq - 1) + " to " + seq));
        }
    }

    /**
     * A frame that could not be read, starting at uncompressed {@code rawOffset} with its first
     * record {@code firstSeq} at {@code ns}, followed by record {@code endSeq}: damaged bytes
     * pending before it are accounted for, and the frame's records are skipped (the caller reports them).
     */
    void skipFrame(long rawOffset, long rawLength, long firstSeq, long ns, long endSeq) {
        if (badStart >= 0 || firstSeq > expectSeq) {
            flush(firstSeq, ns, rawOffset);
        }
        expectSeq = Math.max(expectSeq, endSeq);
        slack = 0;
        skipEntriesBefore(rawOffset + Math.max(1, rawLength));
    }

    /** A frame that could not be read and may have held up to {@code maxRecords} records (count unknown). */
    void skipUnknown(long maxRecords) {
        slack += maxRecords;
    }

    /**
     * A frame whose index entry says its first record is {@code seq} at {@code ns}: damaged bytes
     * pending before it are accounted for up to there, and {@code seq} is expected next.
     */
    void anchor(long seq, long ns, long rawOffset) {
        if (badStart >= 0 || seq > expectSeq) {
            flush(seq, ns, rawOffset);
        }
        expectSeq = seq;
        slack = 0;
    }

    /**
     * Ends the segment: pending damaged bytes and missing records up to {@code endSeq} (when known,
     * else -1) become lost.
     */
    void finish(long endSeq, long toNs, String whyWhenShort) {
        if (badStart >= 0) {
            long end = Math.max(endSeq, expectSeq + (version >= 2 ? 0 : badLines));
            lost.add(new Lost(badStart, badEnd - badStart, expectSeq, end, lastNs, toNs, badWhy));
            expectSeq = end;
            badStart = -1;
        } else if (endSeq > expectSeq) {
            lost.add(new Lost(lastGoodEnd, 0, expectSeq, endSeq, lastNs, toNs, whyWhenShort));
            expectSeq = endSeq;
        }
    }

    /** Drops the pending damaged bytes (a torn tail the caller accounts for). */
    void dropPending() {
        badStart = -1;
        badLines = 0;
    }
}
