package dev.ladder.betfair.api;

/**
 * A Betting API document that is not an answer we read: not JSON, or a JSON-RPC {@code error}
 * (its code and message, e.g. {@code -32099 ANGX-0003}, are in the message).
 */
public final class BettingApiException extends Exception {
    public BettingApiException(String message) {
        super(message);
    }
}
