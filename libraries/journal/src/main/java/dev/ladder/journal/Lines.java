package dev.ladder.journal;

import java.nio.charset.StandardCharsets;

/** The line format: {@code <ns> <message>\n} or {@code <ns> #<marker> <payload>\n}. */
final class Lines {
    /** The most digits an epoch-nanosecond time has (Long.MAX_VALUE). */
    static final int MAX_NS_DIGITS = 19;

    private Lines() {
    }

    /** The number of decimal digits of a non-negative value. */
    static int digits(long v) {
        int d = 1;
        while (v >= 10) {
            v /= 10;
            d++;
        }
        return d;
    }

    /** The index of the first {@code '\n'} in {@code buf[from, to)}, or -1. */
    static int indexOfNewline(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * Parses the receive time of the line {@code buf[start, nl)} ({@code nl} is its {@code '\n'});
     * -1 when the line is not well formed: 1..19 digits, a space, then a non-empty payload without
     * NUL bytes; a payload starting with {@code #} must be {@code #name} or {@code #name payload}
     * with a lower-case name. {@code strict} also scans the payload for NUL bytes.
     */
    static long parseNs(byte[] buf, int start, int nl, boolean strict) {
        int i = start;
        long ns = 0;
        while (i < nl && i - start < MAX_NS_DIGITS) {
            byte b = buf[i];
            if (b < '0' || b > '9') {
                break;
            }
            ns = ns * 10 + (b - '0');
            i++;
        }
        if (i == start || i >= nl || buf[i] != ' ' || ns < 0) {
            return -1;
        }
        int p = i + 1;
        if (p >= nl) {
            return -1;
        }
        if (buf[p] == '#') {
            int n = p + 1;
            while (n < nl && buf[n] >= 'a' && buf[n] <= 'z') {
                n++;
            }
            if (n == p + 1 || (n < nl && buf[n] != ' ')) {
                return -1;
            }
        }
        if (strict) {
            for (int k = p; k < nl; k++) {
                if (buf[k] == 0) {
                    return -1;
                }
            }
        }
        return ns;
    }

    /** Printable excerpt of a line for error messages (at most 80 characters). */
    static String excerpt(byte[] buf, int start, int end) {
        int e = Math.min(end, start + 80);
        return new String(buf, start, Math.max(0, e - start), StandardCharsets.UTF_8).replace("\0", "\\0");
    }
}
