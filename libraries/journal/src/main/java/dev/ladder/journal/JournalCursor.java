package dev.ladder.journal;

import com.github.luben.zstd.ZstdDecompressCtx;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;

/**
 * Iterates a stream's records in order, across sealed (compressed) and open segments, from the
 * first record at or after a start time up to an end time (inclusive). {@link #next()} moves to the
 * next record; the accessors describe it until the next call. The payload is exposed without
 * copying ({@link #buffer()}, {@link #payloadOffset()}, {@link #payloadLength()}); the buffer is
 * reused.
 *
 * <p>Edge cases: the open segment is read up to its last complete line (a line being written, a
 * torn tail or preallocated zeros end it quietly); a malformed line or a damaged frame in a sealed
 * segment throws {@link IOException} naming the file and offset. Not thread-safe.
 */
public final class JournalCursor implements AutoCloseable {
    private final List<SegmentRef> segments;
    private final long fromNs;
    private final long toNs;
    private int segIdx;
    private SegmentRef ref;
    private FileChannel ch;
    private ZstdDecompressCtx zstd;
    private int frameIdx;
    private long filePos;
    private long bufFileStart;
    private byte[] buf = new byte[1 << 16];
    private byte[] comp = new byte[0];
    private int pos;
    private int limit;
    private boolean segmentDone;
    private boolean done;
    private IndexEntry startEntry;
    private long seq;
    private long ns;
    private RecordKind kind;
    private int lineStart;
    private int lineEnd;
    private int payloadStart;
    private int markerStart;
    private int markerEnd;

    JournalCursor(List<SegmentRef> segments, int startSegment, IndexEntry startEntry, long fromNs, long toNs) {
        this.segments = segments;
        this.segIdx = startSegment;
        this.startEntry = startEntry;
        this.fromNs = fromNs;
        this.toNs = toNs;
        this.done = startSegment >= segments.size();
    }

