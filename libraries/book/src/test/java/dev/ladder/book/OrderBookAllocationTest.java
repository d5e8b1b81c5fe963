package dev.ladder.book;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ladder.core.Side;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The hot path allocates nothing: updates on a book that does not need to grow, and the
 * allocation-free queries, measured with the JVM's per-thread allocation counter.
 */
class OrderBookAllocationTest {
    @Test
    void setAndPrimitiveQueriesAllocateNothing() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(mx.isThreadAllocatedMemorySupported(), "per-thread allocation counter not supported");
        mx.setThreadAllocatedMemoryEnabled(true);
        int n = 200_000;
        Side[] sides = new Side[n];
        long[] prices = new long[n];
        long[] sizes = new long[n];
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < n; i++) {
            sides[i] = rnd.nextBoolean() ? Side.BID : Side.ASK;
            int offset = rnd.nextInt(4) == 0 ? rnd.nextInt(2_000) : rnd.nextInt(10);
            prices[i] = sides[i] == Side.BID ? 100_000 - offset : 100_001 + offset;
            sizes[i] = rnd.nextInt(3) == 0 ? 0 : 1 + rnd.nextInt(1_000_000);
        }
        OrderBook book = new OrderBook(2, 8);
        long[] big = new long[4_096];
        long[] ones = new long[4_096];
        for (int i = 0; i < big.length; i++) {
            big[i] = i + 1;
            ones[i] = 1;
        }
        // size both sides for 4,096 levels (more than the stream ever holds), then empty them: arrays are kept
        book.applySnapshot(big, ones, big, ones);
        book.clear();
        long[] tp = new long[10];
        long[] ts = new long[10];
        long sink = 0;
        for (int round = 0; round < 3; round++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < n; i++) {
                sink += book.update(sides[i], prices[i], sizes[i]);
                book.set(sides[i], prices[i], sizes[i]);
                sink += book.bestPrice(Side.BID) + book.sizeAt(Side.ASK, prices[i]) + book.spread() + book.midScaled()
                        + book.volumeSize(sides[i], PriceOp.LTE, prices[i]) + book.levelCount(sides[i], PriceOp.GT, prices[i])
                        + book.top(Side.ASK, 10, tp, ts);
            }
            long allocated = mx.getCurrentThreadAllocatedBytes() - before;
            if (round > 0) {
                assertThat(allocated).as("bytes allocated by %d updates and queries (round %d)", n, round).isZero();
            }
        }
        assertThat(sink).isNotZero();
    }
}
