package dev.ladder.perf.book;

import dev.ladder.book.OrderBook;
import dev.ladder.core.Side;
import java.util.SplittableRandom;

/**
 * Pre-generated level-update streams for the book benchmarks, so that generation is never measured.
 *
 * <p>The starting book has {@link #LEVELS} levels per side on a 0.01 grid around 60,000.00 (price scale
 * 2, size scale 8, BTCUSDT-like) with about one tick in four empty. A stream is {@code half} forward
 * updates followed by their inverses in reverse order (each restoring the size the forward update replaced),
 * so replaying the whole cycle returns the book to its starting state exactly and a benchmark can loop over
 * it forever with the same mix: about 1/4 inserts, 1/4 deletes, 1/2 size changes. While generating, the depth of each side is held near {@link #LEVELS}.
 */
final class BookStreams {
    static final int PRICE_SCALE = 2;
    static final int SIZE_SCALE = 8;
    static final int LEVELS = 5_000;
    static final long MID = 6_000_000;

    /** Where the updates land. */
    enum Kind {
        /** Mostly within a few levels of the touch (geometric, mean 4 levels), 10% anywhere in the best 200. */
        NEAR_TOUCH,
        /** Uniformly over the whole depth of the side. */
        UNIFORM
    }

    /** A cycle of updates: element {@code i} sets {@code sides[i]} at {@code prices[i]} to {@code sizes[i]}. */
    record Stream(Side[] sides, long[] prices, long[] sizes, int inserts, int deletes, int changes) {
        int length() {
            return prices.length;
        }
    }

    private BookStreams() {
    }

    /** The starting book's levels for {@code side}, best first: {@code [0]} prices, {@code [1]} sizes. */
    static long[][] initialLevels(Side side, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed * 31 + side.ordinal());
        long[] prices = new long[LEVELS];
        long[] sizes = new long[LEVELS];
        long p = side == Side.BID ? MID - 1 : MID + 1;
        for (int i = 0; i < LEVELS; i++) {
            prices[i] = p;
            sizes[i] = size(rnd);
            long step = rnd.nextInt(4) == 0 ? 2 : 1;
            p = side == Side.BID ? p - step : p + step;
        }
        return new long[][] {prices, sizes};
    }

    /** A fresh book holding the starting levels. */
    static OrderBook initialBook(long seed) {
        OrderBook book = new OrderBook(PRICE_SCALE, SIZE_SCALE);
        long[][] b = initialLevels(Side.BID, seed);
        long[][] a = initialLevels(Side.ASK, seed);
        book.applySnapshot(b[0], b[1], a[0], a[1]);
        return book;
    }

    static long size(SplittableRandom rnd) {
        return 1 + rnd.nextLong(10_000_000_000L);
    }

    /** A cycle of {@code 2 * half} updates of the given kind. */
    static Stream generate(Kind kind, int half, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        OrderBook model = initialBook(seed);
        int n = 2 * half;
        Side[] sides = new Side[n];
        long[] prices = new long[n];
        long[] sizes = new long[n];
        long[] previous = new long[half];
        int inserts = 0;
        int deletes = 0;
        int changes = 0;
        for (int i = 0; i < half; i++) {
            Side side = rnd.nextBoolean() ? Side.BID : Side.ASK;
            int depth = model.depth(side);
            int r = rnd.nextInt(4);
            boolean insert = r == 0 && depth <= LEVELS + 20 || r == 1 && depth < LEVELS - 20;
            boolean delete = r == 1 && depth >= LEVELS - 20 || r == 0 && depth > LEVELS + 20;
            long price = -1;
            long size;
            if (insert) {
                price = absentPrice(kind, model, side, rnd);
            }
            if (price >= 0) {
                size = size(rnd);
                inserts++;
            } else {
                price = model.price(side, level(kind, depth, rnd));
                if (delete) {
                    size = 0;
                    deletes++;
                } else {
                    size = size(rnd);
                    changes++;
                }
            }
            previous[i] = model.sizeAt(side, price);
            model.set(side, price, size);
            sides[i] = side;
            prices[i] = price;
            sizes[i] = size;
        }
        for (int i = 0; i < half; i++) {
            int f = half - 1 - i;
            sides[half + i] = sides[f];
            prices[half + i] = prices[f];
            sizes[half + i] = previous[f];
        }
        return new Stream(sides, prices, sizes, 2 * inserts, 2 * deletes, 2 * changes);
    }

    private static int level(Kind kind, int depth, SplittableRandom rnd) {
        int k;
        if (kind == Kind.UNIFORM) {
            k = rnd.nextInt(depth);
        } else if (rnd.nextInt(10) == 0) {
            k = rnd.nextInt(200);
        } else {
            k = geometric(rnd, 4);
        }
        return Math.min(k, depth - 1);
    }

    private static int geometric(SplittableRandom rnd, double mean) {
        return (int) (-Math.log(1 - rnd.nextDouble()) * mean);
    }

    /**
     * A price not on the side yet, or -1 when none was found: from a random start (inside the spread one time
     * in three when there is room, else a few ticks behind the best; anywhere for {@code UNIFORM}) walk away
     * from the touch to the first free tick. Never crosses the other side.
     */
    private static long absentPrice(Kind kind, OrderBook model, Side side, SplittableRandom rnd) {
        long best = model.bestPrice(side);
        long worst = model.price(side, model.depth(side) - 1);
        long other = model.bestPrice(side.opposite());
        long step = side == Side.BID ? -1 : 1;
        long spreadTicks = Math.abs(other - best);
        long p;
        if (kind == Kind.UNIFORM) {
            p = best + step * rnd.nextLong(Math.abs(best - worst) + 2);
        } else if (spreadTicks > 1 && rnd.nextInt(3) == 0) {
            p = best - step * (1 + rnd.nextLong(spreadTicks - 1));
        } else {
            p = best + step * geometric(rnd, 6);
        }
        for (int walk = 0; walk < 256; walk++, p += step) {
            boolean crosses = side == Side.BID ? p >= other : p <= other;
            if (p > 0 && !crosses && model.sizeAt(side, p) == 0) {
                return p;
            }
        }
        return -1;
    }
}
