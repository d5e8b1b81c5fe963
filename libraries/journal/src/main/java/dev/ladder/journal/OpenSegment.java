package dev.ladder.journal;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The segment a {@link JournalWriter} appends to: the {@code .log} file mapped in chunks (so an
 * append is a memory copy into the page cache, no system call), starting with its format-2 header
 * line, and its {@code .log.idx}, appended with plain writes. The file grows a chunk at a time; the unwritten rest of the last chunk reads
 * as zeros, which readers treat as the end and recovery trims.
 *
 * <p>Threads: the writer owns everything except {@link #published} (read by the flusher) and the
 * chunk list, which the flusher reads under this object's monitor.
 */
final class OpenSegment {
    private static final VarHandle PUBLISHED;

    static {
        try {
            PUBLISHED = MethodHandles.lookup().findVarHandle(OpenSegment.class, "published", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final long baseSeq;
    final Path log;
    final Path idx;
    private final FileChannel ch;
    private final FileChannel idxCh;
    private final long chunkSize;
    private final List<MappedByteBuffer> chunks = new ArrayList<>();
    private final List<Long> chunkStarts = new ArrayList<>();
    private MappedByteBuffer cur;
    private long curStart;
    private long curEnd;
    /** Writer: bytes written. */
    long offset;
    /** Writer: records in this segment. */
    long records;
    long firstNs = -1;
    long lastNs = -1;
    long lastIndexed = Long.MIN_VALUE / 2;
    final List<IndexEntry> entries;
    @SuppressWarnings("unused")
    private volatile long published;
    /** Flusher: bytes forced so far. */
    long forcedByFlusher;
    /** Writer: bytes forced by the writer itself. */
    long forcedByWriter;

    private OpenSegment(long baseSeq, Path log, Path idx, FileChannel ch, FileChannel idxCh, long chunkSize,
                        List<IndexEntry> entries) {
        this.baseSeq = baseSeq;
        this.log = log;
        this.idx = idx;
        this.ch = ch;
        this.idxCh = idxCh;
        this.chunkSize = chunkSize;
        this.entries = entries;
    }

    /** Creates a new empty segment. */
    static OpenSegment create(Path dir, long baseSeq, long chunkSize, int indexInterval) throws IOException {
        Path log = SegmentFiles.log(dir, baseSeq);
        Path idx = SegmentFiles.logIdx(dir, baseSeq);
        FileChannel ch = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        FileChannel idxCh = FileChannel.open(idx, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        SegmentFiles.syncDir(dir);
        OpenSegment s = new OpenSegment(baseSeq, log, idx, ch, idxCh, chunkSize, new ArrayList<>());
        s.writeIndex(SegmentIndex.header(indexInterval).getBytes(StandardCharsets.US_ASCII));
        s.writeHeader();
        return s;
    }

    /** Writes the format-2 header at offset 0 of an empty segment. */
    private void writeHeader() throws IOException {
        byte[] h = Lines.header(baseSeq);
        ensure(h.length);
        put(0, h, 0, h.length);
        offset += h.length;
        publish();
    }

    /**
     * Reopens a recovered format-2 (or empty) segment, already cut to {@code scan.validEnd()}, to
     * append after its last line; its index is rewritten from the scan.
     */
    static OpenSegment reopen(Path dir, long baseSeq, LogScan scan, long chunkSize, int indexInterval) throws IOException {
        Path log = SegmentFiles.log(dir, baseSeq);
        Path idx = SegmentFiles.logIdx(dir, baseSeq);
        StringBuilder sb = new StringBuilder(SegmentIndex.header(indexInterval));
        for (IndexEntry e : scan.entries()) {
            sb.append(e.line());
        }
        SegmentFiles.writeAtomically(idx, sb.toString().getBytes(StandardCharsets.US_ASCII));
        FileChannel ch = FileChannel.open(log, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileChannel idxCh = FileChannel.open(idx, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        OpenSegment s = new OpenSegment(baseSeq, log, idx, ch, idxCh, chunkSize, new ArrayList<>(scan.entries()));
        s.offset = scan.validEnd();
        s.records = scan.lines();
        s.firstNs = scan.firstNs();
        s.lastNs = scan.lastNs();
        s.lastIndexed = scan.entries().isEmpty() ? Long.MIN_VALUE / 2 : scan.entries().getLast().rawOffset();
        s.forcedByFlusher = s.offset;
        s.forcedByWriter = s.offset;
        s.publish();
        if (s.offset == 0) {
            s.writeHeader();
        }
        return s;
    }

    /** Makes sure {@code len} bytes can be written at {@link #offset}; maps a new chunk if not. */
    void ensure(int len) throws IOException {
        if (cur != null && offset + len <= curEnd) {
            return;
        }
        long size = Math.max(chunkSize, len);
        MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_WRITE, offset, size);
        synchronized (this) {
            chunks.add(m);
            chunkStarts.add(offset);
        }
        cur = m;
        curStart = offset;
        curEnd = offset + size;
    }

    /** Writes bytes at {@link #offset} + {@code at}; the caller ensured the room. */
    void put(long at, byte[] src, int off, int len) {
        cur.put((int) (offset + at - curStart), src, off, len);
    }

    void put(long at, byte b) {
        cur.put((int) (offset + at - curStart), b);
    }

    /** Publishes {@link #offset} to the flusher (release). */
    void publish() {
        PUBLISHED.setRelease(this, offset);
    }

    long published() {
        return (long) PUBLISHED.getAcquire(this);
    }

    void addIndex(IndexEntry e) throws IOException {
        entries.add(e);
        lastIndexed = e.rawOffset();
        writeIndex(e.line().getBytes(StandardCharsets.US_ASCII));
    }

    private void writeIndex(byte[] b) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(b);
        while (bb.hasRemaining()) {
            idxCh.write(bb);
        }
    }

    /**
     * Forces {@code [from, to)} of the mapped file to the device. The open segment's index is not
     * forced: recovery rebuilds it from the data.
     */
    void force(long from, long to) throws IOException {
        if (to <= from) {
            return;
        }
        synchronized (this) {
            for (int i = 0; i < chunks.size(); i++) {
                long s = chunkStarts.get(i);
                MappedByteBuffer m = chunks.get(i);
                long e = s + m.capacity();
                long a = Math.max(s, from);
                long b = Math.min(e, to);
                if (a < b) {
                    m.force((int) (a - s), (int) (b - a));
                }
            }
        }
    }

    /** Cuts the preallocated zeros and closes the files; the mappings stay valid until collected. */
    void close() throws IOException {
        try {
            ch.truncate(offset);
            ch.force(true);
        } finally {
            ch.close();
            idxCh.close();
        }
    }
}
