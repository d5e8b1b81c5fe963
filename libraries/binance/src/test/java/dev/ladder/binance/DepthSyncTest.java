package dev.ladder.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.book.OrderBook;
import dev.ladder.core.Side;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DepthSyncTest {
    private final List<SyncEvent> events = new ArrayList<>();
    private final OrderBook book = new OrderBook(8, 8);

    private DepthSync spot() {
        return new DepthSync("BTCUSDT", false, book, events::add);
    }

    private DepthSync futures() {
        return new DepthSync("BTCUSDT", true, book, events::add);
    }

    private static DepthUpdate diff(long bigU, long u, long bidPrice, long bidSize) {
        DepthUpdate d = new DepthUpdate().setSymbol("BTCUSDT").setUpdateIds(bigU, u);
        d.bids().add(bidPrice, bidSize);
        return d;
    }

    private static DepthUpdate fut(long bigU, long u, long pu, long bidPrice, long bidSize) {
        return diff(bigU, u, bidPrice, bidSize).setPreviousFinalUpdateId(pu);
    }

    private static DepthSnapshot snapshot(long lastUpdateId, long... bidPriceSize) {
        DepthSnapshot s = new DepthSnapshot().setSymbol("BTCUSDT").setLastUpdateId(lastUpdateId);
        for (int i = 0; i < bidPriceSize.length; i += 2) {
            s.bids().add(bidPriceSize[i], bidPriceSize[i + 1]);
        }
        s.asks().add(1_000, 1);
        return s;
    }

    private List<SyncEvent.Kind> kinds() {
        return events.stream().map(SyncEvent::kind).toList();
    }

    @Test
    void spotBuffersUntilSnapshotThenDropsCoveredAndAppliesBridging() {
        DepthSync s = spot();
        assertThat(s.needsSnapshot()).isTrue();
        assertThat(s.onDiff(diff(90, 99, 1, 1), 1)).isEqualTo(DepthSync.Result.BUFFERED);
        assertThat(s.onDiff(diff(100, 100, 2, 1), 2)).isEqualTo(DepthSync.Result.BUFFERED);
        assertThat(s.onDiff(diff(101, 105, 3, 1), 3)).isEqualTo(DepthSync.Result.BUFFERED);
        assertThat(s.onDiff(diff(106, 107, 4, 1), 4)).isEqualTo(DepthSync.Result.BUFFERED);
        // L = 100: u <= 100 dropped; first applied has U <= 101 <= u
        assertThat(s.onSnapshot(snapshot(100, 50, 7), 5)).isTrue();
        assertThat(s.isSynced()).isTrue();
        assertThat(s.lastUpdateId()).isEqualTo(107);
        assertThat(s.dropped()).isEqualTo(2);
        assertThat(s.applied()).isEqualTo(2);
        assertThat(book.sizeAt(Side.BID, 50)).isEqualTo(7);
        assertThat(book.sizeAt(Side.BID, 1)).isZero();
        assertThat(book.sizeAt(Side.BID, 3)).isEqualTo(1);
        assertThat(book.sizeAt(Side.BID, 4)).isEqualTo(1);
        assertThat(kinds()).containsExactly(SyncEvent.Kind.SYNCED);
        assertThat(events.getFirst()).isEqualTo(new SyncEvent(SyncEvent.Kind.SYNCED, "BTCUSDT", 100, 0, 0, 5));
    }

    @Test
    void spotFirstDiffBoundaries() {
        // U == L+1 exactly: applied
        DepthSync a = spot();
        a.onSnapshot(snapshot(100), 0);
        assertThat(a.onDiff(diff(101, 101, 1, 1), 1)).isEqualTo(DepthSync.Result.APPLIED);
        // u == L: dropped
        DepthSync b = new DepthSync("X", false, new OrderBook(8, 8), null);
        b.onSnapshot(snapshot(100), 0);
        assertThat(b.onDiff(diff(95, 100, 1, 1), 1)).isEqualTo(DepthSync.Result.DROPPED);
        assertThat(b.onDiff(diff(96, 101, 1, 1), 1)).isEqualTo(DepthSync.Result.APPLIED);
        // U == L+2: snapshot too old
        DepthSync c = spot();
        c.onSnapshot(snapshot(100), 0);
        assertThat(c.onDiff(diff(102, 103, 1, 1), 7)).isEqualTo(DepthSync.Result.GAP);
        assertThat(c.needsSnapshot()).isTrue();
        assertThat(events.getLast()).isEqualTo(new SyncEvent(SyncEvent.Kind.SNAPSHOT_TOO_OLD, "BTCUSDT", 100, 101, 102, 7));
    }

    @Test
    void spotContinuityAndGap() {
        DepthSync s = spot();
        s.onSnapshot(snapshot(100), 0);
        assertThat(s.onDiff(diff(101, 110, 1, 1), 1)).isEqualTo(DepthSync.Result.APPLIED);
        assertThat(s.onDiff(diff(111, 111, 2, 1), 2)).isEqualTo(DepthSync.Result.APPLIED);
        // duplicate and stale
        assertThat(s.onDiff(diff(111, 111, 2, 9), 3)).isEqualTo(DepthSync.Result.DROPPED);
        assertThat(s.onDiff(diff(101, 110, 1, 9), 3)).isEqualTo(DepthSync.Result.DROPPED);
        assertThat(book.sizeAt(Side.BID, 2)).isEqualTo(1);
        // U == u+2: gap, not applied
        assertThat(s.onDiff(diff(113, 115, 3, 1), 4)).isEqualTo(DepthSync.Result.GAP);
        assertThat(book.sizeAt(Side.BID, 3)).isZero();
        assertThat(s.gaps()).isEqualTo(1);
        assertThat(s.isSynced()).isFalse();
        assertThat(events.getLast()).isEqualTo(new SyncEvent(SyncEvent.Kind.GAP, "BTCUSDT", 111, 112, 113, 4));
        // later diffs wait; the old snapshot is too old for them
        assertThat(s.onDiff(diff(116, 120, 4, 1), 5)).isEqualTo(DepthSync.Result.BUFFERED);
        assertThat(s.onSnapshot(snapshot(100), 6)).isFalse();
        assertThat(events.getLast().kind()).isEqualTo(SyncEvent.Kind.SNAPSHOT_TOO_OLD);
        assertThat(s.buffered()).isEqualTo(2);
        // a fresh snapshot at 114 resyncs: 113..115 bridges, then 116..120
        assertThat(s.onSnapshot(snapshot(114, 60, 1), 7)).isTrue();
        assertThat(s.isSynced()).isTrue();
        assertThat(s.lastUpdateId()).isEqualTo(120);
        assertThat(s.resyncs()).isEqualTo(1);
        assertThat(book.sizeAt(Side.BID, 3)).isEqualTo(1);
        assertThat(book.sizeAt(Side.BID, 1)).isZero();
        assertThat(kinds()).containsExactly(SyncEvent.Kind.SYNCED, SyncEvent.Kind.GAP,
                SyncEvent.Kind.SNAPSHOT_TOO_OLD, SyncEvent.Kind.RESYNCED);
    }

    @Test
    void spotOverlappingDiffIsAGap() {
        DepthSync s = spot();
        s.onSnapshot(snapshot(100), 0);
        s.onDiff(diff(101, 110, 1, 1), 1);
        assertThat(s.onDiff(diff(110, 112, 2, 1), 2)).isEqualTo(DepthSync.Result.GAP);
    }

    @Test
    void gapInsideTheBufferStopsAtTheGap() {
        DepthSync s = spot();
        s.onDiff(diff(101, 105, 1, 1), 1);
        s.onDiff(diff(107, 108, 2, 1), 2);
        s.onDiff(diff(109, 110, 3, 1), 3);
        assertThat(s.onSnapshot(snapshot(102), 4)).isTrue();
        assertThat(kinds()).containsExactly(SyncEvent.Kind.SYNCED, SyncEvent.Kind.GAP);
        assertThat(s.lastUpdateId()).isEqualTo(105);
        assertThat(s.buffered()).isEqualTo(2);
        assertThat(events.getLast()).isEqualTo(new SyncEvent(SyncEvent.Kind.GAP, "BTCUSDT", 105, 106, 107, 2));
        assertThat(s.onSnapshot(snapshot(107), 5)).isTrue();
        assertThat(s.lastUpdateId()).isEqualTo(110);
        assertThat(book.sizeAt(Side.BID, 2)).isEqualTo(1);
    }

    @Test
    void snapshotWithNoBufferedDiffsWaitsForTheFirstDiff() {
        DepthSync s = spot();
        assertThat(s.onSnapshot(snapshot(100), 0)).isTrue();
        assertThat(s.lastUpdateId()).isEqualTo(100);
        assertThat(s.onDiff(diff(90, 100, 1, 1), 1)).isEqualTo(DepthSync.Result.DROPPED);
        assertThat(s.onDiff(diff(100, 104, 1, 1), 1)).isEqualTo(DepthSync.Result.APPLIED);
    }

    @Test
    void snapshotWhileSyncedIsIgnoredUnlessNewer() {
        DepthSync s = spot();
        s.onSnapshot(snapshot(100), 0);
        s.onDiff(diff(101, 110, 1, 1), 1);
        assertThat(s.onSnapshot(snapshot(105, 70, 1), 2)).isFalse();
        assertThat(book.sizeAt(Side.BID, 1)).isEqualTo(1);
        assertThat(s.onSnapshot(snapshot(120, 70, 1), 3)).isTrue();
        assertThat(book.sizeAt(Side.BID, 1)).isZero();
        assertThat(s.lastUpdateId()).isEqualTo(120);
        assertThat(s.onDiff(diff(111, 119, 1, 1), 4)).isEqualTo(DepthSync.Result.DROPPED);
        assertThat(s.onDiff(diff(115, 125, 1, 1), 4)).isEqualTo(DepthSync.Result.APPLIED);
    }

    @Test
    void futuresFirstDiffBoundaries() {
        // u == L - 1: dropped; U <= L <= u: applied (u == L is allowed)
        DepthSync s = futures();
        s.onDiff(fut(80, 99, 70, 1, 1), 1);
        s.onDiff(fut(95, 100, 99, 2, 1), 2);
        s.onDiff(fut(104, 130, 100, 3, 1), 3);
        assertThat(s.onSnapshot(snapshot(100), 4)).isTrue();
        assertThat(s.dropped()).isEqualTo(1);
        assertThat(s.applied()).isEqualTo(2);
        assertThat(s.lastUpdateId()).isEqualTo(130);
        // U == L + 1 is too old for futures (needs U <= L)
        DepthSync t = new DepthSync("X", true, new OrderBook(8, 8), events::add);
        t.onDiff(fut(101, 130, 100, 3, 1), 1);
        assertThat(t.onSnapshot(snapshot(100), 2)).isFalse();
        assertThat(events.getLast()).isEqualTo(new SyncEvent(SyncEvent.Kind.SNAPSHOT_TOO_OLD, "X", 100, 100, 101, 2));
    }

    @Test
    void futuresFollowPuNotU() {
        DepthSync s = futures();
        s.onSnapshot(snapshot(100), 0);
        assertThat(s.onDiff(fut(90, 150, 85, 1, 1), 1)).isEqualTo(DepthSync.Result.APPLIED);
        // U jumps far ahead but pu matches: applied
        assertThat(s.onDiff(fut(170, 180, 150, 2, 1), 2)).isEqualTo(DepthSync.Result.APPLIED);
        // duplicate dropped
        assertThat(s.onDiff(fut(170, 180, 150, 2, 5), 3)).isEqualTo(DepthSync.Result.DROPPED);
        // U == u+1 but pu wrong: gap
        assertThat(s.onDiff(fut(181, 190, 179, 3, 1), 4)).isEqualTo(DepthSync.Result.GAP);
        assertThat(events.getLast()).isEqualTo(new SyncEvent(SyncEvent.Kind.GAP, "BTCUSDT", 180, 180, 179, 4));
        assertThat(book.sizeAt(Side.BID, 2)).isEqualTo(1);
    }

    @Test
    void bufferIsBoundedAndOverflowIsReportedOnce() {
        DepthSync s = new DepthSync("BTCUSDT", false, book, events::add, 3);
        for (int i = 0; i < 10; i++) {
            s.onDiff(diff(100 + i * 10L, 109 + i * 10L, 1, 1), i);
        }
        assertThat(s.buffered()).isEqualTo(3);
        assertThat(s.bufferOverflows()).isEqualTo(7);
        assertThat(kinds()).containsExactly(SyncEvent.Kind.BUFFER_OVERFLOW);
        // a snapshot older than a discarded diff is too old
        assertThat(s.onSnapshot(snapshot(120), 20)).isFalse();
        assertThat(s.onSnapshot(snapshot(175), 21)).isTrue();
        assertThat(s.lastUpdateId()).isEqualTo(199);
    }

    @Test
    void resetWaitsForASnapshotAndResyncs() {
        DepthSync s = spot();
        s.onSnapshot(snapshot(100), 0);
        s.reset(1);
        assertThat(s.needsSnapshot()).isTrue();
        assertThat(s.onDiff(diff(300, 310, 1, 1), 2)).isEqualTo(DepthSync.Result.BUFFERED);
        assertThat(s.onSnapshot(snapshot(305), 3)).isTrue();
        assertThat(kinds()).containsExactly(SyncEvent.Kind.SYNCED, SyncEvent.Kind.RESET, SyncEvent.Kind.RESYNCED);
    }

    @Test
    void canBridgeTellsWhetherASnapshotWouldBeAccepted() {
        DepthSync s = spot();
        assertThat(s.canBridge(100)).isFalse();
        s.onDiff(diff(95, 100, 1, 1), 0);
        s.onDiff(diff(101, 110, 1, 1), 0);
        assertThat(s.canBridge(99)).isTrue();
        assertThat(s.canBridge(100)).isTrue();
        assertThat(s.canBridge(105)).isTrue();
        assertThat(s.canBridge(93)).isFalse();
        assertThat(s.canBridge(110)).isFalse();
        assertThat(s.buffered()).isEqualTo(2);
        s.onSnapshot(snapshot(100), 0);
        assertThat(s.canBridge(110)).isFalse();
    }

    @Test
    void snapshotReplacesTheBookAsIfClearedAndEachLevelSetInOrder() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int round = 0; round < 300; round++) {
            DepthSnapshot snap = new DepthSnapshot().setSymbol("BTCUSDT").setLastUpdateId(round + 1);
            OrderBook expected = new OrderBook(8, 8);
            int shape = rnd.nextInt(3);
            for (Side side : Side.values()) {
                PriceLevels levels = side == Side.BID ? snap.bids() : snap.asks();
                int n = rnd.nextInt(40);
                for (int i = 0; i < n; i++) {
                    long price = switch (shape) {
                        case 0 -> side == Side.BID ? 10_000 - i : 10_001 + i;
                        case 1 -> side == Side.BID ? 9_000 + i : 11_000 - i;
                        default -> 9_990 + rnd.nextInt(20);
                    };
                    long size = rnd.nextInt(5) == 0 ? 0 : 1 + rnd.nextInt(1_000);
                    levels.add(price, size);
                    expected.set(side, price, size);
                }
            }
            DepthSync s = spot();
            book.set(Side.BID, 1, 1);
            book.set(Side.ASK, 1_000_000, 1);
            assertThat(s.onSnapshot(snap, round)).isTrue();
            for (Side side : Side.values()) {
                assertThat(book.depth(side)).as("round %d %s depth", round, side).isEqualTo(expected.depth(side));
                for (int level = 0; level < expected.depth(side); level++) {
                    assertThat(book.price(side, level)).isEqualTo(expected.price(side, level));
                    assertThat(book.size(side, level)).isEqualTo(expected.size(side, level));
                }
            }
        }
    }

    @Test
    void rejectsBadConfiguration() {
        assertThatThrownBy(() -> new DepthSync("X", false, book, null, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Property: a random stream of contiguous spot diffs, with random duplicates, a stale replay and
     * snapshots taken from a reference model at random points, ends with the reference book and zero gaps.
     */
    @Test
    void randomStreamsMatchAReferenceModel() {
        SplittableRandom rnd = new SplittableRandom(42);
        for (int round = 0; round < 200; round++) {
            events.clear();
            TreeMap<Long, Long> reference = new TreeMap<>();
            List<DepthUpdate> stream = new ArrayList<>();
            List<TreeMap<Long, Long>> states = new ArrayList<>();
            long id = 1000;
            for (int i = 0; i < 60; i++) {
                long bigU = id + 1;
                id += 1 + rnd.nextInt(5);
                DepthUpdate d = new DepthUpdate().setSymbol("X").setUpdateIds(bigU, id);
                int n = rnd.nextInt(4);
                for (int k = 0; k < n; k++) {
                    long p = 1 + rnd.nextInt(30);
                    long q = rnd.nextInt(4);
                    d.bids().add(p, q);
                    if (q == 0) {
                        reference.remove(p);
                    } else {
                        reference.put(p, q);
                    }
                }
                stream.add(d);
                states.add(new TreeMap<>(reference));
            }
            int snapAt = rnd.nextInt(stream.size());
            DepthSnapshot snap = new DepthSnapshot().setSymbol("X").setLastUpdateId(stream.get(snapAt).finalUpdateId());
            states.get(snapAt).descendingMap().forEach(snap.bids()::add);
            int deliverSnapshotAfter = snapAt + rnd.nextInt(stream.size() - snapAt);
            OrderBook b = new OrderBook(8, 8);
            DepthSync s = new DepthSync("X", false, b, events::add);
            for (int i = 0; i < stream.size(); i++) {
                s.onDiff(stream.get(i), i);
                if (rnd.nextInt(5) == 0) {
                    s.onDiff(stream.get(i), i);
                }
                if (i == deliverSnapshotAfter) {
                    s.onSnapshot(snap, i);
                }
            }
            assertThat(s.gaps()).isZero();
            assertThat(s.isSynced()).isTrue();
            assertThat(s.lastUpdateId()).isEqualTo(id);
            TreeMap<Long, Long> got = new TreeMap<>();
            for (int lvl = 0; lvl < b.depth(Side.BID); lvl++) {
                got.put(b.price(Side.BID, lvl), b.size(Side.BID, lvl));
            }
            assertThat(got).isEqualTo(reference);
        }
    }

    @Test
    void aDiffThatCrossesTheBookIsADivergenceHandledLikeAGap() {
        DepthSync s = spot();
        assertThat(s.onSnapshot(snapshot(100, 500, 1), 1)).isTrue();
        assertThat(s.onDiff(diff(101, 101, 600, 1), 2)).isEqualTo(DepthSync.Result.APPLIED);
        assertThat(s.isSynced()).isTrue();
        // best ask is 1000: a bid at 1001 crosses it
        assertThat(s.onDiff(diff(102, 102, 1_001, 1), 3)).isEqualTo(DepthSync.Result.GAP);
        assertThat(book.bestPrice(dev.ladder.core.Side.BID)).as("applied, as listeners saw it").isEqualTo(1_001);
        assertThat(s.buffered()).as("kept, so a snapshot older than it still bridges").isEqualTo(1);
        assertThat(s.isSynced()).isFalse();
        assertThat(s.needsSnapshot()).isTrue();
        assertThat(s.divergences()).isEqualTo(1);
        assertThat(kinds()).containsExactly(SyncEvent.Kind.SYNCED, SyncEvent.Kind.DIVERGED);
        SyncEvent e = events.getLast();
        assertThat(e.lastUpdateId()).isEqualTo(102);
        assertThat(e.expected()).as("best bid").isEqualTo(1_001);
        assertThat(e.got()).as("best ask").isEqualTo(1_000);
        // later diffs wait for the snapshot, which replaces the crossed book
        assertThat(s.onDiff(diff(103, 103, 700, 1), 4)).isEqualTo(DepthSync.Result.BUFFERED);
        assertThat(s.onSnapshot(snapshot(102, 500, 1), 5)).isTrue();
        assertThat(s.isSynced()).isTrue();
        assertThat(s.lastUpdateId()).isEqualTo(103);
        assertThat(book.isCrossed()).isFalse();
        assertThat(kinds()).endsWith(SyncEvent.Kind.RESYNCED);
    }
}
