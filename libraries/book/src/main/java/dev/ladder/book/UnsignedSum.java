package dev.ladder.book;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * An exact running sum of products of non-negative longs, in 192 bits (three words), so that
 * Σ price × size over a whole book never overflows. Converted to a decimal only at the end. Hot loops
 * inline the same arithmetic on local variables with {@link #carry}.
 */
final class UnsignedSum {
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private long lo;
    private long hi;
    private long top;

    /** Adds {@code a × b}; both must be non-negative. */
    void addProduct(long a, long b) {
        long pHi = Math.multiplyHigh(a, b);
        long pLo = a * b;
        long nLo = lo + pLo;
        pHi += carry(lo, pLo, nLo);
        lo = nLo;
        long nHi = hi + pHi;
        top += carry(hi, pHi, nHi);
        hi = nHi;
    }

    /** The sum as a decimal with {@code scale} fraction digits (the sum is the unscaled value). */
    BigDecimal toBigDecimal(int scale) {
        return toBigDecimal(top, hi, lo, scale);
    }

    /** The carry out (0 or 1) of the unsigned addition {@code a + b = sum}, without a branch. */
    static long carry(long a, long b, long sum) {
        return ((a & b) | ((a | b) & ~sum)) >>> 63;
    }

    /** The unsigned 192-bit value {@code top:hi:lo} as a decimal with {@code scale} fraction digits. */
    static BigDecimal toBigDecimal(long top, long hi, long lo, int scale) {
        if (top == 0 && hi == 0 && lo >= 0) {
            return BigDecimal.valueOf(lo, scale);
        }
        BigInteger v = BigInteger.valueOf(top).multiply(TWO_64).add(unsigned(hi)).multiply(TWO_64).add(unsigned(lo));
        return new BigDecimal(v, scale);
    }

    private static BigInteger unsigned(long w) {
        BigInteger v = BigInteger.valueOf(w & Long.MAX_VALUE);
        return w < 0 ? v.setBit(63) : v;
    }
}
