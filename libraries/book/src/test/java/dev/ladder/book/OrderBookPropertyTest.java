package dev.ladder.book;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.core.Side;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Property-based tests: seeded random operation sequences (sets near a moving mid and far away,
 * removes of present and absent levels, snapshots in every order, clears, rejected bad input) are
 * applied to the fast book and to {@link ReferenceBook}, and after every batch every query is compared.
 * A failure message names the seed and the batch, so it reproduces with that seed alone.
 */
class OrderBookPropertyTest {
    private static final int[] PRICE_SCALES = {0, 2, 4, 8};
    private static final int[] SIZE_SCALES = {0, 3, 8};
    private static final Side[] SIDES = Side.values();

    /** One generated world: scales, tick, the moving mid and how big sizes get. */
    private static final class Gen {
        final SplittableRandom rnd;
        final int priceScale;
        final int sizeScale;
        final long tick;
        final long maxSize;
        final int farSpan;
        long midTicks;

        Gen(long seed, boolean bigValues) {
            rnd = new SplittableRandom(seed);
            if (bigValues) {
                priceScale = 8;
                sizeScale = 8;
                tick = 1 + rnd.nextLong(1_000_000);
                midTicks = 10_000_000L + rnd.nextLong(10_000_000L);
                maxSize = 1 + rnd.nextLong(Long.MAX_VALUE / 1024);
            } else {
                priceScale = PRICE_SCALES[rnd.nextInt(PRICE_SCALES.length)];
                sizeScale = SIZE_SCALES[rnd.nextInt(SIZE_SCALES.length)];
                tick = rnd.nextBoolean() ? 1 : new long[] {5, 10, 25, 100}[rnd.nextInt(4)];
                midTicks = 200 + rnd.nextLong(100_000);
                maxSize = rnd.nextInt(10) == 0 ? 3 : 1 + rnd.nextLong(1_000_000_000L);
            }
            farSpan = 50 + rnd.nextInt(400);
        }

        long price(Side side) {
            int r = rnd.nextInt(100);
            long ticks;
            if (r < 70) {
                long offset = 1 + (rnd.nextInt(4) == 0 ? rnd.nextInt(60) : rnd.nextInt(8));
                ticks = side == Side.BID ? midTicks - offset : midTicks + offset;
            } else if (r < 73) {
                long offset = rnd.nextInt(3);
                ticks = side == Side.BID ? midTicks + offset : midTicks - offset;
            } else if (r < 99) {
                ticks = side == Side.BID ? midTicks - rnd.nextInt(farSpan) : midTicks + rnd.nextInt(farSpan);
            } else {
                ticks = rnd.nextInt(3);
            }
            return Math.max(0, ticks) * tick;
        }

        long size() {
            return rnd.nextInt(4) == 0 ? 0 : 1 + rnd.nextLong(maxSize);
        }

        void walk() {
            midTicks = Math.max(100, midTicks + rnd.nextInt(-3, 4));
        }
    }

    @Test
    void manyShortSequencesAtMixedScales() {
        for (long seed = 1; seed <= 2_000; seed++) {
            runSequence(seed, false, 25, 20);
        }
    }

    @Test
    void bigPricesAndSizesAtScales8And8NeedMoreThan64Bits() {
        for (long seed = 10_001; seed <= 10_300; seed++) {
            runSequence(seed, true, 25, 20);
        }
    }

    @Test
    void longerSequencesGrowDeeperBooks() {
        for (long seed = 20_001; seed <= 20_030; seed++) {
            runSequence(seed, false, 60, 200);
        }
    }

    private static void runSequence(long seed, boolean bigValues, int batches, int maxBatch) {
        Gen g = new Gen(seed, bigValues);
        OrderBook book = new OrderBook(g.priceScale, g.sizeScale);
        ReferenceBook ref = new ReferenceBook(g.priceScale, g.sizeScale);
        for (int b = 0; b < batches; b++) {
            String ctx = "seed " + seed + " batch " + b;
            int ops = 1 + g.rnd.nextInt(maxBatch);
            for (int o = 0; o < ops; o++) {
                applyRandomOp(g, book, ref, ctx);
            }
            g.walk();
            compareAll(g.rnd, book, ref, ctx);
        }
    }

