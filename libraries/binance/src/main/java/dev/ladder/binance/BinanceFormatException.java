package dev.ladder.binance;

import java.io.IOException;

/**
 * A Binance message that cannot be decoded: not JSON, a field of the wrong type, a required field
 * missing, a decimal that does not fit the scale, or an error response from Binance. The message
 * says what is wrong; callers count it and go on with the next message.
 */
public final class BinanceFormatException extends IOException {
    public BinanceFormatException(String message) {
        super(message);
    }

    public BinanceFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
