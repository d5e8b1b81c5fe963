package dev.ladder.perf.book;

import dev.ladder.book.OrderBook;
import dev.ladder.book.PriceOp;
import dev.ladder.core.Side;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A companion to {@link BookUpdateBenchmark} and {@link BookQueryBenchmark} for a shared, busy machine:
 * the same pre-generated streams and queries, timed by the thread's CPU time instead of the wall clock, so
 * time slices lost to other processes do not count (cache contention still does). Prints the median and
 * best of several passes.
 *
 * <p>Run: {@code java -cp tests/perf/target/benchmarks.jar dev.ladder.perf.book.BookCpuTime [passes]}
 */
public final class BookCpuTime {
    private BookCpuTime() {
    }

    public static void main(String[] args) {
        int passes = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (BookStreams.Kind kind : BookStreams.Kind.values()) {
            BookStreams.Stream s = BookStreams.generate(kind, 1 << 19, 42);
            OrderBook book = BookStreams.initialBook(42);
            TreeMap<Long, Long> bids = new TreeMap<>();
            TreeMap<Long, Long> asks = new TreeMap<>();
            for (Side side : Side.values()) {
                for (int i = 0; i < book.depth(side); i++) {
                    (side == Side.BID ? bids : asks).put(book.price(side, i), book.size(side, i));
                }
            }
            long[] bookNanos = new long[passes];
            long[] treeNanos = new long[passes];
            for (int p = 0; p < passes; p++) {
                long t0 = mx.getCurrentThreadCpuTime();
                applyToBook(s, book);
                long t1 = mx.getCurrentThreadCpuTime();
                applyToTrees(s, bids, asks);
                long t2 = mx.getCurrentThreadCpuTime();
                bookNanos[p] = t1 - t0;
                treeNanos[p] = t2 - t1;
            }
            if (!book.hasSameLevels(BookStreams.initialBook(42))) {
                throw new IllegalStateException("the stream did not return the book to its start");
            }
            System.out.printf("%-10s inserts %d deletes %d changes %d per cycle of %d%n", kind, s.inserts(), s.deletes(),
                    s.changes(), s.length());
            report("OrderBook", s.length(), bookNanos, "updates");
            report("TreeMap", s.length(), treeNanos, "updates");
        }
        queries(mx, passes);
    }

    private static void queries(ThreadMXBean mx, int passes) {
        OrderBook book = BookStreams.initialBook(42);
        int n = 4096;
        Side[] sides = new Side[n];
        long[] prices = new long[n];
        long[] fills = new long[n];
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < n; i++) {
            Side side = rnd.nextBoolean() ? Side.BID : Side.ASK;
            sides[i] = side;
            int level = rnd.nextBoolean() ? rnd.nextInt(20) : rnd.nextInt(book.depth(side));
            prices[i] = book.price(side, level) + rnd.nextInt(2);
            long total = 0;
            int levels = 1 + rnd.nextInt(50);
            for (int l = 0; l < levels; l++) {
                total += book.size(side.opposite(), l);
            }
            fills[i] = 1 + rnd.nextLong(total);
        }
        long[][] nanos = new long[4][passes];
        long sink = 0;
        for (int p = 0; p < passes; p++) {
            long t0 = mx.getCurrentThreadCpuTime();
            for (int r = 0; r < 1000; r++) {
                for (int i = 0; i < n; i++) {
                    sink += book.bestPrice(sides[i]);
                }
            }
            long t1 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                sink += book.volume(sides[i], PriceOp.LTE, prices[i]).levels();
            }
            long t2 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < n; i++) {
                sink += book.volumeSize(sides[i], PriceOp.LTE, prices[i]);
            }
            long t3 = mx.getCurrentThreadCpuTime();
            for (int r = 0; r < 10; r++) {
                for (int i = 0; i < n; i++) {
                    sink += book.fill(sides[i], fills[i]).levels();
                }
            }
            long t4 = mx.getCurrentThreadCpuTime();
            nanos[0][p] = t1 - t0;
            nanos[1][p] = t2 - t1;
            nanos[2][p] = t3 - t2;
            nanos[3][p] = t4 - t3;
        }
        System.out.println("QUERIES on 5,000 levels per side (checksum " + sink + ")");
        report("bestPrice", 1000 * n, nanos[0], "queries");
        report("volumeLte", n, nanos[1], "queries");
        report("volumeSize", n, nanos[2], "queries");
        report("fill", 10 * n, nanos[3], "queries");
    }

    private static void applyToBook(BookStreams.Stream s, OrderBook book) {
        Side[] sides = s.sides();
        long[] prices = s.prices();
        long[] sizes = s.sizes();
        for (int i = 0; i < prices.length; i++) {
            book.set(sides[i], prices[i], sizes[i]);
        }
    }

    private static void applyToTrees(BookStreams.Stream s, TreeMap<Long, Long> bids, TreeMap<Long, Long> asks) {
        Side[] sides = s.sides();
        long[] prices = s.prices();
        long[] sizes = s.sizes();
        for (int i = 0; i < prices.length; i++) {
            TreeMap<Long, Long> m = sides[i] == Side.BID ? bids : asks;
            if (sizes[i] == 0) {
                m.remove(prices[i]);
            } else {
                m.put(prices[i], sizes[i]);
            }
        }
    }

    private static void report(String what, long count, long[] nanos, String unit) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("  %-10s median %,d %s/s, best %,d %s/s (thread CPU time, %d passes, the first include warm-up)%n",
                what, count * 1_000_000_000L / sorted[sorted.length / 2], unit, count * 1_000_000_000L / sorted[0], unit,
                sorted.length);
    }
}
