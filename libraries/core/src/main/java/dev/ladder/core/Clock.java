package dev.ladder.core;

/**
 * The source of time. Everything that stamps or waits takes a Clock, so tests and replays control
 * time. Implementations must be thread-safe.
 */
public interface Clock {
    /** Wall-clock time in nanoseconds since the Unix epoch. */
    long epochNanos();

    /** Wall-clock time in milliseconds since the Unix epoch. */
    default long epochMillis() {
        return epochNanos() / 1_000_000L;
    }

    /** A monotonic time in nanoseconds for measuring intervals (arbitrary origin). */
    default long monotonicNanos() {
        return System.nanoTime();
    }

    /** The system clock. */
    static Clock system() {
        return SystemClock.INSTANCE;
    }
}
