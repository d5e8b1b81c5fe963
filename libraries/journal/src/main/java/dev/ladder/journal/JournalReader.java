package dev.ladder.journal;

import dev.ladder.core.InstrumentId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a journal directory: lists streams, iterates records from a time, and rebuilds state at a
 * time from the nearest {@code #book} snapshot plus the records after it. Safe to use while a
 * {@link Journal} (in this or another process) appends; it sees complete lines only. Sealed
 * segments' indexes are cached (they never change). Thread-safe.
 */
public final class JournalReader {
    private final Path root;
    private final Map<Path, SegmentRef> sealedCache = new ConcurrentHashMap<>();

    public JournalReader(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    /** The streams present ({@code <root>/<venue>/<symbol>/} with a known venue), sorted. */
    public List<InstrumentId> streams() throws IOException {
        return SegmentFiles.streams(root);
    }

    /**
     * A cursor over {@code stream} from the first record with receive time {@code >= fromNs} to
     * the last with {@code <= toNs} (use {@code Long.MIN_VALUE}/{@code Long.MAX_VALUE} for all).
     * An unknown stream gives an empty cursor. The start is found through the index: at most one
     * index interval is read and skipped.
     */
    public JournalCursor cursor(InstrumentId stream, long fromNs, long toNs) throws IOException {
        List<SegmentRef> segs = segments(stream);
        int si = 0;
        for (int i = 0; i < segs.size(); i++) {
            long first = segs.get(i).firstNs();
            if (first >= 0 && first < fromNs) {
                si = i;
            }
        }
        IndexEntry start = null;
        if (si < segs.size()) {
            for (IndexEntry e : segs.get(si).entries()) {
                if (e.ns() < fromNs) {
                    start = e;
                } else {
                    break;
                }
            }
        }
        return new JournalCursor(segs, si, start, fromNs, toNs);
    }

    /** The outcome of {@link #replayTo}. */
    public record Replay(boolean isFromBook, long bookSeq, long bookNs, long applied, long lastSeq) {
    }

    /**
     * Rebuilds {@code target} as of {@code atNs}: restores the last {@code #book} line at or before
     * {@code atNs} and applies every later record up to {@code atNs}; with no such line, resets the
     * target and applies everything from the stream's first kept record.
     */
    public Replay replayTo(InstrumentId stream, long atNs, ReplayTarget target) throws IOException {
        List<SegmentRef> segs = segments(stream);
        int bookSeg = -1;
        IndexEntry book = null;
        for (int i = segs.size() - 1; i >= 0 && book == null; i--) {
            List<IndexEntry> es = segs.get(i).entries();
            for (int k = es.size() - 1; k >= 0; k--) {
                IndexEntry e = es.get(k);
                if (e.isBook() && e.ns() <= atNs) {
                    book = e;
                    bookSeg = i;
                    break;
                }
            }
        }
        long applied = 0;
        long lastSeq = -1;
        if (book == null) {
            target.reset();
            try (JournalCursor c = new JournalCursor(segs, 0, null, Long.MIN_VALUE, atNs)) {
                while (c.next()) {
                    if (c.kind() != RecordKind.BOOK) {
                        target.apply(c);
                        applied++;
                    }
                    lastSeq = c.seq();
                }
            }
            return new Replay(false, -1, -1, applied, lastSeq);
        }
        try (JournalCursor c = new JournalCursor(segs, bookSeg, book, Long.MIN_VALUE, atNs)) {
            if (!c.next() || c.kind() != RecordKind.BOOK || c.seq() != book.seq()) {
                throw new IOException("journal " + stream + ": index entry for #book seq " + book.seq() + " does not point at it");
            }
            target.restore(c);
            lastSeq = c.seq();
            while (c.next()) {
                if (c.kind() != RecordKind.BOOK) {
                    target.apply(c);
                    applied++;
                }
                lastSeq = c.seq();
            }
        }
        return new Replay(true, book.seq(), book.ns(), applied, lastSeq);
    }

    /** Summaries of every stream. */
    public List<StreamInfo> list() throws IOException {
        List<StreamInfo> out = new ArrayList<>();
        for (InstrumentId id : streams()) {
            out.add(info(id));
        }
        return out;
    }

    /** One stream's summary (the open segment is scanned to find its last complete line). */
    public StreamInfo info(InstrumentId stream) throws IOException {
        Path dir = SegmentFiles.streamDir(root, stream);
        List<SegmentRef> segs = segments(stream);
        long disk = 0;
        if (Files.isDirectory(dir)) {
            try (var ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    disk += Files.size(p);
                }
            }
        }
        long firstNs = -1;
        long lastNs = -1;
        long firstSeq = segs.isEmpty() ? 0 : segs.getFirst().baseSeq();
        long nextSeq = firstSeq;
        long raw = 0;
        int sealed = 0;
        long prevLast = Long.MIN_VALUE;
        for (SegmentRef r : segs) {
            if (r.isSealed()) {
                sealed++;
                SegmentIndex.End e = r.end();
                firstNs = firstNs < 0 ? e.firstNs() : firstNs;
                lastNs = e.lastNs();
                nextSeq = e.nextSeq();
                raw += e.rawLength();
                prevLast = e.lastNs();
            } else {
                LogScan s = LogScan.scan(r.data(), r.baseSeq(), prevLast, 1 << 30);
                if (s.lines() > 0) {
                    firstNs = firstNs < 0 ? s.firstNs() : firstNs;
                    lastNs = s.lastNs();
                    prevLast = s.lastNs();
                }
                nextSeq = r.baseSeq() + s.lines();
                raw += s.validEnd();
            }
        }
        return new StreamInfo(stream, firstNs, lastNs, firstSeq, nextSeq, segs.size(), sealed, disk, raw);
    }

    /** The segments of a stream in order (a fresh, mutable list). */
    List<SegmentRef> segments(InstrumentId stream) throws IOException {
        Path dir = SegmentFiles.streamDir(root, stream);
        List<SegmentRef> out = new ArrayList<>();
        for (SegmentFiles.Found f : SegmentFiles.list(dir)) {
            if (f.hasZst()) {
                Path zst = SegmentFiles.zst(dir, f.baseSeq());
                SegmentRef r = sealedCache.get(zst);
                if (r == null) {
                    r = loadSealed(dir, f.baseSeq());
                    if (r == null) {
                        continue;
                    }
                    sealedCache.put(zst, r);
                }
                out.add(r);
            } else {
                SegmentIndex idx = SegmentIndex.read(SegmentFiles.logIdx(dir, f.baseSeq()));
                List<IndexEntry> es = idx.entries();
                if (!es.isEmpty() && (es.getFirst().rawOffset() != 0 || es.getFirst().seq() != f.baseSeq())) {
                    es = List.of();
                }
                out.add(new SegmentRef(f.baseSeq(), SegmentFiles.log(dir, f.baseSeq()), false, es, null));
            }
        }
        return out;
    }

    /** A sealed segment with its complete index, or null when it is absent or its index has no end line. */
    static SegmentRef loadSealed(Path dir, long baseSeq) throws IOException {
        Path zst = SegmentFiles.zst(dir, baseSeq);
        if (!Files.exists(zst)) {
            return null;
        }
        SegmentIndex idx = SegmentIndex.read(SegmentFiles.zstIdx(dir, baseSeq));
        if (idx.end() == null || idx.entries().isEmpty()) {
            throw new IOException("journal: sealed segment " + zst + " has no complete index (" + SegmentFiles.zstIdx(dir, baseSeq) + ")");
        }
        return new SegmentRef(baseSeq, zst, true, List.copyOf(idx.entries()), idx.end());
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
