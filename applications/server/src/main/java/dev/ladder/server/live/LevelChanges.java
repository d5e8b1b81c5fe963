package dev.ladder.server.live;

import java.util.Arrays;

/**
 * Price levels of one side as parallel arrays of scaled longs ({@code size == 0} removes a level).
 * The arrays are owned by this record once built: callers must not change them afterwards.
 */
public record LevelChanges(long[] prices, long[] sizes) {
    /** No changes. */
    public static final LevelChanges NONE = new LevelChanges(new long[0], new long[0]);

    public LevelChanges {
        if (prices.length != sizes.length) {
            throw new IllegalArgumentException("prices and sizes differ in length: " + prices.length + " vs " + sizes.length);
        }
    }

    /** Copies the first {@code count} entries of the given arrays. */
    public static LevelChanges copyOf(long[] prices, long[] sizes, int count) {
        return count == 0 ? NONE : new LevelChanges(Arrays.copyOf(prices, count), Arrays.copyOf(sizes, count));
    }

    public int count() {
        return prices.length;
    }

    public boolean isEmpty() {
        return prices.length == 0;
    }
}
