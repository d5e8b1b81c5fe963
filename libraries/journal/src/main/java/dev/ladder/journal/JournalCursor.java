package dev.ladder.journal;

import com.github.luben.zstd.ZstdDecompressCtx;
import dev.ladder.core.InstrumentId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Iterates a stream's records in order, across sealed (compressed) and open segments, from the
 * first record at or after a start time up to an end time (inclusive). {@link #next()} moves to the
 * next record; the accessors describe it until the next call. The payload is exposed without
 * copying ({@link #buffer()}, {@link #payloadOffset()}, {@link #payloadLength()}); the buffer is
 * reused.
 *
 * <p>Damaged data never stops the cursor: a line failing its checksum (or malformed, in format-1
 * segments), a zstd frame that does not decompress, a missing segment, a jump in the sequence
 * numbers, a segment cut short: each is skipped and reported as a {@link Damage} (file, offset,
 * sequence numbers and receive times lost) before the next good record is returned, through
 * {@link #onDamage} and {@link #damage()}. Damage wholly outside the cursor's time range is not
 * reported. {@link IOException} is thrown only for real I/O errors (one line naming the file).
 *
 * <p>Edge cases: the open segment is read up to its last complete line (a line being written, a
 * torn tail or preallocated zeros end it quietly; index entries past that end mean records were
 * lost and are reported). Lines of any length are read. Not thread-safe.
 */
public final class JournalCursor implements AutoCloseable {
    /** Zero bytes read past the last line of the open segment before taking them for its preallocated end. */
    private static final int ZERO_LOOKAHEAD = 64 << 10;
    private final InstrumentId stream;
    private final List<SegmentRef> segments;
    private final long fromNs;
    private final long toNs;
    private final LineParser lp = new LineParser();
    private final List<Damage> damage = new ArrayList<>();
    private Consumer<? super Damage> listener;
    private int segIdx;
    private SegmentRef ref;
    private FileChannel ch;
    private long fileSize;
    private ZstdDecompressCtx zstd;
    private int frameIdx;
    private long filePos;
    private long bufFileStart;
    private byte[] buf;
    private byte[] comp = new byte[0];
    private int pos;
    private int limit;
    private boolean segmentDone;
    private boolean done;
    private IndexEntry startEntry;
    private IndexEntry checkStart;
    private int version;
    private long rereadAt = -1;
    private long maxIndexedOffset;
    // continuity
    private long expectSeq = -1;
    /** How many records damaged bytes since the last good record may have held (format 2). */
    private long slack;
    private long lastGoodNs = -1;
    private long lastGoodEnd;
    // damaged bytes not yet accounted for
    private long badStart = -1;
    private long badEnd;
    private long badLines;
    private String badWhy;
    // frames that could not be read, not yet reported
    private int lostFrom = -1;
    private int lostTo;
    private String lostWhy;
    // the current record
    private long seq;
    private long ns;
    private RecordKind kind;
    private int lineStart;
    private int bodyStart;
    private int payloadStart;
    private int payloadEnd;
    private int markerStart;
    private int markerEnd;
    /** Non-null when the records come from a read-ahead (this cursor then reads nothing itself). */
    private ReadAhead ahead;

    JournalCursor(InstrumentId stream, List<SegmentRef> segments, int startSegment, IndexEntry startEntry, long fromNs, long toNs) {
        this.stream = stream;
        this.segments = segments;
        this.segIdx = startSegment;
        this.startEntry = startEntry;
        this.fromNs = fromNs;
        this.toNs = toNs;
        this.done = startSegment >= segments.size();
        this.buf = new byte[1 << 16];
    }

    /**
     * A cursor giving {@code inner}'s records, read on a second thread once {@code afterRecords}
     * have been read on the calling thread (see {@link ReadAhead}).
     */
    JournalCursor(JournalCursor inner, long afterRecords) {
        this.stream = inner.stream;
        this.segments = inner.segments;
        this.fromNs = inner.fromNs;
        this.toNs = inner.toNs;
        this.buf = new byte[0];
        this.ahead = new ReadAhead(inner, this, afterRecords);
    }

    /**
     * Calls {@code listener} for each {@link Damage} skipped from now on, on the calling thread,
     * inside {@link #next()} and before the first record after the damage is returned (null: none).
     *
     * @return this cursor
     */
    public JournalCursor onDamage(Consumer<? super Damage> listener) {
        this.listener = listener;
        return this;
    }

    /** The damage skipped so far, in order (a copy). */
    public List<Damage> damage() {
        return List.copyOf(damage);
    }

    /** Moves to the next record; false at the end (the data's end or past the end time). */
    public boolean next() throws IOException {
        if (ahead != null) {
            return ahead.next();
        }
        while (!done) {
            if (!nextRecord()) {
                done = true;
                closeSegment();
                return false;
            }
            if (ns < fromNs) {
                continue;
            }
            if (ns > toNs) {
                done = true;
                return false;
            }
            return true;
        }
        return false;
    }

    /** The record's sequence number in its stream. */
    public long seq() {
        return seq;
    }

    /** The record's receive time, epoch nanoseconds. */
    public long receiveNanos() {
        return ns;
    }

    public RecordKind kind() {
        return kind;
    }

    /** The marker name ({@code gap}, {@code book}, ...) or null for a raw message. */
    public String markerName() {
        return kind == RecordKind.MESSAGE ? null : new String(buf, markerStart, markerEnd - markerStart, StandardCharsets.US_ASCII);
    }

    /** The buffer holding the current payload (reused; valid until {@link #next()}). */
    public byte[] buffer() {
        return buf;
    }

    /** Where the payload starts in {@link #buffer()}: the message, or what follows {@code #<name> }. */
    public int payloadOffset() {
        return payloadStart;
    }

    public int payloadLength() {
        return payloadEnd - payloadStart;
    }

    /** A copy of the payload. */
    public byte[] payloadBytes() {
        return Arrays.copyOfRange(buf, payloadStart, payloadEnd);
    }

    public String payloadString() {
        return new String(buf, payloadStart, payloadEnd - payloadStart, StandardCharsets.UTF_8);
    }

    /**
     * The record as a format-1 line, without its {@code '\n'}: {@code <ns> <message>} or
     * {@code <ns> #<name> <payload>} (format 2 stores the sequence number and checksum too; they are left out).
     */
    public String line() {
        int e = lineStart;
        while (buf[e] != ' ') {
            e++;
        }
        if (bodyStart == e + 1) {
            return new String(buf, lineStart, payloadEnd - lineStart, StandardCharsets.UTF_8);
        }
        return new String(buf, lineStart, e + 1 - lineStart, StandardCharsets.US_ASCII)
                + new String(buf, bodyStart, payloadEnd - bodyStart, StandardCharsets.UTF_8);
    }

    private boolean isLastSegment() {
        return segIdx == segments.size() - 1;
    }

    private boolean nextRecord() throws IOException {
        while (true) {
            if (ref == null) {
                if (!openSegment()) {
                    return false;
                }
                continue;
            }
            if (pos >= limit || segmentDone) {
                if (segmentDone || !refill()) {
                    endSegment();
                }
                continue;
            }
            if (buf[pos] == 0) {
                if (!ref.isSealed() && isLastSegment()) {
                    long off = bufFileStart + pos;
                    if (Lines.allZero(buf, pos, limit) && maxIndexedOffset <= off) {
                        // preallocated zeros: the end of what was written, unless data follows a short hole
                        if (limit - pos < ZERO_LOOKAHEAD && refill()) {
                            continue;
                        }
                        segmentDone = true;
                        continue;
                    }
                    if (reread()) {
                        continue;
                    }
                }
                int nz = pos;
                while (nz < limit && buf[nz] == 0) {
                    nz++;
                }
                bad(bufFileStart + pos, nz - pos, 0, "zero bytes");
                pos = nz;
                continue;
            }
            int nl = Lines.indexOfNewline(buf, pos, limit);
            if (nl < 0) {
                if (ref.isSealed()) {
                    bad(bufFileStart + pos, limit - pos, 1, "line without end inside a frame");
                    pos = limit;
                } else if (!refill()) {
                    if (!isLastSegment()) {
                        bad(bufFileStart + pos, limit - pos, 1, "partial last line");
                    }
                    pos = limit;
                    segmentDone = true;
                }
                continue;
            }
            if (version == 0) {
                version = lp.detect(buf, pos, limit, expectSeq);
            }
            long off = bufFileStart + pos;
            int r = version == 0 ? LineParser.BAD : lp.parse(buf, pos, nl, Math.min(version, Lines.VERSION), expectSeq, expectSeq + slack);
            if (version > Lines.VERSION && r == LineParser.RECORD) {
                r = LineParser.BAD;
                lp.why = "format v" + version + " is newer than this reader";
            }
            if (r == LineParser.BAD) {
                if (!ref.isSealed() && isLastSegment() && reread()) {
                    continue;
                }
                bad(off, nl + 1 - pos, version >= 2 ? 0 : 1, version == 0 ? "unrecognised line" : lp.why);
                pos = nl + 1;
                continue;
            }
            if (r == LineParser.HEADER) {
                if (off != 0) {
                    bad(off, nl + 1 - pos, 0, "segment header inside a segment");
                }
                pos = nl + 1;
                continue;
            }
            long s = version >= 2 ? lp.seq : expectSeq + badLines;
            if (checkStart != null) {
                IndexEntry e = checkStart;
                checkStart = null;
                if (s != e.seq() || lp.ns != e.ns()) {
                    // the open segment's index is a hint: it does not point at its record, so read from the start
                    restartSegment();
                    continue;
                }
            }
            if (badStart >= 0 || s > expectSeq) {
                flushLoss(s, lp.ns, off, "sequence number jumps from " + (expectSeq - 1) + " to " + s);
            }
            seq = s;
            ns = lp.ns;
            kind = lp.kind;
            lineStart = pos;
            bodyStart = lp.bodyStart;
            payloadStart = lp.payloadStart;
            payloadEnd = lp.payloadEnd;
            markerStart = lp.markerStart;
            markerEnd = lp.markerEnd;
            expectSeq = s + 1;
            slack = 0;
            lastGoodNs = lp.ns;
            pos = nl + 1;
            lastGoodEnd = bufFileStart + pos;
            return true;
        }
    }

    /** Once per offset in the open segment: reads the file again from here (a writer may have been mid-line). */
    private boolean reread() {
        long off = bufFileStart + pos;
        if (rereadAt == off) {
            return false;
        }
        rereadAt = off;
        filePos = off;
        bufFileStart = off;
        pos = 0;
        limit = 0;
        segmentDone = false;
        return true;
    }

    private void restartSegment() {
        filePos = 0;
        bufFileStart = 0;
        pos = 0;
        limit = 0;
        segmentDone = false;
        expectSeq = ref.baseSeq();
        slack = 0;
        lastGoodEnd = 0;
        badStart = -1;
        badLines = 0;
    }

    private void bad(long off, long len, long lines, String why) {
        slack += len / LineScanner.MIN_LINE + 1;
        if (badStart < 0) {
            badStart = off;
            badWhy = why;
            badLines = 0;
        }
        badEnd = off + len;
        badLines += lines;
    }

    /** Reports the damaged bytes (or the sequence jump) before the good record {@code endSeq}. */
    private void flushLoss(long endSeq, long toNsBound, long offIfNoBad, String whyIfNoBad) {
        long first = expectSeq;
        long end = Math.max(endSeq, first);
        if (badStart >= 0) {
            report(new Damage(stream, ref.data(), badStart, badEnd - badStart, first, end, lastGoodNs, toNsBound, badWhy));
        } else if (end > first) {
            report(new Damage(stream, ref.data(), offIfNoBad, 0, first, end, lastGoodNs, toNsBound, whyIfNoBad));
        }
        badStart = -1;
        badLines = 0;
        expectSeq = end;
        slack = 0;
    }

    private void report(Damage d) {
        if (d.toNs() < fromNs || (d.fromNs() > toNs && d.fromNs() >= 0)) {
            return;
        }
        deliver(d);
    }

    /** Records damage and tells the listener (on the thread calling {@link #next()}). */
    void deliver(Damage d) {
        damage.add(d);
        if (listener != null) {
            listener.accept(d);
        }
    }

    InstrumentId stream() {
        return stream;
    }

    /** True when a second thread reads this cursor's records now. */
    boolean isReadingAhead() {
        return ahead != null && ahead.isParallel();
    }

    /** Makes {@code c}'s current record this cursor's (its buffer is shared until {@code c} moves). */
    void show(JournalCursor c) {
        buf = c.buf;
        seq = c.seq;
        ns = c.ns;
        kind = c.kind;
        lineStart = c.lineStart;
        bodyStart = c.bodyStart;
        payloadStart = c.payloadStart;
        payloadEnd = c.payloadEnd;
        markerStart = c.markerStart;
        markerEnd = c.markerEnd;
    }

    /** Makes record {@code i} of a read-ahead batch this cursor's. */
    void show(ReadAhead.Batch b, int i) {
        buf = b.data;
        seq = b.seq[i];
        ns = b.ns[i];
        kind = b.kind[i];
        int a = i * 6;
        int[] at = b.at;
        lineStart = at[a];
        bodyStart = at[a + 1];
        payloadStart = at[a + 2];
        payloadEnd = at[a + 3];
        markerStart = at[a + 4];
        markerEnd = at[a + 5];
    }

    /** Copies the current record into a read-ahead batch. */
    void appendTo(ReadAhead.Batch b) {
        b.add(buf, lineStart, payloadEnd, seq, ns, kind, bodyStart, payloadStart, markerStart, markerEnd);
    }

    private boolean openSegment() throws IOException {
        while (segIdx < segments.size()) {
            SegmentRef r = segments.get(segIdx);
            IndexEntry start = startEntry;
            startEntry = null;
            if (expectSeq >= 0 && r.baseSeq() > expectSeq) {
                report(new Damage(stream, r.data(), 0, -1, expectSeq, r.baseSeq(), lastGoodNs,
                        r.firstNs() >= 0 ? r.firstNs() : Long.MAX_VALUE,
                        "records are missing before this segment (a segment deleted?)"));
            }
            if (r.isMissing()) {
                long first = Math.max(r.baseSeq(), expectSeq);
                long next = r.nextSeq() >= 0 ? r.nextSeq()
                        : segIdx + 1 < segments.size() ? segments.get(segIdx + 1).baseSeq() : first;
                report(new Damage(stream, r.data(), 0, -1, first, Math.max(first, next), r.firstNs() >= 0 ? r.firstNs() : lastGoodNs,
                        r.lastNs() >= 0 ? r.lastNs() : Long.MAX_VALUE, "segment is missing (deleted?); its index remains"));
                expectSeq = Math.max(first, next);
                segIdx++;
                continue;
            }
            try {
                ch = FileChannel.open(r.data(), StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                SegmentRef sealed = null;
                if (!r.isSealed()) {
                    // sealed meanwhile: read the compressed copy instead
                    SealedIndexes.Loaded l = SealedIndexes.load(r.data().getParent(), r.baseSeq());
                    sealed = l == null ? null : l.ref();
                }
                if (sealed == null) {
                    long next = segIdx + 1 < segments.size() ? segments.get(segIdx + 1).baseSeq() : r.nextSeq();
                    long first = expectSeq >= 0 ? expectSeq : r.baseSeq();
                    report(new Damage(stream, r.data(), 0, -1, first, Math.max(first, next), lastGoodNs, Long.MAX_VALUE,
                            "segment was deleted while reading (retention?)"));
                    expectSeq = Math.max(first, next);
                    segIdx++;
                    continue;
                }
                segments.set(segIdx, sealed);
                if (start != null) {
                    start = JournalReader.entryAtOrBefore(sealed.entries(), start.seq());
                }
                r = sealed;
                try {
                    ch = FileChannel.open(r.data(), StandardOpenOption.READ);
                } catch (IOException e2) {
                    throw ioError(r.data(), e2);
                }
            } catch (IOException e) {
                throw ioError(r.data(), e);
            }
            ref = r;
            pos = 0;
            limit = 0;
            slack = 0;
            segmentDone = false;
            version = 0;
            badStart = -1;
            badLines = 0;
            lostFrom = -1;
            checkStart = null;
            fileSize = ch.size();
            maxIndexedOffset = 0;
            for (IndexEntry e : r.entries()) {
                maxIndexedOffset = Math.max(maxIndexedOffset, e.rawOffset());
            }
            if (start == null || start.rawOffset() == 0) {
                expectSeq = r.baseSeq();
                filePos = 0;
                frameIdx = 0;
                lastGoodEnd = 0;
            } else {
                expectSeq = start.seq();
                filePos = start.fileOffset();
                frameIdx = Math.max(0, r.entries().indexOf(start));
                lastGoodEnd = start.rawOffset();
                if (!r.isSealed()) {
                    checkStart = start;
                }
            }
            bufFileStart = r.isSealed() ? 0 : filePos;
            if (r.isSealed() && zstd == null) {
                zstd = new ZstdDecompressCtx();
            }
            return true;
        }
        return false;
    }

    private IOException ioError(Path file, IOException e) {
        return new IOException("journal " + stream + ": cannot read " + file + ": " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
    }

    private boolean refill() throws IOException {
        if (ref.isSealed()) {
            return nextFrame();
        }
        int keep = limit - pos;
        if (keep > 0) {
            System.arraycopy(buf, pos, buf, 0, keep);
        }
        bufFileStart += pos;
        pos = 0;
        limit = keep;
        if (limit == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n;
        try {
            n = ch.read(ByteBuffer.wrap(buf, limit, buf.length - limit), filePos);
        } catch (IOException e) {
            throw ioError(ref.data(), e);
        }
        if (n <= 0) {
            return false;
        }
        filePos += n;
        limit += n;
        return true;
    }

    private boolean nextFrame() throws IOException {
        if (pos < limit) {
            bad(bufFileStart + pos, limit - pos, 1, "line without end inside a frame");
            pos = limit;
        }
        List<IndexEntry> es = ref.entries();
        while (frameIdx < es.size()) {
            int k = frameIdx++;
            IndexEntry e = es.get(k);
            boolean last = k + 1 >= es.size();
            long compEnd = last ? ref.end().fileLength() : es.get(k + 1).fileOffset();
            long rawEnd = last ? ref.end().rawLength() : es.get(k + 1).rawOffset();
            long c = compEnd - e.fileOffset();
            long r = rawEnd - e.rawOffset();
            String why = null;
            int n = -1;
            if (c <= 0 || r <= 0 || c > SealedIndexes.MAX_FRAME || r > SealedIndexes.MAX_FRAME) {
                why = "the index gives frame " + k + " an impossible size";
            } else if (compEnd > fileSize) {
                why = "the file ends inside frame " + k + " (cut short?)";
            } else {
                if (comp.length < c) {
                    comp = new byte[(int) c];
                }
                if (buf.length < r) {
                    buf = new byte[(int) Math.max(r, Math.min(Integer.MAX_VALUE - 16L, buf.length * 2L))];
                }
                ByteBuffer bb = ByteBuffer.wrap(comp, 0, (int) c);
                try {
                    while (bb.hasRemaining()) {
                        if (ch.read(bb, e.fileOffset() + bb.position()) < 0) {
                            break;
                        }
                    }
                } catch (IOException ex) {
                    throw ioError(ref.data(), ex);
                }
                if (bb.hasRemaining()) {
                    why = "the file ends inside frame " + k + " (cut short?)";
                } else {
                    try {
                        n = zstd.decompressByteArray(buf, 0, (int) r, comp, 0, (int) c);
                        if (n != r) {
                            why = "frame " + k + " decompressed to " + n + " bytes, the index says " + r;
                        }
                    } catch (RuntimeException ex) {
                        why = "frame " + k + " does not decompress (" + ex.getMessage() + ")";
                    }
                }
            }
            if (why != null) {
                lostFrame(k, why);
                continue;
            }
            flushLostFrames();
            // the index says which record starts the frame: damage before it is accounted for up to there
            if (badStart >= 0 || e.seq() > expectSeq) {
                flushLoss(e.seq(), e.ns(), e.rawOffset(), "sequence number jumps from " + (expectSeq - 1) + " to " + e.seq());
            }
            expectSeq = e.seq();
            slack = 0;
            bufFileStart = e.rawOffset();
            pos = 0;
            limit = n;
            return true;
        }
        flushLostFrames();
        return false;
    }

    private void lostFrame(int k, String why) {
        IndexEntry e = ref.entries().get(k);
        if (badStart >= 0 || (e.seq() > expectSeq && lostFrom < 0)) {
            flushLoss(e.seq(), e.ns(), e.rawOffset(), "sequence number jumps from " + (expectSeq - 1) + " to " + e.seq());
        }
        if (lostFrom < 0) {
            lostFrom = k;
            lostWhy = why;
        }
        lostTo = k;
    }

    private void flushLostFrames() {
        if (lostFrom < 0) {
            return;
        }
        List<IndexEntry> es = ref.entries();
        IndexEntry a = es.get(lostFrom);
        boolean last = lostTo + 1 >= es.size();
        long endSeq = last ? ref.end().nextSeq() : es.get(lostTo + 1).seq();
        long endNs = last ? ref.end().lastNs() : es.get(lostTo + 1).ns();
        long endOff = last ? ref.end().fileLength() : es.get(lostTo + 1).fileOffset();
        long first = Math.min(expectSeq, a.seq());
        String why = lostTo > lostFrom ? lostWhy + "; frames " + lostFrom + ".." + lostTo + " skipped" : lostWhy;
        report(new Damage(stream, ref.data(), a.fileOffset(), endOff - a.fileOffset(), first, Math.max(first, endSeq),
                first < a.seq() ? lastGoodNs : a.ns(), endNs < 0 ? Long.MAX_VALUE : endNs, why));
        expectSeq = Math.max(expectSeq, endSeq);
        slack = 0;
        lostFrom = -1;
    }

    /** The segment's data is exhausted: account for what is missing at its end, then move on. */
    private void endSegment() throws IOException {
        if (checkStart != null) {
            checkStart = null;
            restartSegment();
            return;
        }
        if (ref.isSealed()) {
            long next = ref.end().nextSeq();
            if (badStart >= 0 || expectSeq < next) {
                flushLoss(next, ref.end().lastNs(), lastGoodEnd, "the segment holds fewer records than its index says");
            }
        } else if (!isLastSegment()) {
            if (badStart >= 0) {
                flushLoss(segments.get(segIdx + 1).baseSeq(), Long.MAX_VALUE, lastGoodEnd, "");
            }
        } else {
            // the end of the stream: damaged bytes here are a torn tail (what a crash leaves), unless
            // the index lists records after the last good one: then the file was cut short
            long maxSeq = -1;
            long maxNs = -1;
            long at = -1;
            for (IndexEntry e : ref.entries()) {
                if (e.rawOffset() > lastGoodEnd && e.seq() >= expectSeq && e.seq() > maxSeq) {
                    maxSeq = e.seq();
                    maxNs = e.ns();
                    at = e.rawOffset();
                }
            }
            if (maxSeq >= 0) {
                report(new Damage(stream, ref.data(), lastGoodEnd, -1, expectSeq, maxSeq + 1, lastGoodNs, Long.MAX_VALUE,
                        "the log ends at offset " + lastGoodEnd + " but its index lists records up to seq " + maxSeq + " (ns " + maxNs
                                + ") at offset " + at + " (cut short?)"));
                expectSeq = maxSeq + 1;
            }
            badStart = -1;
        }
        closeSegment();
        segIdx++;
    }

    private void closeSegment() throws IOException {
        if (ch != null) {
            ch.close();
            ch = null;
        }
        ref = null;
        pos = 0;
        limit = 0;
    }

    @Override
    public void close() throws IOException {
        done = true;
        if (ahead != null) {
            ahead.close();
            return;
        }
        closeSegment();
        if (zstd != null) {
            zstd.close();
            zstd = null;
        }
    }
}
