package dev.ladder.betfair;

/**
 * Told about market changes after a whole stream message has been applied (never half-way), on the
 * cache's writer thread. Implementations must not throw and must not keep the {@link BetfairMarket}
 * beyond the call without copying it ({@link BetfairMarket#copy()}).
 */
public interface BetfairCacheListener {
    /**
     * A market changed in the message just applied.
     *
     * @param image {@code true} when the change was a full image ({@code img: true}) or created the market
     */
    void onMarketChange(BetfairMarket market, boolean image);

    /** A closed market was evicted after the grace period. */
    default void onMarketEvicted(String marketId) {
    }
}
