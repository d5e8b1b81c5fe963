package dev.ladder.core;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Fixed-point decimals: a value {@code v} at scale {@code s} stands for {@code v / 10^s}.
 *
 * <p>Parsing reads decimal text ({@code "61837.63000000"}, {@code "-0.5"}, {@code "1e-3"}) straight
 * into a scaled {@code long} without allocating and without {@code double}. Fraction digits beyond
 * the scale are accepted only when they are zeros; anything else (a non-zero digit past the scale,
 * overflow, a stray character, empty text, an exponent beyond 1000) throws
 * {@link NumberFormatException} with a message that quotes the input. Formatting writes exactly {@code scale} fraction digits, so a value prints the
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
                        acc = accumulate(acc, c - '0');
                        fractionDigits++;
                    } else if (c != '0') {
                        droppedNonZero = true;
                    }
                } else {
                    acc = accumulate(acc, c - '0');
                }
                if (acc < 0) {
                    // more digits than a long holds: an exponent or the scale may still bring it in range
                    return exact(text, from, to, scale);
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

    /**
     * Parses ASCII bytes {@code bytes[from, to)} at {@code scale}, with the same rules and errors as
     * {@link #parse(CharSequence, int, int, int)}. The plain form {@code [-+]digits[.digits]} that
     * fits the scale and a long is read without allocating; other forms (an exponent, fraction digits
     * past the scale, values near overflow) and bad input go through the general parser.
     *
     * @throws NumberFormatException    for text that is no decimal at this scale (see the class comment)
     * @throws IllegalArgumentException when {@code scale} is outside 0..{@value #MAX_SCALE}
     */
    public static long parse(byte[] bytes, int from, int to, int scale) {
        checkScale(scale);
        long v = parsePlain(bytes, from, to, scale);
        return v != NOT_PLAIN ? v : parse(new AsciiSequence(bytes), from, to, scale);
    }

    /**
     * Parses {@code chars[from, from+len)} at {@code scale} (e.g. Jackson's text buffer), with the same
     * rules, errors and allocation-free plain form as {@link #parse(byte[], int, int, int)}.
     *
     * @throws NumberFormatException    for text that is no decimal at this scale (see the class comment)
     * @throws IllegalArgumentException when {@code scale} is outside 0..{@value #MAX_SCALE}
     */
    public static long parse(char[] chars, int from, int len, int scale) {
        checkScale(scale);
        long v = parsePlain(chars, from, from + len, scale);
        return v != NOT_PLAIN ? v : parse(java.nio.CharBuffer.wrap(chars), from, from + len, scale);
    }

    /** What the plain-form parsers return for text they leave to the general parser (never a plain value). */
    private static final long NOT_PLAIN = Long.MIN_VALUE;
    /** The largest accumulator that can take one more digit without overflowing. */
    private static final long ACC_LIMIT = (Long.MAX_VALUE - 9) / 10;

    /**
     * {@code [-+]digits[.digits]} (at least one digit; fraction digits past the scale only zeros) at
     * {@code scale}, or {@link #NOT_PLAIN} for anything else or a value that might not fit.
     */
    private static long parsePlain(byte[] b, int from, int to, int scale) {
        int i = from;
        boolean negative = false;
        if (i < to && (b[i] == '-' || b[i] == '+')) {
            negative = b[i] == '-';
            i++;
        }
        long acc = 0;
        int frac = -1;
        boolean hasDigit = false;
        for (; i < to; i++) {
            int d = b[i] - '0';
            if (d >= 0 && d <= 9) {
                hasDigit = true;
                if (frac < scale) {
                    if (acc > ACC_LIMIT) {
                        return NOT_PLAIN;
                    }
                    acc = acc * 10 + d;
                    if (frac >= 0) {
                        frac++;
                    }
                } else if (d != 0) {
                    return NOT_PLAIN;
                }
            } else if (b[i] == '.' && frac < 0) {
                frac = 0;
            } else {
                return NOT_PLAIN;
            }
        }
        return hasDigit ? scaled(acc, negative, Math.max(frac, 0), scale) : NOT_PLAIN;
    }

    /** As {@link #parsePlain(byte[], int, int, int)} over chars. */
    private static long parsePlain(char[] c, int from, int to, int scale) {
        int i = from;
        boolean negative = false;
        if (i < to && (c[i] == '-' || c[i] == '+')) {
            negative = c[i] == '-';
            i++;
        }
        long acc = 0;
        int frac = -1;
        boolean hasDigit = false;
        for (; i < to; i++) {
            int d = c[i] - '0';
            if (d >= 0 && d <= 9) {
                hasDigit = true;
                if (frac < scale) {
                    if (acc > ACC_LIMIT) {
                        return NOT_PLAIN;
                    }
                    acc = acc * 10 + d;
                    if (frac >= 0) {
                        frac++;
                    }
                } else if (d != 0) {
                    return NOT_PLAIN;
                }
            } else if (c[i] == '.' && frac < 0) {
                frac = 0;
            } else {
                return NOT_PLAIN;
            }
        }
        return hasDigit ? scaled(acc, negative, Math.max(frac, 0), scale) : NOT_PLAIN;
    }

    /** {@code acc} with {@code fractionDigits} digits after the point, at {@code scale}; {@link #NOT_PLAIN} on overflow. */
    private static long scaled(long acc, boolean negative, int fractionDigits, int scale) {
        int shift = scale - fractionDigits;
        if (shift > 0) {
            long m = POW10[shift];
            if (acc > Long.MAX_VALUE / m) {
                return NOT_PLAIN;
            }
            acc *= m;
        }
        return negative ? -acc : acc;
    }

    /** {@code acc * 10 + digit}, or -1 when that overflows (the caller then parses exactly). */
    private static long accumulate(long acc, int digit) {
        if (acc > (Long.MAX_VALUE - digit) / 10) {
            return -1;
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
            if (c < '0' || c > '9') {
                throw bad(text, 0, to, "bad exponent");
            }
            e = e * 10 + (c - '0');
            if (e > 1000) {
                throw bad(text, 0, to, "exponent beyond 1000");
            }
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
            return exact(text, from, to, scale);
        }
        long v = acc;
        if (shift > 0) {
            if (v != 0) {
                if (shift > MAX_SCALE || v > Long.MAX_VALUE / POW10[shift]) {
                    throw bad(text, from, to, "out of range");
                }
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

    /**
     * The slow, exact way for the rare text the accumulating parser cannot finish (a mantissa longer
     * than a long, digits dropped before an exponent): BigDecimal over the same characters.
     */
    private static long exact(CharSequence text, int from, int to, int scale) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9') && c != '.' && c != '-' && c != '+' && c != 'e' && c != 'E') {
                throw bad(text, from, to, "unexpected character '" + c + "'");
            }
        }
        BigDecimal d;
        try {
            d = new BigDecimal(text.subSequence(from, to).toString());
        } catch (NumberFormatException e) {
            throw bad(text, from, to, "not a decimal");
        }
        if (d.signum() == 0) {
            return 0;
        }
        BigDecimal stripped = d.stripTrailingZeros();
        if (stripped.scale() > scale) {
            throw bad(text, from, to, "more than " + scale + " fraction digits");
        }
        // checked before setScale so that a huge exponent costs nothing
        if ((long) stripped.precision() - stripped.scale() > 19) {
            throw bad(text, from, to, "out of range");
        }
        try {
            return stripped.setScale(scale).unscaledValue().longValueExact();
        } catch (ArithmeticException e) {
            throw bad(text, from, to, "out of range");
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
        for (long q = p / 10; q > 0; q /= 10) {
            sb.append((char) ('0' + frac / q % 10));
        }
        return sb;
    }

    /** {@code value} at {@code scale} as plain text without trailing fraction zeros ({@code "0.5"}, {@code "12"}). */
    public static String formatStripped(long value, int scale) {
        BigDecimal d = BigDecimal.valueOf(value, scale).stripTrailingZeros();
        return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
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

    /**
     * The number of digits after the point in {@code chars[from, from+len)} (0 when there is no point),
     * ignoring an exponent; as {@link #fractionDigits(CharSequence)} without allocating.
     */
    public static int fractionDigits(char[] chars, int from, int len) {
        int dot = -1;
        int end = from + len;
        for (int i = from; i < from + len; i++) {
            char c = chars[i];
            if (c == '.') {
                dot = i;
            } else if (c == 'e' || c == 'E') {
                end = i;
                break;
            }
        }
        return dot < 0 ? 0 : end - dot - 1;
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