    private static void applyRandomOp(Gen g, OrderBook book, ReferenceBook ref, String ctx) {
        SplittableRandom rnd = g.rnd;
        int r = rnd.nextInt(1000);
        Side side = SIDES[rnd.nextInt(2)];
        if (r < 850) {
            long price = g.price(side);
            long size = g.size();
            if (rnd.nextBoolean()) {
                book.set(side, price, size);
            } else {
                assertThat(book.update(side, price, size)).as(ctx + " update's previous size").isEqualTo(ref.sizeAt(side, price));
            }
            ref.set(side, price, size);
        } else if (r < 950) {
            int depth = book.depth(side);
            if (depth > 0) {
                long price = book.price(side, rnd.nextInt(depth));
                assertThat(book.update(side, price, 0)).as(ctx + " removed size").isEqualTo(ref.sizeAt(side, price));
                ref.set(side, price, 0);
            }
        } else if (r < 980) {
            snapshot(g, book, ref);
        } else if (r < 987) {
            book.clear(side);
            ref.clear(side);
        } else if (r < 990) {
            book.clear();
            ref.clear();
        } else {
            OrderBook before = book.copy();
            long price = rnd.nextBoolean() ? -1 - rnd.nextLong(1000) : g.price(side);
            long size = price < 0 ? g.size() : -1 - rnd.nextLong(1000);
            assertThatThrownBy(() -> book.set(side, price, size)).as(ctx).isInstanceOf(IllegalArgumentException.class);
            assertThat(book.hasSameLevels(before)).as(ctx + ": rejected set left the book unchanged").isTrue();
        }
    }

    private static void snapshot(Gen g, OrderBook book, ReferenceBook ref) {
        SplittableRandom rnd = g.rnd;
        long[][] bid = snapshotSide(g, Side.BID);
        long[][] ask = snapshotSide(g, Side.ASK);
        int bn = bid[0].length - rnd.nextInt(Math.min(3, bid[0].length + 1));
        int an = ask[0].length - rnd.nextInt(Math.min(3, ask[0].length + 1));
        switch (rnd.nextInt(4)) {
            case 0 -> {
                book.replace(Side.BID, bid[0], bid[1], bn);
                ref.replace(Side.BID, bid[0], bid[1], bn);
            }
            case 1 -> {
                book.replace(Side.ASK, ask[0], ask[1], an);
                ref.replace(Side.ASK, ask[0], ask[1], an);
            }
            default -> {
                book.applySnapshot(bid[0], bid[1], bn, ask[0], ask[1], an);
                ref.snapshot(bid[0], bid[1], bn, ask[0], ask[1], an);
            }
        }
    }

