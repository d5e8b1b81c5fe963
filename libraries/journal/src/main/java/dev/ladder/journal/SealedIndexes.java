package dev.ladder.journal;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdDecompressCtx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads a sealed segment's index, checking it, and rebuilds it from the {@code .log.zst} when it
 * is missing or damaged: the zstd frames are walked (each frame starts an index entry; a frame that
 * does not decode is skipped to the next zstd magic number that starts a frame which does) and the
 * first record of each frame gives the entry's time and sequence number.
 */
final class SealedIndexes {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SealedIndexes.class);
    private static final int MAGIC = 0xFD2FB528;
    /**
     * The largest frame (compressed or not) a reader accepts: a segment holds at most 1 GiB
     * ({@link JournalConfig#segmentBytes()}) plus one line; a size beyond this comes from damage.
     */
    static final long MAX_FRAME = (1L << 30) + (64L << 20);

    private SealedIndexes() {
    }

    /**
     * A loaded sealed segment.
     *
     * @param ref     the segment with a usable index
     * @param problem why the index file could not be used (then {@code ref} holds the rebuilt one), or null
     * @param rebuilt the rebuilt index when there was a problem, else null
     */
    record Loaded(SegmentRef ref, String problem, Rebuilt rebuilt) {
    }

    /**
     * A rebuilt index.
     *
     * @param index         entries and end line
     * @param damagedFrames frames that did not decode (their entries' times and sequence numbers are estimates)
     * @param trailingBytes bytes after the last frame that are not a frame (garbage)
     */
    record Rebuilt(SegmentIndex index, int damagedFrames, long trailingBytes) {
    }

    /** Loads {@code <base>.log.zst} with its index, rebuilt in memory when needed; null when the data file is absent. */
    static Loaded load(Path dir, long baseSeq) throws IOException {
        Path zst = SegmentFiles.zst(dir, baseSeq);
        if (!Files.exists(zst)) {
            return null;
        }
        Path idxFile = SegmentFiles.zstIdx(dir, baseSeq);
        SegmentIndex idx = SegmentIndex.read(idxFile);
        String problem = idx.sealedProblem(baseSeq, Files.size(zst));
        if (problem == null) {
            return new Loaded(new SegmentRef(baseSeq, zst, true, List.copyOf(idx.entries()), idx.end()), null, null);
        }
        Rebuilt r = rebuild(zst, baseSeq);
        return new Loaded(new SegmentRef(baseSeq, zst, true, List.copyOf(r.index().entries()), r.index().end()), problem, r);
    }

    /** Loads as {@link #load}, and when the index had to be rebuilt writes it (atomically) and logs so. */
    static Loaded loadRepairing(Path dir, long baseSeq, List<String> repairs) throws IOException {
        Loaded l = load(dir, baseSeq);
        if (l != null && l.problem() != null) {
            Path idxFile = SegmentFiles.zstIdx(dir, baseSeq);
            SegmentFiles.writeAtomically(idxFile, l.rebuilt().index().text().getBytes(StandardCharsets.US_ASCII));
            String msg = "rebuilt " + idxFile + " from " + l.ref().data() + " (" + l.problem() + "): "
                    + l.rebuilt().index().entries().size() + " entries"
                    + (l.rebuilt().damagedFrames() > 0 ? ", " + l.rebuilt().damagedFrames() + " damaged frames" : "");
            LOG.warn("journal: {}", msg);
            repairs.add(msg);
        }
        return l;
    }

    /** Rebuilds the index of a sealed segment from its data. */
    static Rebuilt rebuild(Path zst, long baseSeq) throws IOException {
        byte[] data = Files.readAllBytes(zst);
        LineScanner sc = new LineScanner(baseSeq, Long.MIN_VALUE, Integer.MAX_VALUE, null);
        List<IndexEntry> entries = new ArrayList<>();
        long raw = 0;
        int off = 0;
        int damaged = 0;
        long trailing = 0;
        byte[] out = new byte[1 << 16];
        try (ZstdDecompressCtx z = new ZstdDecompressCtx()) {
            while (off < data.length) {
                int c = frameSize(data, off);
                long r = c > 0 ? Zstd.getFrameContentSize(data, off, data.length - off) : -1;
                int n = -1;
                if (c > 0 && r >= 0 && r <= MAX_FRAME) {
                    if (out.length < r) {
                        out = new byte[(int) Math.max(r, out.length * 2L)];
                    }
                    try {
                        n = z.decompressByteArray(out, 0, (int) r, data, off, c);
                    } catch (RuntimeException e) {
                        n = -1;
                    }
                }
                if (n >= 0) {
                    sc.markFrame();
                    sc.feed(out, 0, n, raw, true, "line without end inside a frame");
                    long seq = sc.frameFirstSeq >= 0 ? sc.frameFirstSeq : sc.expectSeq;
                    long ns = sc.frameFirstSeq >= 0 ? sc.frameFirstNs : Math.max(0, sc.lastNs);
                    entries.add(new IndexEntry(ns, entries.isEmpty() ? baseSeq : seq, raw, off, sc.frameFirstSeq >= 0 && sc.frameFirstIsBook));
                    raw += n;
                    off += c;
                    continue;
                }
                int next = nextFrame(z, data, off + 1);
                if (!isMagic(data, off) && next >= data.length) {
                    trailing = data.length - off;
                    break;
                }
                long contentSize = Zstd.getFrameContentSize(data, off, data.length - off);
                boolean sizeKnown = contentSize > 0 && contentSize <= MAX_FRAME;
                entries.add(new IndexEntry(Math.max(0, sc.lastNs), sc.expectSeq, raw, off, false));
                damaged++;
                raw += sizeKnown ? contentSize : 1;
                if (sc.version >= 2) {
                    // the next good line's checksum tells how many records the frame held
                    sc.skipUnknown((sizeKnown ? contentSize : (next - off) * 32L) / LineScanner.MIN_LINE + 1);
                } else {
                    sc.expectSeq++;
                }
                off = next;
            }
        }
        sc.finish(-1, Long.MAX_VALUE, "");
        long nextSeq = entries.isEmpty() ? sc.expectSeq : Math.max(sc.expectSeq, entries.getLast().seq() + 1);
        SegmentIndex.End end = new SegmentIndex.End(sc.firstNs, sc.lastNs, baseSeq, nextSeq, raw, data.length - trailing);
        return new Rebuilt(new SegmentIndex(entries, end), damaged, trailing);
    }

    private static int frameSize(byte[] data, int off) {
        if (!isMagic(data, off)) {
            return -1;
        }
        try {
            long c = Zstd.findFrameCompressedSize(data, off, data.length - off);
            return c > 0 && c <= data.length - off ? (int) c : -1;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static boolean isMagic(byte[] d, int off) {
        return off + 4 <= d.length && ((d[off] & 0xff) | (d[off + 1] & 0xff) << 8 | (d[off + 2] & 0xff) << 16 | (d[off + 3] & 0xff) << 24) == MAGIC;
    }

    /** The offset of the next frame at or after {@code from} that decodes, or {@code data.length}. */
    private static int nextFrame(ZstdDecompressCtx z, byte[] data, int from) {
        for (int p = from; p + 4 <= data.length; p++) {
            if (!isMagic(data, p)) {
                continue;
            }
            int c = frameSize(data, p);
            long r = c > 0 ? Zstd.getFrameContentSize(data, p, data.length - p) : -1;
            if (c <= 0 || r < 0 || r > MAX_FRAME) {
                continue;
            }
            try {
                z.decompressByteArray(new byte[(int) r], 0, (int) r, data, p, c);
                return p;
            } catch (RuntimeException e) {
                // a false magic number inside compressed data, or another damaged frame
            }
        }
        return data.length;
    }
}
