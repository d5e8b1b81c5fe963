package dev.ladder.book.ladder;

import java.util.Arrays;

/**
 * A price-keyed Betfair ladder (atb, atl, trd, spb, spl): price → scaled size, kept sorted by the
 * price's {@code long}. Exchange prices are scaled at {@link PriceLadder#PRICE_SCALE}; the SP ladders'
 * prices are {@link SpPrice} encodings (which sort like their values). Sizes are at
 * {@link RunnerLadder#SIZE_SCALE}.
 *
 * <p>Level 0 is the best price: the highest when the ladder is {@linkplain #isDescending() descending}
 * (available to back, SP back), the lowest otherwise (available to lay, traded, SP lay).
 *
 * <p>Edge cases: {@code set} with size 0 removes the price, and removing an absent price is a no-op;
 * prices that are off the Betfair ladder are kept exactly like any other. Queries past the depth
 * answer {@link RunnerLadder#NO_PRICE} and size 0. Not thread-safe: one writer owns a ladder.
 */
public final class PriceSizeLadder {
    private final boolean descending;
    /** Shared by every ladder that never held a price (most runners have no SP or virtual ladders). */
    private static final long[] NONE = new long[0];

    private long[] prices = NONE;
    private long[] sizes = NONE;
    private int count;

    /** An empty ladder; {@code descending}: level 0 is the highest price. */
    public PriceSizeLadder(boolean descending) {
        this.descending = descending;
    }

    public boolean isDescending() {
        return descending;
    }

    /** Sets the size at a price; size 0 removes it. Allocation-free unless the ladder grows. */
    public void set(long price, long size) {
        int i = Arrays.binarySearch(prices, 0, count, price);
        if (i >= 0) {
            if (size == 0) {
                System.arraycopy(prices, i + 1, prices, i, count - i - 1);
                System.arraycopy(sizes, i + 1, sizes, i, count - i - 1);
                count--;
            } else {
                sizes[i] = size;
            }
            return;
        }
        if (size == 0) {
            return;
        }
        int at = -i - 1;
        if (count == prices.length) {
            int n = Math.max(4, count * 2);
            prices = Arrays.copyOf(prices, n);
            sizes = Arrays.copyOf(sizes, n);
        }
        System.arraycopy(prices, at, prices, at + 1, count - at);
        System.arraycopy(sizes, at, sizes, at + 1, count - at);
        prices[at] = price;
        sizes[at] = size;
        count++;
    }

    /** Removes every price. */
    public void clear() {
        count = 0;
    }

    /** The number of prices. */
    public int depth() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** The price at level {@code level} (0 = best), or {@link RunnerLadder#NO_PRICE} outside the depth. */
    public long price(int level) {
        return level < 0 || level >= count ? RunnerLadder.NO_PRICE : prices[index(level)];
    }

    /** The size at level {@code level} (0 = best), or 0 outside the depth. */
    public long size(int level) {
        return level < 0 || level >= count ? 0 : sizes[index(level)];
    }

    /** The size at exactly {@code price}, or 0 when absent. */
    public long sizeAt(long price) {
        int i = Arrays.binarySearch(prices, 0, count, price);
        return i >= 0 ? sizes[i] : 0;
    }

    /** The sum of all sizes (e.g. a runner's traded volume from its trd ladder), exact. */
    public long totalSize() {
        long sum = 0;
        for (int i = 0; i < count; i++) {
            sum = Math.addExact(sum, sizes[i]);
        }
        return sum;
    }

    /** Makes this ladder an exact copy of {@code other} (same direction required). */
    public void copyFrom(PriceSizeLadder other) {
        if (other.descending != descending) {
            throw new IllegalArgumentException("ladders differ in direction");
        }
        if (prices.length < other.count) {
            prices = new long[other.count];
            sizes = new long[other.count];
        }
        System.arraycopy(other.prices, 0, prices, 0, other.count);
        System.arraycopy(other.sizes, 0, sizes, 0, other.count);
        count = other.count;
    }

    private int index(int level) {
        return descending ? count - 1 - level : level;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int l = 0; l < count; l++) {
            sb.append(l == 0 ? "" : ", ").append(price(l)).append('x').append(size(l));
        }
        return sb.append(']').toString();
    }
}
