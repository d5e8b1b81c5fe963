package dev.ladder.betfair;

/**
 * A status message from the stream ({@code op=status}), or a change message's stream status
 * (503 = Betfair's data is late; the connection is kept).
 *
 * @param id               the request id it answers, or {@code null} (protocol errors carry none)
 * @param statusCode       {@code SUCCESS}, {@code FAILURE}, or {@code "503"} for a stale-stream flag
 * @param errorCode        the error code on failure ({@code INVALID_SESSION_INFORMATION}, ...) or {@code null}
 * @param errorMessage     Betfair's explanation or {@code null}
 * @param connectionClosed whether the server closed the connection with it
 * @param connectionId     the connection the status belongs to
 * @param receiveEpochNanos our receive time
 */
public record StreamStatus(Integer id, String statusCode, String errorCode, String errorMessage,
                           boolean connectionClosed, String connectionId, long receiveEpochNanos) {
    /** Whether this is a failure. */
    public boolean isFailure() {
        return "FAILURE".equals(statusCode);
    }
}