    /** Levels in one of: best first, worst first (both strictly sorted), or shuffled with duplicates and zeros. */
    private static long[][] snapshotSide(Gen g, Side side) {
        SplittableRandom rnd = g.rnd;
        int n = rnd.nextInt(4) == 0 ? rnd.nextInt(3) : rnd.nextInt(120);
        int order = rnd.nextInt(3);
        TreeMap<Long, Long> sorted = new TreeMap<>();
        List<long[]> raw = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long p = g.price(side);
            long s = order == 2 ? g.size() : 1 + g.rnd.nextLong(g.maxSize);
            sorted.put(p, s);
            raw.add(new long[] {p, s});
        }
        List<long[]> levels = new ArrayList<>();
        if (order == 2) {
            levels = raw;
        } else {
            for (var e : sorted.entrySet()) {
                levels.add(new long[] {e.getKey(), e.getValue()});
            }
            boolean bestFirst = rnd.nextBoolean();
            boolean ascending = side == Side.ASK ? bestFirst : !bestFirst;
            if (!ascending) {
                Collections.reverse(levels);
            }
        }
        long[] prices = new long[levels.size()];
        long[] sizes = new long[levels.size()];
        for (int i = 0; i < prices.length; i++) {
            prices[i] = levels.get(i)[0];
            sizes[i] = levels.get(i)[1];
        }
        return new long[][] {prices, sizes};
    }

    static void compareAll(SplittableRandom rnd, OrderBook book, ReferenceBook ref, String ctx) {
        for (Side side : SIDES) {
            List<Level> expected = ref.levels(side);
            int depth = expected.size();
            String c = ctx + " " + side;
            assertThat(book.depth(side)).as(c + " depth").isEqualTo(depth);
            assertThat(book.isEmpty(side)).as(c + " isEmpty").isEqualTo(depth == 0);
            assertThat(book.bestPrice(side)).as(c + " bestPrice").isEqualTo(ref.bestPrice(side));
            assertThat(book.bestSize(side)).as(c + " bestSize").isEqualTo(depth == 0 ? 0 : expected.get(0).size());
            assertThat(book.top(side, depth + 2)).as(c + " top all").isEqualTo(expected);
            int n = rnd.nextInt(depth + 1);
            assertThat(book.top(side, n)).as(c + " top " + n).isEqualTo(expected.subList(0, n));
            long[] tp = new long[n];
            long[] ts = new long[n + 1];
            assertThat(book.top(side, depth + 5, tp, ts)).as(c + " top arrays count").isEqualTo(n);
            for (int i = 0; i < n; i++) {
                assertThat(new Level(tp[i], ts[i])).as(c + " top arrays " + i).isEqualTo(expected.get(i));
            }
            for (int i = -1; i <= depth; i++) {
                boolean in = i >= 0 && i < depth;
                assertThat(book.price(side, i)).as(c + " price " + i).isEqualTo(in ? expected.get(i).price() : OrderBook.NO_PRICE);
                assertThat(book.size(side, i)).as(c + " size " + i).isEqualTo(in ? expected.get(i).size() : 0);
            }
            List<Long> queries = queryPrices(rnd, expected);
            for (long q : queries) {
                assertThat(book.sizeAt(side, q)).as(c + " sizeAt " + q).isEqualTo(ref.sizeAt(side, q));
                for (PriceOp op : PriceOp.values()) {
                    Volume v = ref.volume(side, op, q);
                    String vc = c + " volume " + op + " " + q;
                    assertThat(book.volume(side, op, q)).as(vc).isEqualTo(v);
                    assertThat(book.volumeSize(side, op, q)).as(vc + " size").isEqualTo(v.size());
                    assertThat(book.levelCount(side, op, q)).as(vc + " levels").isEqualTo(v.levels());
                }
            }
            Side taker = side.opposite();
            for (long size : fillSizes(rnd, expected, ref.totalSize(side))) {
                assertThat(book.fill(taker, size)).as(c + " fill by " + taker + " of " + size).isEqualTo(ref.fill(taker, size));
            }
        }
        assertThat(book.spread()).as(ctx + " spread").isEqualTo(ref.spread());
        assertThat(book.mid()).as(ctx + " mid").isEqualTo(ref.mid());
        if (ref.mid() != null) {
            assertThat(book.midScaled()).as(ctx + " midScaled").isEqualTo(ref.mid().unscaledValue().longValueExact());
        } else {
            assertThat(book.midScaled()).as(ctx + " midScaled").isEqualTo(OrderBook.NO_PRICE);
        }
        assertThat(book.checkInvariants()).as(ctx + " invariants").extracting(Violation::kind)
                .isEqualTo(ref.expectedViolations());
        assertThat(book.isCrossed()).as(ctx + " crossed").isEqualTo(ref.expectedViolations().contains(Violation.Kind.CROSSED));
        int maxDepth = Math.max(book.depth(Side.BID), book.depth(Side.ASK));
        for (int n : new int[] {0, 1, 5, 10, 25, maxDepth, maxDepth + 3}) {
            assertThat(book.checksum(n)).as(ctx + " checksum " + n).isEqualTo(ref.checksum(n));
        }
        OrderBook copy = book.copy();
        assertThat(copy.hasSameLevels(book)).as(ctx + " copy").isTrue();
        OrderBook reused = new OrderBook(book.priceScale(), book.sizeScale());
        reused.set(Side.BID, 1 + rnd.nextInt(1000), 1);
        reused.copyFrom(book);
        assertThat(reused.hasSameLevels(book)).as(ctx + " copyFrom").isTrue();
        assertThat(reused.top(Side.ASK, Integer.MAX_VALUE)).as(ctx + " copyFrom asks").isEqualTo(ref.levels(Side.ASK));
        assertThat(copy.checksum(maxDepth)).as(ctx + " copy checksum").isEqualTo(book.checksum(maxDepth));
    }

    /** Present prices, prices between and beyond levels, 0, negative and huge. */
    private static List<Long> queryPrices(SplittableRandom rnd, List<Level> levels) {
        List<Long> q = new ArrayList<>();
        if (!levels.isEmpty()) {
            for (int i = 0; i < 3; i++) {
                long p = levels.get(rnd.nextInt(levels.size())).price();
                q.add(p);
                q.add(p + (rnd.nextBoolean() ? 1 : -1));
            }
            q.add(levels.get(0).price());
            q.add(levels.get(levels.size() - 1).price());
        }
        q.add(0L);
        q.add(rnd.nextBoolean() ? -1L : Long.MIN_VALUE);
        q.add(Long.MAX_VALUE);
        return q;
    }

    /** 0, 1, random, exact level boundaries, the whole side, more than the side. */
    private static List<Long> fillSizes(SplittableRandom rnd, List<Level> levels, long total) {
        List<Long> s = new ArrayList<>();
        s.add(0L);
        s.add(1L);
        s.add(total);
        s.add(total + 1 + rnd.nextLong(1000));
        if (total > 0) {
            s.add(1 + rnd.nextLong(total));
            long cumulative = 0;
            int upTo = rnd.nextInt(levels.size());
            for (int i = 0; i <= upTo; i++) {
                cumulative += levels.get(i).size();
            }
            s.add(cumulative);
            s.add(cumulative + 1);
        }
        return s;
    }
}
