package dev.ladder.binance;

import java.util.Arrays;
import java.util.Objects;

/**
 * A reusable list of (price, size) pairs as scaled {@code long}s, in the order the venue sent them.
 * Its arrays grow as needed and are kept between messages, so decoding allocates nothing per level.
 *
 * <p>{@link #price(int)} and {@link #size(int)} throw {@link IndexOutOfBoundsException} past
 * {@link #count()}. A size of 0 means "remove the level". Not thread-safe.
 */
public final class PriceLevels {
    private long[] prices;
    private long[] sizes;
    private int count;

    public PriceLevels() {
        this(16);
    }

    public PriceLevels(int initialCapacity) {
        int c = Math.max(1, initialCapacity);
        prices = new long[c];
        sizes = new long[c];
    }

    /** The number of levels. */
    public int count() {
        return count;
    }

    public long price(int i) {
        return prices[Objects.checkIndex(i, count)];
    }

    public long size(int i) {
        return sizes[Objects.checkIndex(i, count)];
    }

    /** The backing prices array (valid up to {@link #count()}), for bulk copies; not a copy. */
    long[] rawPrices() {
        return prices;
    }

    /** The backing sizes array (valid up to {@link #count()}), for bulk copies; not a copy. */
    long[] rawSizes() {
        return sizes;
    }

    /** Appends a level, growing the arrays when full. */
    public void add(long price, long size) {
        if (count == prices.length) {
            prices = Arrays.copyOf(prices, count * 2);
            sizes = Arrays.copyOf(sizes, count * 2);
        }
        prices[count] = price;
        sizes[count] = size;
        count++;
    }

    /** Removes all levels, keeping the arrays. */
    public void clear() {
        count = 0;
    }

    /** Makes this a copy of {@code other}, reusing this list's arrays when they are large enough. */
    public void copyFrom(PriceLevels other) {
        if (prices.length < other.count) {
            prices = new long[other.count];
            sizes = new long[other.count];
        }
        System.arraycopy(other.prices, 0, prices, 0, other.count);
        System.arraycopy(other.sizes, 0, sizes, 0, other.count);
        count = other.count;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(prices[i]).append('x').append(sizes[i]);
        }
        return sb.append(']').toString();
    }
}
