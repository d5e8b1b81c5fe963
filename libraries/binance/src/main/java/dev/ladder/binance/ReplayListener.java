package dev.ladder.binance;

/**
 * Observes a {@link CaptureReplay}, on the replaying thread. All methods default to doing nothing;
 * objects passed in are reused and must not be kept.
 */
public interface ReplayListener {
    /** A sync transition of some symbol. */
    default void onSyncEvent(SyncEvent event) {
    }

    /**
     * A bookTicker was read; {@code sync} is that symbol's sync, or {@code null} when no depth for
     * the symbol has been seen yet.
     */
    default void onBookTicker(BookTicker ticker, DepthSync sync, long receiveTime) {
    }

    /** A diff was applied to {@code sync}'s book. */
    default void onDiffApplied(DepthSync sync, DepthUpdate diff, long receiveTime) {
    }

    /** A message could not be decoded (it is counted and skipped). */
    default void onMalformed(CaptureMessage message, BinanceFormatException error) {
    }
}
