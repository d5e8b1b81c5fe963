package dev.ladder.book.ladder;

import java.util.Arrays;

/**
 * A level-keyed Betfair ladder (batb, batl, bdatb, bdatl): position → (price, size), position 0 the
 * best. Prices are scaled at {@link PriceLadder#PRICE_SCALE}, sizes at {@link RunnerLadder#SIZE_SCALE}.
 *
 * <p>Edge cases: {@code set} with size 0 removes that position only (others keep their positions, as
 * the stream specification says: {@code [0, 1.2, 0]} removes level 0); removing an absent position is
 * a no-op; positions may be sparse. Iteration ({@link #count()}, {@link #levelAt}, {@link #priceAt},
 * {@link #sizeAt}) visits the present positions in ascending order. A position above 1000 throws
 * {@link IllegalArgumentException} (Betfair sends at most 10). Not thread-safe.
 */
public final class LevelLadder {
    /** The highest position accepted. */
    public static final int MAX_LEVEL = 1000;

    private static final long[] NO_LONGS = new long[0];
    private static final boolean[] NO_FLAGS = new boolean[0];

    /** Empty until the first position is set (most runners never get virtual or best-display ladders). */
    private long[] prices = NO_LONGS;
    private long[] sizes = NO_LONGS;
    private boolean[] present = NO_FLAGS;
    private int count;
    private int highest = -1;

    /**
     * Sets position {@code level}; size 0 removes it.
     *
     * @throws IllegalArgumentException when {@code level} is negative or above {@link #MAX_LEVEL}
     */
    public void set(int level, long price, long size) {
        if (level < 0 || level > MAX_LEVEL) {
            throw new IllegalArgumentException("ladder level " + level + " outside 0.." + MAX_LEVEL);
        }
        if (size == 0) {
            if (level <= highest && present[level]) {
                present[level] = false;
                count--;
                while (highest >= 0 && !present[highest]) {
                    highest--;
                }
            }
            return;
        }
        if (level >= present.length) {
            int n = Math.max(Math.max(level + 1, 3), present.length * 2);
            prices = Arrays.copyOf(prices, n);
            sizes = Arrays.copyOf(sizes, n);
            present = Arrays.copyOf(present, n);
        }
        if (!present[level]) {
            present[level] = true;
            count++;
            highest = Math.max(highest, level);
        }
        prices[level] = price;
        sizes[level] = size;
    }

    /** Removes every position. */
    public void clear() {
        Arrays.fill(present, 0, highest + 1, false);
        count = 0;
        highest = -1;
    }

    /** The number of present positions. */
    public int count() {
        return count;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** {@code true} when position {@code level} holds a price. */
    public boolean has(int level) {
        return level >= 0 && level <= highest && present[level];
    }

    /** The price at position {@code level}, or {@link RunnerLadder#NO_PRICE} when absent. */
    public long price(int level) {
        return has(level) ? prices[level] : RunnerLadder.NO_PRICE;
    }

    /** The size at position {@code level}, or 0 when absent. */
    public long size(int level) {
        return has(level) ? sizes[level] : 0;
    }

    /** The position of the {@code i}-th present level (ascending), or -1 when {@code i} is out of range. */
    public int levelAt(int i) {
        if (i < 0 || i >= count) {
            return -1;
        }
        if (count == highest + 1) {
            return i;
        }
        for (int l = 0, seen = 0; l <= highest; l++) {
            if (present[l] && seen++ == i) {
                return l;
            }
        }
        return -1;
    }

    /** The price of the {@code i}-th present level, or {@link RunnerLadder#NO_PRICE}. */
    public long priceAt(int i) {
        int l = levelAt(i);
        return l < 0 ? RunnerLadder.NO_PRICE : prices[l];
    }

    /** The size of the {@code i}-th present level, or 0. */
    public long sizeAt(int i) {
        int l = levelAt(i);
        return l < 0 ? 0 : sizes[l];
    }

    /** Makes this ladder an exact copy of {@code other}. */
    public void copyFrom(LevelLadder other) {
        clear();
        for (int l = 0; l <= other.highest; l++) {
            if (other.present[l]) {
                set(l, other.prices[l], other.sizes[l]);
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            sb.append(i == 0 ? "" : ", ").append(levelAt(i)).append(':').append(priceAt(i)).append('x').append(sizeAt(i));
        }
        return sb.append(']').toString();
    }
}
