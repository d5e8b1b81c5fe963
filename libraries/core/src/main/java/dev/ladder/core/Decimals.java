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
    /** {@code Long.MAX_VALUE / 10^n}: the largest value that can be shifted left by n digits. */
    private static final long[] MAX_BEFORE_SHIFT = new long[MAX_SCALE + 1];

    static {
        long p = 1;
        for (int i = 0; i <= MAX_SCALE; i++) {
            POW10[i] = p;
            MAX_BEFORE_SHIFT[i] = Long.MAX_VALUE / p;
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
     * {@link #parse(CharSequence, int, int, int)}. The plain form {@code digits[.digits]} that venues
     * print (no sign, no exponent, at most 18 digits not counting zeros after the last non-zero
     * fraction digit, only zeros past the scale) is read without allocating; other forms and bad input
     * go through the general parser.
     *
     * @throws NumberFormatException    for text that is no decimal at this scale (see the class comment)
     * @throws IllegalArgumentException when {@code scale} is outside 0..{@value #MAX_SCALE}
     */
    public static long parse(byte[] bytes, int from, int to, int scale) {
        checkScale(scale);
        long v = parsePlain(bytes, from, to, scale);
        return v != NOT_PLAIN ? v : parseGeneral(bytes, from, to, scale);
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
        return v != NOT_PLAIN ? v : parseGeneral(chars, from, len, scale);
    }

    private static long parseGeneral(byte[] bytes, int from, int to, int scale) {
        return parse(new AsciiSequence(bytes), from, to, scale);
    }

    private static long parseGeneral(char[] chars, int from, int len, int scale) {
        return parse(java.nio.CharBuffer.wrap(chars), from, from + len, scale);
    }

    /** What the plain-form parsers return for text they leave to the general parser (never a plain value). */
    private static final long NOT_PLAIN = Long.MIN_VALUE;
    /** Digits a long always holds: the plain form takes at most this many (leading zeros count). */
    private static final int PLAIN_DIGITS = 18;

    /**
     * The plain form {@code digits[.digits]} at {@code scale}: at least one digit, at most
     * {@value #PLAIN_DIGITS} digits up to the scale (so nothing can overflow before the
     * final shift), only zeros after them; or {@link #NOT_PLAIN} for anything else (a sign, an exponent,
     * more digits, a value too large at the scale), which the general parser then decides.
     */
    private static long parsePlain(byte[] b, int from, int to, int scale) {
        long acc = 0;
        int i = from;
        int d;
        int limit = Math.min(to, from + PLAIN_DIGITS);
        while (i < limit && (d = b[i] - '0') >= 0 && d <= 9) {
            acc = acc * 10 + d;
            i++;
        }
        int digits = i - from;
        int frac = 0;
        if (i < to && b[i] == '.') {
            int fracStart = ++i;
            limit = Math.min(to, i + Math.min(scale, PLAIN_DIGITS - digits));
            while (i < limit && (d = b[i] - '0') >= 0 && d <= 9) {
                acc = acc * 10 + d;
                i++;
            }
            frac = i - fracStart;
            digits += frac;
            while (i < to && b[i] == '0') {
                i++;
                digits++;
            }
        }
        return i == to && digits > 0 ? scaled(acc, frac, scale) : NOT_PLAIN;
    }

    /**
     * Reads the plain form {@code digits[.digits]} (as {@link #parse(byte[], int, int, int)} reads it)
     * starting at {@code bytes[from]} and stopping at the first byte after it, for decoders that find
     * where a decimal ends while reading it. Stores the value at {@code scale} in {@code value[0]} and
     * returns the index of the first byte not read (a quote, a comma, {@code to}: never a digit, a
     * point or an exponent's {@code e}). Returns -1, leaving {@code value[0]} alone, when the bytes
     * there are not a plain decimal (a sign, no digit, more than 18 digits, a non-zero
     * digit past the scale, a second point, an exponent, a value too large at the scale); the caller
     * then finds the decimal's end itself and calls {@link #parse(byte[], int, int, int)}, which
     * decides. Allocates nothing, and is small enough to be inlined into a decoder's scanning loop.
     *
     * @throws IllegalArgumentException when {@code scale} is outside 0..{@value #MAX_SCALE}
     */
    public static int scanPlain(byte[] bytes, int from, int to, int scale, long[] value) {
        checkScale(scale);
        long acc = 0;
        int i = from;
        int d;
        int limit = Math.min(to, from + PLAIN_DIGITS);
        while (i < limit && (d = bytes[i] - '0') >= 0 && d <= 9) {
            acc = acc * 10 + d;
            i++;
        }
        int digits = i - from;
        int frac = 0;
        if (i < to && bytes[i] == '.') {
            int fracStart = ++i;
            limit = Math.min(to, i + Math.min(scale, PLAIN_DIGITS - digits));
            while (i < limit && (d = bytes[i] - '0') >= 0 && d <= 9) {
                acc = acc * 10 + d;
                i++;
            }
            frac = i - fracStart;
            digits += frac;
            while (i < to && bytes[i] == '0') {
                i++;
                digits++;
            }
        }
        if (digits == 0 || (i < to && continuesNumber(bytes[i]))) {
            return -1;
        }
        long v = scaled(acc, frac, scale);
        if (v == NOT_PLAIN) {
            return -1;
        }
        value[0] = v;
        return i;
    }

    private static boolean continuesNumber(byte c) {
        return c >= '0' && c <= '9' || c == '.' || c == 'e' || c == 'E';
    }

    /** As {@link #parsePlain(byte[], int, int, int)} over chars. */
    private static long parsePlain(char[] c, int from, int to, int scale) {
        long acc = 0;
        int i = from;
        int d;
        int limit = Math.min(to, from + PLAIN_DIGITS);
        while (i < limit && (d = c[i] - '0') >= 0 && d <= 9) {
            acc = acc * 10 + d;
            i++;
        }
        int digits = i - from;
        int frac = 0;
        if (i < to && c[i] == '.') {
            int fracStart = ++i;
            limit = Math.min(to, i + Math.min(scale, PLAIN_DIGITS - digits));
            while (i < limit && (d = c[i] - '0') >= 0 && d <= 9) {
                acc = acc * 10 + d;
                i++;
            }
            frac = i - fracStart;
            digits += frac;
            while (i < to && c[i] == '0') {
                i++;
                digits++;
            }
        }
        return i == to && digits > 0 ? scaled(acc, frac, scale) : NOT_PLAIN;
    }

    /** {@code acc} with {@code fractionDigits} digits after the point, at {@code scale}; {@link #NOT_PLAIN} on overflow. */
    private static long scaled(long acc, int fractionDigits, int scale) {
        int shift = scale - fractionDigits;
        if (shift > 0) {
            if (acc > MAX_BEFORE_SHIFT[shift]) {
                return NOT_PLAIN;
            }
            acc *= POW10[shift];
        }
        return acc;
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
        byte[] b = new byte[MAX_STRIPPED_BYTES];
        return new String(b, 0, writeStripped(b, 0, value, scale), java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** The most bytes {@link #writeStripped} writes: a sign, 19 digits and a point. */
    public static final int MAX_STRIPPED_BYTES = 21;

    /**
     * Writes {@link #formatStripped}{@code (value, scale)} as ASCII into {@code dst} at {@code at} without
     * allocating, and returns the index after it; {@code dst} needs {@link #MAX_STRIPPED_BYTES} free bytes.
     */
    public static int writeStripped(byte[] dst, int at, long value, int scale) {
        checkScale(scale);
        if (value == Long.MIN_VALUE) { // no positive long to negate: its digits end in 8, so nothing to strip
            String s = BigDecimal.valueOf(value, scale).toPlainString();
            for (int k = 0; k < s.length(); k++) {
                dst[at++] = (byte) s.charAt(k);
            }
            return at;
        }
        if (value < 0) {
            dst[at++] = '-';
            value = -value;
        }
        long p = POW10[scale];
        long whole = value / p;
        long frac = value % p;
        int digits = 1;
        while (digits < 19 && whole >= POW10[digits]) {
            digits++;
        }
        for (int k = at + digits - 1; k >= at; k--) {
            dst[k] = (byte) ('0' + whole % 10);
            whole /= 10;
        }
        at += digits;
        if (frac != 0) {
            int fracDigits = scale;
            while (frac % 10 == 0) {
                frac /= 10;
                fracDigits--;
            }
            dst[at++] = '.';
            for (int k = at + fracDigits - 1; k >= at; k--) {
                dst[k] = (byte) ('0' + frac % 10);
                frac /= 10;
            }
            at += fracDigits;
        }
        return at;
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
