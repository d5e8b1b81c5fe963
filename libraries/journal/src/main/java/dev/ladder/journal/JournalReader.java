package dev.ladder.journal;

import dev.ladder.core.InstrumentId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a journal directory: lists streams, iterates records from a time, and rebuilds state at a
 * time from the nearest {@code #book} snapshot plus the records after it. Safe to use while a
 * {@link Journal} (in this or another process) appends; it sees complete lines only. Sealed
 * segments' indexes are cached (they never change). Thread-safe.
 *
 * <p>Damage degrades by range, never by stream: a sealed segment whose index is missing or damaged
 * is read through an index rebuilt in memory from its data (a warning is logged once; {@code
 * ladder journal verify --repair} or the next {@link Journal#open} rewrites it); damaged records,
 * frames and missing segments are skipped and reported as {@link Damage} by the cursor and by
 * {@link #replayTo}. Only real I/O errors throw.
 */
public final class JournalReader {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JournalReader.class);

    /** Records read on the calling thread before a read-ahead starts, unless the system property says otherwise. */
    public static final long READ_AHEAD_AFTER = 4096;

    private final Path root;
    private volatile java.util.function.Consumer<? super Damage> damageListener;
    private volatile long readAhead = defaultReadAhead();
    private final Map<Path, SegmentRef> sealedCache = new ConcurrentHashMap<>();
    private final Map<Path, OpenIndex> openCache = new ConcurrentHashMap<>();

    /** An open segment's index as read so far: the file is only appended to, or replaced (new file key) when rewritten. */
    private record OpenIndex(Object fileKey, long consumed, List<IndexEntry> entries) {
    }

    public JournalReader(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /**
     * Every cursor this reader makes from now on (and every {@link #replayTo}) also reports the
     * damage it skips to {@code listener}: how a command says which ranges it skipped without
     * threading a listener through every exporter. Null removes it.
     */
    public JournalReader onDamage(java.util.function.Consumer<? super Damage> listener) {
        this.damageListener = listener;
        return this;
    }

    /**
     * Records a cursor reads on the calling thread before a second thread takes over reading,
     * decompressing, checking and splitting (see {@link JournalCursor}); negative: never (every
     * cursor reads on the calling thread). The default is the system property {@code
     * ladder.journal.readAhead} ({@code off}, or a number of records), else {@value #READ_AHEAD_AFTER}.
     * Applies to cursors made from now on.
     */
    public JournalReader readAhead(long afterRecords) {
        this.readAhead = afterRecords;
        return this;
    }

    static long defaultReadAhead() {
        String p = System.getProperty("ladder.journal.readAhead");
        if (p == null || p.isBlank()) {
            return READ_AHEAD_AFTER;
        }
        if (p.equalsIgnoreCase("off") || p.equalsIgnoreCase("false")) {
            return -1;
        }
        try {
            return Long.parseLong(p.trim());
        } catch (NumberFormatException e) {
            LOG.warn("journal: ladder.journal.readAhead={} is neither 'off' nor a number of records; using {}", p, READ_AHEAD_AFTER);
            return READ_AHEAD_AFTER;
        }
    }

    /** A cursor, read ahead on a second thread when configured. */
    private JournalCursor open(InstrumentId stream, List<SegmentRef> segs, int si, IndexEntry start, long fromNs, long toNs) {
        JournalCursor c = new JournalCursor(stream, segs, si, start, fromNs, toNs);
        long after = readAhead;
        return after < 0 ? c : new JournalCursor(c, after);
    }

    /** The streams present ({@code <root>/<venue>/<symbol>/} with a known venue), sorted. */
    public List<InstrumentId> streams() throws IOException {
        return SegmentFiles.streams(root);
    }

    /**
     * A cursor over {@code stream} from the first record with receive time {@code >= fromNs} to
     * the last with {@code <= toNs} (use {@code Long.MIN_VALUE}/{@code Long.MAX_VALUE} for all).
     * An unknown stream gives an empty cursor. The start is found through the index: at most one
     * index interval is read and skipped (when the open segment's index is missing or wrong, its
     * records are read from its start).
     */
    public JournalCursor cursor(InstrumentId stream, long fromNs, long toNs) throws IOException {
        return cursor(stream, fromNs, toNs, true);
    }

    /**
     * As {@link #cursor(InstrumentId, long, long)}; with {@code readAhead} false the records are
     * read on the calling thread only, as they are needed: what a paced replay of a journal still
     * being written wants (a read-ahead finds the end of the data when it reads ahead, and does not
     * see lines appended after that).
     */
    public JournalCursor cursor(InstrumentId stream, long fromNs, long toNs, boolean readAhead) throws IOException {
        List<SegmentRef> segs = segments(stream);
        int si = 0;
        for (int i = 0; i < segs.size(); i++) {
            long first = segs.get(i).firstNs();
            if (first >= 0 && first < fromNs) {
                si = i;
            }
        }
        IndexEntry start = null;
        if (si < segs.size() && !segs.get(si).isMissing()) {
            for (IndexEntry e : segs.get(si).entries()) {
                if (e.ns() < fromNs) {
                    start = e;
                } else {
                    break;
                }
            }
        }
        JournalCursor c = readAhead ? open(stream, segs, si, start, fromNs, toNs)
                : new JournalCursor(stream, segs, si, start, fromNs, toNs);
        if (damageListener != null) {
            c.onDamage(damageListener);
        }
        return c;
    }

    /**
     * The outcome of {@link #replayTo}.
     *
     * @param isFromBook true when the state was restored from a {@code #book} line
     * @param bookSeq    the sequence number of the last {@code #book} restored, or -1
     * @param bookNs     its receive time, or -1
     * @param applied    records applied
     * @param lastSeq    the last record read, or -1
     * @param isExact    false when records were lost after the last restore (the state may be wrong)
     * @param damage     the damage skipped after the starting point, in order
     */
    public record Replay(boolean isFromBook, long bookSeq, long bookNs, long applied, long lastSeq, boolean isExact,
                         List<Damage> damage) {
        /** An exact replay with no damage. */
        public Replay(boolean isFromBook, long bookSeq, long bookNs, long applied, long lastSeq) {
            this(isFromBook, bookSeq, bookNs, applied, lastSeq, true, List.of());
        }
    }

    /**
     * Rebuilds {@code target} as of {@code atNs}: restores the last {@code #book} line at or before
     * {@code atNs} that can be read and applies every later record up to {@code atNs}; with no such
     * line, resets the target and applies everything from the stream's first kept record. Damage
     * after the starting point is skipped and passed to {@link ReplayTarget#lost}; a {@code #book}
     * line met after it is restored (so the state is exact again from there). The result says
     * whether the final state is exact.
     */
    public Replay replayTo(InstrumentId stream, long atNs, ReplayTarget target) throws IOException {
        List<SegmentRef> segs = segments(stream);
        for (int i = segs.size() - 1; i >= 0; i--) {
            SegmentRef r = segs.get(i);
            if (r.isMissing()) {
                continue;
            }
            List<IndexEntry> es = r.entries();
            for (int k = es.size() - 1; k >= 0; k--) {
                IndexEntry e = es.get(k);
                if (!e.isBook() || e.ns() > atNs) {
                    continue;
                }
                try (JournalCursor c = open(stream, new ArrayList<>(segs), i, e, Long.MIN_VALUE, atNs)) {
                    if (c.next() && c.kind() == RecordKind.BOOK && c.seq() == e.seq()) {
                        target.restore(c);
                        return run(c, target, true, c.seq(), c.receiveNanos(), c.seq());
                    }
                }
            }
        }
        target.reset();
        try (JournalCursor c = open(stream, segs, 0, null, Long.MIN_VALUE, atNs)) {
            return run(c, target, false, -1, -1, -1);
        }
    }

    private Replay run(JournalCursor c, ReplayTarget target, boolean fromBook, long bookSeq, long bookNs, long lastSeq)
            throws IOException {
        List<Damage> seen = new ArrayList<>();
        boolean[] exact = {true};
        java.util.function.Consumer<? super Damage> also = damageListener;
        c.onDamage(d -> {
            if (also != null) {
                also.accept(d);
            }
            seen.add(d);
            exact[0] = false;
            target.lost(d);
        });
        long applied = 0;
        while (c.next()) {
            if (c.kind() == RecordKind.BOOK) {
                if (!exact[0]) {
                    target.restore(c);
                    exact[0] = true;
                    fromBook = true;
                    bookSeq = c.seq();
                    bookNs = c.receiveNanos();
                }
            } else {
                target.apply(c);
                applied++;
            }
            lastSeq = c.seq();
        }
        return new Replay(fromBook, bookSeq, bookNs, applied, lastSeq, exact[0], List.copyOf(seen));
    }

    /** Summaries of every stream. */
    public List<StreamInfo> list() throws IOException {
        List<StreamInfo> out = new ArrayList<>();
        for (InstrumentId id : streams()) {
            out.add(info(id));
        }
        return out;
    }

    /**
     * One stream's summary (the open segment is scanned to find its last complete line). Missing
     * segments are left out; damaged ones count by their index.
     */
    public StreamInfo info(InstrumentId stream) throws IOException {
        Path dir = SegmentFiles.streamDir(root, stream);
        List<SegmentRef> segs = segments(stream);
        long disk = 0;
        if (Files.isDirectory(dir)) {
            try (var ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    try {
                        disk += Files.size(p);
                    } catch (NoSuchFileException e) {
                        // sealed or deleted meanwhile
                    }
                }
            }
        }
        long firstNs = -1;
        long lastNs = -1;
        long firstSeq = -1;
        long nextSeq = 0;
        long raw = 0;
        int count = 0;
        int sealed = 0;
        long prevLast = Long.MIN_VALUE;
        for (SegmentRef r : segs) {
            if (r.isMissing()) {
                continue;
            }
            if (!r.isSealed()) {
                try {
                    LogScan s = LogScan.scan(r.data(), r.baseSeq(), prevLast, 1 << 30);
                    count++;
                    firstSeq = firstSeq < 0 ? r.baseSeq() : firstSeq;
                    if (s.lines() > 0) {
                        firstNs = firstNs < 0 ? s.firstNs() : firstNs;
                        lastNs = s.lastNs();
                        prevLast = s.lastNs();
                    }
                    nextSeq = s.nextSeq();
                    raw += s.validEnd();
                    continue;
                } catch (NoSuchFileException e) {
                    SegmentRef sr = sealed(dir, r.baseSeq());
                    if (sr == null) {
                        continue;
                    }
                    r = sr;
                }
            }
            count++;
            sealed++;
            firstSeq = firstSeq < 0 ? r.baseSeq() : firstSeq;
            SegmentIndex.End e = r.end();
            if (e.firstNs() >= 0) {
                firstNs = firstNs < 0 ? e.firstNs() : firstNs;
                lastNs = Math.max(lastNs, e.lastNs());
                prevLast = Math.max(prevLast, e.lastNs());
            }
            nextSeq = e.nextSeq();
            raw += e.rawLength();
        }
        firstSeq = Math.max(0, firstSeq);
        return new StreamInfo(stream, firstNs, lastNs, firstSeq, Math.max(firstSeq, nextSeq), count, sealed, disk, raw);
    }

    /**
     * The segments of a stream in order (a fresh, mutable list), including missing ones (an index
     * whose data file is gone).
     */
    List<SegmentRef> segments(InstrumentId stream) throws IOException {
        Path dir = SegmentFiles.streamDir(root, stream);
        TreeMap<Long, SegmentRef> out = new TreeMap<>();
        SegmentFiles.Listing listing = SegmentFiles.listing(dir);
        for (SegmentFiles.Found f : listing.found()) {
            if (f.hasZst()) {
                SegmentRef r = sealed(dir, f.baseSeq());
                if (r != null) {
                    out.put(f.baseSeq(), r);
                }
            } else {
                Path idx = SegmentFiles.logIdx(dir, f.baseSeq());
                out.put(f.baseSeq(), new SegmentRef(f.baseSeq(), SegmentFiles.log(dir, f.baseSeq()), false, openEntries(idx), null));
            }
        }
        // forget the indexes of segments sealed (or gone) since
        openCache.keySet().removeIf(p -> p.getParent().equals(dir) && (out.get(baseOf(p)) == null || out.get(baseOf(p)).isSealed()));
        for (SegmentFiles.Orphan o : listing.orphans()) {
            SegmentIndex idx = SegmentIndex.read(o.idx());
            List<IndexEntry> es = ordered(idx.entries());
            if (es.isEmpty() && idx.end() == null) {
                continue;
            }
            Path data = o.isSealedIndex() ? SegmentFiles.zst(dir, o.baseSeq()) : SegmentFiles.log(dir, o.baseSeq());
            out.put(o.baseSeq(), new SegmentRef(o.baseSeq(), data, o.isSealedIndex(), es, idx.end(), true));
        }
        return new ArrayList<>(out.values());
    }

    /** The entries of an open segment's index, reading only what was appended since the last call. */
    private List<IndexEntry> openEntries(Path idx) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(idx, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            openCache.remove(idx);
            return List.of();
        }
        OpenIndex c = openCache.get(idx);
        if (c == null || !java.util.Objects.equals(c.fileKey(), a.fileKey()) || a.fileKey() == null || a.size() < c.consumed()) {
            c = new OpenIndex(a.fileKey(), 0, List.of());
        }
        if (a.size() > c.consumed()) {
            byte[] b;
            try (FileChannel ch = FileChannel.open(idx, StandardOpenOption.READ)) {
                long size = ch.size();
                b = new byte[(int) Math.min(Integer.MAX_VALUE - 16, Math.max(0, size - c.consumed()))];
                ByteBuffer bb = ByteBuffer.wrap(b);
                while (bb.hasRemaining() && ch.read(bb, c.consumed() + bb.position()) > 0) {
                    // read what is there
                }
                b = java.util.Arrays.copyOf(b, bb.position());
            } catch (NoSuchFileException e) {
                openCache.remove(idx);
                return List.of();
            }
            int lastNl = b.length - 1;
            while (lastNl >= 0 && b[lastNl] != '\n') {
                lastNl--;
            }
            if (lastNl >= 0) {
                List<IndexEntry> all = new ArrayList<>(c.entries());
                all.addAll(SegmentIndex.parse(b, 0, lastNl + 1).entries());
                c = new OpenIndex(a.fileKey(), c.consumed() + lastNl + 1, ordered(all));
            }
            openCache.put(idx, c);
        }
        return c.entries();
    }

    private static long baseOf(Path segmentFile) {
        String n = segmentFile.getFileName().toString();
        int dot = n.indexOf('.');
        try {
            return dot == 20 ? Long.parseLong(n.substring(0, dot)) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A sealed segment (cached), with its index rebuilt in memory when the file is missing or damaged; null when gone. */
    private SegmentRef sealed(Path dir, long baseSeq) throws IOException {
        Path zst = SegmentFiles.zst(dir, baseSeq);
        SegmentRef r = sealedCache.get(zst);
        if (r != null) {
            return r;
        }
        SealedIndexes.Loaded l;
        try {
            l = SealedIndexes.load(dir, baseSeq);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (l == null) {
            return null;
        }
        if (l.problem() != null) {
            LOG.warn("journal: {}: index unusable ({}); rebuilt in memory from the data ({} entries{}); 'ladder journal verify --repair' or the next open rewrites it",
                    zst, l.problem(), l.rebuilt().index().entries().size(),
                    l.rebuilt().damagedFrames() > 0 ? ", " + l.rebuilt().damagedFrames() + " damaged frames" : "");
        }
        sealedCache.put(zst, l.ref());
        return l.ref();
    }

    /** The entries in strictly increasing offset order (later entries out of order are dropped). */
    static List<IndexEntry> ordered(List<IndexEntry> entries) {
        List<IndexEntry> out = new ArrayList<>(entries.size());
        for (IndexEntry e : entries) {
            if (out.isEmpty() || (e.rawOffset() > out.getLast().rawOffset() && e.seq() >= out.getLast().seq())) {
                out.add(e);
            }
        }
        return List.copyOf(out);
    }

    /** The last entry with sequence at or before {@code seq} (entries are sorted), or the first. */
    static IndexEntry entryAtOrBefore(List<IndexEntry> entries, long seq) {
        IndexEntry best = entries.getFirst();
        for (IndexEntry e : entries) {
            if (e.seq() <= seq) {
                best = e;
            } else {
                break;
            }
        }
        return best;
    }
}
