package dev.ladder.betfair;

/**
 * Options of a {@link BetfairMarketCache}.
 *
 * @param cumulativeRunnerTv {@code true} for files whose runner {@code tv} is not cumulative (Betfair's
 *                           PRO historical files): a runner's traded volume is then the sum of its
 *                           {@code trd} ladder after each change and the runner's own {@code tv} is
 *                           ignored, like betfairlightweight's {@code cumulative_runner_tv}
 * @param calculateMarketTv  {@code true} to set the market's traded volume to the sum of every runner's
 *                           {@code trd} ladder whenever one changes (betfairlightweight's
 *                           {@code calculate_market_tv}); otherwise the market's {@code tv} is as sent
 * @param closedGraceMillis  a CLOSED market is evicted once the stream's publish time is more than this
 *                           past the market's last update ({@code Long.MAX_VALUE}: never evict)
 */
public record BetfairCacheConfig(boolean cumulativeRunnerTv, boolean calculateMarketTv, long closedGraceMillis) {
    /** Eight hours, as betfairlightweight. */
    public static final long DEFAULT_GRACE_MILLIS = 8L * 60 * 60 * 1000;

    /**
     * @throws IllegalArgumentException when {@code closedGraceMillis} is negative
     */
    public BetfairCacheConfig {
        if (closedGraceMillis < 0) {
            throw new IllegalArgumentException("closedGraceMillis must be >= 0, was " + closedGraceMillis);
        }
    }

    /** Runner and market tv as sent, closed markets evicted after eight hours. */
    public static BetfairCacheConfig defaults() {
        return new BetfairCacheConfig(false, false, DEFAULT_GRACE_MILLIS);
    }

    /** For historical replays that print at the end: nothing evicted. */
    public static BetfairCacheConfig keepAll() {
        return new BetfairCacheConfig(false, false, Long.MAX_VALUE);
    }

    public BetfairCacheConfig withCumulativeRunnerTv(boolean on) {
        return new BetfairCacheConfig(on, calculateMarketTv, closedGraceMillis);
    }

    public BetfairCacheConfig withCalculateMarketTv(boolean on) {
        return new BetfairCacheConfig(cumulativeRunnerTv, on, closedGraceMillis);
    }

    public BetfairCacheConfig withClosedGraceMillis(long millis) {
        return new BetfairCacheConfig(cumulativeRunnerTv, calculateMarketTv, millis);
    }
}
