package dev.ladder.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads another stream ahead on a thread of its own, so that decompressing a file (the work inside
 * {@code in}) overlaps with whatever the reader of this stream does with the bytes (decoding, building
 * books) on another core. The bytes are exactly those of {@code in}, in order.
 *
 * <p>Hand-off is bounded and allocates nothing per read: a fixed pool of {@code buffers} chunks of
 * {@code chunkBytes} circulates between the two threads through two blocking queues (filled chunks
 * one way, emptied ones back), so at most {@code buffers × chunkBytes} bytes are read ahead.
 *
 * <p>Errors: an {@link IOException} or {@link RuntimeException} thrown by {@code in} is thrown by
 * {@link #read} once the bytes before it have been read (the same exception object, so its message
 * names the file as {@link DataFile} wrote it). {@link #close()} stops the thread (interrupting a
 * read-ahead that waits for room), waits for it and closes {@code in}. The reading side is one thread;
 * the read-ahead thread is a daemon and never outlives {@link #close()}.
 */
public final class ReadAheadInputStream extends InputStream {
    private static final Chunk END = new Chunk(0);

    private final InputStream in;
    private final BlockingQueue<Chunk> filled;
    private final BlockingQueue<Chunk> empty;
    private final Thread thread;
    private Chunk current;
    private int position;
    private boolean isEnded;
    private volatile boolean isClosed;

    private static final class Chunk {
        final byte[] bytes;
        int length;
        Throwable failure;

        Chunk(int size) {
            bytes = new byte[size];
        }
    }

    /** Reads {@code in} ahead in 4 chunks of 1 MiB. */
    public ReadAheadInputStream(InputStream in, String threadName) {
        this(in, threadName, 1 << 20, 4);
    }

    /**
     * @param in         the stream read ahead (owned: closed by {@link #close()})
     * @param threadName the read-ahead thread's name
     * @param chunkBytes bytes per chunk (at least 1)
     * @param buffers    chunks in the pool (at least 2)
     */
    public ReadAheadInputStream(InputStream in, String threadName, int chunkBytes, int buffers) {
        if (chunkBytes < 1 || buffers < 2) {
            throw new IllegalArgumentException("chunkBytes must be 1 or more and buffers 2 or more, were " + chunkBytes + " and " + buffers);
        }
        this.in = in;
        this.filled = new ArrayBlockingQueue<>(buffers + 1);
        this.empty = new ArrayBlockingQueue<>(buffers);
        for (int i = 0; i < buffers; i++) {
            empty.add(new Chunk(chunkBytes));
        }
        this.thread = Thread.ofPlatform().name(threadName).daemon().start(this::fill);
    }

    private void fill() {
        try {
            while (!isClosed) {
                Chunk c = empty.take();
                int n = 0;
                try {
                    int r;
                    while (n < c.bytes.length && (r = in.read(c.bytes, n, c.bytes.length - n)) > 0) {
                        n += r;
                    }
                } catch (IOException | RuntimeException e) {
                    c.length = n;
                    c.failure = e;
                    filled.put(c);
                    return;
                }
                c.length = n;
                c.failure = null;
                if (n > 0) {
                    filled.put(c);
                }
                if (n < c.bytes.length) {
                    filled.put(END);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean advance() throws IOException {
        if (isEnded) {
            return false;
        }
        if (current != null) {
            if (current.failure != null) {
                Throwable f = current.failure;
                isEnded = true;
                if (f instanceof IOException io) {
                    throw io;
                }
                throw (RuntimeException) f;
            }
            empty.add(current);
            current = null;
        }
        Chunk next;
        try {
            next = filled.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for data read ahead");
        }
        if (next == END) {
            isEnded = true;
            return false;
        }
        current = next;
        position = 0;
        if (next.length == 0) {
            return advance();
        }
        return true;
    }

    @Override
    public int read() throws IOException {
        while (current == null || position == current.length) {
            if (!advance()) {
                return -1;
            }
        }
        return current.bytes[position++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (current == null || position == current.length) {
            if (!advance()) {
                return -1;
            }
        }
        int n = Math.min(len, current.length - position);
        System.arraycopy(current.bytes, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public int available() {
        return current == null ? 0 : current.length - position;
    }

    @Override
    public void close() throws IOException {
        if (isClosed) {
            return;
        }
        isClosed = true;
        thread.interrupt();
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        in.close();
    }
}
