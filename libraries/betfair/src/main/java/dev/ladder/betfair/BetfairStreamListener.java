package dev.ladder.betfair;

/**
 * Callbacks from {@link BetfairStreamClient}, all on its single reader thread, in this order for
 * each line: {@link #onRawLine} first (for the recorder: raw before anything changes), then the
 * effect ({@link #onMarketChanges} after the change was applied to the cache, or
 * {@link #onStatus}). A callback that throws is counted and logged; it never breaks the connection.
 */
public interface BetfairStreamListener {
    /** Every line as received, including garbage, heartbeats and stale-subscription messages. */
    default void onRawLine(String line, long receiveEpochNanos) {
    }

    /** A whole market change message was applied to the cache. */
    default void onMarketChanges(MarketChangeEvent event) {
    }

    /** A status message, or a change message flagged with stream status 503. */
    default void onStatus(StreamStatus status) {
    }

    /** Connection life-cycle events. */
    default void onConnection(StreamConnectionEvent event) {
    }

    /** A line that is not valid protocol JSON was skipped (also counted). */
    default void onBadLine(String line, String reason) {
    }
}
