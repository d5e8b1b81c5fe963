package dev.ladder.book;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Helpers for exact sums of products in two words (128 bits, unsigned). A book never needs more: the
 * sizes summed in one answer fit a long (checked), and prices are below 2^63, so Σ price × size stays
 * below 2^126. Hot loops keep the two words in local variables and convert to a decimal only at the end.
 */
final class UnsignedSum {
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private UnsignedSum() {
    }

    /** The carry out (0 or 1) of the unsigned addition {@code a + b = sum}, without a branch. */
    static long carry(long a, long b, long sum) {
        return ((a & b) | ((a | b) & ~sum)) >>> 63;
    }

    /** The unsigned 128-bit value {@code hi:lo} as a decimal with {@code scale} fraction digits. */
    static BigDecimal toBigDecimal(long hi, long lo, int scale) {
        if (hi == 0 && lo >= 0) {
            return BigDecimal.valueOf(lo, scale);
        }
        return new BigDecimal(unsigned(hi).multiply(TWO_64).add(unsigned(lo)), scale);
    }

    private static BigInteger unsigned(long w) {
        BigInteger v = BigInteger.valueOf(w & Long.MAX_VALUE);
        return w < 0 ? v.setBit(63) : v;
    }
}
