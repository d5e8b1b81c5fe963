package dev.ladder.files;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;

/**
 * bzip2 decompression through the system's libbz2 (the library {@code bzcat} uses), called with the
 * JDK's foreign function API: about three times the speed of commons-compress's pure-Java decoder on
 * this machine. Reads concatenated streams one after another (as {@code bzcat} and commons-compress
 * with {@code decompressConcatenated} do); bytes after a stream that are not another stream are an
 * error ("garbage after a valid bzip2 stream").
 *
 * <p>{@link #isAvailable()} says whether libbz2 ({@code libbz2.so.1.0}, {@code libbz2.so.1} or
 * {@code libbz2.so}) could be loaded; {@link DataFile} falls back to commons-compress when it could not,
 * or when the system property {@code ladder.bzip2.native} is {@code false}. A test holds the two
 * decoders to the same bytes on every shared file.
 *
 * <p>Errors: corrupt data and truncation are {@link IOException}s ({@link DataFile} names the file),
 * thrown after every byte libbz2 produced before it found the fault has been read, and again on
 * every read after that.
 * Native memory (the stream state, 64 KiB in and 256 KiB out) is freed by {@link #close()}. One thread
 * at a time, but not necessarily the one that opened it (a read-ahead thread may read it).
 */
final class NativeBzip2InputStream extends InputStream {
    private static final int OK = 0;
    private static final int STREAM_END = 4;
    private static final int IN_BYTES = 1 << 16;
    private static final int OUT_BYTES = 1 << 18;
    // bz_stream on LP64: next_in 0, avail_in 8, total_in 12/16, next_out 24, avail_out 32, total_out 36/40,
    // state 48, bzalloc 56, bzfree 64, opaque 72
    private static final long NEXT_IN = 0;
    private static final long AVAIL_IN = 8;
    private static final long NEXT_OUT = 24;
    private static final long AVAIL_OUT = 32;
    private static final long STRUCT_BYTES = 80;

    private static final MethodHandle INIT;
    private static final MethodHandle DECOMPRESS;
    private static final MethodHandle END;

