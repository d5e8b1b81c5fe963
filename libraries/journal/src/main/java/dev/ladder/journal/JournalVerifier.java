package dev.ladder.journal;

import com.github.luben.zstd.ZstdDecompressCtx;
import dev.ladder.core.InstrumentId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Checks a journal directory without changing it: every line well formed, receive times
 * non-decreasing per stream, sequence numbers contiguous between segments, every sealed segment's
 * frames decompress to exactly what its index says, and every index entry points at the start of
 * a line with the entry's time and sequence. A torn tail in a stream's open segment (what a crash
 * leaves, cut on the next open) is a warning, not damage.
 */
public final class JournalVerifier {
    /** One finding; {@code isDamage} false means a warning. */
    public record Problem(Path file, long offset, String message, boolean isDamage) {
        @Override
        public String toString() {
            return (isDamage ? "DAMAGE " : "warning ") + file + " at offset " + offset + ": " + message;
        }
    }

    /** The outcome: problems found and what was checked. */
    public record Report(List<Problem> problems, int streams, int segments, long lines) {
        /** True when nothing is damaged (warnings allowed). */
        public boolean isOk() {
            return problems.stream().noneMatch(Problem::isDamage);
        }
    }

    private final List<Problem> problems = new ArrayList<>();
    private int segments;
    private long totalLines;
    // per segment line bookkeeping
    private long[] starts = new long[1024];
    private long[] times = new long[1024];
    private int count;
    private long prevNs;

    private JournalVerifier() {
    }

    /** Verifies every stream under {@code root}. */
    public static Report verify(Path root) throws IOException {
        JournalVerifier v = new JournalVerifier();
        List<InstrumentId> streams = SegmentFiles.streams(root);
        for (InstrumentId id : streams) {
            v.stream(SegmentFiles.streamDir(root, id));
        }
        return new Report(List.copyOf(v.problems), streams.size(), v.segments, v.totalLines);
    }

    private void damage(Path f, long off, String msg) {
        problems.add(new Problem(f, off, msg, true));
    }

    private void warn(Path f, long off, String msg) {
        problems.add(new Problem(f, off, msg, false));
    }

