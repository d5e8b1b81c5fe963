package dev.ladder.files;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * Opens a data file whatever its packing: plain, gzip, bzip2 or zstd (each {@link Compression}
 * recognised by its magic bytes, layers within layers too, e.g. a gzip of a bzip2), and a tar
 * archive (plain or inside any of those) whose entries are in turn any of these, tars included.
 * The content decides, never the name: a file named {@code .gz} that holds plain text is read as
 * plain text, and a gzip file named {@code .txt} is decompressed.
 *
 * <p>A file (or tar entry) is read as {@link #next() entries}: a file that is not an archive is one
 * entry with a {@code null} name; an archive gives one entry per regular file in archive order
 * (directories, links and other special entries are skipped), named by its path in the archive,
 * {@code outer.tar!inner/x.bz2} for an entry of a nested archive. {@link #concatenated()} gives
 * all entries as one stream for line readers.
 *
 * <p>Errors, all {@link IOException}s whose message starts with the file (and entry) they concern:
 * <ul>
 *   <li>a name that claims a compression ({@link Compression#claimedBy}: {@code .gz}, {@code .bz2},
 *       {@code .zst}, ...) on content that has neither its magic bytes nor looks like text (a NUL byte
 *       or invalid UTF-8 in its first 4 KiB) is "not bzip2" (or gzip, zstd), never read as text;</li>
 *   <li>truncated or corrupt compressed data, or a truncated or corrupt tar archive, fails when it is
 *       read, naming the format ({@code x.gz: corrupt or truncated gzip data: ...});</li>
 *   <li>a file that cannot be opened fails in {@link #open(Path)} as the JDK reports it
 *       ({@link java.nio.file.NoSuchFileException} and so on).</li>
 * </ul>
 * A file whose content is in none of these formats and whose name claims nothing is plain content,
 * handed through unchanged for its reader to judge. At most {@value #MAX_LAYERS} compression layers
 * and {@value #MAX_ARCHIVE_DEPTH} nested archives are opened; anything deeper is handed through as it is.
 *
 * <p>A bzip2 file opened by {@link #open(Path)} that is a regular file of at least 1 MiB is
 * decompressed block by block on every core ({@code ParallelBzip2InputStream}: libbz2 present, more
 * than one core, not switched off by {@code -Dladder.bzip2.parallel=false}), with the same bytes and
 * the same errors as the serial decoder; tar entries and streams are decompressed serially.
 *
 * <p>Not thread-safe: one thread reads a {@code DataFile} and its entries. An entry's stream is valid
 * until the next call to {@link #next()} or {@link #close()}.
 */
public final class DataFile implements Closeable {
    /** Compression layers opened at most, one within the other. */
    public static final int MAX_LAYERS = 4;
    /** Archives opened at most, one within the other. */
    public static final int MAX_ARCHIVE_DEPTH = 4;

    private static final int BUFFER = 1 << 16;
    private static final int TEXT_SAMPLE = 4096;
    private static final int TAR_BLOCK = 512;

    private final String source;
    private final InputStream input;
    private final Compression compression;
    private final boolean isArchive;
    private final Deque<Archive> archives = new ArrayDeque<>();
    private Entry single;
    private InputStream current;
    private boolean isClosed;

    /**
     * One file within a data file: its decompressed bytes.
     *
     * @param name        the path inside the archive ({@code a/b.bz2}, {@code outer.tar!inner/c}), or
     *                    {@code null} when the file is not an archive
     * @param source      the file, followed by {@code !name} for an archive entry: what messages name
     * @param compression the outermost compression of this entry's own bytes ({@link Compression#NONE}
     *                    for a plain entry)
     * @param content     the decompressed bytes; valid until the next entry is asked for; closing it is
     *                    allowed and does not close the data file
     */
    public record Entry(String name, String source, Compression compression, InputStream content) {
    }

    private record Archive(TarArchiveInputStream tar, String prefix, String source) {
    }

    private record Decoded(InputStream stream, Compression outer) {
    }

    private DataFile(InputStream raw, String source, String claimName) throws IOException {
        this(raw, source, claimName, null);
    }

    /** {@code file}: the regular file {@code raw} reads, whose bzip2 may be decompressed in parallel; or {@code null}. */
    private DataFile(InputStream raw, String source, String claimName, Path file) throws IOException {
        this.source = source;
        this.input = raw;
        Decoded d = decode(raw, source, claimName, file);
        this.compression = d.outer;
        try {
            isArchive = isTar(d.stream);
        } catch (IOException | RuntimeException e) {
            closeQuietly(d.stream, e);
            throw e;
        }
        if (isArchive) {
            archives.push(new Archive(new TarArchiveInputStream(d.stream), "", source));
        } else {
            single = new Entry(null, source, d.outer, d.stream);
        }
    }

    /**
     * Opens {@code file}, finding its compression and whether it is an archive from its first bytes.
     * Messages name the file as {@code file.toString()}.
     *
     * @throws IOException when the file cannot be opened, or its name claims a compression that its
     *                     content neither has nor is text (see the class comment)
     */
    public static DataFile open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        try {
            Path name = file.getFileName();
            return new DataFile(raw, file.toString(), name == null ? file.toString() : name.toString(), file);
        } catch (IOException | RuntimeException e) {
            try {
                raw.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * Opens a stream as a data file named {@code source} (used in messages and for the name's claim,
     * see the class comment). Closing the data file does not close {@code in}; its caller does.
     *
     * @throws IOException as {@link #open(Path)}
     */
    public static DataFile open(InputStream in, String source) throws IOException {
        return new DataFile(nonClosing(in), source, source);
    }

    /**
     * The content of {@code file}'s entries, one after another, as one stream (see
     * {@link #concatenated()}); closing it closes the file.
     *
     * @throws IOException as {@link #open(Path)}
     */
    public static InputStream openConcatenated(Path file) throws IOException {
        return open(file).concatenated();
    }

    /** The file as given to {@code open}: what messages name. */
    public String source() {
        return source;
    }

    /** The outermost compression of the file ({@link Compression#NONE} for a plain file or a plain tar). */
    public Compression compression() {
        return compression;
    }

    /** {@code true} when the file (after its compression) is a tar archive. */
    public boolean isArchive() {
        return isArchive;
    }

    /**
     * The next entry, or {@code null} after the last one. Closes the stream of the entry handed out
     * before.
     *
     * @throws IOException for a corrupt or truncated archive or compressed entry, or an entry whose name
     *                     claims a compression its content does not have (see the class comment)
     * @throws IllegalStateException after {@link #close()}
     */
    public Entry next() throws IOException {
        if (isClosed) {
            throw new IllegalStateException(source + ": closed");
        }
        closeCurrent();
        if (single != null) {
            Entry e = single;
            single = null;
            current = e.content;
            return e;
        }
        while (!archives.isEmpty()) {
            Archive a = archives.peek();
            TarArchiveEntry te;
            try {
                te = a.tar.getNextEntry();
            } catch (IOException | RuntimeException e) {
                throw corrupt(a.source, "tar archive", e);
            }
            if (te == null) {
                archives.pop();
                if (!archives.isEmpty()) {
                    a.tar.close();
                }
                continue;
            }
            if (!te.isFile()) {
                continue;
            }
            String name = a.prefix + te.getName();
            String entrySource = source + "!" + name;
            InputStream body = new Named(nonClosing(a.tar), entrySource, "tar archive");
            Decoded d = decode(body, entrySource, te.getName());
            boolean isNested;
            try {
                isNested = archives.size() < MAX_ARCHIVE_DEPTH && isTar(d.stream);
            } catch (IOException | RuntimeException e) {
                closeQuietly(d.stream, e);
                throw e;
            }
            if (isNested) {
                archives.push(new Archive(new TarArchiveInputStream(d.stream), name + "!", entrySource));
                continue;
            }
            current = d.stream;
            return new Entry(name, entrySource, d.outer, d.stream);
        }
        return null;
    }

    /**
     * The content of the remaining entries one after another, as one stream for line readers: when an
     * entry does not end with a line feed and another entry follows, a line feed is put between them,
     * so the last line of one entry never runs into the first line of the next. Errors are those of
     * {@link #next()} and of reading an entry. Closing the stream closes this data file.
     */
    public InputStream concatenated() {
        return new Concatenation();
    }

    /** Closes the file and every stream opened on it. Idempotent. */
    @Override
    public void close() throws IOException {
        if (isClosed) {
            return;
        }
        isClosed = true;
        IOException failure = null;
        try {
            closeCurrent();
        } catch (IOException e) {
            failure = e;
        }
        while (!archives.isEmpty()) {
            try {
                archives.pop().tar.close();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (single != null) {
            try {
                single.content.close();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        try {
            input.close();
        } catch (IOException e) {
            failure = failure == null ? e : failure;
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void closeCurrent() throws IOException {
        InputStream c = current;
        current = null;
        if (c != null) {
            c.close();
        }
    }

    /**
     * Opens the compression layers of {@code base}; {@code claimName} is the name whose suffix is
     * checked. On failure every layer opened so far is closed (and so is {@code base}).
     */
    private static Decoded decode(InputStream base, String label, String claimName) throws IOException {
        return decode(base, label, claimName, null);
    }

    /**
     * As {@link #decode(InputStream, String, String)}; when {@code base} reads the whole of the regular
     * {@code file} (not {@code null}) and that file is bzip2 large enough for it to pay, the outer
     * layer is decompressed in parallel ({@link ParallelBzip2InputStream}).
     */
    private static Decoded decode(InputStream base, String label, String claimName, Path file) throws IOException {
        BufferedInputStream s = new BufferedInputStream(base, BUFFER);
        Compression outer = Compression.NONE;
        try {
            for (int layer = 0; ; layer++) {
                byte[] head = peek(s, Compression.MAGIC_LENGTH);
                Compression c = Compression.detect(head, head.length);
                if (c == Compression.NONE || layer == MAX_LAYERS) {
                    if (layer == 0) {
                        checkClaim(s, label, claimName);
                    }
                    return new Decoded(s, outer);
                }
                if (layer == 0) {
                    outer = c;
                }
                InputStream d = layer == 0 && c == Compression.BZIP2 && file != null ? parallelBzip2(file) : null;
                s = new BufferedInputStream(new Named(d != null ? d : decompressor(c, s, label), label, c.label() + " data"), BUFFER);
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(s, e);
            throw e;
        }
    }

    private static void closeQuietly(InputStream s, Throwable failure) {
        try {
            s.close();
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * A parallel bzip2 stream over {@code file} when it pays ({@link ParallelBzip2InputStream#pays});
     * {@code null} when it does not, or when the file cannot be mapped (the serial stream then reads it).
     */
    private static InputStream parallelBzip2(Path file) {
        try {
            if (!Files.isRegularFile(file) || !ParallelBzip2InputStream.pays(Files.size(file))) {
                return null;
            }
            return new ParallelBzip2InputStream(file);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static InputStream decompressor(Compression c, InputStream in, String label) throws IOException {
        try {
            return switch (c) {
                case GZIP -> new GZIPInputStream(in, BUFFER);
                case BZIP2 -> NativeBzip2InputStream.isAvailable() ? new NativeBzip2InputStream(in) : new BZip2CompressorInputStream(in, true);
                case ZSTD -> new ZstdInputStreamNoFinalizer(in);
                case NONE -> in;
            };
        } catch (IOException | RuntimeException e) {
            throw corrupt(label, c.label() + " data", e);
        }
    }

    /** A name that claims a compression the content lacks is accepted only for text. */
    private static void checkClaim(BufferedInputStream s, String label, String claimName) throws IOException {
        Compression claimed = Compression.claimedBy(claimName);
        if (claimed == Compression.NONE) {
            return;
        }
        byte[] sample = peek(s, TEXT_SAMPLE);
        if (!isText(sample, sample.length < TEXT_SAMPLE)) {
            throw new DataFileException(label + ": not " + claimed.label() + ": the name says " + claimed.label()
                    + " but the content has no " + claimed.label() + " magic bytes and is not text (it starts "
                    + hex(sample, 8) + ")");
        }
    }

    /** No NUL byte and valid UTF-8 (a sequence cut by the end of a partial sample is allowed). */
    static boolean isText(byte[] sample, boolean isWhole) {
        for (byte b : sample) {
            if (b == 0) {
                return false;
            }
        }
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(sample);
        CharBuffer out = CharBuffer.allocate(sample.length + 1);
        if (d.decode(in, out, isWhole).isError()) {
            return false;
        }
        return !isWhole || !d.flush(out).isError();
    }

    private static boolean isTar(InputStream s) throws IOException {
        byte[] h = peek(s, TAR_BLOCK);
        return isTarHeader(h, h.length);
    }

    /** A tar header block: a name, and a header checksum (octal at 148) that matches the block. */
    static boolean isTarHeader(byte[] h, int length) {
        if (length < TAR_BLOCK || h[0] == 0) {
            return false;
        }
        long stored = 0;
        int digits = 0;
        int i = 148;
        while (i < 156 && (h[i] == ' ' || h[i] == 0) && digits == 0) {
            i++;
        }
        for (; i < 156 && h[i] >= '0' && h[i] <= '7'; i++) {
            stored = stored * 8 + (h[i] - '0');
            digits++;
        }
        if (digits == 0 || (i < 156 && h[i] != ' ' && h[i] != 0)) {
            return false;
        }
        long sum = 0;
        for (int k = 0; k < TAR_BLOCK; k++) {
            sum += k >= 148 && k < 156 ? ' ' : h[k] & 0xff;
        }
        return sum == stored;
    }

    /** Up to {@code n} leading bytes without consuming them (fewer at the end of the stream). */
    private static byte[] peek(InputStream s, int n) throws IOException {
        s.mark(n);
        try {
            return s.readNBytes(n);
        } finally {
            s.reset();
        }
    }

    private static String hex(byte[] b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(n, b.length); i++) {
            sb.append(i > 0 ? " " : "").append(String.format("%02x", b[i] & 0xff));
        }
        return b.length == 0 ? "empty" : sb.toString();
    }

    private static IOException corrupt(String label, String what, Throwable e) {
        if (e instanceof DataFileException d) {
            return d;
        }
        return new DataFileException(label + ": corrupt or truncated " + what + ": " + e.getMessage(), e);
    }

    private static InputStream nonClosing(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public void close() {
            }
        };
    }

    /** An IOException that already names its file; never wrapped again. */
    static final class DataFileException extends IOException {
        DataFileException(String message) {
            super(message);
        }

        DataFileException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Names the file and the format in every failure of the stream it wraps. */
    private static final class Named extends FilterInputStream {
        private final String label;
        private final String what;

        Named(InputStream in, String label, String what) {
            super(in);
            this.label = label;
            this.what = what;
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (IOException | RuntimeException e) {
                throw corrupt(label, what, e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (IOException | RuntimeException e) {
                throw corrupt(label, what, e);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return in.skip(n);
            } catch (IOException | RuntimeException e) {
                throw corrupt(label, what, e);
            }
        }

        @Override
        public int available() throws IOException {
            try {
                return in.available();
            } catch (IOException | RuntimeException e) {
                throw corrupt(label, what, e);
            }
        }
    }

    /** The remaining entries as one stream (see {@link #concatenated()}). */
    private final class Concatenation extends InputStream {
        private InputStream in;
        private boolean hasBytes;
        private int last = '\n';
        private boolean isDone;
        private final byte[] one = new byte[1];

        @Override
        public int read() throws IOException {
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (!isDone) {
                if (in == null) {
                    boolean needsLineFeed = hasBytes && last != '\n';
                    Entry e = next();
                    if (e == null) {
                        isDone = true;
                        return -1;
                    }
                    in = e.content;
                    hasBytes = false;
                    if (needsLineFeed) {
                        b[off] = '\n';
                        last = '\n';
                        return 1;
                    }
                }
                int n = in.read(b, off, len);
                if (n > 0) {
                    hasBytes = true;
                    last = b[off + n - 1];
                    return n;
                }
                if (n < 0) {
                    in = null;
                }
            }
            return -1;
        }

        @Override
        public void close() throws IOException {
            DataFile.this.close();
        }
    }
}