    /** Moves to the next record; false at the end (the data's end or past the end time). */
    public boolean next() throws IOException {
        while (!done) {
            if (!nextLine()) {
                done = true;
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

    /** Where the payload starts in {@link #buffer()}: after {@code "<ns> "} or {@code "<ns> #<name> "}. */
    public int payloadOffset() {
        return payloadStart;
    }

    public int payloadLength() {
        return lineEnd - payloadStart;
    }

    /** A copy of the payload. */
    public byte[] payloadBytes() {
        return Arrays.copyOfRange(buf, payloadStart, lineEnd);
    }

    public String payloadString() {
        return new String(buf, payloadStart, lineEnd - payloadStart, StandardCharsets.UTF_8);
    }

    /** The whole line without its {@code '\n'}. */
    public String line() {
        return new String(buf, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8);
    }

    private boolean nextLine() throws IOException {
        while (true) {
            if (ref == null && !openSegment()) {
                return false;
            }
            if (pos < limit && !ref.isSealed() && buf[pos] == 0) {
                segmentDone = true;
            }
            int nl = segmentDone ? -1 : Lines.indexOfNewline(buf, pos, limit);
            if (nl < 0) {
                if (segmentDone || !refill()) {
                    closeSegment();
                    segIdx++;
                    continue;
                }
                continue;
            }
            long t = Lines.parseNs(buf, pos, nl, false);
            if (t < 0) {
                if (!ref.isSealed() && segIdx == segments.size() - 1) {
                    segmentDone = true;
                    continue;
                }
                throw new IOException("journal: malformed line in " + ref.data() + " at offset " + (bufFileStart + pos)
                        + ": " + Lines.excerpt(buf, pos, nl));
            }
            lineStart = pos;
            lineEnd = nl;
            ns = t;
            int p = pos;
            while (buf[p] != ' ') {
                p++;
            }
            p++;
            if (buf[p] == '#') {
                markerStart = p + 1;
                int e = markerStart;
                while (e < nl && buf[e] != ' ') {
                    e++;
                }
                markerEnd = e;
                kind = RecordKind.ofMarker(buf, markerStart, markerEnd);
                payloadStart = Math.min(e + 1, nl);
            } else {
                kind = RecordKind.MESSAGE;
                payloadStart = p;
            }
            seq++;
            pos = nl + 1;
            return true;
        }
    }

    private boolean openSegment() throws IOException {
        while (segIdx < segments.size()) {
            SegmentRef r = segments.get(segIdx);
            IndexEntry start = startEntry != null ? startEntry : r.entries().isEmpty() ? null : r.entries().getFirst();
            startEntry = null;
            try {
                ch = FileChannel.open(r.data(), StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                // sealed meanwhile: read the compressed copy instead
                SegmentRef sealed = JournalReader.loadSealed(r.data().getParent(), r.baseSeq());
                if (sealed == null) {
                    throw e;
                }
                segments.set(segIdx, sealed);
                if (start != null && !r.isSealed()) {
                    start = JournalReader.entryAtOrBefore(sealed.entries(), start.seq());
                }
                r = sealed;
                ch = FileChannel.open(r.data(), StandardOpenOption.READ);
            }
            ref = r;
            pos = 0;
            limit = 0;
            segmentDone = false;
            if (start == null) {
                seq = r.baseSeq() - 1;
                filePos = 0;
                frameIdx = 0;
            } else {
                seq = start.seq() - 1;
                filePos = start.fileOffset();
                frameIdx = r.entries().indexOf(start);
            }
            bufFileStart = filePos;
            if (r.isSealed() && zstd == null) {
                zstd = new ZstdDecompressCtx();
            }
            return true;
        }
        return false;
    }

    private boolean refill() throws IOException {
        if (ref.isSealed()) {
            if (pos < limit) {
                throw new IOException("journal: frame " + frameIdx + " of " + ref.data() + " does not end with a complete line");
            }
            List<IndexEntry> es = ref.entries();
            if (frameIdx >= es.size()) {
                return false;
            }
            IndexEntry e = es.get(frameIdx);
            boolean last = frameIdx + 1 >= es.size();
            long compEnd = last ? ref.end().fileLength() : es.get(frameIdx + 1).fileOffset();
            long rawEnd = last ? ref.end().rawLength() : es.get(frameIdx + 1).rawOffset();
            int c = Math.toIntExact(compEnd - e.fileOffset());
            int r = Math.toIntExact(rawEnd - e.rawOffset());
            if (comp.length < c) {
                comp = new byte[c];
            }
            if (buf.length < r) {
                buf = new byte[Math.max(r, buf.length * 2)];
            }
            ByteBuffer bb = ByteBuffer.wrap(comp, 0, c);
            while (bb.hasRemaining()) {
                if (ch.read(bb, e.fileOffset() + bb.position()) < 0) {
                    throw new IOException("journal: " + ref.data() + " ends inside frame " + frameIdx + " at offset " + e.fileOffset());
                }
            }
            int n;
            try {
                n = zstd.decompressByteArray(buf, 0, r, comp, 0, c);
            } catch (RuntimeException ex) {
                throw new IOException("journal: frame " + frameIdx + " of " + ref.data() + " at offset " + e.fileOffset()
                        + " does not decompress: " + ex.getMessage(), ex);
            }
            if (n != r) {
                throw new IOException("journal: frame " + frameIdx + " of " + ref.data() + " at offset " + e.fileOffset()
                        + " decompressed to " + n + " bytes, index says " + r);
            }
            bufFileStart = e.rawOffset();
            pos = 0;
            limit = n;
            frameIdx++;
            return true;
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
        int n = ch.read(ByteBuffer.wrap(buf, limit, buf.length - limit), filePos);
        if (n <= 0) {
            return false;
        }
        filePos += n;
        limit += n;
        return true;
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
        closeSegment();
        if (zstd != null) {
            zstd.close();
            zstd = null;
        }
    }
}