    private void stream(Path dir) throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.tmp")) {
            for (Path p : ds) {
                warn(p, 0, "unfinished temporary file (removed on the next open)");
            }
        }
        List<SegmentFiles.Found> found = SegmentFiles.list(dir);
        prevNs = Long.MIN_VALUE;
        long expectSeq = -1;
        for (int i = 0; i < found.size(); i++) {
            SegmentFiles.Found f = found.get(i);
            segments++;
            boolean isLast = i == found.size() - 1;
            if (expectSeq >= 0 && f.baseSeq() != expectSeq) {
                damage(f.hasZst() ? SegmentFiles.zst(dir, f.baseSeq()) : SegmentFiles.log(dir, f.baseSeq()), 0,
                        "segment starts at sequence " + f.baseSeq() + " but the previous one ends at " + expectSeq);
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

    /** Returns the next expected sequence. */
    private long sealed(Path dir, long base) throws IOException {
        Path zst = SegmentFiles.zst(dir, base);
        Path idxFile = SegmentFiles.zstIdx(dir, base);
        SegmentIndex idx = SegmentIndex.read(idxFile);
        if (idx.end() == null || idx.entries().isEmpty()) {
            damage(idxFile, 0, "sealed segment index missing, empty or without its end line");
            return -1;
        }
        checkIndexLines(idxFile, idx);
        SegmentIndex.End end = idx.end();
        List<IndexEntry> es = idx.entries();
        count = 0;
        long fileSize = Files.size(zst);
        if (fileSize != end.fileLength()) {
            damage(zst, fileSize, "file is " + fileSize + " bytes, index says " + end.fileLength());
        }
        try (FileChannel ch = FileChannel.open(zst, StandardOpenOption.READ); ZstdDecompressCtx z = new ZstdDecompressCtx()) {
            byte[] comp = new byte[0];
            byte[] raw = new byte[0];
            for (int i = 0; i < es.size(); i++) {
                IndexEntry e = es.get(i);
                boolean last = i + 1 == es.size();
                long cEnd = last ? end.fileLength() : es.get(i + 1).fileOffset();
                long rEnd = last ? end.rawLength() : es.get(i + 1).rawOffset();
                if ((i == 0 && (e.fileOffset() != 0 || e.rawOffset() != 0)) || cEnd < e.fileOffset() || rEnd < e.rawOffset()
                        || cEnd > fileSize) {
                    damage(idxFile, 0, "index entry " + i + " has impossible offsets: " + e.line().trim());
                    return end.nextSeq();
                }
                int c = (int) (cEnd - e.fileOffset());
                int r = (int) (rEnd - e.rawOffset());
                if (comp.length < c) {
                    comp = new byte[c];
                }
                if (raw.length < r) {
                    raw = new byte[r];
                }
                ch.read(ByteBuffer.wrap(comp, 0, c), e.fileOffset());
                int n;
                try {
                    n = z.decompressByteArray(raw, 0, r, comp, 0, c);
                } catch (RuntimeException ex) {
                    damage(zst, e.fileOffset(), "frame " + i + " does not decompress: " + ex.getMessage());
                    return end.nextSeq();
                }
                if (n != r) {
                    damage(zst, e.fileOffset(), "frame " + i + " decompressed to " + n + " bytes, index says " + r);
                    return end.nextSeq();
                }
                if (!lines(zst, raw, 0, n, e.rawOffset(), true)) {
                    return end.nextSeq();
                }
            }
        }
        if (count != end.nextSeq() - base) {
            damage(zst, 0, "holds " + count + " lines, index end says " + (end.nextSeq() - base));
        }
        if (count > 0 && (times[0] != end.firstNs() || times[count - 1] != end.lastNs())) {
            damage(idxFile, 0, "end line times " + end.firstNs() + ".." + end.lastNs() + " differ from the data " + times[0] + ".." + times[count - 1]);
        }
        checkEntries(idxFile, es, base, zst);
        totalLines += count;
        return end.nextSeq();
    }

    private long open(Path dir, long base, boolean isLast) throws IOException {
        Path log = SegmentFiles.log(dir, base);
        count = 0;
        long valid = 0;
        byte[] data = Files.readAllBytes(log);
        int p = 0;
        String why = null;
        while (p < data.length && data[p] != 0) {
            int nl = Lines.indexOfNewline(data, p, data.length);
            if (nl < 0) {
                why = "partial last line";
                break;
            }
            long ns = Lines.parseNs(data, p, nl, true);
            if (ns < 0 || ns < prevNs) {
                why = ns < 0 ? "malformed line: " + Lines.excerpt(data, p, nl) : "receive time goes back from " + prevNs + " to " + ns;
                break;
            }
            prevNs = ns;
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, count * 2);
                times = Arrays.copyOf(times, count * 2);
            }
            starts[count] = p;
            times[count] = ns;
            count++;
            p = nl + 1;
        }
        valid = p;
        int nonZero = data.length - 1;
        while (nonZero >= valid && data[nonZero] == 0) {
            nonZero--;
        }
        if (nonZero >= valid) {
            String msg = "torn tail: " + (nonZero + 1 - valid) + " bytes after the last good line (" + (why == null ? "garbage" : why) + ")";
            if (isLast) {
                warn(log, valid, msg + "; cut on the next open");
            } else {
                damage(log, valid, msg);
            }
        }
        SegmentIndex idx = SegmentIndex.read(SegmentFiles.logIdx(dir, base));
        checkIndexLines(SegmentFiles.logIdx(dir, base), idx);
        List<IndexEntry> es = new ArrayList<>();
        for (IndexEntry e : idx.entries()) {
            if (e.rawOffset() < valid) {
                es.add(e);
            } else {
                warn(SegmentFiles.logIdx(dir, base), 0, "index entry past the last good line (rebuilt on the next open): " + e.line().trim());
            }
        }
        checkEntries(SegmentFiles.logIdx(dir, base), es, base, log);
        totalLines += count;
        return base + count;
    }

    private void checkIndexLines(Path idxFile, SegmentIndex idx) throws IOException {
        long lines = Files.readAllLines(idxFile).stream().filter(l -> !l.isEmpty()).count();
        long parsed = idx.entries().size() + (idx.end() != null ? 1 : 0);
        if (lines != parsed) {
            damage(idxFile, 0, (lines - parsed) + " index lines are malformed");
        }
    }

    private void checkEntries(Path idxFile, List<IndexEntry> es, long base, Path data) {
        long prev = -1;
        for (IndexEntry e : es) {
            int k = Arrays.binarySearch(starts, 0, count, e.rawOffset());
            if (k < 0) {
                damage(idxFile, 0, "entry does not point at a line start of " + data.getFileName() + ": " + e.line().trim());
            } else if (base + k != e.seq() || times[k] != e.ns()) {
                damage(idxFile, 0, "entry disagrees with the line it points at (seq " + (base + k) + ", ns " + times[k] + "): " + e.line().trim());
            } else if (e.rawOffset() <= prev) {
                damage(idxFile, 0, "entries out of order at " + e.line().trim());
            }
            prev = e.rawOffset();
        }
    }

    /** Checks whole lines in {@code buf[from, to)}; records their starts; false after a damaged line. */
    private boolean lines(Path file, byte[] buf, int from, int to, long rawBase, boolean mustEndClean) {
        int p = from;
        while (p < to) {
            int nl = Lines.indexOfNewline(buf, p, to);
            if (nl < 0) {
                damage(file, rawBase + p, "line without end" + (mustEndClean ? " inside a frame" : ""));
                return false;
            }
            long ns = Lines.parseNs(buf, p, nl, true);
            if (ns < 0) {
                damage(file, rawBase + p, "malformed line: " + Lines.excerpt(buf, p, nl));
                return false;
            }
            if (ns < prevNs) {
                damage(file, rawBase + p, "receive time goes back from " + prevNs + " to " + ns);
                return false;
            }
            prevNs = ns;
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, count * 2);
                times = Arrays.copyOf(times, count * 2);
            }
            starts[count] = rawBase + p;
            times[count] = ns;
            count++;
            p = nl + 1;
        }
        return true;
    }
}
