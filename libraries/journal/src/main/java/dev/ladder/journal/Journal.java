package dev.ladder.journal;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import dev.ladder.core.InstrumentId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A directory of recorded streams, {@code <dir>/<venue>/<symbol>/}, each a run of segment files of
 * lines (format: see {@code docs/architecture.md} and {@link RecordKind}). One open (memory-mapped)
 * segment and one writer per stream; full segments are sealed in the background: compressed to
 * {@code .log.zst} (independent zstd frames, one per index entry, so {@code zstdcat} reads it and a
 * reader can start at any index entry) with a persisted sparse index from time to offset.
 *
 * <p>Format 2 (written by this version): each segment starts with the header line
 * {@code #journal v2 seq=<first seq> <crc>}, and each record is one line
 * {@code <receive ns> <message> <crc>} or {@code <receive ns> #<marker> <payload> <crc>}, where
 * {@code <crc>} is, in 8 hex digits, the CRC32C of the line before it followed by the record's
 * sequence number as 8 big-endian bytes (the header's CRC covers its text only), e.g.
 * {@code 1723161253937085768 {"e":"depthUpdate",...} 0a1b2c3d}. A record's sequence number is
 * the header's plus the records before it; the checksum proves it. Index lines end with their own
 * CRC32C. Format-1 journals (no header, {@code <ns> <message>} lines) stay readable; a format-1
 * open segment is sealed on open and new records go to a format-2 segment.
 *
 * <p>Opening recovers every stream: unfinished temporary files are removed, segments left unsealed
 * are sealed, the open segment's torn tail (a partial last line or garbage after the last good
 * line, left by a crash) is cut; {@link #recovery()} says how much and a warning is logged. A
 * missing or damaged index is rebuilt from its segment ({@link #repairs()}). Damaged records in the
 * middle of a segment are kept for readers to skip; they, missing segments (an index left without
 * its data) and segments cut short are reported in {@link #damage()} and logged; sequence numbers
 * of lost records are never reused.
 *
 * <p>Threads: {@link #writer} and {@link #close} are thread-safe; each {@link JournalWriter} has one
 * appending thread. A flusher thread runs group commit, a sealer thread compresses and applies
 * retention (sealed segments only, oldest first).
 */
public final class Journal implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Journal.class);

    private final JournalConfig config;
    private final DurabilityListener listener;
    private final Map<InstrumentId, JournalWriter> writers = new ConcurrentHashMap<>();
    private final List<StreamRecovery> recovery = new CopyOnWriteArrayList<>();
    private final List<Damage> damage = new CopyOnWriteArrayList<>();
    private final List<String> repairs = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService flusher;
    private final ScheduledExecutorService sealer;
    private volatile boolean closed;

    private Journal(JournalConfig config, DurabilityListener listener) {
        this.config = config;
        this.listener = listener;
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "journal-flusher"));
        this.sealer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "journal-sealer"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Opens (creating) the journal at {@code config.dir()} and recovers every stream in it. */
    public static Journal open(JournalConfig config) throws IOException {
        return open(config, (s, seq) -> { });
    }

    /**
     * Opens (creating) the journal and recovers every stream in it; {@code listener} is told when
     * records become durable.
     */
    public static Journal open(JournalConfig config, DurabilityListener listener) throws IOException {
        Files.createDirectories(config.dir());
        Journal j = new Journal(config, listener);
        for (InstrumentId id : SegmentFiles.streams(config.dir())) {
            j.writers.put(id, j.openStream(id));
        }
        if (config.fsyncPolicy() == FsyncPolicy.GROUP_COMMIT) {
            j.flusher.scheduleWithFixedDelay(j::flushAll, config.groupCommitMillis(), config.groupCommitMillis(), TimeUnit.MILLISECONDS);
        }
        j.sealer.scheduleWithFixedDelay(j::retentionAll, 60, 60, TimeUnit.SECONDS);
        return j;
    }

    public JournalConfig config() {
        return config;
    }

    /** What recovery found per stream present at open (streams with nothing to report included). */
    public List<StreamRecovery> recovery() {
        return List.copyOf(recovery);
    }

    /**
     * Damage found while opening streams (at {@link #open} and when a stream is first written):
     * damaged records kept in place for readers to skip, missing segments, segments cut short.
     * Each is also logged as an error.
     */
    public List<Damage> damage() {
        return List.copyOf(damage);
    }

    /**
     * What opening rebuilt, one line each (e.g. {@code rebuilt <idx> from <data> (index missing): 12 entries});
     * each is also logged as a warning.
     */
    public List<String> repairs() {
        return List.copyOf(repairs);
    }

    /** The writer of a stream, created (with its directory) on first use. */
    public JournalWriter writer(InstrumentId stream) throws IOException {
        if (closed) {
            throw new IllegalStateException("journal " + config.dir() + " is closed");
        }
        JournalWriter w = writers.get(stream);
        if (w != null) {
            return w;
        }
        synchronized (this) {
            w = writers.get(stream);
            if (w == null) {
                w = openStream(stream);
                writers.put(stream, w);
            }
            return w;
        }
    }

    /** A reader over this journal's directory (sees what writers have appended so far). */
    public JournalReader reader() {
        return new JournalReader(config.dir());
    }

    private JournalWriter openStream(InstrumentId id) throws IOException {
        Path dir = SegmentFiles.streamDir(config.dir(), id);
        Files.createDirectories(dir);
        long nextSeq = cleanup(id, dir);
        List<SegmentFiles.Found> found = SegmentFiles.list(dir);
        long lastNs = -1;
        OpenSegment open = null;
        StreamRecovery rec = JournalWriter.noRecovery(id);
        for (int i = 0; i < found.size(); i++) {
            SegmentFiles.Found f = found.get(i);
            boolean isLast = i == found.size() - 1;
            if (f.hasZst()) {
                SealedIndexes.Loaded l = SealedIndexes.loadRepairing(dir, f.baseSeq(), repairs);
                if (l != null) {
                    SegmentIndex.End end = l.ref().end();
                    nextSeq = Math.max(nextSeq, end.nextSeq());
                    lastNs = Math.max(lastNs, end.lastNs());
                }
                continue;
            }
            Path log = SegmentFiles.log(dir, f.baseSeq());
            Path logIdx = SegmentFiles.logIdx(dir, f.baseSeq());
            SegmentIndex oldIdx = SegmentIndex.read(logIdx);
            LogScan scan = LogScan.scan(log, f.baseSeq(), lastNs, config.indexIntervalBytes(), JournalReader.ordered(oldIdx.entries()));
            for (LineScanner.Lost lost : scan.lost()) {
                damage(new Damage(id, log, lost.offset(), lost.length(), lost.firstSeq(), lost.endSeq(), lost.fromNs(), lost.toNs(),
                        lost.why() + " (kept; readers skip it)"));
            }
            long segNext = Math.max(scan.nextSeq(), scan.lostBeyondEnd());
            if (!isLast) {
                segNext = Math.max(segNext, found.get(i + 1).baseSeq());
            }
            if (scan.lostBeyondEnd() > scan.nextSeq()) {
                damage(new Damage(id, log, scan.validEnd(), -1, scan.nextSeq(), scan.lostBeyondEnd(), scan.lastNs(), Long.MAX_VALUE,
                        "the log ends at offset " + scan.validEnd() + " but its index lists records up to seq " + (scan.lostBeyondEnd() - 1)
                                + " (cut short?); their sequence numbers are not reused"));
            }
            long keep = scan.validEnd();
            if (isLast && (scan.cutBytes() > 0 || scan.zeroBytes() > 0)) {
                try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
                    ch.truncate(scan.validEnd());
                    ch.force(true);
                }
                if (scan.cutBytes() > 0) {
                    LOG.warn("journal {}: cut torn tail of {}: {} bytes, {} lines ({}), kept {} lines",
                            id, log, scan.cutBytes(), scan.cutLines(), scan.why(), scan.lines());
                }
                rec = new StreamRecovery(id, log, scan.cutBytes(), scan.cutLines(), scan.zeroBytes(), scan.why());
            } else if (!isLast) {
                // not the segment a crash tears: damaged bytes at its end are kept for readers to skip
                keep = scan.validEnd() + scan.cutBytes();
                if (scan.cutBytes() > 0) {
                    damage(new Damage(id, log, scan.validEnd(), scan.cutBytes(), scan.nextSeq(), segNext, scan.lastNs(), Long.MAX_VALUE,
                            scan.why() + " (kept; readers skip it)"));
                }
            }
            if (scan.lines() > 0) {
                lastNs = Math.max(lastNs, scan.lastNs());
            }
            nextSeq = Math.max(nextSeq, segNext);
            String idxProblem = oldIdx.interval() > 0 && oldIdx.interval() != config.indexIntervalBytes()
                    ? (oldIdx.isMissing() || oldIdx.badLines() > 0 ? "index damaged" : null) : oldIdx.openProblem(scan);
            if (isLast && (scan.version() >= 2 || scan.lines() == 0) && segNext == scan.nextSeq()) {
                open = OpenSegment.reopen(dir, f.baseSeq(), scan, Math.min(config.segmentBytes(), 8L << 20), config.indexIntervalBytes());
                if (idxProblem != null) {
                    repaired("rebuilt " + logIdx + " from " + log + " (" + idxProblem + "): " + scan.entries().size() + " entries");
                }
            } else {
                if (isLast && scan.version() == 1 && scan.lines() > 0) {
                    LOG.info("journal {}: sealing {} (format 1) so that new records go to a format-{} segment", id, log, Lines.VERSION);
                }
                List<IndexEntry> entries = scan.entries();
                if (entries.isEmpty() && keep > 0) {
                    entries = List.of(new IndexEntry(Math.max(0, lastNs), f.baseSeq(), 0, 0, false));
                }
                sealSegment(dir, f.baseSeq(), entries, scan.firstNs(), scan.lastNs(), segNext, keep, config.zstdLevel());
            }
        }
        recovery.add(rec);
        return new JournalWriter(this, id, dir, config, rec, open, nextSeq, lastNs);
    }

    private void damage(Damage d) {
        LOG.error("journal: damage: {}", d);
        damage.add(d);
    }

    private void repaired(String what) {
        LOG.warn("journal: {}", what);
        repairs.add(what);
    }

    /**
     * Removes what a crash can leave: temp files, unsealed copies of sealed segments, indexes of
     * unfinished seals and of deleted empty segments. An index whose segment data is gone otherwise
     * (a deleted segment) is kept as the record of what was lost and reported as damage. Returns
     * the sequence number after the records such indexes list (0 when none).
     */
    private long cleanup(InstrumentId id, Path dir) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.tmp")) {
            for (Path p : ds) {
                Files.deleteIfExists(p);
            }
        }
        for (SegmentFiles.Found f : SegmentFiles.list(dir)) {
            if (f.hasZst()) {
                Files.deleteIfExists(SegmentFiles.log(dir, f.baseSeq()));
                Files.deleteIfExists(SegmentFiles.logIdx(dir, f.baseSeq()));
            } else {
                Files.deleteIfExists(SegmentFiles.zstIdx(dir, f.baseSeq()));
            }
        }
        long next = 0;
        for (SegmentFiles.Orphan o : SegmentFiles.orphans(dir)) {
            SegmentIndex idx = SegmentIndex.read(o.idx());
            List<IndexEntry> es = idx.entries();
            if (!o.isSealedIndex() && es.isEmpty()) {
                Files.deleteIfExists(o.idx());
                continue;
            }
            long end = idx.end() != null ? idx.end().nextSeq() : es.isEmpty() ? o.baseSeq() : es.getLast().seq() + 1;
            Path data = o.isSealedIndex() ? SegmentFiles.zst(dir, o.baseSeq()) : SegmentFiles.log(dir, o.baseSeq());
            damage(new Damage(id, data, 0, -1, o.baseSeq(), Math.max(o.baseSeq(), end), es.isEmpty() ? -1 : es.getFirst().ns(),
                    idx.end() != null ? idx.end().lastNs() : Long.MAX_VALUE,
                    "segment is missing (deleted?); its index " + o.idx().getFileName() + " is kept as the record of the loss"));
            next = Math.max(next, end);
        }
        return next;
    }

    /** Called by a writer that rotated: seals in the background, then applies retention. */
    void seal(JournalWriter w, Path dir, long baseSeq, List<IndexEntry> entries, long firstNs, long lastNs,
              long nextSeq, long rawLength) {
        List<IndexEntry> copy = List.copyOf(entries);
        sealer.execute(() -> {
            try {
                sealSegment(dir, baseSeq, copy, firstNs, lastNs, nextSeq, rawLength, config.zstdLevel());
                retention(dir);
            } catch (IOException | RuntimeException e) {
                LOG.error("journal {}: sealing segment {} failed; it stays uncompressed and is retried on the next open",
                        w.stream(), SegmentFiles.log(dir, baseSeq), e);
            }
        });
    }

    /**
     * Compresses {@code <base>.log} into {@code <base>.log.zst}, one zstd frame per index entry.
     * Order: frames to {@code .tmp} and forced, index to {@code .log.zst.idx}, then the rename of the
     * data (the commit point), then the {@code .log} files go.
     */
    static void sealSegment(Path dir, long baseSeq, List<IndexEntry> entries, long firstNs, long lastNs,
                            long nextSeq, long rawLength, int level) throws IOException {
        Path log = SegmentFiles.log(dir, baseSeq);
        if (rawLength == 0 || entries.isEmpty()) {
            Files.deleteIfExists(log);
            Files.deleteIfExists(SegmentFiles.logIdx(dir, baseSeq));
            SegmentFiles.syncDir(dir);
            return;
        }
        Path zst = SegmentFiles.zst(dir, baseSeq);
        Path tmp = zst.resolveSibling(zst.getFileName() + ".tmp");
        List<IndexEntry> sealed = new ArrayList<>(entries.size());
        long fileLength;
        try (FileChannel in = FileChannel.open(log, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
             ZstdCompressCtx ctx = new ZstdCompressCtx()) {
            ctx.setLevel(level);
            ctx.setChecksum(true);
            byte[] raw = new byte[0];
            byte[] comp = new byte[0];
            long written = 0;
            for (int i = 0; i < entries.size(); i++) {
                IndexEntry e = entries.get(i);
                long end = i + 1 < entries.size() ? entries.get(i + 1).rawOffset() : rawLength;
                int n = Math.toIntExact(end - e.rawOffset());
                if (raw.length < n) {
                    raw = new byte[n];
                }
                ByteBuffer rb = ByteBuffer.wrap(raw, 0, n);
                while (rb.hasRemaining()) {
                    if (in.read(rb, e.rawOffset() + rb.position()) < 0) {
                        throw new IOException(log + " is shorter than its index says (" + rawLength + " bytes)");
                    }
                }
                int bound = (int) Zstd.compressBound(n);
                if (comp.length < bound) {
                    comp = new byte[bound];
                }
                int c = ctx.compressByteArray(comp, 0, comp.length, raw, 0, n);
                ByteBuffer cb = ByteBuffer.wrap(comp, 0, c);
                while (cb.hasRemaining()) {
                    out.write(cb);
                }
                sealed.add(new IndexEntry(e.ns(), e.seq(), e.rawOffset(), written, e.isBook()));
                written += c;
            }
            out.force(true);
            fileLength = written;
        }
        SegmentIndex idx = new SegmentIndex(sealed, new SegmentIndex.End(firstNs, lastNs, baseSeq, nextSeq, rawLength, fileLength));
        SegmentFiles.writeAtomically(SegmentFiles.zstIdx(dir, baseSeq), idx.text().getBytes(StandardCharsets.US_ASCII));
        Files.move(tmp, zst, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        SegmentFiles.syncDir(dir);
        Files.deleteIfExists(log);
        Files.deleteIfExists(SegmentFiles.logIdx(dir, baseSeq));
        SegmentFiles.syncDir(dir);
    }

    /** Applies retention to every stream now (it also runs after each seal and once a minute). */
    public void enforceRetention() throws IOException {
        for (InstrumentId id : writers.keySet()) {
            retention(SegmentFiles.streamDir(config.dir(), id));
        }
    }

    private void retentionAll() {
        try {
            enforceRetention();
        } catch (IOException | RuntimeException e) {
            LOG.error("journal {}: retention failed", config.dir(), e);
        }
    }

    /** Deletes sealed segments, oldest first, while too old or while the stream is too large. Never the newest segment. */
    private void retention(Path dir) throws IOException {
        if (config.retentionNanos() == 0 && config.retentionBytes() == 0) {
            return;
        }
        List<SegmentFiles.Found> found = SegmentFiles.list(dir);
        long total = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                total += Files.size(p);
            }
        }
        long now = config.clock().epochNanos();
        for (int i = 0; i < found.size() - 1; i++) {
            SegmentFiles.Found f = found.get(i);
            if (!f.hasZst()) {
                break;
            }
            Path zst = SegmentFiles.zst(dir, f.baseSeq());
            Path idx = SegmentFiles.zstIdx(dir, f.baseSeq());
            SegmentIndex.End end = SegmentIndex.read(idx).end();
            boolean tooOld = config.retentionNanos() > 0 && end != null && end.lastNs() < now - config.retentionNanos();
            boolean tooBig = config.retentionBytes() > 0 && total > config.retentionBytes();
            if (!tooOld && !tooBig) {
                break;
            }
            long size = Files.size(zst) + (Files.exists(idx) ? Files.size(idx) : 0);
            // index first: a crash in between leaves a segment without index (rebuilt on the next
            // open), never an index without its segment (which reads as a deleted segment)
            Files.deleteIfExists(idx);
            SegmentFiles.syncDir(dir);
            Files.deleteIfExists(zst);
            total -= size;
            LOG.info("journal: retention deleted {} ({} bytes, {})", zst, size, tooOld ? "age" : "size");
        }
        SegmentFiles.syncDir(dir);
    }

    private void flushAll() {
        for (JournalWriter w : writers.values()) {
            if (!w.isClosed()) {
                w.flush();
            }
        }
    }

    void notifyDurable(InstrumentId stream, long seq) {
        try {
            listener.onDurable(stream, seq);
        } catch (RuntimeException e) {
            LOG.error("journal {}: durability listener threw; ignored", stream, e);
        }
    }

    /** Closes every writer (forcing what they hold), then waits for pending seals (up to a minute). */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        flusher.shutdown();
        IOException first = null;
        for (JournalWriter w : writers.values()) {
            try {
                w.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        sealer.shutdown();
        try {
            flusher.awaitTermination(10, TimeUnit.SECONDS);
            sealer.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (first != null) {
            throw first;
        }
    }
}
