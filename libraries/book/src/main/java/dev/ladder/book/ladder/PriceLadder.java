package dev.ladder.book.ladder;

import java.util.Arrays;

/**
 * A Betfair price ladder: the prices a market accepts, as ticks numbered from 0 (the lowest price).
 * Prices are scaled {@code long}s with {@link #PRICE_SCALE} fraction digits ({@code 1.01 → 101}).
 *
 * <ul>
 *   <li>{@link Type#CLASSIC}: 1.01 … 1000 in the standard increments (0.01 to 2, 0.02 to 3, 0.05 to 4,
 *       0.1 to 6, 0.2 to 10, 0.5 to 20, 1 to 30, 2 to 50, 5 to 100, 10 to 1000): 350 ticks.</li>
 *   <li>{@link Type#FINEST}: 1.01 … 1000 in steps of 0.01.</li>
 *   <li>{@link Type#LINE_RANGE}: {@code min … max} in steps of {@code interval} (line markets).</li>
 * </ul>
 *
 * <p>Edge cases: a price that is not on the ladder (an SP price, a traded price in a LINE market, a
 * malformed value) is never an error here: {@link #tickOf} answers {@link #OFF_LADDER}, and the books
 * in this package key levels by the exact scaled price, so off-ladder prices are still kept exactly.
 * Instances are immutable and thread-safe.
 */
public final class PriceLadder {
    /** Fraction digits of a scaled Betfair price. */
    public static final int PRICE_SCALE = 2;
    /** {@link #tickOf} for a price that is not on the ladder. */
    public static final int OFF_LADDER = -1;

    /** The ladder types of Betfair's {@code priceLadderDefinition.type}. */
    public enum Type { CLASSIC, FINEST, LINE_RANGE }

    private static final long[][] CLASSIC_BANDS = {
            // {from (inclusive), to (inclusive), increment}, all scaled at 2
            {101, 200, 1}, {200, 300, 2}, {300, 400, 5}, {400, 600, 10}, {600, 1000, 20},
            {1000, 2000, 50}, {2000, 3000, 100}, {3000, 5000, 200}, {5000, 10000, 500}, {10000, 100000, 1000}};

    private static final PriceLadder CLASSIC = new PriceLadder(Type.CLASSIC, classicTicks());
    private static final PriceLadder FINEST = new PriceLadder(Type.FINEST, range(101, 100000, 1));

    private final Type type;
    private final long[] ticks;

    private PriceLadder(Type type, long[] ticks) {
        this.type = type;
        this.ticks = ticks;
    }

    /** The CLASSIC ladder (the default when a market definition names none). */
    public static PriceLadder classic() {
        return CLASSIC;
    }

    /** The FINEST ladder: every hundredth from 1.01 to 1000. */
    public static PriceLadder finest() {
        return FINEST;
    }

    /**
     * A LINE_RANGE ladder from {@code min} to {@code max} (inclusive) in steps of {@code interval}, all
     * scaled at {@link #PRICE_SCALE}.
     *
     * @throws IllegalArgumentException when {@code interval <= 0}, {@code max < min}, or the range has
     *                                  more than 10 million ticks
     */
    public static PriceLadder lineRange(long min, long max, long interval) {
        if (interval <= 0 || max < min || (max - min) / interval > 10_000_000L) {
            throw new IllegalArgumentException("bad line range: min " + min + ", max " + max + ", interval " + interval);
        }
        return new PriceLadder(Type.LINE_RANGE, range(min, max, interval));
    }

    /**
     * The ladder named by a {@code priceLadderDefinition.type}; {@code null}, empty or unknown names
     * give {@link #classic()} (Betfair's default), LINE_RANGE without a range too.
     */
    public static PriceLadder of(String type) {
        if ("FINEST".equals(type)) {
            return FINEST;
        }
        return CLASSIC;
    }

    public Type type() {
        return type;
    }

    /** The number of ticks. */
    public int tickCount() {
        return ticks.length;
    }

    /** The scaled price of tick {@code tick}; throws IndexOutOfBoundsException outside 0..tickCount-1. */
    public long price(int tick) {
        if (tick < 0 || tick >= ticks.length) {
            throw new IndexOutOfBoundsException("tick " + tick + " outside 0.." + (ticks.length - 1));
        }
        return ticks[tick];
    }

    /** The tick of a scaled price, or {@link #OFF_LADDER} when the price is not on this ladder. */
    public int tickOf(long price) {
        int i = Arrays.binarySearch(ticks, price);
        return i >= 0 ? i : OFF_LADDER;
    }

    /** {@code true} when the scaled price is a tick of this ladder. */
    public boolean isOnLadder(long price) {
        return tickOf(price) != OFF_LADDER;
    }

    /** The lowest price (tick 0), scaled at {@link #PRICE_SCALE}. */
    public long minPrice() {
        return ticks[0];
    }

    /** The highest price (the last tick), scaled at {@link #PRICE_SCALE}. */
    public long maxPrice() {
        return ticks[ticks.length - 1];
    }

    /**
     * {@code true} when the scaled price lies between {@link #minPrice()} and {@link #maxPrice()}
     * (inclusive), on a tick or not: the check for prices a market can hold (a negative price, 0, or
     * 1001 on CLASSIC is out of range; 2.03, off the CLASSIC ticks, is in range).
     */
    public boolean isInRange(long price) {
        return price >= ticks[0] && price <= ticks[ticks.length - 1];
    }

    /**
     * The price {@code n} ticks away from {@code price} (positive: higher), clamped to the ladder's
     * ends. From an off-ladder price, one tick up is the next tick above it and one tick down the next
     * tick below it; {@code n == 0} returns {@code price} unchanged.
     */
    public long move(long price, int n) {
        if (n == 0) {
            return price;
        }
        int i = Arrays.binarySearch(ticks, price);
        long tick;
        if (i >= 0) {
            tick = (long) i + n;
        } else {
            int above = -i - 1;
            tick = n > 0 ? (long) above + n - 1 : (long) above + n;
        }
        return ticks[(int) Math.max(0, Math.min(ticks.length - 1, tick))];
    }

    @Override
    public String toString() {
        return "PriceLadder[" + type + ", " + ticks.length + " ticks " + ticks[0] + ".." + ticks[ticks.length - 1] + "]";
    }

    private static long[] classicTicks() {
        long[] out = new long[400];
        int n = 0;
        for (long[] band : CLASSIC_BANDS) {
            for (long p = band[0]; p < band[1]; p += band[2]) {
                out[n++] = p;
            }
        }
        out[n++] = 100000;
        return Arrays.copyOf(out, n);
    }

    private static long[] range(long min, long max, long step) {
        int n = (int) ((max - min) / step) + 1;
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = min + i * step;
        }
        return out;
    }
}
