package dev.ladder.perf.book;

import dev.ladder.book.OrderBook;
import dev.ladder.core.Side;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Level updates per second on a book of 5,000 levels per side: {@link OrderBook#set} against a
 * {@code TreeMap<Long, Long>} per side fed the same pre-generated stream ({@link BookStreams}).
 * One invocation applies {@value #BATCH} updates and counts as {@value #BATCH} operations, so the
 * reported ops/s are level updates per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class BookUpdateBenchmark {
    static final int BATCH = 1024;
    private static final int HALF = 1 << 19;

    @Param({"NEAR_TOUCH", "UNIFORM"})
    public String stream;

    private Side[] sides;
    private long[] prices;
    private long[] sizes;
    private int mask;
    private int cursor;
    private OrderBook book;
    private TreeMap<Long, Long> treeBids;
    private TreeMap<Long, Long> treeAsks;

    @Setup(Level.Trial)
    public void setUp() {
        BookStreams.Stream s = BookStreams.generate(BookStreams.Kind.valueOf(stream), HALF, 42);
        sides = s.sides();
        prices = s.prices();
        sizes = s.sizes();
        mask = s.length() - 1;
        book = BookStreams.initialBook(42);
        treeBids = new TreeMap<>();
        treeAsks = new TreeMap<>();
        for (Side side : Side.values()) {
            TreeMap<Long, Long> m = side == Side.BID ? treeBids : treeAsks;
            for (int i = 0; i < book.depth(side); i++) {
                m.put(book.price(side, i), book.size(side, i));
            }
        }
        cursor = 0;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void orderBook() {
        OrderBook b = book;
        Side[] sd = sides;
        long[] p = prices;
        long[] sz = sizes;
        int c = cursor;
        for (int i = 0; i < BATCH; i++) {
            b.set(sd[c + i], p[c + i], sz[c + i]);
        }
        cursor = (c + BATCH) & mask;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void treeMap() {
        Side[] sd = sides;
        long[] p = prices;
        long[] sz = sizes;
        int c = cursor;
        for (int i = 0; i < BATCH; i++) {
            TreeMap<Long, Long> m = sd[c + i] == Side.BID ? treeBids : treeAsks;
            long size = sz[c + i];
            if (size == 0) {
                m.remove(p[c + i]);
            } else {
                m.put(p[c + i], size);
            }
        }
        cursor = (c + BATCH) & mask;
    }
}
