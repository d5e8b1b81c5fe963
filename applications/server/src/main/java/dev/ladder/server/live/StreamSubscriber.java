package dev.ladder.server.live;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One live-stream client of one book: a bounded queue filled by the book's writer (under the book's
 * write lock) and drained by the client's own sender thread.
 *
 * <p>The writer never blocks: when the queue is full it is emptied and the subscriber is flagged to
 * receive a fresh snapshot instead of the backlog. A resync of the source flags every subscriber the
 * same way. The sender takes that snapshot with {@link LiveBook#resnapshot(StreamSubscriber)}, which
 * clears the queue under the book's lock, so the diffs that follow it continue its update ids.
 */
public final class StreamSubscriber {
    /** A wake-up marker: something changed (a snapshot is needed or the subscriber was closed). */
    static final Object WAKE = new Object();

    private final ArrayBlockingQueue<Object> queue;
    private final AtomicLong overflows = new AtomicLong();
    private volatile boolean needsSnapshot = true;
    private volatile boolean closed;

    StreamSubscriber(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("stream queue capacity must be at least 1: " + capacity);
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Called by the writer: queues an event, or falls back to a fresh snapshot when the queue is full. */
    boolean offer(Object event) {
        if (needsSnapshot) {
            return true;
        }
        if (queue.offer(event)) {
            return true;
        }
        overflows.incrementAndGet();
        requestSnapshot();
        return false;
    }

    /** Flags that the next thing to send is a fresh snapshot, dropping whatever is queued. */
    void requestSnapshot() {
        needsSnapshot = true;
        queue.clear();
        queue.offer(WAKE);
    }

    /** Stops the sender at its next turn. */
    void close() {
        closed = true;
        queue.clear();
        queue.offer(WAKE);
    }

    public boolean isClosed() {
        return closed;
    }

    public boolean needsSnapshot() {
        return needsSnapshot;
    }

    /** Called under the book's lock by {@link LiveBook#resnapshot}. */
    void snapshotTaken() {
        queue.clear();
        needsSnapshot = false;
    }

    /** Waits up to {@code millis} for the next item; null on timeout. */
    public Object poll(long millis) throws InterruptedException {
        return queue.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** The next item if one is queued, else null. */
    public Object pollNow() {
        return queue.poll();
    }

    /** How many times this subscriber fell behind and was switched to a fresh snapshot. */
    long overflows() {
        return overflows.get();
    }
}
