package dev.ladder.book;

import dev.ladder.core.Side;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * An L2 order book: for each side, price → size, prices and sizes as scaled {@code long}s
 * ({@link dev.ladder.core.Decimals}) with one scale for prices and one for sizes per instrument.
 * No {@code double} anywhere: decimal answers (mid, notional, cost, average price) are exact
 * {@link BigDecimal}s with documented scales.
 *
 * <p>Each side is one sorted primitive array of (key, size) pairs kept with the <em>best price at the
 * high end</em> and free room at both ends, so the changes that dominate real feeds (near the touch) move
 * few elements, and an insert or delete deep in the book moves the shorter part (at most half a side).
 * A lookup compares the best 8 levels without branching, then gallops and binary-searches, so a
 * level {@code k} deep costs O(log k). {@link #set} allocates nothing (except when a side outgrows its
 * array, which then doubles). Level-index reads ({@link #price(Side, int)}, {@link #size(Side, int)}) are
 * O(1); a price lookup is O(log depth); volume and fill are linear in the levels they cover.
 *
 * <p>Edge cases: setting a size of 0 removes the level, and removing an absent level is a no-op
 * (normal on Binance, where a diff can delete a level the snapshot never held). Negative prices or
 * sizes throw {@link IllegalArgumentException}. A {@code null} side throws {@link NullPointerException}.
 * Queries on an empty side answer {@link #NO_PRICE} and size 0. Level indexes count from 0 at the best
 * price. The book may be crossed or locked (feeds can be, for a moment): nothing prevents it, and
 * {@link #checkInvariants()} reports it.
 *
 * <p>Not thread-safe: one writer thread owns a book; readers take a copy ({@link #copy()},
 * {@link #copyFrom(OrderBook)}) or read under the owner's lock.
 */
public final class OrderBook {
    /** Returned for the price of an absent level (an empty side, a level past the depth). */
    public static final long NO_PRICE = Long.MIN_VALUE;

    /** How many levels from the best end {@link #set} scans linearly before it gallops. */
    private static final int LINEAR_SCAN = 8;

    private final int priceScale;
    private final int sizeScale;
    private final SideLevels bids = new SideLevels(true);
    private final SideLevels asks = new SideLevels(false);
    private final SideLevels[] sides = {bids, asks};

    /**
     * An empty book.
     *
     * @throws IllegalArgumentException when a scale is outside 0..18
     */
    public OrderBook(int priceScale, int sizeScale) {
        if (priceScale < 0 || priceScale > 18 || sizeScale < 0 || sizeScale > 18) {
            throw new IllegalArgumentException("scales must be within 0..18: price " + priceScale + ", size " + sizeScale);
        }
        this.priceScale = priceScale;
        this.sizeScale = sizeScale;
    }

    /** The number of fraction digits in a scaled price. */
    public int priceScale() {
        return priceScale;
    }

    /** The number of fraction digits in a scaled size. */
    public int sizeScale() {
        return sizeScale;
    }

    /**
     * Sets the size at a price; {@code size == 0} removes the level (absent: nothing happens).
     * Allocation-free.
     *
     * @throws IllegalArgumentException when the price or the size is negative (the book is unchanged)
     */
    public void set(Side side, long price, long size) {
        if ((price | size) < 0) {
            throw new IllegalArgumentException("negative price or size: " + price + " x " + size);
        }
        sides[side.ordinal()].set(price, size);
    }

    /**
     * {@link #set} that also answers the size previously resting at {@code price} (0 when the level was
     * absent), so a caller can tell an insert, a change, a delete and a no-op apart (e.g. to publish only
     * real changes). Allocation-free.
     *
     * @throws IllegalArgumentException when the price or the size is negative (the book is unchanged)
     */
    public long update(Side side, long price, long size) {
        if ((price | size) < 0) {
            throw new IllegalArgumentException("negative price or size: " + price + " x " + size);
        }
        return sides[side.ordinal()].set(price, size);
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

    /**
     * Replaces both sides with the given levels, as if the book were cleared and then each bid and each
     * ask {@link #set} in array order: levels may come in any order, a size of 0 leaves its price absent,
     * and when a price repeats the last one wins. Input sorted strictly by price (either direction) with
     * no zero sizes, as venues send snapshots, is copied in linear time (without allocating once the side
     * has room for that many levels).
     *
     * @throws IllegalArgumentException when a count is negative or exceeds its arrays, or a price or size
     *                                  is negative; the book is then unchanged
     */
    public void applySnapshot(long[] bidPrices, long[] bidSizes, int bidCount,
                              long[] askPrices, long[] askSizes, int askCount) {
        validate(Side.BID, bidPrices, bidSizes, bidCount);
        validate(Side.ASK, askPrices, askSizes, askCount);
        bids.load(bidPrices, bidSizes, bidCount);
        asks.load(askPrices, askSizes, askCount);
    }

    /** {@link #applySnapshot(long[], long[], int, long[], long[], int)} with every element of the arrays. */
    public void applySnapshot(long[] bidPrices, long[] bidSizes, long[] askPrices, long[] askSizes) {
        if (bidPrices.length != bidSizes.length || askPrices.length != askSizes.length) {
            throw new IllegalArgumentException("price and size arrays differ in length: bids " + bidPrices.length + "/"
                    + bidSizes.length + ", asks " + askPrices.length + "/" + askSizes.length);
        }
        applySnapshot(bidPrices, bidSizes, bidPrices.length, askPrices, askSizes, askPrices.length);
    }

    /**
     * {@link #applySnapshot(long[], long[], int, long[], long[], int)} from lists of levels (a level of
     * size 0 leaves its price absent).
     *
     * @throws IllegalArgumentException when a price or size is negative; the book is then unchanged
     */
    public void applySnapshot(List<Level> bidLevels, List<Level> askLevels) {
        long[][] b = toArrays(bidLevels);
        long[][] a = toArrays(askLevels);
        applySnapshot(b[0], b[1], a[0], a[1]);
    }

    /**
     * Replaces one side, with the rules of {@link #applySnapshot(long[], long[], int, long[], long[], int)};
     * the other side is untouched.
     *
     * @throws IllegalArgumentException on a bad count or a negative value; the book is then unchanged
     */
    public void replace(Side side, long[] prices, long[] sizes, int count) {
        validate(side, prices, sizes, count);
        levels(side).load(prices, sizes, count);
    }

    /** The number of price levels on a side. */
    public int depth(Side side) {
        return levels(side).count;
    }

    /** {@code true} when a side has no level. */
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

    /** The price at level {@code level} (0 = best), or {@link #NO_PRICE} past the depth or below 0. */
    public long price(Side side, int level) {
        SideLevels l = levels(side);
        return level < 0 || level >= l.count ? NO_PRICE : l.priceAt(l.count - 1 - level);
    }

    /** The size at level {@code level} (0 = best), or 0 past the depth or below 0. */
    public long size(Side side, int level) {
        SideLevels l = levels(side);
        return level < 0 || level >= l.count ? 0 : l.sizeOf(l.count - 1 - level);
    }

    /** The size resting at exactly {@code price}, or 0 when there is no such level (any price, even negative). */
    public long sizeAt(Side side, long price) {
        SideLevels l = levels(side);
        if (price < 0) {
            return 0;
        }
        int i = l.find(l.key(price));
        return i >= 0 ? l.sizeOf(i) : 0;
    }

    /**
     * Best ask minus best bid, at the price scale; negative when the book is crossed, 0 when locked, and
     * {@link #NO_PRICE} when either side is empty.
     */
    public long spread() {
        if (bids.count == 0 || asks.count == 0) {
            return NO_PRICE;
        }
        return bestPrice(Side.ASK) - bestPrice(Side.BID);
    }

    /**
     * The exact mid price (best bid + best ask) / 2 with scale {@code priceScale + 1} (e.g. bid 100.00 and
     * ask 100.01 give 100.005), or {@code null} when either side is empty. A crossed book still has a mid.
     */
    public BigDecimal mid() {
        if (bids.count == 0 || asks.count == 0) {
            return null;
        }
        return BigDecimal.valueOf(bestPrice(Side.BID), priceScale).add(BigDecimal.valueOf(bestPrice(Side.ASK), priceScale))
                .multiply(BigDecimal.valueOf(5, 1));
    }

    /**
     * The exact mid price as a scaled long at scale {@code priceScale + 1}: (best bid + best ask) × 5.
     * Allocation-free. {@link #NO_PRICE} when either side is empty.
     *
     * @throws ArithmeticException when the result does not fit a long (prices near 10^18 / 5)
     */
    public long midScaled() {
        if (bids.count == 0 || asks.count == 0) {
            return NO_PRICE;
        }
        return Math.multiplyExact(Math.addExact(bestPrice(Side.BID), bestPrice(Side.ASK)), 5L);
    }

    /**
     * Copies the best {@code n} levels of a side, best first, into {@code prices} and {@code sizes}.
     * Allocation-free.
     *
     * @return the number of levels copied: {@code min(n, depth, prices.length, sizes.length)}
     * @throws IllegalArgumentException when {@code n} is negative
     */
    public int top(Side side, int n, long[] prices, long[] sizes) {
        if (n < 0) {
            throw new IllegalArgumentException("negative level count " + n);
        }
        SideLevels l = levels(side);
        int k = Math.min(Math.min(n, l.count), Math.min(prices.length, sizes.length));
        long[] d = l.data;
        int b = l.base;
        for (int j = 0; j < k; j++) {
            int i = l.count - 1 - j;
            prices[j] = l.priceAt(i);
            sizes[j] = d[b + 2 * i + 1];
        }
        return k;
    }

    /**
     * The best {@code n} levels of a side, best first: fewer when the side is shallower, empty for an empty
     * side or {@code n == 0}. The list is immutable.
     *
     * @throws IllegalArgumentException when {@code n} is negative
     */
    public List<Level> top(Side side, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative level count " + n);
        }
        SideLevels l = levels(side);
        int k = Math.min(n, l.count);
        Level[] out = new Level[k];
        for (int j = 0; j < k; j++) {
            int i = l.count - 1 - j;
            out[j] = new Level(l.priceAt(i), l.sizeOf(i));
        }
        return List.of(out);
    }

    /**
     * The liquidity on {@code side} at the prices where {@code op.test(levelPrice, price)} holds: total size,
     * number of levels and exact notional Σ price × size (scale {@code priceScale + sizeScale}). For example
     * {@code volume(ASK, LTE, p)} is everything a buy limited at {@code p} could take. No level selected (an
     * empty side, an absent level for {@link PriceOp#EQ}, a price beyond the book) gives size 0, 0 levels
     * and a zero notional. Any {@code price} is accepted, even a negative one.
     *
     * @throws ArithmeticException when the total size overflows a long
     */
    public Volume volume(Side side, PriceOp op, long price) {
        SideLevels l = levels(side);
        long range = range(l, op, price);
        int from = (int) (range >>> 32);
        int to = (int) range;
        int scale = priceScale + sizeScale;
        if (from == to) {
            return new Volume(0, 0, BigDecimal.valueOf(0, scale));
        }
        long[] d = l.data;
        int b = l.base;
        long size = 0;
        for (int i = from; i < to; i++) {
            size = Math.addExact(size, d[b + 2 * i + 1]);
        }
        long sign = l.isBid ? 1 : -1;
        long low = Math.min(l.priceAt(from), l.priceAt(to - 1));
        long span = Math.max(l.priceAt(from), l.priceAt(to - 1)) - low;
        if (Math.multiplyHigh(span, size) == 0 && span * size >= 0) {
            // Σ p·s = low·Σs + Σ (p - low)·s, and the second sum is at most span·Σs: it fits a long
            long above = 0;
            for (int i = from; i < to; i++) {
                above += (sign * d[b + 2 * i] - low) * d[b + 2 * i + 1];
            }
            long lo = low * size;
            long sum = lo + above;
            long hi = Math.multiplyHigh(low, size) + UnsignedSum.carry(lo, above, sum);
            return new Volume(size, to - from, UnsignedSum.toBigDecimal(hi, sum, scale));
        }
        long lo = 0;
        long hi = 0;
        for (int i = from; i < to; i++) {
            long s = d[b + 2 * i + 1];
            long p = sign * d[b + 2 * i];
            long pLo = p * s;
            long nLo = lo + pLo;
            hi += Math.multiplyHigh(p, s) + UnsignedSum.carry(lo, pLo, nLo);
            lo = nLo;
        }
        return new Volume(size, to - from, UnsignedSum.toBigDecimal(hi, lo, scale));
    }

    /**
     * The total size of {@link #volume(Side, PriceOp, long)} without the notional; allocation-free.
     *
     * @throws ArithmeticException when the total overflows a long
     */
    public long volumeSize(Side side, PriceOp op, long price) {
        SideLevels l = levels(side);
        long range = range(l, op, price);
        int to = (int) range;
        long size = 0;
        long[] d = l.data;
        int b = l.base;
        for (int i = (int) (range >>> 32); i < to; i++) {
            size = Math.addExact(size, d[b + 2 * i + 1]);
        }
        return size;
    }

    /** The number of levels {@link #volume(Side, PriceOp, long)} selects; allocation-free, O(log depth). */
    public int levelCount(Side side, PriceOp op, long price) {
        long range = range(levels(side), op, price);
        return (int) range - (int) (range >>> 32);
    }

    /**
     * What a market order of {@code size} would take: a buy ({@code taker == BID}) walks the asks from the
     * lowest price up, a sell ({@code taker == ASK}) walks the bids from the highest down. See {@link Fill}
     * for the fields, the scale and rounding of the average price, and the thin-book (partial) case.
     * A size of 0 gives an empty, non-partial fill; an empty opposite side gives an empty, partial fill.
     *
     * @throws IllegalArgumentException when {@code size} is negative
     */
    public Fill fill(Side taker, long size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative size to fill: " + size);
        }
        SideLevels l = levels(taker.opposite());
        long[] d = l.data;
        int b = l.base;
        long remaining = size;
        int touched = 0;
        long worst = NO_PRICE;
        long lo = 0;
        long hi = 0;
        long sign = l.isBid ? 1 : -1;
        for (int i = l.count - 1; i >= 0 && remaining > 0; i--) {
            long take = Math.min(d[b + 2 * i + 1], remaining);
            long p = sign * d[b + 2 * i];
            long pLo = p * take;
            long nLo = lo + pLo;
            hi += Math.multiplyHigh(p, take) + UnsignedSum.carry(lo, pLo, nLo);
            lo = nLo;
            remaining -= take;
            touched++;
            worst = p;
        }
        long filled = size - remaining;
        BigDecimal total = UnsignedSum.toBigDecimal(hi, lo, priceScale + sizeScale);
        BigDecimal average = filled == 0 ? null
                : total.divide(BigDecimal.valueOf(filled, sizeScale), priceScale + Fill.AVERAGE_EXTRA_DIGITS, RoundingMode.HALF_EVEN);
        return new Fill(taker, size, filled, touched, total, average, worst, remaining > 0);
    }

    /** {@link #fill(Side, long) fill(BID, size)}: the cost of buying {@code size} from the asks. */
    public Fill costToBuy(long size) {
        return fill(Side.BID, size);
    }

    /** {@link #fill(Side, long) fill(ASK, size)}: the proceeds of selling {@code size} into the bids. */
    public Fill costToSell(long size) {
        return fill(Side.ASK, size);
    }

    /**
     * A CRC32 checksum of the best {@code n} levels of both sides, for comparing books across processes.
     *
     * <p>Exact formula: {@code java.util.zip.CRC32} (the zlib / ISO-HDLC CRC-32, as Python's
     * {@code zlib.crc32}) over the byte string built as follows: for {@code i = 0 .. n-1}, if the bids have
     * a level {@code i}, append its scaled price then its scaled size, each as 8 bytes big-endian
     * two's-complement; then the same for ask level {@code i}. Levels past a side's depth append nothing.
     * The result is the unsigned 32-bit CRC in a long ({@code 0 .. 2^32-1}); an empty book, or
     * {@code n == 0}, gives 0. In Python: {@code zlib.crc32(b"".join(struct.pack(">qq", p, s) for ...))}.
     *
     * @throws IllegalArgumentException when {@code n} is negative
     */
    public long checksum(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative level count " + n);
        }
        CRC32 crc = new CRC32();
        byte[] buf = new byte[16];
        int k = Math.min(n, Math.max(bids.count, asks.count));
        for (int j = 0; j < k; j++) {
            if (j < bids.count) {
                update(crc, buf, bids, bids.count - 1 - j);
            }
            if (j < asks.count) {
                update(crc, buf, asks, asks.count - 1 - j);
            }
        }
        return crc.getValue();
    }

    private static void update(CRC32 crc, byte[] buf, SideLevels l, int i) {
        putLong(buf, 0, l.priceAt(i));
        putLong(buf, 8, l.sizeOf(i));
        crc.update(buf, 0, 16);
    }

    private static void putLong(byte[] buf, int at, long v) {
        for (int b = 7; b >= 0; b--) {
            buf[at + b] = (byte) v;
            v >>>= 8;
        }
    }

    /**
     * Checks the invariants and lists every violation, best level first per side: each side strictly
     * sorted (bids descending, asks ascending from the best, no duplicate price), every size above zero,
     * no negative price; then whether the book is crossed (best bid above best ask) or locked (equal).
     * A crossed or locked book is reported, never thrown. An empty list means all is well; the list is
     * immutable.
     */
    public List<Violation> checkInvariants() {
        List<Violation> out = new ArrayList<>();
        for (SideLevels l : sides) {
            Side side = l.isBid ? Side.BID : Side.ASK;
            for (int j = 0; j < l.count; j++) {
                int i = l.count - 1 - j;
                long p = l.priceAt(i);
                long s = l.sizeOf(i);
                if (p < 0) {
                    out.add(new Violation(Violation.Kind.NEGATIVE_PRICE, side, j, side + " level " + j + " has negative price " + p));
                }
                if (s <= 0) {
                    out.add(new Violation(Violation.Kind.NON_POSITIVE_SIZE, side, j,
                            side + " level " + j + " at price " + p + " has size " + s));
                }
                if (j > 0 && l.keyAt(i) >= l.keyAt(i + 1)) {
                    out.add(new Violation(Violation.Kind.UNSORTED, side, j, side + " level " + j + " at price " + p
                            + " is not strictly worse than level " + (j - 1) + " at price " + l.priceAt(i + 1)));
                }
            }
        }
        if (bids.count > 0 && asks.count > 0) {
            long bid = bestPrice(Side.BID);
            long ask = bestPrice(Side.ASK);
            if (bid > ask) {
                out.add(new Violation(Violation.Kind.CROSSED, null, -1, "crossed: best bid " + bid + " > best ask " + ask));
            } else if (bid == ask) {
                out.add(new Violation(Violation.Kind.LOCKED, null, -1, "locked: best bid = best ask = " + bid));
            }
        }
        return List.copyOf(out);
    }

    /** {@code true} when both sides are non-empty and the best bid is above the best ask. */
    public boolean isCrossed() {
        return bids.count > 0 && asks.count > 0 && bestPrice(Side.BID) > bestPrice(Side.ASK);
    }

    /** A deep copy (for readers on other threads, snapshots and tests). */
    public OrderBook copy() {
        OrderBook c = new OrderBook(priceScale, sizeScale);
        c.copyFrom(this);
        return c;
    }

    /**
     * Makes this book a copy of {@code source}, reusing this book's arrays when they are large enough
     * (a reader can refresh its copy without allocating).
     *
     * @throws IllegalArgumentException when the scales differ
     */
    public void copyFrom(OrderBook source) {
        if (source.priceScale != priceScale || source.sizeScale != sizeScale) {
            throw new IllegalArgumentException("scales differ: " + source.priceScale + "/" + source.sizeScale
                    + " into " + priceScale + "/" + sizeScale);
        }
        bids.copyFrom(source.bids);
        asks.copyFrom(source.asks);
    }

    /** {@code true} when {@code other} has the same scales and exactly the same levels on both sides. */
    public boolean hasSameLevels(OrderBook other) {
        return other.priceScale == priceScale && other.sizeScale == sizeScale
                && bids.sameAs(other.bids) && asks.sameAs(other.asks);
    }

    @Override
    public String toString() {
        return "OrderBook[scales " + priceScale + "/" + sizeScale + ", bids " + bids.count + " levels best " + bestPrice(Side.BID)
                + ", asks " + asks.count + " levels best " + bestPrice(Side.ASK) + "]";
    }

    SideLevels levels(Side side) {
        return sides[side.ordinal()];
    }

    /** The index range [from, to) of the levels selected by {@code op} and {@code price}, packed as from << 32 | to. */
    private static long range(SideLevels l, PriceOp op, long price) {
        int n = l.count;
        long p = Math.max(price, -1);
        if (l.isBid) {
            int lb = l.lowerBound(p);
            return switch (op) {
                case EQ -> pack(lb, l.upperBound(p));
                case LT -> pack(0, lb);
                case LTE -> pack(0, l.upperBound(p));
                case GT -> pack(l.upperBound(p), n);
                case GTE -> pack(lb, n);
            };
        }
        long key = -p;
        int lb = l.lowerBound(key);
        return switch (op) {
            case EQ -> pack(lb, l.upperBound(key));
            case LT -> pack(l.upperBound(key), n);
            case LTE -> pack(lb, n);
            case GT -> pack(0, lb);
            case GTE -> pack(0, l.upperBound(key));
        };
    }

    private static long pack(int from, int to) {
        return (long) from << 32 | to;
    }

    private static void validate(Side side, long[] prices, long[] sizes, int count) {
        if (count < 0 || count > prices.length || count > sizes.length) {
            throw new IllegalArgumentException(side + " level count " + count + " outside the arrays (prices "
                    + prices.length + ", sizes " + sizes.length + ")");
        }
        for (int i = 0; i < count; i++) {
            if ((prices[i] | sizes[i]) < 0) {
                throw new IllegalArgumentException(side + " level " + i + " has a negative price or size: "
                        + prices[i] + " x " + sizes[i]);
            }
        }
    }

    private static long[][] toArrays(List<Level> levels) {
        long[] p = new long[levels.size()];
        long[] s = new long[levels.size()];
        for (int i = 0; i < p.length; i++) {
            Level l = levels.get(i);
            p[i] = l.price();
            s[i] = l.size();
        }
        return new long[][] {p, s};
    }

    /**
     * One side: (key, size) pairs in one array, keys strictly ascending, so the best is at the highest index.
     * The key is the price for bids and the negated price for asks (prices are never negative). The levels
     * occupy {@code data[base, base + 2 * count)} with free room at both ends: an insert or a delete shifts
     * whichever part is shorter (the few levels on the best side near the touch; otherwise at most half the
     * book), and when that end has no room the levels are re-centred (or the array doubles), amortised O(1).
     */
    static final class SideLevels {
        private static final int MIN_CAPACITY = 64;

        final boolean isBid;
        long[] data = new long[2 * MIN_CAPACITY];
        int base = MIN_CAPACITY;
        int count;

        SideLevels(boolean isBid) {
            this.isBid = isBid;
        }

        long key(long price) {
            return isBid ? price : -price;
        }

        long keyAt(int i) {
            return data[base + 2 * i];
        }

        long sizeOf(int i) {
            return data[base + 2 * i + 1];
        }

        long priceAt(int i) {
            long k = data[base + 2 * i];
            return isBid ? k : -k;
        }

        /**
         * Index of {@code key}, or {@code -(insertion point) - 1}. Counts, without branching, how many of
         * the best {@link #LINEAR_SCAN} keys are above {@code key} (the keys are sorted, so that count is the
         * distance from the best end); when all are, gallops towards the worst end (distances 8, 16, 32, ...)
         * and binary-searches the bracket found, so a level {@code k} deep costs O(log k).
         */
        int find(long key) {
            long[] d = data;
            int b = base;
            int n = count;
            int stop;
            if (n >= LINEAR_SCAN) {
                int last = b + 2 * (n - 1);
                int greater = 0;
                for (int j = 0; j < LINEAR_SCAN; j++) {
                    greater += d[last - 2 * j] > key ? 1 : 0;
                }
                if (greater < LINEAR_SCAN) {
                    int i = n - 1 - greater;
                    return d[b + 2 * i] == key ? i : -(i + 2);
                }
                stop = n - 1 - LINEAR_SCAN;
            } else {
                for (int i = n - 1; i >= 0; i--) {
                    long k = d[b + 2 * i];
                    if (k <= key) {
                        return k == key ? i : -(i + 2);
                    }
                }
                return -1;
            }
            int hi = stop;
            int lo = 0;
            int step = LINEAR_SCAN;
            while (hi >= 0) {
                int probe = hi - step;
                if (probe < 0) {
                    break;
                }
                if (d[b + 2 * probe] <= key) {
                    lo = probe;
                    break;
                }
                hi = probe - 1;
                step <<= 1;
            }
            if (hi < lo) {
                return -(lo + 1);
            }
            int at = lo;
            int len = hi - lo + 1;
            while (len > 1) {
                int half = len >>> 1;
                at = d[b + 2 * (at + half)] <= key ? at + half : at;
                len -= half;
            }
            long k = d[b + 2 * at];
            return k == key ? at : k < key ? -(at + 2) : -(at + 1);
        }

        /** The first index whose key is at least {@code key} ({@code count} when none). */
        int lowerBound(long key) {
            int lo = 0;
            int hi = count;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (keyAt(mid) < key) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        /** The first index whose key is above {@code key} ({@code count} when none). */
        int upperBound(long key) {
            int lo = 0;
            int hi = count;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (keyAt(mid) <= key) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        /** Sets the level and answers the previous size (0 when absent). */
        long set(long price, long size) {
            long key = isBid ? price : -price;
            int i = find(key);
            if (i >= 0) {
                int at = base + 2 * i + 1;
                long previous = data[at];
                if (size != 0) {
                    data[at] = size;
                } else {
                    remove(i);
                }
                return previous;
            }
            if (size != 0) {
                insert(-i - 1, key, size);
            }
            return 0;
        }

        private void remove(int i) {
            int tail = count - 1 - i;
            if (tail <= i) {
                int at = base + 2 * i;
                System.arraycopy(data, at + 2, data, at, 2 * tail);
            } else {
                System.arraycopy(data, base, data, base + 2, 2 * i);
                base += 2;
            }
            count--;
        }

        private void insert(int at, long key, long size) {
            int tail = count - at;
            if (tail <= at) {
                if (base + 2 * (count + 1) > data.length) {
                    recentre();
                }
                int p = base + 2 * at;
                System.arraycopy(data, p, data, p + 2, 2 * tail);
                data[p] = key;
                data[p + 1] = size;
            } else {
                if (base == 0) {
                    recentre();
                }
                System.arraycopy(data, base, data, base - 2, 2 * at);
                base -= 2;
                int p = base + 2 * at;
                data[p] = key;
                data[p + 1] = size;
            }
            count++;
        }

        /** Moves the levels to the middle of the array, doubling it first when it is more than half full. */
        private void recentre() {
            int capacity = data.length / 2;
            long[] target = count + 1 > capacity / 2 ? new long[4 * capacity] : data;
            int newBase = 2 * ((target.length / 2 - count) / 2);
            System.arraycopy(data, base, target, newBase, 2 * count);
            data = target;
            base = newBase;
        }

        /** Makes room for {@code n} levels, centred, discarding the current levels. */
        private void reset(int n) {
            int capacity = Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(n, 1)) << 1);
            if (data.length < 2 * capacity) {
                data = new long[2 * capacity];
            }
            count = 0;
            base = 2 * ((data.length / 2 - n) / 2);
        }

        /** Replaces the contents with validated levels (see {@link OrderBook#applySnapshot}). */
        void load(long[] prices, long[] sizes, int n) {
            boolean ascending = true;
            boolean descending = true;
            for (int i = 0; i < n && (ascending || descending); i++) {
                if (sizes[i] == 0) {
                    ascending = false;
                    descending = false;
                } else if (i > 0) {
                    long k = key(prices[i]);
                    long prev = key(prices[i - 1]);
                    ascending &= k > prev;
                    descending &= k < prev;
                }
            }
            if (ascending || descending) {
                reset(n);
                for (int i = 0; i < n; i++) {
                    int j = base + 2 * (ascending ? i : n - 1 - i);
                    data[j] = key(prices[i]);
                    data[j + 1] = sizes[i];
                }
                count = n;
            } else {
                reset(0);
                for (int i = 0; i < n; i++) {
                    set(prices[i], sizes[i]);
                }
            }
        }

        void clear() {
            count = 0;
            base = 2 * (data.length / 4);
        }

        void copyFrom(SideLevels o) {
            reset(o.count);
            System.arraycopy(o.data, o.base, data, base, 2 * o.count);
            count = o.count;
        }

        boolean sameAs(SideLevels o) {
            return count == o.count && Arrays.equals(data, base, base + 2 * count, o.data, o.base, o.base + 2 * count);
        }
    }
}
