package dev.ladder.journal;

import dev.ladder.core.InstrumentId;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

/**
 * Appends to one stream of a {@link Journal}. Every record gets a sequence number (0, 1, 2, ... per
 * stream, kept across restarts and segments) and is one line {@code <receive ns> <message> <crc32c>}
 * whose checksum covers the line and its sequence number (format 2, see {@link Journal}).
 *
 * <p>Each append copies the whole line into the page cache before returning (the open segment is
 * memory-mapped), so a killed process loses nothing it appended; power loss can lose what was not
 * yet durable under the journal's {@link FsyncPolicy}. Records with a sequence below
 * {@link #durableSeq()} are durable; {@link #awaitDurable} waits for that and the journal's
 * {@link DurabilityListener} is told.
 *
 * <p>Edge cases: a receive time earlier than the previous record's is raised to it (the stream's
 * times never go back) and counted in {@link #clampedTimes()}; a negative time, an empty message,
 * a message starting with {@code #} or containing {@code '\n'} throws
 * {@link IllegalArgumentException} and writes nothing. After {@link #close()} appends throw
 * {@link IllegalStateException}.
 *
 * <p>Threads: one appending thread owns a writer (the connection's thread, which then applies the
 * message to its book); {@link #durableSeq()} and {@link #awaitDurable} may be called from any thread.
 */
