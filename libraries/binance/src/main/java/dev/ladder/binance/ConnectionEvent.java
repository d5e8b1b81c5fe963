package dev.ladder.binance;

/**
 * Something that happened to one of a {@link BinanceClient}'s websocket connections.
 *
 * @param kind       what happened
 * @param connection the connection's name, {@code <shard>#<generation>} (shard: which group of symbols;
 *                   generation: counts connections of that shard from 1)
 * @param attempt    for {@link Kind#RECONNECT_SCHEDULED}: the consecutive failed attempt number (1 = first); else 0
 * @param delayMillis for {@link Kind#RECONNECT_SCHEDULED}: the delay chosen (backoff with jitter); else 0
 * @param reason     a human-readable cause (close code and reason, exception message, "planned", "stale")
 * @param timeNanos  when it happened (the client's clock, epoch nanoseconds)
 */
public record ConnectionEvent(Kind kind, String connection, int attempt, long delayMillis, String reason, long timeNanos) {
    /** The kinds of connection event. */
    public enum Kind {
        /** A websocket opened and its streams are subscribed. */
        CONNECTED,
        /** A websocket closed or failed (the books it fed stop being synced unless another connection takes over). */
        DISCONNECTED,
        /** A reconnect will be tried after {@code delayMillis}. */
        RECONNECT_SCHEDULED,
        /** A planned replacement connection was opened beside the old one (the 24 h limit). */
        PLANNED_RECONNECT,
        /** Every book of a shard now reads from the new connection; the old one is closed. */
        SWITCHED_OVER
    }
}
