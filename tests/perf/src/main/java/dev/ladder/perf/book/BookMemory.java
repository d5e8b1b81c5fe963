package dev.ladder.perf.book;

import dev.ladder.book.OrderBook;
import dev.ladder.core.Side;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Heap held by many full books: {@code books} order books of {@code levels} levels per side (default
 * 1,000 books of 5,000 levels per side, BTCUSDT-like prices at scale 8), filled by random inserts near
 * and far from the touch as a live book is, then measured as used heap after a full collection, before
 * and after building them. Prints the total and the bytes per level.
 *
 * <p>Run: {@code java -Xmx1g -cp tests/perf/target/benchmarks.jar dev.ladder.perf.book.BookMemory [books] [levels]}
 * (with {@code -Xmx1g} a run that finishes is itself the proof that the books fit in 1 GB).
 */
public final class BookMemory {
    private BookMemory() {
    }

    public static void main(String[] args) throws InterruptedException {
        int books = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int levels = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
        long before = used(mx);
        List<OrderBook> held = new ArrayList<>(books);
        SplittableRandom random = new SplittableRandom(1);
        long tick = 1_000_000L;                      // 0.01 at scale 8
        for (int b = 0; b < books; b++) {
            OrderBook book = new OrderBook(8, 8);
            long mid = 6_000_000_000_000L + random.nextLong(1_000_000_000_000L);
            for (Side side : Side.values()) {
                // a random order of the level offsets, so inserts land all over the side as they do live
                int[] offsets = new int[levels];
                for (int i = 0; i < levels; i++) {
                    offsets[i] = i + 1;
                }
                for (int i = levels - 1; i > 0; i--) {
                    int j = random.nextInt(i + 1);
                    int t = offsets[i];
                    offsets[i] = offsets[j];
                    offsets[j] = t;
                }
                for (int o : offsets) {
                    long price = side == Side.BID ? mid - o * tick : mid + o * tick;
                    book.set(side, price, 1 + random.nextLong(100_000_000L));
                }
            }
            held.add(book);
        }
        long after = used(mx);
        long total = after - before;
        long all = (long) books * levels * 2;
        System.out.printf("%d books x %d levels per side: %.1f MB of heap (%.1f bytes per level); max heap %d MB; check %d%n",
                books, levels, total / 1e6, (double) total / all, Runtime.getRuntime().maxMemory() >> 20,
                held.stream().mapToLong(b -> b.depth(Side.BID) + b.depth(Side.ASK)).sum());
    }

    private static long used(MemoryMXBean mx) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return mx.getHeapMemoryUsage().getUsed();
    }
}
