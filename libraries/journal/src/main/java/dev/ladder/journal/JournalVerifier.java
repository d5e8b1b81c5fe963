package dev.ladder.journal;

import com.github.luben.zstd.ZstdDecompressCtx;
import dev.ladder.core.InstrumentId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Checks a journal directory: every line's checksum (format 2) or form (format 1), sequence
 * numbers running on without a hole within and across segments, receive times non-decreasing,
 * every sealed segment's frames decompressing to what its index says, segment headers, every index
 * line's checksum and every entry pointing at the record it names, and no index left without its
 * segment (a deleted segment). Each finding names the file and offset (the byte offset in a
 * {@code .log} or an index; in a {@code .log.zst} the compressed offset of a frame, or the
 * uncompressed offset of a line) and the records lost.
 *
 * <p>A torn tail in a stream's open segment (what a crash leaves, cut on the next open) is a
 * warning, not damage. {@link #verify} changes nothing; {@link #repair} first rebuilds every
 * missing or damaged index from its segment (what {@link Journal#open} would also do), then
 * verifies; data files are never changed, so damaged records stay reported. Do not repair a journal
 * a recorder has open (its open segment's index is being appended to).
 */
public final class JournalVerifier {
    /** Index entries a repaired open segment gets: one every this many bytes (the default interval). */
    private static final int REPAIR_INDEX_INTERVAL = 64 << 10;

    /** One finding; {@code isDamage} false means a warning. */
    public record Problem(Path file, long offset, String message, boolean isDamage) {
        @Override
        public String toString() {
            return (isDamage ? "DAMAGE " : "warning ") + file + " at offset " + offset + ": " + message;
        }
    }

    /**
     * The outcome: problems found, what was checked, and (from {@link #repair}) what was rebuilt.
     *
     * @param repairs one line per index rebuilt (empty from {@link #verify})
     */
    public record Report(List<Problem> problems, int streams, int segments, long lines, List<String> repairs) {
        public Report(List<Problem> problems, int streams, int segments, long lines) {
            this(problems, streams, segments, lines, List.of());
        }

        /** True when nothing is damaged (warnings allowed). */
        public boolean isOk() {
            return problems.stream().noneMatch(Problem::isDamage);
        }
    }

    private final boolean isRepair;
    private final List<Problem> problems = new ArrayList<>();
    private final List<String> repairs = new ArrayList<>();
    private int segments;
    private long totalLines;
    private long prevNs;

    private JournalVerifier(boolean isRepair) {
        this.isRepair = isRepair;
    }

    /** Verifies every stream under {@code root}, changing nothing. */
    public static Report verify(Path root) throws IOException {
        return new JournalVerifier(false).run(root, List.of());
    }

    /**
     * Rebuilds every missing or damaged index under {@code root} from its segment (atomically;
     * {@link Report#repairs()} lists them), then verifies. Data files are not changed.
     */
    public static Report repair(Path root) throws IOException {
        JournalVerifier fixer = new JournalVerifier(true);
        fixer.run(root, List.of());
        return new JournalVerifier(false).run(root, fixer.repairs);
    }

    private Report run(Path root, List<String> done) throws IOException {
        List<InstrumentId> streams = SegmentFiles.streams(root);
        for (InstrumentId id : streams) {
            stream(SegmentFiles.streamDir(root, id));
        }
        return new Report(List.copyOf(problems), streams.size(), segments, totalLines, List.copyOf(isRepair ? repairs : done));
    }

    private void damage(Path f, long off, String msg) {
        problems.add(new Problem(f, off, msg, true));
    }

    private void warn(Path f, long off, String msg) {
        problems.add(new Problem(f, off, msg, false));
    }

    private static String lostText(long firstSeq, long endSeq, long fromNs, long toNs) {
        if (endSeq <= firstSeq) {
            return "no record lost";
        }
        return (endSeq - firstSeq) + " records lost (seq " + firstSeq + ".." + (endSeq - 1) + ", receive time "
                + (fromNs < 0 ? "?" : Long.toString(fromNs)) + ".." + (toNs < 0 || toNs == Long.MAX_VALUE ? "?" : Long.toString(toNs)) + ")";
    }

    private void stream(Path dir) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.tmp")) {
            for (Path p : ds) {
                warn(p, 0, "unfinished temporary file (removed on the next open)");
            }
        }
        TreeMap<Long, Object> items = new TreeMap<>();
        SegmentFiles.Listing listing = SegmentFiles.listing(dir);
        for (SegmentFiles.Found f : listing.found()) {
            items.put(f.baseSeq(), f);
        }
        for (SegmentFiles.Orphan o : listing.orphans()) {
            items.put(o.baseSeq(), o);
        }
        prevNs = Long.MIN_VALUE;
        long expectSeq = -1;
        int i = 0;
        for (Object item : items.values()) {
            boolean isLast = ++i == items.size();
            if (item instanceof SegmentFiles.Orphan o) {
                expectSeq = orphan(dir, o, expectSeq);
                continue;
            }
            SegmentFiles.Found f = (SegmentFiles.Found) item;
            segments++;
            Path data = f.hasZst() ? SegmentFiles.zst(dir, f.baseSeq()) : SegmentFiles.log(dir, f.baseSeq());
            if (expectSeq >= 0 && f.baseSeq() != expectSeq) {
                damage(data, 0, "segment starts at sequence " + f.baseSeq() + " but the previous one ends at " + expectSeq
                        + (f.baseSeq() > expectSeq ? ": " + lostText(expectSeq, f.baseSeq(), prevNs, -1) + " (a segment deleted?)" : ""));
            }
            if (f.hasZst()) {
                if (f.hasLog()) {
                    warn(SegmentFiles.log(dir, f.baseSeq()), 0, "leftover uncompressed copy of a sealed segment (removed on the next open)");
                }
                expectSeq = sealed(dir, f.baseSeq());
            } else {
                expectSeq = open(dir, f.baseSeq(), isLast);
            }
        }
    }

    private long orphan(Path dir, SegmentFiles.Orphan o, long expectSeq) throws IOException {
        SegmentIndex idx = SegmentIndex.read(o.idx());
        List<IndexEntry> es = idx.entries();
        if (!o.isSealedIndex() && es.isEmpty()) {
            warn(o.idx(), 0, "leftover index of an empty segment (removed on the next open)");
            return expectSeq;
        }
        long end = idx.end() != null ? idx.end().nextSeq() : es.isEmpty() ? o.baseSeq() : es.getLast().seq() + 1;
        Path data = o.isSealedIndex() ? SegmentFiles.zst(dir, o.baseSeq()) : SegmentFiles.log(dir, o.baseSeq());
        long first = expectSeq >= 0 ? Math.min(expectSeq, o.baseSeq()) : o.baseSeq();
        damage(data, 0, "segment is missing (deleted?) but its index " + o.idx().getFileName() + " remains: "
                + lostText(first, Math.max(end, first), es.isEmpty() ? prevNs : es.getFirst().ns(), idx.end() != null ? idx.end().lastNs() : -1)
                + (idx.end() == null && !o.isSealedIndex() ? " at least" : ""));
        return Math.max(end, expectSeq);
    }

    /** Returns the next expected sequence. */
    private long sealed(Path dir, long base) throws IOException {
        Path zst = SegmentFiles.zst(dir, base);
        Path idxFile = SegmentFiles.zstIdx(dir, base);
        SegmentIndex idx = SegmentIndex.read(idxFile);
        String problem = idx.sealedProblem(base, Files.size(zst));
        List<IndexEntry> es = idx.entries();
        SegmentIndex.End end = idx.end();
        if (problem != null) {
            SealedIndexes.Rebuilt r = SealedIndexes.rebuild(zst, base);
            es = r.index().entries();
            end = r.index().end();
            if (isRepair) {
                SegmentFiles.writeAtomically(idxFile, r.index().text().getBytes(StandardCharsets.US_ASCII));
                repairs.add("rebuilt " + idxFile + " from " + zst + " (" + problem + "): " + es.size() + " entries"
                        + (r.damagedFrames() > 0 ? ", " + r.damagedFrames() + " damaged frames" : ""));
            } else {
                damage(idxFile, 0, problem + " (repairable: 'ladder journal verify --repair', or the next open rebuilds it)");
            }
        }
        long fileSize = Files.size(zst);
        if (fileSize > end.fileLength()) {
            damage(zst, end.fileLength(), (fileSize - end.fileLength()) + " bytes after the last frame (garbage appended?); no record lost");
        }
        LineScanner sc = new LineScanner(base, prevNs, Integer.MAX_VALUE, problem == null ? es : null);
        int lostFrames = 0;
        try (FileChannel ch = FileChannel.open(zst, StandardOpenOption.READ); ZstdDecompressCtx z = new ZstdDecompressCtx()) {
            byte[] comp = new byte[0];
            byte[] raw = new byte[0];
            for (int i = 0; i < es.size(); i++) {
                IndexEntry e = es.get(i);
                boolean last = i + 1 == es.size();
                long cEnd = last ? end.fileLength() : es.get(i + 1).fileOffset();
                long rEnd = last ? end.rawLength() : es.get(i + 1).rawOffset();
                long nextSeq = last ? end.nextSeq() : es.get(i + 1).seq();
                long nextNs = last ? end.lastNs() : es.get(i + 1).ns();
                String why = null;
                int n = -1;
                long c = cEnd - e.fileOffset();
                long r = rEnd - e.rawOffset();
                if (c <= 0 || r <= 0 || c > SealedIndexes.MAX_FRAME || r > SealedIndexes.MAX_FRAME) {
                    why = "index entry " + i + " has impossible offsets: " + e.line().trim();
                } else if (cEnd > fileSize) {
                    why = "the file ends inside frame " + i + " (cut short?)";
                } else {
                    if (comp.length < c) {
                        comp = new byte[(int) c];
                    }
                    if (raw.length < r) {
                        raw = new byte[(int) r];
                    }
                    ByteBuffer bb = ByteBuffer.wrap(comp, 0, (int) c);
                    while (bb.hasRemaining() && ch.read(bb, e.fileOffset() + bb.position()) >= 0) {
                        // read the whole frame
                    }
                    try {
                        n = z.decompressByteArray(raw, 0, (int) r, comp, 0, (int) c);
                        if (n != r) {
                            why = "frame " + i + " decompressed to " + n + " bytes, the index says " + r;
                        }
                    } catch (RuntimeException ex) {
                        why = "frame " + i + " does not decompress (" + ex.getMessage() + ")";
                    }
                }
                if (why != null) {
                    lostFrames++;
                    long first = Math.min(sc.expectSeq, e.seq());
                    damage(zst, e.fileOffset(), why + ": " + lostText(first, Math.max(first, nextSeq), e.ns(), nextNs));
                    sc.skipFrame(e.rawOffset(), r, e.seq(), e.ns(), nextSeq);
                    continue;
                }
                if (problem == null) {
                    sc.anchor(e.seq(), e.ns(), e.rawOffset());
                }
                sc.feed(raw, 0, n, e.rawOffset(), true, "line without end inside a frame");
            }
        }
        sc.finish(end.nextSeq(), end.lastNs(), "the segment holds fewer records than its index says");
        for (LineScanner.Lost l : sc.lost) {
            damage(zst, l.offset(), l.why() + " (uncompressed offset): " + lostText(l.firstSeq(), l.endSeq(), l.fromNs(), l.toNs()));
        }
        if (sc.headerProblem != null) {
            damage(zst, 0, sc.headerProblem);
        }
        for (String s : sc.entryProblems) {
            damage(idxFile, 0, s);
        }
        if (problem == null && lostFrames == 0) {
            for (IndexEntry e : sc.uncheckedEntries()) {
                damage(idxFile, 0, "entry does not point at the start of a good record: " + e.line().trim());
            }
            if (sc.lines > 0 && (sc.firstNs != end.firstNs() || sc.lastNs != end.lastNs())) {
                damage(idxFile, 0, "end line times " + end.firstNs() + ".." + end.lastNs() + " differ from the data " + sc.firstNs + ".." + sc.lastNs);
            }
        }
        totalLines += sc.lines;
        prevNs = Math.max(prevNs, sc.lastNs);
        return Math.max(end.nextSeq(), sc.expectSeq);
    }

    private long open(Path dir, long base, boolean isLast) throws IOException {
        Path log = SegmentFiles.log(dir, base);
        Path idxFile = SegmentFiles.logIdx(dir, base);
        SegmentIndex idx = SegmentIndex.read(idxFile);
        LogScan scan = LogScan.scan(log, base, prevNs, REPAIR_INDEX_INTERVAL, JournalReader.ordered(idx.entries()));
        for (LineScanner.Lost l : scan.lost()) {
            damage(log, l.offset(), l.why() + ": " + lostText(l.firstSeq(), l.endSeq(), l.fromNs(), l.toNs()));
        }
        if (scan.cutBytes() > 0) {
            String msg = "torn tail: " + scan.cutBytes() + " bytes after the last good line (" + scan.why() + ")";
            if (isLast) {
                warn(log, scan.validEnd(), msg + "; cut on the next open");
            } else {
                damage(log, scan.validEnd(), msg);
            }
        }
        if (scan.headerProblem() != null) {
            damage(log, 0, scan.headerProblem());
        }
        long lostEnd = scan.lostBeyondEnd();
        if (lostEnd > scan.nextSeq()) {
            IndexEntry lastBeyond = scan.entriesBeyond().getLast();
            damage(log, scan.validEnd(), "the log ends at offset " + scan.validEnd() + " but its index lists records up to seq "
                    + (lostEnd - 1) + " at offset " + lastBeyond.rawOffset() + " (cut short?): "
                    + lostText(scan.nextSeq(), lostEnd, scan.lastNs(), lastBeyond.ns()) + " at least");
        }
        // the index must describe the data as the writer indexed it (with the interval its header states)
        LogScan forIndex = idx.interval() > 0 && idx.interval() != REPAIR_INDEX_INTERVAL
                ? LogScan.scan(log, base, prevNs, idx.interval(), JournalReader.ordered(idx.entries())) : scan;
        String idxProblem = idx.openProblem(forIndex);
        if (idxProblem != null) {
            if (isRepair) {
                StringBuilder sb = new StringBuilder(SegmentIndex.header(forIndex == scan ? REPAIR_INDEX_INTERVAL : idx.interval()));
                for (IndexEntry e : forIndex.entries()) {
                    sb.append(e.line());
                }
                // entries past the data stay: they are the record of what was cut away
                for (IndexEntry e : scan.entriesBeyond()) {
                    sb.append(e.line());
                }
                SegmentFiles.writeAtomically(idxFile, sb.toString().getBytes(StandardCharsets.US_ASCII));
                repairs.add("rebuilt " + idxFile + " from " + log + " (" + idxProblem + "): " + forIndex.entries().size() + " entries");
            } else {
                damage(idxFile, 0, idxProblem + " (repairable: 'ladder journal verify --repair', or the next open rebuilds it)");
            }
        }
        totalLines += scan.lines();
        prevNs = Math.max(prevNs, scan.lastNs());
        return Math.max(scan.nextSeq(), lostEnd);
    }
}
