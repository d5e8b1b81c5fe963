package dev.ladder.betfair;

/**
 * A change in the stream client's connection.
 *
 * @param kind          what happened
 * @param connectionId  Betfair's connection id once known, else {@code null}
 * @param detail        a reason (for DISCONNECTED), the resume tokens used (SUBSCRIBING), or {@code null}
 * @param delayMillis   for RECONNECT_SCHEDULED the wait before the next attempt, else 0
 * @param epochNanos    when (from the client's clock)
 */
public record StreamConnectionEvent(Kind kind, String connectionId, String detail, long delayMillis,
                                    long epochNanos) {
    /** Connection life cycle. */
    public enum Kind {
        /** A TCP/TLS connect is starting. */
        CONNECTING,
        /** The server's connection message arrived. */
        CONNECTED,
        /** Authentication succeeded. */
        AUTHENTICATED,
        /** A subscription was sent (detail says whether it resumes with clk). */
        SUBSCRIBING,
        /** The subscription's status was SUCCESS. */
        SUBSCRIBED,
        /** The watchdog saw no message within twice the heartbeat. */
        HEARTBEAT_TIMEOUT,
        /** The connection ended (detail says why). */
        DISCONNECTED,
        /** A reconnect will be tried after delayMillis. */
        RECONNECT_SCHEDULED
    }
}