    static {
        MethodHandle init = null;
        MethodHandle decompress = null;
        MethodHandle end = null;
        if (!"false".equals(System.getProperty("ladder.bzip2.native"))) {
            for (String name : new String[] {"libbz2.so.1.0", "libbz2.so.1", "libbz2.so"}) {
                try {
                    SymbolLookup lib = SymbolLookup.libraryLookup(name, Arena.global());
                    Linker linker = Linker.nativeLinker();
                    init = linker.downcallHandle(lib.findOrThrow("BZ2_bzDecompressInit"),
                            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
                    decompress = linker.downcallHandle(lib.findOrThrow("BZ2_bzDecompress"),
                            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
                    end = linker.downcallHandle(lib.findOrThrow("BZ2_bzDecompressEnd"),
                            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
                    break;
                } catch (RuntimeException | LinkageError e) {
                    init = null;
                    decompress = null;
                    end = null;
                }
            }
        }
        INIT = init;
        DECOMPRESS = decompress;
        END = end;
    }

    private final InputStream in;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment strm;
    private final MemorySegment inSeg;
    private final MemorySegment outSeg;
    private final byte[] inBytes = new byte[IN_BYTES];
    private final byte[] out = new byte[OUT_BYTES];
    private int outPos;
    private int outLen;
    private boolean isInputEnded;
    private boolean isStreamOpen;
    private boolean isEnded;
    private boolean isClosed;
    private IOException pending;

    /** Whether libbz2 was found (and native decompression not switched off). */
    static boolean isAvailable() {
        return INIT != null;
    }

    NativeBzip2InputStream(InputStream in) throws IOException {
        if (!isAvailable()) {
            arena.close();
            throw new IOException("libbz2 is not available");
        }
        this.in = in;
        strm = arena.allocate(STRUCT_BYTES, 8);
        inSeg = arena.allocate(IN_BYTES);
        outSeg = arena.allocate(OUT_BYTES);
        try {
            open();
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private void open() throws IOException {
        int rc = call(INIT, strm, 0, 0);
        if (rc != OK) {
            throw new IOException("cannot start bzip2 decompression (libbz2 error " + rc + ")");
        }
        isStreamOpen = true;
    }

    private static int call(MethodHandle h, MemorySegment s, int a, int b) {
        try {
            return (int) h.invokeExact(s, a, b);
        } catch (Throwable t) {
            throw new IllegalStateException("libbz2 call failed", t);
        }
    }

    /**
     * Decompresses {@code stream}, which must be exactly one whole bzip2 stream, on the calling thread
     * with memory of its own (a confined arena: no cross-thread handshake when it is freed), for
     * {@link ParallelBzip2InputStream}'s blocks.
     *
     * @throws IOException for corrupt data, a stream cut short, or bytes after the stream's end
     */
    static byte[] decompressStream(byte[] stream) throws IOException {
        if (!isAvailable()) {
            throw new IOException("libbz2 is not available");
        }
        try (Arena a = Arena.ofConfined()) {
            MemorySegment s = a.allocate(STRUCT_BYTES, 8);
            MemorySegment inSeg = a.allocate(Math.max(1, stream.length));
            MemorySegment outSeg = a.allocate(OUT_BYTES);
            MemorySegment.copy(stream, 0, inSeg, ValueLayout.JAVA_BYTE, 0, stream.length);
            int rc = call(INIT, s, 0, 0);
            if (rc != OK) {
                throw new IOException("cannot start bzip2 decompression (libbz2 error " + rc + ")");
            }
            try {
                s.set(ValueLayout.ADDRESS, NEXT_IN, inSeg);
                s.set(ValueLayout.JAVA_INT, AVAIL_IN, stream.length);
                byte[] out = new byte[Math.max(OUT_BYTES, 4 * stream.length)];
                int length = 0;
                while (true) {
                    s.set(ValueLayout.ADDRESS, NEXT_OUT, outSeg);
                    s.set(ValueLayout.JAVA_INT, AVAIL_OUT, OUT_BYTES);
                    rc = call(DECOMPRESS, s);
                    int n = OUT_BYTES - s.get(ValueLayout.JAVA_INT, AVAIL_OUT);
                    if (rc != OK && rc != STREAM_END) {
                        throw new IOException("bzip2 data is corrupt (libbz2 error " + rc + ")");
                    }
                    if (length + n > out.length) {
                        out = Arrays.copyOf(out, Math.max(length + n, 2 * out.length));
                    }
                    MemorySegment.copy(outSeg, ValueLayout.JAVA_BYTE, 0, out, length, n);
                    length += n;
                    if (rc == STREAM_END) {
                        if (s.get(ValueLayout.JAVA_INT, AVAIL_IN) != 0) {
                            throw new IOException("bytes after the end of a bzip2 stream");
                        }
                        return Arrays.copyOf(out, length);
                    }
                    if (n == 0 && s.get(ValueLayout.JAVA_INT, AVAIL_IN) == 0) {
                        throw new IOException("unexpected end of bzip2 data (truncated)");
                    }
                }
            } finally {
                call(END, s);
            }
        }
    }

    private static int call(MethodHandle h, MemorySegment s) {
        try {
            return (int) h.invokeExact(s);
        } catch (Throwable t) {
            throw new IllegalStateException("libbz2 call failed", t);
        }
    }

    /** Tops up the native input when it is empty; {@code false} at the end of the input. */
    private boolean refill() throws IOException {
        if (strm.get(ValueLayout.JAVA_INT, AVAIL_IN) != 0) {
            return true;
        }
        if (isInputEnded) {
            return false;
        }
        int n = in.read(inBytes, 0, IN_BYTES);
        if (n <= 0) {
            isInputEnded = true;
            return false;
        }
        MemorySegment.copy(inBytes, 0, inSeg, ValueLayout.JAVA_BYTE, 0, n);
        strm.set(ValueLayout.ADDRESS, NEXT_IN, inSeg);
        strm.set(ValueLayout.JAVA_INT, AVAIL_IN, n);
        return true;
    }

    /** Decompresses the next piece into {@code out}; {@code false} at the end of the last stream. */
    private boolean produce() throws IOException {
        if (pending != null) {
            throw pending;
        }
        while (!isEnded) {
            boolean hasInput = refill();
            strm.set(ValueLayout.ADDRESS, NEXT_OUT, outSeg);
            strm.set(ValueLayout.JAVA_INT, AVAIL_OUT, OUT_BYTES);
            int rc = call(DECOMPRESS, strm);
            int n = OUT_BYTES - strm.get(ValueLayout.JAVA_INT, AVAIL_OUT);
            if (rc != OK && rc != STREAM_END) {
                IOException e = new IOException(rc == -4 ? "bzip2 data is corrupt (libbz2 BZ_DATA_ERROR)"
                        : rc == -5 ? "garbage after a valid bzip2 stream (libbz2 BZ_DATA_ERROR_MAGIC)"
                        : "libbz2 error " + rc);
                pending = e;
                if (n == 0) {
                    throw e;
                }
                MemorySegment.copy(outSeg, ValueLayout.JAVA_BYTE, 0, out, 0, n);
                outPos = 0;
                outLen = n;
                return true;
            }
            if (rc == STREAM_END) {
                call(END, strm);
                isStreamOpen = false;
                if (refill()) {
                    MemorySegment next = strm.get(ValueLayout.ADDRESS, NEXT_IN);
                    int avail = strm.get(ValueLayout.JAVA_INT, AVAIL_IN);
                    open();
                    strm.set(ValueLayout.ADDRESS, NEXT_IN, next);
                    strm.set(ValueLayout.JAVA_INT, AVAIL_IN, avail);
                } else {
                    isEnded = true;
                }
            } else if (n == 0 && !hasInput) {
                pending = new IOException("unexpected end of bzip2 data (truncated)");
                throw pending;
            }
            if (n > 0) {
                MemorySegment.copy(outSeg, ValueLayout.JAVA_BYTE, 0, out, 0, n);
                outPos = 0;
                outLen = n;
                return true;
            }
        }
        return false;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (isClosed) {
            throw new IOException("stream closed");
        }
        if (len == 0) {
            return 0;
        }
        if (outPos == outLen && !produce()) {
            return -1;
        }
        int n = Math.min(len, outLen - outPos);
        System.arraycopy(out, outPos, b, off, n);
        outPos += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        if (isClosed) {
            return;
        }
        isClosed = true;
        try {
            if (isStreamOpen) {
                call(END, strm);
                isStreamOpen = false;
            }
        } finally {
            arena.close();
            in.close();
        }
    }
}
