package dev.ladder.core;

import java.time.Instant;

/** The system wall clock with nanosecond resolution where the platform offers it. */
final class SystemClock implements Clock {
    static final SystemClock INSTANCE = new SystemClock();

    private SystemClock() {
    }

    @Override
    public long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public long epochMillis() {
        return System.currentTimeMillis();
    }
}