public final class JournalWriter implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JournalWriter.class);
    private static final byte[][] MARKER_PREFIX = new byte[RecordKind.values().length][];
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static {
        for (RecordKind k : RecordKind.values()) {
            if (k.marker() != null) {
                MARKER_PREFIX[k.ordinal()] = ("#" + k.marker() + " ").getBytes(StandardCharsets.US_ASCII);
            }
        }
    }

    private final Journal journal;
    private final InstrumentId stream;
    private final Path dir;
    private final JournalConfig config;
    private final long chunkSize;
    private final CRC32C crc = new CRC32C();
    /** The line being written: {@code <ns> #<marker> }, and the rest too when it is short. */
    private final byte[] head = new byte[1024];
    private final byte[] tail = new byte[Lines.CRC_FIELD];
    private final byte[] secDigits = new byte[Lines.MAX_NS_DIGITS];
    private long cachedSec = -1;
    private int secLen;
    private final AtomicLong writtenSeq = new AtomicLong();
    private final AtomicLong durableSeq = new AtomicLong();
    private final Object durableLock = new Object();
    private final StreamRecovery recovery;
    private volatile OpenSegment current;
    private OpenSegment seg;
    private long nextSeq;
    private long lastNs = -1;
    private long clampedTimes;
    private SnapshotSource snapshotSource;
    private long snapshotIntervalNanos;
    private long lastSnapshotNs = Long.MIN_VALUE / 2;
    private volatile boolean closed;

    JournalWriter(Journal journal, InstrumentId stream, Path dir, JournalConfig config, StreamRecovery recovery,
                  OpenSegment reopened, long nextSeq, long lastNs) {
        this.journal = journal;
        this.stream = stream;
        this.dir = dir;
        this.config = config;
        this.recovery = recovery;
        this.chunkSize = Math.min(config.segmentBytes(), 8L << 20);
        this.seg = reopened;
        this.current = reopened;
        this.nextSeq = nextSeq;
        this.lastNs = lastNs;
        this.writtenSeq.set(nextSeq);
        this.durableSeq.set(nextSeq);
    }

    /** The stream this writer appends to. */
    public InstrumentId stream() {
        return stream;
    }

    /** What opening this stream found and cut (all zero for a new or cleanly closed stream). */
    public StreamRecovery recovery() {
        return recovery;
    }

    /**
     * Appends a raw venue message ({@code UTF-8} text, no {@code '\n'}, not starting with {@code #}).
     *
     * @return the record's sequence number
     */
    public long append(long receiveNanos, byte[] message) throws IOException {
        return append(receiveNanos, message, 0, message.length);
    }

    /** Appends {@code message[off, off + len)} as a raw venue message; see {@link #append(long, byte[])}. */
    public long append(long receiveNanos, byte[] message, int off, int len) throws IOException {
        if (len <= 0 || message[off] == '#') {
            throw new IllegalArgumentException("journal " + stream + ": a message must be non-empty and not start with '#'");
        }
        checkNoNewline(message, off, len);
        maybeSnapshot(receiveNanos);
        return write(receiveNanos, RecordKind.MESSAGE, message, off, len);
    }

    /** Appends a raw venue message given as a string; see {@link #append(long, byte[])}. */
    public long append(long receiveNanos, String message) throws IOException {
        return append(receiveNanos, message.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Appends a marker line {@code <ns> #<kind> <payload>}: a fetched venue snapshot (its body), a gap,
     * a resync or a reconnect (a JSON object saying what happened).
     *
     * @throws IllegalArgumentException for {@link RecordKind#MESSAGE}, {@link RecordKind#BOOK} (use
     *                                  {@link #appendBook}), {@link RecordKind#UNKNOWN_MARKER}, or a payload with {@code '\n'}
     */
    public long appendMarker(long receiveNanos, RecordKind kind, String payload) throws IOException {
        if (kind == RecordKind.MESSAGE || kind == RecordKind.BOOK || kind == RecordKind.UNKNOWN_MARKER) {
            throw new IllegalArgumentException("journal " + stream + ": not a venue marker kind: " + kind);
        }
        byte[] b = payload.getBytes(StandardCharsets.UTF_8);
        checkNoNewline(b, 0, b.length);
        maybeSnapshot(receiveNanos);
        return write(receiveNanos, kind, b, 0, b.length);
    }

    /** Appends a {@code #book} line now (see {@link SnapshotSource} for what the blob must describe). */
    public long appendBook(long receiveNanos, byte[] blob) throws IOException {
        checkNoNewline(blob, 0, blob.length);
        long seq = write(receiveNanos, RecordKind.BOOK, blob, 0, blob.length);
        lastSnapshotNs = lastNs;
        return seq;
    }

    /**
     * Has the writer ask {@code source} for a book snapshot before the first append at least
     * {@code intervalNanos} of receive time after the previous one; {@code null} stops it.
     */
    public void snapshotSource(SnapshotSource source, long intervalNanos) {
        if (source != null && intervalNanos <= 0) {
            throw new IllegalArgumentException("journal " + stream + ": snapshot interval must be positive: " + intervalNanos);
        }
        this.snapshotSource = source;
        this.snapshotIntervalNanos = intervalNanos;
    }

    /** The sequence number the next record will get (= records ever appended to this stream). */
    public long nextSeq() {
        return nextSeq;
    }

    /** Every record with a smaller sequence number is durable. */
    public long durableSeq() {
        return durableSeq.get();
    }

    /** Appends whose receive time was raised to the previous record's. */
    public long clampedTimes() {
        return clampedTimes;
    }

    /**
     * Waits until the record {@code seq} is durable.
     *
     * @return false when the timeout passed first (or the writer was closed before)
     */
    public boolean awaitDurable(long seq, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (durableLock) {
            while (durableSeq.get() <= seq) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed) {
                    return durableSeq.get() > seq;
                }
                durableLock.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    private void maybeSnapshot(long ns) throws IOException {
        SnapshotSource s = snapshotSource;
        if (s != null && Math.max(ns, lastNs) - lastSnapshotNs >= snapshotIntervalNanos) {
            byte[] blob = s.snapshot();
            if (blob != null) {
                appendBook(ns, blob);
            }
        }
    }

    private void checkNoNewline(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        // eight bytes at a time: a zero byte in x ^ 0x0a0a... or x ^ 0x0d0d... is a '\n' or '\r'
        for (; i + 8 <= end; i += 8) {
            long x = (long) LONGS.get(b, i);
            long n = x ^ 0x0a0a0a0a0a0a0a0aL;
            long r = x ^ 0x0d0d0d0d0d0d0d0dL;
            long zero = ((n - 0x0101010101010101L) & ~n) | ((r - 0x0101010101010101L) & ~r);
            if ((zero & 0x8080808080808080L) != 0) {
                break;
            }
        }
        for (; i < end; i++) {
            if (b[i] == '\n' || b[i] == '\r') {
                throw new IllegalArgumentException("journal " + stream + ": a record must not contain a line break (at byte " + (i - off) + ")");
            }
        }
    }

    private long write(long ns, RecordKind kind, byte[] payload, int off, int len) throws IOException {
        if (closed) {
            throw new IllegalStateException("journal " + stream + " is closed");
        }
        if (ns < 0) {
            throw new IllegalArgumentException("journal " + stream + ": negative receive time " + ns);
        }
        if (ns < lastNs) {
            ns = lastNs;
            clampedTimes++;
        }
        // <ns> [#<marker> ]<payload> <crc32c of that and the sequence number>
        int h = putNs(ns);
        head[h++] = ' ';
        byte[] prefix = MARKER_PREFIX[kind.ordinal()];
        if (prefix != null) {
            System.arraycopy(prefix, 0, head, h, prefix.length);
            h += prefix.length;
        }
        int lineLen = h + len + Lines.CRC_FIELD + 1;
        OpenSegment s = seg;
        if (s != null && s.records > 0
                && (s.offset + lineLen > config.segmentBytes() || ns - s.firstNs >= config.segmentNanos())) {
            rotate();
            s = null;
        }
        if (s == null) {
            s = OpenSegment.create(dir, nextSeq, chunkSize, config.indexIntervalBytes());
            seg = s;
            current = s;
        }
        crc.reset();
        boolean whole = lineLen <= head.length;
        if (whole) {
            // short lines are composed whole: one checksum pass, one copy into the map
            System.arraycopy(payload, off, head, h, len);
            crc.update(head, 0, h + len);
            head[h + len] = ' ';
            Lines.putHex(head, h + len + 1, Lines.extend((int) crc.getValue(), nextSeq));
        } else {
            crc.update(head, 0, h);
            crc.update(payload, off, len);
            tail[0] = ' ';
            Lines.putHex(tail, 1, Lines.extend((int) crc.getValue(), nextSeq));
        }
        s.ensure(lineLen);
        boolean isBook = kind == RecordKind.BOOK;
        if (s.records == 0 || isBook || s.offset - s.lastIndexed >= config.indexIntervalBytes()) {
            // the segment's first entry is at offset 0 (its header) and names its first record
            long at = s.records == 0 ? 0 : s.offset;
            s.addIndex(new IndexEntry(ns, nextSeq, at, at, isBook));
        }
        if (whole) {
            s.put(0, head, 0, lineLen - 1);
        } else {
            s.put(0, head, 0, h);
            s.put(h, payload, off, len);
            s.put(h + len, tail, 0, Lines.CRC_FIELD);
        }
        // the newline goes last: a line that ends with '\n' was written whole, even if the process dies here
        VarHandle.storeStoreFence();
        s.put(lineLen - 1, (byte) '\n');
        s.offset += lineLen;
        if (s.records == 0) {
            s.firstNs = ns;
        }
        s.records++;
        s.lastNs = ns;
        lastNs = ns;
        long seq = nextSeq++;
        s.publish();
        writtenSeq.setRelease(nextSeq);
        if (config.fsyncPolicy() == FsyncPolicy.PER_MESSAGE) {
            s.force(s.forcedByWriter, s.offset);
            s.forcedByWriter = s.offset;
            markDurable(nextSeq);
        }
        return seq;
    }

    /** Writes {@code ns} in decimal at {@code head[0]}; the seconds' digits are cached. Returns the length. */
    private int putNs(long ns) {
        if (ns < 1_000_000_000L) {
            return Lines.putDecimal(ns, head, 0);
        }
        long sec = ns / 1_000_000_000L;
        int frac = (int) (ns - sec * 1_000_000_000L);
        if (sec != cachedSec) {
            cachedSec = sec;
            secLen = Lines.putDecimal(sec, secDigits, 0);
        }
        System.arraycopy(secDigits, 0, head, 0, secLen);
        int p = secLen + 9;
        for (int i = 0; i < 4; i++) {
            int q = frac / 100;
            int r = frac - q * 100;
            head[--p] = (byte) ('0' + r % 10);
            head[--p] = (byte) ('0' + r / 10);
            frac = q;
        }
        head[--p] = (byte) ('0' + frac);
        return secLen + 9;
    }

    /** Seals the current segment: forces it, closes it and hands it to the journal's sealer. */
    private void rotate() throws IOException {
        OpenSegment s = seg;
        s.force(s.forcedByWriter, s.offset);
        s.close();
        seg = null;
        current = null;
        markDurable(nextSeq);
        journal.seal(this, dir, s.baseSeq, s.entries, s.firstNs, s.lastNs, nextSeq, s.offset);
    }

    /** Group commit: called on the flusher thread. */
    void flush() {
        long target = writtenSeq.getAcquire();
        if (target <= durableSeq.get()) {
            return;
        }
        OpenSegment s = current;
        try {
            if (s != null) {
                long off = s.published();
                s.force(s.forcedByFlusher, off);
                s.forcedByFlusher = off;
            }
        } catch (java.nio.channels.ClosedChannelException e) {
            // the writer rotated or closed this segment after forcing it itself
        } catch (IOException | RuntimeException e) {
            LOG.error("journal {}: group commit failed; durability not advanced", stream, e);
            return;
        }
        markDurable(target);
    }

    private void markDurable(long seq) {
        synchronized (durableLock) {
            if (seq <= durableSeq.get()) {
                return;
            }
            durableSeq.set(seq);
            journal.notifyDurable(stream, seq);
            durableLock.notifyAll();
        }
    }

    /** Forces and closes the open segment (it stays a {@code .log}, continued on the next open). Idempotent. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        OpenSegment s = seg;
        if (s != null) {
            s.force(s.forcedByWriter, s.offset);
            s.close();
        }
        markDurable(nextSeq);
        closed = true;
        synchronized (durableLock) {
            durableLock.notifyAll();
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** Test hook: the open segment's file, or null. */
    Path openSegmentFile() {
        OpenSegment s = seg;
        return s == null ? null : s.log;
    }

    /** Used by {@link Journal} at open: a zero recovery for a new stream. */
    static StreamRecovery noRecovery(InstrumentId id) {
        return new StreamRecovery(Objects.requireNonNull(id), null, 0, 0, 0, null);
    }
}
