package dev.ladder.binance;

import java.util.SplittableRandom;

/**
 * Exponential backoff with jitter: attempt n (from 1) waits a uniform random time in
 * [d/2, d] where d = min(max, initial * 2^(n-1)). Not thread-safe (one per connection group).
 */
final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private final SplittableRandom random;

    Backoff(long initialMillis, long maxMillis, long seed) {
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
        this.random = new SplittableRandom(seed);
    }

    long delayMillis(int attempt) {
        int shift = Math.min(30, Math.max(0, attempt - 1));
        long d = Math.min(maxMillis, initialMillis << shift);
        if (d <= 1) {
            return d;
        }
        long half = d / 2;
        return half + random.nextLong(d - half + 1);
    }
}
