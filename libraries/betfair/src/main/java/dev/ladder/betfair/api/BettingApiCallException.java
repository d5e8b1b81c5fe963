package dev.ladder.betfair.api;

import java.io.IOException;

/**
 * A Betting API call that failed: the service answered an error (an APINGException such as
 * INVALID_SESSION_INFORMATION, a JSON-RPC error), an HTTP status other than 200, something that is not
 * JSON, or the call did not complete (connection refused, timeout). The message names the method and
 * the error code; it never holds the session token.
 */
public final class BettingApiCallException extends IOException {
    private final String method;
    private final String errorCode;

    /**
     * @param errorCode Betfair's code ({@code INVALID_APP_KEY}), {@code JSON_RPC_<code>}, {@code HTTP_<status>},
     *                  {@code TIMEOUT}, {@code NOT_JSON} or {@code IO}
     */
    public BettingApiCallException(String method, String errorCode, String message, Throwable cause) {
        super(message, cause);
        this.method = method;
        this.errorCode = errorCode;
    }

    /** The method called, e.g. {@code listMarketCatalogue}. */
    public String method() {
        return method;
    }

    /** What went wrong, as a code (see the constructor). */
    public String errorCode() {
        return errorCode;
    }

    /** {@code true} for the codes that mean the app key or session must change (retrying as is will not help). */
    public boolean isAuthError() {
        return switch (errorCode) {
            case "NO_APP_KEY", "INVALID_APP_KEY", "NO_SESSION", "INVALID_SESSION_INFORMATION", "ACCESS_DENIED" -> true;
            default -> false;
        };
    }
}
