package dev.ladder.book;

import dev.ladder.core.Side;
import java.util.Arrays;

/**
 * An L2 order book: for each side, price → size, prices and sizes as scaled {@code long}s
 * ({@link dev.ladder.core.Decimals}) with one scale for prices and one for sizes per instrument.
 *
 * <p>Each side is a sorted primitive array kept with the <em>best price at the end</em>, so the
 * changes that dominate real feeds (near the touch) move few elements. Lookups are binary searches.
 *
 * <p>Edge cases: setting a size of 0 removes the level, and removing an absent level is a no-op
 * (normal on Binance, where a diff can delete a level the snapshot never held). Negative prices or
 * sizes throw {@link IllegalArgumentException}. Queries on an empty side answer {@link #NO_PRICE}
 * and size 0. Level indexes count from 0 at the best price.
 *
 * <p>Not thread-safe: one writer thread owns a book; readers take a copy ({@link #copy()}) or
 * read under the owner's lock.
 */
public final class OrderBook {
    /** Returned for the price of an absent level (an empty side, a level past the depth). */
    public static final long NO_PRICE = Long.MIN_VALUE;

    private final int priceScale;
    private final int sizeScale;
    private final SideLevels bids = new SideLevels(true);
    private final SideLevels asks = new SideLevels(false);

    public OrderBook(int priceScale, int sizeScale) {
        if (priceScale < 0 || priceScale > 18 || sizeScale < 0 || sizeScale > 18) {
            throw new IllegalArgumentException("scales must be within 0..18: price " + priceScale + ", size " + sizeScale);
        }
        this.priceScale = priceScale;
        this.sizeScale = sizeScale;
    }

    public int priceScale() {
        return priceScale;
    }

    public int sizeScale() {
        return sizeScale;
    }

    /** Sets the size at a price; {@code size == 0} removes the level (absent: nothing happens). */
    public void set(Side side, long price, long size) {
        if (price < 0 || size < 0) {
            throw new IllegalArgumentException("negative price or size: " + price + " x " + size);
        }
        levels(side).set(price, size);
    }

    /** Empties both sides. */
    public void clear() {
        bids.clear();
        asks.clear();
    }

    /** Empties one side. */
    public void clear(Side side) {
        levels(side).clear();
    }

    /** The number of price levels on a side. */
    public int depth(Side side) {
        return levels(side).count;
    }

    public boolean isEmpty(Side side) {
        return levels(side).count == 0;
    }

    /** The best price on a side, or {@link #NO_PRICE} when it is empty. */
    public long bestPrice(Side side) {
        return price(side, 0);
    }

    /** The size at the best price, or 0 when the side is empty. */
    public long bestSize(Side side) {
        return size(side, 0);
    }

    /** The price at level {@code level} (0 = best), or {@link #NO_PRICE} past the depth. */
    public long price(Side side, int level) {
        SideLevels l = levels(side);
        return level < 0 || level >= l.count ? NO_PRICE : l.prices[l.count - 1 - level];
    }

    /** The size at level {@code level} (0 = best), or 0 past the depth. */
    public long size(Side side, int level) {
        SideLevels l = levels(side);
        return level < 0 || level >= l.count ? 0 : l.sizes[l.count - 1 - level];
    }

    /** The size resting at exactly {@code price}, or 0 when there is no such level. */
    public long sizeAt(Side side, long price) {
        SideLevels l = levels(side);
        int i = l.find(price);
        return i >= 0 ? l.sizes[i] : 0;
    }

    /** A deep copy (for readers on other threads, snapshots and tests). */
    public OrderBook copy() {
        OrderBook c = new OrderBook(priceScale, sizeScale);
        c.bids.copyFrom(bids);
        c.asks.copyFrom(asks);
        return c;
    }

    SideLevels levels(Side side) {
        return side == Side.BID ? bids : asks;
    }

    /**
     * One side: prices ascending in "goodness" order, so the best is at index count-1. For bids the
     * array is ascending by price; for asks it is descending by price.
     */
    static final class SideLevels {
        final boolean isBid;
        long[] prices = new long[64];
        long[] sizes = new long[64];
        int count;

        SideLevels(boolean isBid) {
            this.isBid = isBid;
        }

        /** Index of {@code price}, or {@code -(insertion point) - 1}. Searches from the best end first. */
        int find(long price) {
            int lo = 0;
            int hi = count - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                long p = prices[mid];
                if (p == price) {
                    return mid;
                }
                boolean before = isBid ? p < price : p > price;
                if (before) {
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return -(lo + 1);
        }

        void set(long price, long size) {
            int i = find(price);
            if (i >= 0) {
                if (size == 0) {
                    int tail = count - 1 - i;
                    if (tail > 0) {
                        System.arraycopy(prices, i + 1, prices, i, tail);
                        System.arraycopy(sizes, i + 1, sizes, i, tail);
                    }
                    count--;
                } else {
                    sizes[i] = size;
                }
            } else if (size != 0) {
                int at = -i - 1;
                if (count == prices.length) {
                    prices = Arrays.copyOf(prices, count * 2);
                    sizes = Arrays.copyOf(sizes, count * 2);
                }
                int tail = count - at;
                if (tail > 0) {
                    System.arraycopy(prices, at, prices, at + 1, tail);
                    System.arraycopy(sizes, at, sizes, at + 1, tail);
                }
                prices[at] = price;
                sizes[at] = size;
                count++;
            }
        }

        void clear() {
            count = 0;
        }

        void copyFrom(SideLevels o) {
            prices = Arrays.copyOf(o.prices, Math.max(64, o.count));
            sizes = Arrays.copyOf(o.sizes, Math.max(64, o.count));
            count = o.count;
        }
    }
}
