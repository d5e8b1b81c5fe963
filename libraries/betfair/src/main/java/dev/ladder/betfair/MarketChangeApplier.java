package dev.ladder.betfair;

/**
 * Applies one whole market change message (an mcm line, segments already assembled) to a market
 * cache. Called only from the stream client's reader thread, so a cache with one writer needs no
 * more locking than its readers require. A thrown exception is counted by the client and the
 * message is reported as bad; the connection goes on.
 */
@FunctionalInterface
public interface MarketChangeApplier {
    /** Applies {@code mcmJson}, received at {@code receiveEpochNanos}. */
    void apply(String mcmJson, long receiveEpochNanos) throws Exception;

    /** Applies nothing. */
    static MarketChangeApplier none() {
        return (json, t) -> {
        };
    }
}
