package dev.ladder.book.ladder;

import dev.ladder.core.Decimals;

/**
 * Betfair starting-price values (the near and far projections {@code spn}/{@code spf} and the prices
 * of the SP ladders {@code spb}/{@code spl}), exact, each in one {@code long}.
 *
 * <p>Why not a price at {@link PriceLadder#PRICE_SCALE}: Betfair computes these values as binary
 * doubles and sends them with every digit ({@code 38.387036360669896}, {@code 2.550036913}); they are
 * not on the price ladder and must not be forced onto it. A double prints with at most 17 significant
 * digits, but no single fixed scale holds 17 digits over the whole range (a projection of 2.4 needs
 * 16 fraction digits, one of 1000 needs 4 integer digits: 10^19 does not fit a {@code long}). So each
 * value carries its own exponent, like a small decimal floating point number:
 * <pre>
 *   bit 63      0 (finite values are never negative)
 *   bits 57-62  E + 17, where value = 0.d1d2...d17 × 10^E
 *   bits 0-56   the 17 significant digits d1...d17 as an integer in [10^16, 10^17)
 * </pre>
 * The encoding is canonical (trailing zeros do not matter: {@code 2.5} and {@code 2.50} encode the
 * same) and order-preserving: comparing two encoded finite values as {@code long}s compares their
 * values, so the SP ladders are ordinary {@link PriceSizeLadder}s keyed by encoded price. Zero encodes
 * as 0. {@link #INFINITY} ({@code Long.MAX_VALUE}) sorts above every finite value.
 *
 * <p>Special values: {@link #NONE} (never sent; {@code Long.MIN_VALUE}, the same as
 * {@link RunnerLadder#NO_PRICE}), {@link #NAN} ({@code "NaN"}, Betfair's "no projection") and
 * {@link #INFINITY} ({@code "Infinity"}, e.g. a far price with nothing on the other side; the same as
 * {@link RunnerLadder#INFINITE_PRICE}).
 *
 * <p>Representable: any value that {@link Decimals} holds as a non-negative scaled {@code long} (scale
 * 0 to 18) with at most 17 significant digits, i.e. every double Betfair can print in that range.
 * Anything else (negative, 18 or more significant digits) is refused by {@link #of} with
 * {@link IllegalArgumentException}. Stateless and thread-safe.
 */
public final class SpPrice {
    /** Never sent (or reset by an image). */
    public static final long NONE = Long.MIN_VALUE;
    /** {@code "NaN"}: no projection available. */
    public static final long NAN = -1L;
    /** {@code "Infinity"}. */
    public static final long INFINITY = Long.MAX_VALUE;
    /** The most significant digits held. */
    public static final int MAX_DIGITS = 17;

    private static final int DIGIT_BITS = 57;
    private static final long DIGIT_MASK = (1L << DIGIT_BITS) - 1;
    private static final int BIAS = 17;
    private static final long MIN_DIGITS = 10_000_000_000_000_000L;

    private SpPrice() {
    }

    /**
     * The value {@code unscaled / 10^scale}, encoded.
     *
     * @throws IllegalArgumentException when it is negative, has more than {@link #MAX_DIGITS}
     *                                  significant digits, or {@code scale} is outside 0..18
     */
    public static long of(long unscaled, int scale) {
        if (scale < 0 || scale > Decimals.MAX_SCALE) {
            throw new IllegalArgumentException("scale " + scale + " outside 0.." + Decimals.MAX_SCALE);
        }
        if (unscaled < 0) {
            throw new IllegalArgumentException("a starting price is never negative: " + Decimals.format(unscaled, scale));
        }
        if (unscaled == 0) {
            return 0;
        }
        long u = unscaled;
        int s = scale;
        while (u % 10 == 0) {
            u /= 10;
            s--;
        }
        int digits = digits(u);
        if (digits > MAX_DIGITS) {
            throw new IllegalArgumentException(Decimals.format(unscaled, scale) + " has more than " + MAX_DIGITS
                    + " significant digits");
        }
        long significand = u * Decimals.pow10(MAX_DIGITS - digits);
        int exponent = digits - s;
        return ((long) (exponent + BIAS) << DIGIT_BITS) | significand;
    }

    /** A price scaled at {@link PriceLadder#PRICE_SCALE} (e.g. a ladder price), encoded. */
    public static long ofPrice(long price) {
        return of(price, PriceLadder.PRICE_SCALE);
    }

    /** {@code true} for a number (not {@link #NONE}, {@link #NAN} or {@link #INFINITY}). */
    public static boolean isFinite(long sp) {
        return sp >= 0 && sp != INFINITY;
    }

    /**
     * The fraction digits of a finite value without trailing zeros ({@code 2.550036913} → 9,
     * {@code 1000} → 0).
     *
     * @throws IllegalArgumentException when {@code sp} is not {@linkplain #isFinite finite}
     */
    public static int scale(long sp) {
        checkFinite(sp);
        if (sp == 0) {
            return 0;
        }
        long d = sp & DIGIT_MASK;
        int zeros = 0;
        while (d % 10 == 0) {
            d /= 10;
            zeros++;
        }
        int exponent = (int) (sp >>> DIGIT_BITS) - BIAS;
        return Math.max(0, MAX_DIGITS - zeros - exponent);
    }

    /**
     * The finite value scaled at {@link #scale(long)} ({@code 38.387036360669896} → 38387036360669896
     * at scale 15).
     *
     * @throws IllegalArgumentException when {@code sp} is not {@linkplain #isFinite finite}
     */
    public static long unscaled(long sp) {
        int scale = scale(sp);
        if (sp == 0) {
            return 0;
        }
        long d = sp & DIGIT_MASK;
        int exponent = (int) (sp >>> DIGIT_BITS) - BIAS;
        int shift = scale + exponent - MAX_DIGITS;
        return shift >= 0 ? d * Decimals.pow10(shift) : d / Decimals.pow10(-shift);
    }

    /**
     * The value as Betfair sends it: the exact decimal without trailing zeros ({@code "2.550036913"},
     * {@code "1000"}), {@code "NaN"}, {@code "Infinity"}, or {@code null} for {@link #NONE}.
     *
     * @throws IllegalArgumentException when {@code sp} is not a valid encoding
     */
    public static String toString(long sp) {
        if (sp == NONE) {
            return null;
        }
        if (sp == NAN) {
            return "NaN";
        }
        if (sp == INFINITY) {
            return "Infinity";
        }
        return Decimals.format(unscaled(sp), scale(sp));
    }

    private static void checkFinite(long sp) {
        if (!isFinite(sp) || (sp != 0 && (sp & DIGIT_MASK) < MIN_DIGITS)) {
            throw new IllegalArgumentException("not a finite starting price: " + sp);
        }
    }

    private static int digits(long v) {
        int n = 1;
        while (n < 19 && v >= Decimals.pow10(n)) {
            n++;
        }
        return n;
    }
}
