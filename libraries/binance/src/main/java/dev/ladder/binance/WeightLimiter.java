package dev.ladder.binance;

/**
 * Counts REST request weight per clock minute, as Binance does, and says how long to wait before
 * a request of a given weight fits the budget. Learns the server's own count from
 * {@code X-MBX-USED-WEIGHT-1M} and honours {@code Retry-After} after a 429/418. Pure arithmetic on
 * times handed in (epoch milliseconds), so tests drive it with any clock. Thread-safe.
 */
final class WeightLimiter {
    private final int budget;
    private long windowMinute = Long.MIN_VALUE;
    private int used;
    private long blockedUntilMillis;
    private long totalWeight;

    /** {@code budget}: the weight the client allows itself per minute. */
    WeightLimiter(int budget) {
        if (budget < 1) {
            throw new IllegalArgumentException("weight budget must be positive: " + budget);
        }
        this.budget = budget;
    }

    /**
     * Milliseconds to wait before a request of {@code weight} may go at {@code nowMillis}; 0 means
     * now, and then the weight is counted. A weight above the whole budget is let through at the
     * start of a fresh minute (otherwise it could never go).
     */
    synchronized long acquire(int weight, long nowMillis) {
        if (nowMillis < blockedUntilMillis) {
            return blockedUntilMillis - nowMillis;
        }
        roll(nowMillis);
        if (used + weight > budget && used > 0) {
            return 60_000L - Math.floorMod(nowMillis, 60_000L);
        }
        used += weight;
        totalWeight += weight;
        return 0;
    }

    /** The server's count for this minute ({@code X-MBX-USED-WEIGHT-1M}); the larger of ours and its wins. */
    synchronized void serverUsed(int serverUsed, long nowMillis) {
        roll(nowMillis);
        used = Math.max(used, serverUsed);
    }

    /** A 429/418 with {@code Retry-After}: nothing goes before {@code nowMillis + retryAfterMillis}. */
    synchronized void blockFor(long retryAfterMillis, long nowMillis) {
        blockedUntilMillis = Math.max(blockedUntilMillis, nowMillis + Math.max(0, retryAfterMillis));
    }

    /** The weight counted in the current minute. */
    synchronized int used(long nowMillis) {
        roll(nowMillis);
        return used;
    }

    /** All weight spent since start. */
    synchronized long totalWeight() {
        return totalWeight;
    }

    int budget() {
        return budget;
    }

    private void roll(long nowMillis) {
        long minute = Math.floorDiv(nowMillis, 60_000L);
        if (minute != windowMinute) {
            windowMinute = minute;
            used = 0;
        }
    }

    /** Binance's weight of a depth request with this limit (spot: 5/25/50/250; futures: 2/5/10/20). */
    static int depthWeight(int limit, boolean futures) {
        if (futures) {
            return limit <= 50 ? 2 : limit <= 100 ? 5 : limit <= 500 ? 10 : 20;
        }
        return limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250;
    }
}
