package dev.ladder.core;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Fixed-point decimals: a value {@code v} at scale {@code s} stands for {@code v / 10^s}.
 *
 * <p>Parsing reads decimal text ({@code "61837.63000000"}, {@code "-0.5"}, {@code "1e-3"}) straight
 * into a scaled {@code long} without allocating and without {@code double}. Fraction digits beyond
 * the scale are accepted only when they are zeros; anything else (a non-zero digit past the scale,
 * overflow, a stray character, empty text) throws {@link NumberFormatException} with a message that
 * quotes the input. Formatting writes exactly {@code scale} fraction digits, so a value prints the
 * way the venue wrote it when the scale matches the venue's.
 */
public final class Decimals {
    /** The largest scale supported (10^18 still fits a long). */
    public static final int MAX_SCALE = 18;

    private static final long[] POW10 = new long[MAX_SCALE + 1];

    static {
        long p = 1;
        for (int i = 0; i <= MAX_SCALE; i++) {
            POW10[i] = p;
            p *= 10;
        }
    }

    private Decimals() {
    }

    /** 10^n for 0 &lt;= n &lt;= 18. */
    public static long pow10(int n) {
        return POW10[n];
    }

    /** Parses {@code text} at {@code scale}. */
    public static long parse(CharSequence text, int scale) {
        return parse(text, 0, text.length(), scale);
    }

    /** Parses {@code text[from, to)} at {@code scale}. */
    public static long parse(CharSequence text, int from, int to, int scale) {
        checkScale(scale);
        long acc = 0;
        boolean negative = false;
        boolean seenDigit = false;
        boolean inFraction = false;
        int fractionDigits = 0;
        boolean droppedNonZero = false;
        int i = from;
        if (i < to && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        for (; i < to; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                seenDigit = true;
                if (inFraction) {
                    if (fractionDigits < scale) {
                        acc = accumulate(acc, c - '0', text, from, to);
                        fractionDigits++;
                    } else if (c != '0') {
                        droppedNonZero = true;
                    }
                } else {
                    acc = accumulate(acc, c - '0', text, from, to);
                }
            } else if (c == '.' && !inFraction) {
                inFraction = true;
            } else if ((c == 'e' || c == 'E') && seenDigit) {
                int exp = parseExponent(text, i + 1, to);
                return finish(acc, negative, fractionDigits, scale, exp, droppedNonZero, text, from, to);
            } else {
                throw bad(text, from, to, "unexpected character '" + c + "'");
            }
        }
        if (!seenDigit) {
            throw bad(text, from, to, "no digits");
        }
        return finish(acc, negative, fractionDigits, scale, 0, droppedNonZero, text, from, to);
    }

    /** Parses ASCII bytes {@code bytes[from, to)} at {@code scale}. */
    public static long parse(byte[] bytes, int from, int to, int scale) {
        return parse(new AsciiSequence(bytes), from, to, scale);
    }

    /**
     * Parses {@code chars[from, from+len)} at {@code scale} (e.g. Jackson's text buffer); plain decimals
     * of up to 18 digits are read without allocating.
     */
    public static long parse(char[] chars, int from, int len, int scale) {
        long v = parsePlain(chars, from, from + len, scale);
        return v != NOT_PLAIN ? v : parse(java.nio.CharBuffer.wrap(chars), from, from + len, scale);
    }

    private static long accumulate(long acc, int digit, CharSequence text, int from, int to) {
        if (acc > (Long.MAX_VALUE - digit) / 10) {
            throw bad(text, from, to, "out of range");
        }
        return acc * 10 + digit;
    }

