package dev.ladder.perf.book;

import dev.ladder.book.Fill;
import dev.ladder.book.OrderBook;
import dev.ladder.book.PriceOp;
import dev.ladder.book.Volume;
import dev.ladder.core.Side;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Queries per second on the 5,000-levels-per-side starting book of {@link BookStreams}: best price,
 * volume at or below a price (with exact notional, and size only), and the cost of a market order.
 * Query prices and sizes are pre-generated: half near the touch (within 20 levels), half anywhere in
 * the book; fill sizes take between 1 and about 50 levels.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class BookQueryBenchmark {
    private static final int QUERIES = 4096;

    private OrderBook book;
    private final Side[] sides = new Side[QUERIES];
    private final long[] prices = new long[QUERIES];
    private final long[] fillSizes = new long[QUERIES];
    private int cursor;

    @Setup(Level.Trial)
    public void setUp() {
        book = BookStreams.initialBook(42);
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < QUERIES; i++) {
            Side side = rnd.nextBoolean() ? Side.BID : Side.ASK;
            sides[i] = side;
            int depth = book.depth(side);
            int level = rnd.nextBoolean() ? rnd.nextInt(20) : rnd.nextInt(depth);
            prices[i] = book.price(side, level) + rnd.nextInt(2);
            int levels = 1 + rnd.nextInt(50);
            long total = 0;
            for (int l = 0; l < levels; l++) {
                total += book.size(side.opposite(), l);
            }
            fillSizes[i] = 1 + rnd.nextLong(total);
        }
    }

    private int next() {
        int c = cursor;
        cursor = (c + 1) & (QUERIES - 1);
        return c;
    }

    @Benchmark
    public long bestPrice() {
        return book.bestPrice(sides[next()]);
    }

    @Benchmark
    public Volume volumeLte() {
        int c = next();
        return book.volume(sides[c], PriceOp.LTE, prices[c]);
    }

    @Benchmark
    public long volumeSizeLte() {
        int c = next();
        return book.volumeSize(sides[c], PriceOp.LTE, prices[c]);
    }

    @Benchmark
    public Fill fill() {
        int c = next();
        return book.fill(sides[c], fillSizes[c]);
    }
}
