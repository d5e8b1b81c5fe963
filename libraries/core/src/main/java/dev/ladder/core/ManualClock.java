package dev.ladder.core;

import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told: for tests and replays. Thread-safe. */
public final class ManualClock implements Clock {
    private final AtomicLong nanos;

    public ManualClock(long epochNanos) {
        this.nanos = new AtomicLong(epochNanos);
    }

    @Override
    public long epochNanos() {
        return nanos.get();
    }

    @Override
    public long monotonicNanos() {
        return nanos.get();
    }

    public void set(long epochNanos) {
        nanos.set(epochNanos);
    }

    public void advanceNanos(long delta) {
        nanos.addAndGet(delta);
    }

    public void advanceMillis(long delta) {
        nanos.addAndGet(delta * 1_000_000L);
    }
}