    private static int parseExponent(CharSequence text, int i, int to) {
        boolean neg = false;
        if (i < to && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            neg = text.charAt(i) == '-';
            i++;
        }
        if (i >= to) {
            throw bad(text, 0, to, "empty exponent");
        }
        int e = 0;
        for (; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9' || e > 1000) {
                throw bad(text, 0, to, "bad exponent");
            }
            e = e * 10 + (c - '0');
        }
        return neg ? -e : e;
    }

    private static long finish(long acc, boolean negative, int fractionDigits, int scale, int exp,
                               boolean droppedNonZero, CharSequence text, int from, int to) {
        // value = acc * 10^(exp - fractionDigits); we want value * 10^scale
        int shift = scale - fractionDigits + exp;
        if (droppedNonZero && exp <= 0) {
            throw bad(text, from, to, "more than " + scale + " fraction digits");
        }
        if (droppedNonZero) {
            // rare: digits were dropped before the exponent shifted them back; redo exactly
            return exact(new BigDecimal(text.subSequence(from, to).toString()), scale, text, from, to);
        }
        long v = acc;
        if (shift > 0) {
            if (shift > MAX_SCALE || (v != 0 && v > Long.MAX_VALUE / POW10[shift])) {
                if (v != 0) {
                    throw bad(text, from, to, "out of range");
                }
            } else {
                v = v * POW10[shift];
            }
        } else if (shift < 0) {
            int s = -shift;
            if (s > MAX_SCALE) {
                if (v != 0) {
                    throw bad(text, from, to, "more than " + scale + " fraction digits");
                }
            } else {
                if (v % POW10[s] != 0) {
                    throw bad(text, from, to, "more than " + scale + " fraction digits");
                }
                v = v / POW10[s];
            }
        }
        return negative ? -v : v;
    }

    private static long exact(BigDecimal d, int scale, CharSequence text, int from, int to) {
        try {
            return d.setScale(scale).unscaledValue().longValueExact();
        } catch (ArithmeticException e) {
            throw bad(text, from, to, "not representable at scale " + scale);
        }
    }

    private static NumberFormatException bad(CharSequence text, int from, int to, String why) {
        String s = text.subSequence(Math.max(0, from), Math.min(text.length(), to)).toString();
        if (s.length() > 64) {
            s = s.substring(0, 64) + "...";
        }
        return new NumberFormatException("bad decimal '" + s + "': " + why);
    }

    /** Converts an exact BigDecimal to a scaled long; throws ArithmeticException when it does not fit exactly. */
    public static long fromBigDecimal(BigDecimal value, int scale) {
        checkScale(scale);
        return value.setScale(scale).unscaledValue().longValueExact();
    }

    /** The exact value of {@code value} at {@code scale}. */
    public static BigDecimal toBigDecimal(long value, int scale) {
        return BigDecimal.valueOf(value, scale);
    }

    /** {@code value} at {@code scale} as text with exactly {@code scale} fraction digits. */
    public static String format(long value, int scale) {
        StringBuilder sb = new StringBuilder(24);
        appendTo(sb, value, scale);
        return sb.toString();
    }

    /** Appends {@code value} at {@code scale} with exactly {@code scale} fraction digits. */
    public static StringBuilder appendTo(StringBuilder sb, long value, int scale) {
        checkScale(scale);
        if (value == Long.MIN_VALUE) {
            return sb.append(BigDecimal.valueOf(value, scale).toPlainString());
        }
        if (value < 0) {
            sb.append('-');
            value = -value;
        }
        if (scale == 0) {
            return sb.append(value);
        }
        long p = POW10[scale];
        sb.append(value / p).append('.');
        long frac = value % p;
        String f = Long.toString(frac);
        for (int i = f.length(); i < scale; i++) {
            sb.append('0');
        }
        return sb.append(f);
    }

    /** {@code value} at {@code scale} as plain text without trailing fraction zeros ({@code "0.5"}, {@code "12"}). */
    public static String formatStripped(long value, int scale) {
        StringBuilder sb = appendTo(new StringBuilder(24), value, scale);
        if (scale > 0) {
            int end = sb.length();
            while (sb.charAt(end - 1) == '0') {
                end--;
            }
            if (sb.charAt(end - 1) == '.') {
                end--;
            }
            sb.setLength(end);
        }
        return sb.toString();
    }

    /**
     * The exact product of two scaled values as a BigDecimal at scale {@code scaleA + scaleB}
     * (e.g. price × size = notional), never overflowing.
     */
    public static BigDecimal multiply(long a, int scaleA, long b, int scaleB) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) {
            return BigDecimal.valueOf(lo, scaleA + scaleB);
        }
        return new BigDecimal(BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)), scaleA + scaleB);
    }

    /** Rescales exactly; throws ArithmeticException when precision would be lost or the value overflows. */
    public static long rescale(long value, int fromScale, int toScale) {
        if (toScale == fromScale) {
            return value;
        }
        if (toScale > fromScale) {
            return Math.multiplyExact(value, POW10[toScale - fromScale]);
        }
        long p = POW10[fromScale - toScale];
        if (value % p != 0) {
            throw new ArithmeticException("rescaling " + value + " from scale " + fromScale + " to " + toScale + " loses digits");
        }
        return value / p;
    }

    /** The number of digits after the point in decimal text (0 when there is no point), ignoring an exponent. */
    public static int fractionDigits(CharSequence text) {
        int dot = -1;
        int end = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.') {
                dot = i;
            } else if (c == 'e' || c == 'E') {
                end = i;
                break;
            }
        }
        return dot < 0 ? 0 : end - dot - 1;
    }

    private static final long NOT_PLAIN = Long.MIN_VALUE;

    /**
     * The fast path of {@link #parse(char[], int, int, int)}: {@code [-]digits[.digits]} with at most 18
     * digits in all at {@code scale} and no non-zero digit past it; {@link #NOT_PLAIN} for anything else,
     * which the general parser then accepts or rejects (same result, same message).
     */
    private static long parsePlain(char[] c, int from, int to, int scale) {
        if (scale < 0 || scale > MAX_SCALE) {
            return NOT_PLAIN;
        }
        int i = from;
        boolean negative = i < to && c[i] == '-';
        if (negative) {
            i++;
        }
        int start = i;
        long acc = 0;
        int digits = 0;
        for (; i < to && c[i] >= '0' && c[i] <= '9'; i++) {
            if (++digits > 18) {
                return NOT_PLAIN;
            }
            acc = acc * 10 + (c[i] - '0');
        }
        if (i == start) {
            return NOT_PLAIN;
        }
        int fraction = 0;
        if (i < to && c[i] == '.') {
            for (i++; i < to; i++) {
                char ch = c[i];
                if (ch < '0' || ch > '9') {
                    return NOT_PLAIN;
                }
                if (fraction < scale) {
                    if (++digits > 18) {
                        return NOT_PLAIN;
                    }
                    acc = acc * 10 + (ch - '0');
                    fraction++;
                } else if (ch != '0') {
                    return NOT_PLAIN;
                }
            }
        }
        if (i != to) {
            return NOT_PLAIN;
        }
        for (; fraction < scale; fraction++) {
            if (++digits > 18) {
                return NOT_PLAIN;
            }
            acc *= 10;
        }
        return negative ? -acc : acc;
    }

    /**
     * A scale at which decimal text is exact, for values whose digits are not known in advance (e.g.
     * Betfair's starting prices, {@code "38.387036360669896"}): the fraction digits without their
     * trailing zeros, less the exponent, never below 0 ({@code "2.50"} → 1, {@code "1000"} → 0,
     * {@code "1.5e-3"} → 4, {@code "12.5E1"} → 0). It does not check the text: {@link #parse} at the
     * answer rejects what is malformed, and an answer above {@link #MAX_SCALE} means the value has more
     * fraction digits than a scaled {@code long} can hold.
     */
    public static int scaleOf(CharSequence text) {
        int end = text.length();
        int exp = 0;
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (c == 'e' || c == 'E') {
                exp = exponentOf(text, i + 1, end);
                end = i;
                break;
            }
        }
        int dot = -1;
        for (int i = 0; i < end; i++) {
            if (text.charAt(i) == '.') {
                dot = i;
                break;
            }
        }
        int digits = 0;
        if (dot >= 0) {
            int last = end - 1;
            while (last > dot && text.charAt(last) == '0') {
                last--;
            }
            digits = last - dot;
        }
        return (int) Math.max(0, (long) digits - exp);
    }

    /** The exponent of {@code text[from, to)}, clamped to ±10000; 0 when it is not a plain integer. */
    private static int exponentOf(CharSequence text, int from, int to) {
        int i = from;
        boolean neg = false;
        if (i < to && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            neg = text.charAt(i) == '-';
            i++;
        }
        int e = 0;
        for (; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            e = Math.min(10_000, e * 10 + (c - '0'));
        }
        return neg ? -e : e;
    }

    private static void checkScale(int scale) {
        if (scale < 0 || scale > MAX_SCALE) {
            throw new IllegalArgumentException("scale " + scale + " outside 0.." + MAX_SCALE);
        }
    }

    /** A zero-copy CharSequence over ASCII bytes. */
    private record AsciiSequence(byte[] bytes) implements CharSequence {
        @Override
        public int length() {
            return bytes.length;
        }

        @Override
        public char charAt(int index) {
            return (char) (bytes[index] & 0xff);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new String(bytes, start, end - start, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }
}
