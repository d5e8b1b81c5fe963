package dev.ladder.betfair;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A clock token ({@code clk}, {@code initialClk}) kept as the ASCII bytes Betfair sent: a new token every
 * message is a copy of a few bytes into a reused array, and its {@link String} is made only when someone
 * asks for it. Absent until first set. Not thread-safe (the cache's writer owns it).
 */
final class ClockToken {
    /** {@link #length} of a token never set. */
    private static final int ABSENT = -1;
    /** {@link #length} of a token set as a string (the Jackson path): {@link #text} is the value, no bytes held. */
    private static final int TEXT_ONLY = -2;

    private byte[] bytes = new byte[32];
    private int length = ABSENT;
    private String text;

    /** Sets the token to {@code src[offset, offset+length)} (printable ASCII, as the byte scanner accepts). */
    void set(byte[] src, int offset, int count) {
        if (count > bytes.length) {
            bytes = new byte[Math.max(count, bytes.length * 2)];
        }
        if (count == length && Arrays.equals(bytes, 0, count, src, offset, offset + count)) {
            return;
        }
        System.arraycopy(src, offset, bytes, 0, count);
        length = count;
        text = null;
    }

    /** Sets the token to a string (the Jackson path's). */
    void set(String token) {
        text = token;
        length = TEXT_ONLY;
    }

    /** Sets this token to another's value (absent stays absent). */
    void setFrom(ClockToken other) {
        if (other.length == TEXT_ONLY) {
            set(other.text);
        } else if (other.length >= 0) {
            set(other.bytes, 0, other.length);
        }
    }

    /** The token, or {@code null} when never set. */
    String text() {
        if (length == ABSENT) {
            return null;
        }
        if (text == null) {
            text = new String(bytes, 0, length, StandardCharsets.US_ASCII);
        }
        return text;
    }
}
