package dev.ladder.server.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.core.InstrumentId;
import dev.ladder.core.Side;
import dev.ladder.core.Venue;
import dev.ladder.server.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LiveBookTest {
    final BookRegistry registry = new BookRegistry(new LadderMetrics());
    final LiveBook book = registry.register(InstrumentId.of(Venue.BINANCE, "BTCUSDT"), 2, 8);

    @Test
    void readersNeverSeeHalfAMessage() throws Exception {
        // every message sets all 20 levels of both sides to size == its update id: a reader that sees
        // two different sizes, or a size other than the update id, saw half a message
        int levels = 20;
        long[] bidPrices = new long[levels];
        long[] askPrices = new long[levels];
        for (int i = 0; i < levels; i++) {
            bidPrices[i] = 10_000 - i;
            askPrices[i] = 10_001 + i;
        }
        long[] sizes = new long[levels];
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> violation = new AtomicReference<>();
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            readers.add(Thread.ofPlatform().start(() -> {
                while (!done.get() && violation.get() == null) {
                    BookView v = book.view(levels);
                    for (int i = 0; i < v.bidSizes().length; i++) {
                        if (v.bidSizes()[i] != v.lastUpdateId() || v.askSizes()[i] != v.lastUpdateId()) {
                            violation.set("update " + v.lastUpdateId() + " level " + i + ": " + v.bidSizes()[i] + "/" + v.askSizes()[i]);
                        }
                    }
                }
            }));
        }
        for (long id = 1; id <= 30_000; id++) {
            java.util.Arrays.fill(sizes, id);
            book.applyDiff(id, id, bidPrices, sizes, levels, askPrices, sizes, levels, 0, 0);
        }
        done.set(true);
        for (Thread t : readers) {
            t.join();
        }
        assertThat(violation.get()).isNull();
    }

    @Test
    void viewMatchesAReferenceBookOverRandomMessages() {
        SplittableRandom random = new SplittableRandom(7);
        TreeMap<Long, Long> bids = new TreeMap<>();
        TreeMap<Long, Long> asks = new TreeMap<>();
        for (int m = 0; m < 2_000; m++) {
            int n = 1 + random.nextInt(10);
            long[] p = new long[n];
            long[] s = new long[n];
            Side side = random.nextBoolean() ? Side.BID : Side.ASK;
            TreeMap<Long, Long> ref = side == Side.BID ? bids : asks;
            for (int i = 0; i < n; i++) {
                p[i] = side == Side.BID ? 1_000 - random.nextInt(100) : 1_001 + random.nextInt(100);
                s[i] = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(1_000);
                if (s[i] == 0) {
                    ref.remove(p[i]);
                } else {
                    ref.put(p[i], s[i]);
                }
            }
            if (side == Side.BID) {
                book.applyDiff(m, m, p, s, n, new long[0], new long[0], 0, 0, 0);
            } else {
                book.applyDiff(m, m, new long[0], new long[0], 0, p, s, n, 0, 0);
            }
            int depth = random.nextInt(30);
            BookView v = book.view(depth);
            assertThat(v.lastUpdateId()).isEqualTo(m);
            assertThat(v.bidDepth()).isEqualTo(bids.size());
            assertThat(v.askDepth()).isEqualTo(asks.size());
            assertLevels(v.bidPrices(), v.bidSizes(), bids.descendingMap(), depth);
            assertLevels(v.askPrices(), v.askSizes(), asks, depth);
        }
    }

    private static void assertLevels(long[] prices, long[] sizes, java.util.NavigableMap<Long, Long> ref, int depth) {
        assertThat(prices).hasSize(Math.min(depth, ref.size()));
        int i = 0;
        for (var e : ref.entrySet()) {
            if (i == prices.length) {
                break;
            }
            assertThat(prices[i]).isEqualTo(e.getKey());
            assertThat(sizes[i]).isEqualTo(e.getValue());
            i++;
        }
    }

    @Test
    void mirroringASourceBookPublishesExactlyTheChangedLevels() throws Exception {
        SplittableRandom random = new SplittableRandom(99);
        dev.ladder.book.OrderBook source = new dev.ladder.book.OrderBook(2, 8);
        for (int i = 0; i < 50; i++) {
            source.set(Side.BID, 5_000 - random.nextInt(200), 1 + random.nextInt(100));
            source.set(Side.ASK, 5_001 + random.nextInt(200), 1 + random.nextInt(100));
        }
        book.applySnapshotFrom(source, 1, 0, 0);
        StreamSubscriber sub = book.subscribe(100_000);
        dev.ladder.book.OrderBook mirror = book.copy().book();
        book.resnapshot(sub);
        for (int m = 2; m < 3_000; m++) {
            int changes = random.nextInt(8);
            java.util.Set<Long> touched = new java.util.HashSet<>();
            for (int c = 0; c < changes; c++) {
                Side side = random.nextBoolean() ? Side.BID : Side.ASK;
                long price = side == Side.BID ? 5_000 - random.nextInt(200) : 5_001 + random.nextInt(200);
                long size = random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(100);
                source.set(side, price, size);
            }
            book.applyDiffFrom(source, m, m, 0, 0);
            DiffEvent d = (DiffEvent) sub.pollNow();
            assertThat(d.lastUpdateId).isEqualTo(m);
            for (int i = 0; i < d.bids.count(); i++) {
                assertThat(touched.add(d.bids.prices()[i])).as("each level once").isTrue();
                assertThat(mirror.sizeAt(Side.BID, d.bids.prices()[i])).as("only changed levels").isNotEqualTo(d.bids.sizes()[i]);
                mirror.set(Side.BID, d.bids.prices()[i], d.bids.sizes()[i]);
            }
            for (int i = 0; i < d.asks.count(); i++) {
                assertThat(mirror.sizeAt(Side.ASK, d.asks.prices()[i])).as("only changed levels").isNotEqualTo(d.asks.sizes()[i]);
                mirror.set(Side.ASK, d.asks.prices()[i], d.asks.sizes()[i]);
            }
            assertThat(mirror.hasSameLevels(source)).isTrue();
            assertThat(book.copy().book().hasSameLevels(source)).isTrue();
        }
    }

    @Test
    void aNegativeLevelIsRefusedAndChangesNothing() {
        book.applySnapshot(5, Fixtures.levels(2, 8, "1.00", "1"), LevelChanges.NONE, 0, 0);
        assertThatThrownBy(() -> book.applyDiff(6, 6, new long[] {200, -1}, new long[] {1, 1}, 2,
                new long[0], new long[0], 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        BookView v = book.view(10);
        assertThat(v.lastUpdateId()).isEqualTo(5);
        assertThat(v.bidPrices()).containsExactly(100);
    }

    @Test
    void registeringTwiceReturnsTheBookOrRefusesOtherScales() {
        assertThat(registry.register(book.id(), 2, 8)).isSameAs(book);
        assertThatThrownBy(() -> registry.register(book.id(), 3, 8)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scales");
        assertThat(registry.defaultBook()).containsSame(book);
    }

    @Test
    void stateChangesAndSnapshotsAreVisible() {
        assertThat(book.state()).isEqualTo(BookState.CONNECTING);
        book.applySnapshot(1, LevelChanges.NONE, LevelChanges.NONE, 0, 0);
        assertThat(book.state()).isEqualTo(BookState.LIVE);
        book.setState(BookState.RESYNCING);
        assertThat(book.view(1).state()).isEqualTo(BookState.RESYNCING);
    }
}
