package dev.ladder.journal;

/**
 * Paces a replay: record times advance {@code speed} times faster than the wall clock from the
 * first record on. {@code speed <= 0} or infinite means as fast as possible. One replaying thread.
 */
public final class ReplayPacer {
    private final double speed;
    private long firstNs = Long.MIN_VALUE;
    private long startNanos;

    public ReplayPacer(double speed) {
        if (Double.isNaN(speed)) {
            throw new IllegalArgumentException("replay speed must be a number");
        }
        this.speed = speed;
    }

    /** Sleeps until the record at {@code receiveNanos} is due. */
    public void pace(long receiveNanos) throws InterruptedException {
        if (speed <= 0 || Double.isInfinite(speed)) {
            return;
        }
        long now = System.nanoTime();
        if (firstNs == Long.MIN_VALUE) {
            firstNs = receiveNanos;
            startNanos = now;
            return;
        }
        long due = startNanos + (long) ((receiveNanos - firstNs) / speed);
        long wait = due - now;
        if (wait > 1_000_000L) {
            Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
        }
    }
}
