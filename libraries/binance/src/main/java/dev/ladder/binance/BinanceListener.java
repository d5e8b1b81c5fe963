package dev.ladder.binance;

import dev.ladder.book.OrderBook;
import dev.ladder.core.InstrumentId;

/**
 * Receives what a {@link BinanceClient} sees. Every method has an empty default, so implement only
 * what you need.
 *
 * <p>Threads and consistency: methods are called on the writer thread of the book's shard (one
 * thread per websocket connection group), except {@link #onRawSnapshot}, {@link #onRateLimited}
 * and {@link #onMalformed} for a REST answer (connection {@code rest:<SYMBOL>}), which come from
 * the client's single REST thread. So with several shards, calls for different books can run at
 * the same time on different threads; calls for one book never do. Book callbacks ({@link #onSnapshot}, {@link #onBookUpdate})
 * run right after the whole message was applied, while the client holds the book's lock: the
 * {@link OrderBook} passed in is consistent and may be read (or copied) inside the call, but must
 * not be kept or modified afterwards. Other threads read books through
 * {@link BinanceClient#readBook} / {@link BinanceClient#copyBook}, which take the same lock.
 * Implementations must return quickly and never throw (an exception is logged and counted, never
 * propagated); hand heavy work to another thread. The {@link BookTicker} and {@link Trade} objects
 * are reused: copy what you need.
 */
public interface BinanceListener {
    /** A listener that ignores everything. */
    BinanceListener NONE = new BinanceListener() {
    };

    /**
     * A websocket text frame as received, before it is decoded (for journals: raw first). Called
     * for every complete frame, including malformed ones and subscription answers.
     *
     * @param connection the connection's name (see {@link ConnectionEvent#connection()})
     */
    default void onRawMessage(String connection, CharSequence text, long receiveNanos) {
    }

    /** A REST depth snapshot as received (HTTP 200 only), before it is decoded. */
    default void onRawSnapshot(InstrumentId id, String json, long receiveNanos) {
    }

    /**
     * A snapshot replaced the book's content ({@code book} is now the snapshot at {@code lastUpdateId});
     * buffered diffs follow as {@link #onBookUpdate} calls.
     */
    default void onSnapshot(InstrumentId id, OrderBook book, long lastUpdateId, long receiveNanos) {
    }

    /**
     * A depth diff was applied whole.
     *
     * @param firstUpdateId the diff's {@code U}
     * @param lastUpdateId  the diff's {@code u}: the book's update id now
     * @param eventTime     the exchange's event time {@code E} (epoch milliseconds)
     * @param receiveNanos  when the frame was received (client clock, epoch nanoseconds)
     */
    default void onBookUpdate(InstrumentId id, OrderBook book, long firstUpdateId, long lastUpdateId, long eventTime,
                              long receiveNanos) {
    }

    /**
     * A sync transition: SYNCED, GAP (the book is stale until RESYNCED), RESYNCED, SNAPSHOT_TOO_OLD,
     * BUFFER_OVERFLOW, RESET (after a disconnect).
     */
    default void onSyncEvent(InstrumentId id, SyncEvent event) {
    }

    /** A connection opened, closed, is being retried, or was replaced as planned. */
    default void onConnectionEvent(ConnectionEvent event) {
    }

    /**
     * A frame that could not be decoded (it is counted and skipped; the connection stays up).
     *
     * @param reason the decoder's message
     */
    default void onMalformed(String connection, String reason, CharSequence text, long receiveNanos) {
    }

    /** A best bid/offer update (only with {@link BinanceConfig#isBookTicker()}). */
    default void onBookTicker(InstrumentId id, BookTicker ticker, long receiveNanos) {
    }

    /** A trade (only with {@link BinanceConfig#isTrades()}). */
    default void onTrade(InstrumentId id, Trade trade, long receiveNanos) {
    }

    /**
     * The REST API answered 429 (rate limit) or 418 (IP ban); no request is sent before
     * {@code retryAfterMillis} have passed.
     */
    default void onRateLimited(int status, long retryAfterMillis, long receiveNanos) {
    }
}
