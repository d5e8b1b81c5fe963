package dev.ladder.perf.book;

import dev.ladder.book.OrderBook;
import dev.ladder.core.Side;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.TreeMap;

/**
 * A companion to {@link BookUpdateBenchmark} for a shared, busy machine: the same pre-generated streams,
 * timed by the thread's CPU time instead of the wall clock, so time slices lost to other processes do not
 * count (cache contention still does). Prints the median and best of several whole-cycle passes.
 *
 * <p>Run: {@code java -cp tests/perf/target/benchmarks.jar dev.ladder.perf.book.BookUpdateCpuTime [passes]}
 */
public final class BookUpdateCpuTime {
    private BookUpdateCpuTime() {
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
            report("OrderBook", s.length(), bookNanos);
            report("TreeMap", s.length(), treeNanos);
        }
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

    private static void report(String what, int updates, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("  %-10s median %,d updates/s, best %,d updates/s (thread CPU time, %d passes, first passes include warm-up)%n",
                what, updates * 1_000_000_000L / sorted[sorted.length / 2], updates * 1_000_000_000L / sorted[0], sorted.length);
    }
}
