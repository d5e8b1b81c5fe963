package dev.ladder.files;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decompresses one bzip2 file on several cores, the way {@code lbzip2} and {@code pbzip2} do: bzip2
 * blocks are independent, so each block is cut out of the file at its bit-aligned block magic
 * ({@code 0x314159265359}), re-aligned into a standalone one-block stream (header {@code BZh} and the
 * stream's level digit, the block's bits, the end-of-stream magic {@code 0x177245385090} and, as the
 * combined CRC of a one-block stream, the block's own CRC) and decompressed by libbz2
 * ({@link NativeBzip2InputStream}) on a shared pool of one daemon thread per core. Blocks are handed
 * out in file order; at most {@code window} blocks are in flight (read from the file, being
 * decompressed or waiting to be read), so memory is bounded by the window, never the file: a block
 * holds at most {@code level × 100 kB} of the compressor's run-length-coded input, which is about as
 * much output for ordinary data (long runs of one byte expand further). The file is memory-mapped,
 * not read into the heap.
 *
 * <p>The bytes are exactly those of the serial {@link NativeBzip2InputStream} on the same file,
 * concatenated streams included (each stream's header gives the level of its blocks; each stream's
 * stored combined CRC is checked against its blocks' CRCs). A block magic can also occur by chance
 * inside compressed data; such a false split never gets through, because libbz2 checks every cut-out
 * block as it checks any stream: the block must end exactly at the next magic and its CRC must
 * match. Whenever anything does not check out (a cut-out block that fails to decompress, a stream
 * whose combined CRC differs, no stream header where one must be, a stream without an end), the rest
 * of the file is read serially: a {@link NativeBzip2InputStream} over the whole file skips the bytes
 * already handed out and carries on. Corrupt, truncated or trailing-garbage files therefore fail with
 * exactly the serial stream's {@link IOException}, after the same bytes, never with short output.
 * A file with a false split reads serially from that block on (not only that block): correct, at the
 * serial stream's speed.
 *
 * <p>{@link #pays(long)} says whether this can be faster than the serial stream at all (libbz2
 * present, more than one core, a file of at least {@value #MIN_PARALLEL_BYTES} bytes, and the system
 * property {@code ladder.bzip2.parallel} not {@code false}); {@link DataFile} uses it for regular
 * bzip2 files and the serial stream otherwise. One thread reads at a time (not necessarily the
 * one that opened it); {@link #close()} cancels the blocks in flight and unmaps the file.
 */
final class ParallelBzip2InputStream extends InputStream {
    /** Compressed files smaller than this (a few blocks at most) are read serially. */
    static final long MIN_PARALLEL_BYTES = 1L << 20;

    static final long BLOCK_MAGIC = 0x314159265359L;
    static final long END_MAGIC = 0x177245385090L;
    private static final long MASK48 = (1L << 48) - 1;
    private static final ValueLayout.OfLong BIG_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** Byte values that the third byte of a magic takes at each of the eight bit offsets. */
    private static final boolean[] CANDIDATE = new boolean[256];

    static {
        for (int s = 0; s < 8; s++) {
            CANDIDATE[(int) ((BLOCK_MAGIC >>> (24 + s)) & 0xff)] = true;
            CANDIDATE[(int) ((END_MAGIC >>> (24 + s)) & 0xff)] = true;
        }
    }

    private static final class Pool {
        static final ExecutorService EXECUTOR;

        static {
            AtomicInteger n = new AtomicInteger();
            EXECUTOR = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(),
                    r -> Thread.ofPlatform().name("ladder-bzip2-" + n.incrementAndGet()).daemon().unstarted(r));
        }
    }

    private final Path file;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment data;
    private final long totalBits;
    private final int window;
    private final ArrayDeque<Future<byte[]>> inFlight = new ArrayDeque<>();

    // scanner state
    private long bitPos;
    private int level;
    private boolean isInStream;
    private int combinedCrc;
    private boolean isScanDone;
    private boolean hasScanFailed;

    // reader state
    private byte[] current = new byte[0];
    private int position;
    private long delivered;
    private InputStream serial;
    private IOException failure;
    private boolean isClosed;
    private int blocks;

    /** Whether the parallel stream can pay off for a compressed file of {@code size} bytes. */
    static boolean pays(long size) {
        return NativeBzip2InputStream.isAvailable() && Runtime.getRuntime().availableProcessors() > 1
                && size >= MIN_PARALLEL_BYTES && !"false".equals(System.getProperty("ladder.bzip2.parallel"));
    }

    /** Reads {@code file} with a window of two blocks per core. */
    ParallelBzip2InputStream(Path file) throws IOException {
        this(file, 2 * Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param file   a bzip2 file (its first stream header is checked when it is first read)
     * @param window blocks in flight at most (at least 1)
     * @throws IOException when libbz2 is missing or the file cannot be opened and mapped
     */
    ParallelBzip2InputStream(Path file, int window) throws IOException {
        if (!NativeBzip2InputStream.isAvailable()) {
            arena.close();
            throw new IOException("libbz2 is not available");
        }
        if (window < 1) {
            arena.close();
            throw new IllegalArgumentException("window must be 1 or more, was " + window);
        }
        this.file = file;
        this.window = window;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            data = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size(), arena);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
        totalBits = data.byteSize() * 8;
    }

    /** Blocks decompressed in parallel and handed out so far (for tests). */
    int parallelBlocks() {
        return blocks;
    }

    /** Whether the rest of the file is being read serially because something did not check out (for tests). */
    boolean isSerial() {
        return serial != null;
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
        if (failure != null) {
            throw failure;
        }
        if (len == 0) {
            return 0;
        }
        while (serial == null && position == current.length) {
            if (!nextBlock()) {
                break;
            }
        }
        if (serial != null) {
            return serial.read(b, off, len);
        }
        if (position == current.length) {
            return -1;
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current, position, b, off, n);
        position += n;
        delivered += n;
        return n;
    }

    /** Takes the next decompressed block; {@code false} at the end (or after switching to serial). */
    private boolean nextBlock() throws IOException {
        fillWindow();
        Future<byte[]> f = inFlight.peek();
        if (f == null) {
            if (hasScanFailed) {
                switchToSerial();
            }
            return false;
        }
        byte[] out;
        try {
            out = f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a bzip2 block");
        } catch (ExecutionException | CancellationException e) {
            switchToSerial();
            return false;
        }
        inFlight.remove();
        blocks++;
        current = out;
        position = 0;
        fillWindow();
        return true;
    }

    private void fillWindow() {
        while (inFlight.size() < window && !isScanDone) {
            byte[] piece = scanNext();
            if (piece != null) {
                inFlight.add(Pool.EXECUTOR.submit(() -> NativeBzip2InputStream.decompressStream(piece)));
            }
        }
    }

    /**
     * Everything from here on comes from a serial stream over the whole file, which first skips the
     * bytes already handed out; its errors are the serial stream's.
     */
    private void switchToSerial() throws IOException {
        cancelInFlight();
        try {
            openSerial();
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }

    private void openSerial() throws IOException {
        InputStream raw = Files.newInputStream(file);
        InputStream s;
        try {
            s = new NativeBzip2InputStream(new BufferedInputStream(raw, 1 << 16));
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
        serial = s;
        byte[] skip = new byte[1 << 16];
        long left = delivered;
        while (left > 0) {
            int n = s.read(skip, 0, (int) Math.min(skip.length, left));
            if (n < 0) {
                throw new IOException("bzip2 data ends sooner when read serially (" + (delivered - left)
                        + " bytes) than in parallel (" + delivered + " bytes)");
            }
            left -= n;
        }
    }

    private void cancelInFlight() {
        Future<byte[]> f;
        while ((f = inFlight.poll()) != null) {
            f.cancel(false);
        }
    }

    /**
     * Finds the next block and returns it as a standalone stream; {@code null} when a stream ended or
     * began instead (or the scan is done: {@link #isScanDone}, and {@link #hasScanFailed} when what was
     * found is not well formed).
     */
    private byte[] scanNext() {
        if (!isInStream) {
            if (bitPos == totalBits) {
                isScanDone = true;
                return null;
            }
            if (bitPos + 32 > totalBits || bits(bitPos, 24) != 0x425a68) {
                return fail();
            }
            int digit = (int) bits(bitPos + 24, 8) - '0';
            if (digit < 1 || digit > 9) {
                return fail();
            }
            level = digit;
            bitPos += 32;
            isInStream = true;
            combinedCrc = 0;
            return null;
        }
        if (bitPos + 48 > totalBits) {
            return fail();
        }
        long magic = bits(bitPos, 48);
        if (magic == END_MAGIC) {
            if (bitPos + 80 > totalBits || (int) bits(bitPos + 48, 32) != combinedCrc) {
                return fail();
            }
            bitPos = (bitPos + 80 + 7) & ~7L;
            isInStream = false;
            return null;
        }
        if (magic != BLOCK_MAGIC) {
            return fail();
        }
        long end = findMagic(bitPos + 80);
        if (end < 0) {
            return fail();
        }
        int crc = (int) bits(bitPos + 48, 32);
        combinedCrc = Integer.rotateLeft(combinedCrc, 1) ^ crc;
        byte[] piece = standalone(bitPos, end, level, crc);
        bitPos = end;
        return piece;
    }

    private byte[] fail() {
        isScanDone = true;
        hasScanFailed = true;
        return null;
    }

    /** A one-block bzip2 stream of the block at bits {@code [start, end)} of the file. */
    private byte[] standalone(long start, long end, int level, int crc) {
        long n = end - start;
        BitWriter w = new BitWriter((int) ((n + 7) / 8) + 16);
        w.put(0x425a6830L + level, 32);
        long p = start;
        for (; p + 32 <= end; p += 32) {
            w.put(bits(p, 32), 32);
        }
        if (p < end) {
            w.put(bits(p, (int) (end - p)), (int) (end - p));
        }
        w.put(END_MAGIC >>> 16, 32);
        w.put(END_MAGIC & 0xffff, 16);
        w.put(crc & 0xffffffffL, 32);
        return w.finish();
    }

    /** {@code n} (1..57) bits of the file from bit {@code pos}, which must be within the file. */
    private long bits(long pos, int n) {
        long byteIndex = pos >>> 3;
        int shift = (int) (pos & 7);
        long word;
        if (byteIndex + 8 <= data.byteSize()) {
            word = data.get(BIG_LONG, byteIndex);
        } else {
            word = 0;
            for (int i = 0; i < 8; i++) {
                long k = byteIndex + i;
                word = (word << 8) | (k < data.byteSize() ? data.get(ValueLayout.JAVA_BYTE, k) & 0xff : 0);
            }
        }
        return (word << shift) >>> (64 - n);
    }

    /** The first bit position at or after {@code from} where a block or end-of-stream magic starts; -1 when none. */
    long findMagic(long from) {
        long size = data.byteSize();
        long firstByte = from >>> 3;
        for (long j = firstByte + 2; j < size; j++) {
            if (!CANDIDATE[data.get(ValueLayout.JAVA_BYTE, j) & 0xff]) {
                continue;
            }
            long base = (j - 2) * 8;
            for (int s = 0; s < 8; s++) {
                long p = base + s;
                if (p < from || p + 48 > totalBits) {
                    continue;
                }
                long m = bits(p, 48);
                if (m == BLOCK_MAGIC || m == END_MAGIC) {
                    return p;
                }
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        if (isClosed) {
            return;
        }
        isClosed = true;
        cancelInFlight();
        try {
            if (serial != null) {
                serial.close();
            }
        } finally {
            arena.close();
        }
    }

    /** Bits appended most significant first into a byte array of a known size. */
    private static final class BitWriter {
        private final byte[] out;
        private int index;
        private long acc;
        private int accBits;

        BitWriter(int capacity) {
            out = new byte[capacity];
        }

        void put(long value, int n) {
            acc = (acc << n) | (value & ((1L << n) - 1));
            accBits += n;
            while (accBits >= 8) {
                accBits -= 8;
                out[index++] = (byte) (acc >>> accBits);
            }
        }

        byte[] finish() {
            if (accBits > 0) {
                out[index++] = (byte) (acc << (8 - accBits));
                accBits = 0;
            }
            return java.util.Arrays.copyOf(out, index);
        }
    }
}
