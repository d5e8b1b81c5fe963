package dev.ladder.journal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The read-ahead behind a {@link JournalCursor}: a serial cursor ({@code inner}) is first read on the
 * calling thread; after {@code afterRecords} records a daemon thread takes it over and reads,
 * decompresses, checks and splits records into batches (copied lines plus their positions and the
 * damage met before each), handed to the calling thread through a bounded queue of reused batches.
 * The calling thread sees the same records and the same damage in the same order, the damage
 * delivered on its own thread before the first record after it. An I/O error (or any exception)
 * of the reading thread is thrown by the calling thread's {@code next()} once the records read
 * before it are consumed. {@link #close} stops the thread and waits for it (it closes the inner
 * cursor); the thread never outlives it. At most {@link #MAX_THREADS} read-ahead threads run at a
 * time in the process; a cursor that finds none free stays serial.
 */
final class ReadAhead {
    /** Records per batch. */
    static final int BATCH_RECORDS = 1024;
    /** Line bytes per batch before it is handed over (a longer line gets a batch of its own). */
    static final int BATCH_BYTES = 256 << 10;
    /**
     * Batches per cursor at most (made as needed): one being filled, one being consumed, the rest
     * waiting, enough for the calling thread to go on for several milliseconds while the reading
     * thread waits for a core on a busy machine.
     */
    static final int BATCHES = 16;
    static final int MAX_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());
    private static final AtomicInteger RUNNING = new AtomicInteger();

    private final JournalCursor inner;
    private final JournalCursor out;
    private final long afterRecords;
    private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(BATCHES);
    private final BlockingQueue<Batch> full = new ArrayBlockingQueue<>(BATCHES);
    private volatile boolean closed;
    private Thread thread;
    private long served;
    private boolean ended;
    private Batch cur;
    private int idx;
    private int dmg;
    /** The batch the reading thread fills (touched by that thread only). */
    private Batch filling;
    /** Batches made so far (reading thread only). */
    private int made;

    ReadAhead(JournalCursor inner, JournalCursor out, long afterRecords) {
        this.inner = inner;
        this.out = out;
        this.afterRecords = afterRecords;
        inner.onDamage(out::deliver);
    }

    /** How many read-ahead threads run now (for tests). */
    static int running() {
        return RUNNING.get();
    }

    /** True once the reading thread has started. */
    boolean isParallel() {
        return thread != null;
    }

    boolean next() throws IOException {
        if (ended) {
            return false;
        }
        if (thread == null) {
            if (served < afterRecords || !start()) {
                if (!inner.next()) {
                    ended = true;
                    return false;
                }
                served++;
                out.show(inner);
                return true;
            }
        }
        while (true) {
            if (cur != null) {
                while (dmg < cur.damage.size() && cur.damageAt[dmg] <= idx) {
                    out.deliver(cur.damage.get(dmg++));
                }
                if (idx < cur.count) {
                    out.show(cur, idx++);
                    return true;
                }
                if (cur.end) {
                    ended = true;
                    Throwable t = cur.error;
                    if (t != null) {
                        throw rethrow(t);
                    }
                    return false;
                }
                free.add(cur);
                cur = null;
            }
            try {
                cur = full.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for journal records");
            }
            idx = 0;
            dmg = 0;
        }
    }

    private static IOException rethrow(Throwable t) {
        if (t instanceof IOException e) {
            return e;
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IOException(t);
    }

    private boolean start() {
        if (RUNNING.incrementAndGet() > MAX_THREADS) {
            RUNNING.decrementAndGet();
            served = Long.MIN_VALUE;
            return false;
        }
        inner.onDamage(d -> filling.addDamage(d));
        thread = Thread.ofPlatform().daemon().name("journal-read-ahead " + inner.stream()).unstarted(this::run);
        try {
            thread.start();
        } catch (Throwable t) {
            RUNNING.decrementAndGet();
            throw t;
        }
        return true;
    }

    private void run() {
        try {
            while (!closed) {
                Batch b = free.poll();
                if (b == null && made < BATCHES) {
                    b = new Batch();
                    made++;
                }
                if (b == null) {
                    try {
                        b = free.take();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                b.clear();
                filling = b;
                try {
                    while (b.count < BATCH_RECORDS && b.used < BATCH_BYTES && !closed) {
                        if (!inner.next()) {
                            b.end = true;
                            break;
                        }
                        inner.appendTo(b);
                    }
                } catch (Throwable t) {
                    b.end = true;
                    b.error = t;
                }
                full.add(b);
                if (b.end) {
                    return;
                }
            }
        } finally {
            try {
                inner.close();
            } catch (IOException | RuntimeException e) {
                // the consumer has its records; a failing close of a read-only file loses nothing
            }
            RUNNING.decrementAndGet();
        }
    }

    /** Stops the reading thread, waits for it to end and closes the inner cursor. */
    void close() throws IOException {
        ended = true;
        if (thread == null) {
            inner.close();
            return;
        }
        closed = true;
        // hand every batch back so a reading thread waiting for one wakes, sees closed and ends
        if (cur != null) {
            free.add(cur);
            cur = null;
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            Batch b = full.poll();
            if (b != null) {
                free.add(b);
                continue;
            }
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Records copied out of the inner cursor's buffer, with the damage met before each. */
    static final class Batch {
        byte[] data = new byte[BATCH_BYTES + (16 << 10)];
        int used;
        int count;
        final long[] seq = new long[BATCH_RECORDS];
        final long[] ns = new long[BATCH_RECORDS];
        final RecordKind[] kind = new RecordKind[BATCH_RECORDS];
        /** Per record: line start, body start, payload start, payload end, marker start, marker end (positions in data). */
        final int[] at = new int[BATCH_RECORDS * 6];
        final List<Damage> damage = new ArrayList<>();
        int[] damageAt = new int[4];
        boolean end;
        Throwable error;

        void clear() {
            used = 0;
            count = 0;
            damage.clear();
            end = false;
            error = null;
        }

        void add(byte[] src, int lineStart, int lineEnd, long s, long n, RecordKind k, int bodyStart, int payloadStart,
                 int markerStart, int markerEnd) {
            int len = lineEnd - lineStart;
            if (data.length - used < len) {
                data = Arrays.copyOf(data, (int) Math.min(Integer.MAX_VALUE - 16L, Math.max(used + (long) len, data.length * 2L)));
            }
            System.arraycopy(src, lineStart, data, used, len);
            int d = used - lineStart;
            int i = count;
            seq[i] = s;
            ns[i] = n;
            kind[i] = k;
            int a = i * 6;
            at[a] = used;
            at[a + 1] = bodyStart + d;
            at[a + 2] = payloadStart + d;
            at[a + 3] = lineEnd + d;
            at[a + 4] = markerStart + d;
            at[a + 5] = markerEnd + d;
            used += len;
            count++;
        }

        void addDamage(Damage d) {
            if (damage.size() == damageAt.length) {
                damageAt = Arrays.copyOf(damageAt, damageAt.length * 2);
            }
            damageAt[damage.size()] = count;
            damage.add(d);
        }
    }
}
