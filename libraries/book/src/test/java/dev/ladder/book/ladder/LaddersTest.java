package dev.ladder.book.ladder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The ladders against TreeMap reference models, with seeded random operations. */
class LaddersTest {
    @Test
    void priceSizeLadderAgreesWithATreeMap() {
        for (boolean descending : new boolean[] {true, false}) {
            SplittableRandom rnd = new SplittableRandom(descending ? 7 : 11);
            PriceSizeLadder fast = new PriceSizeLadder(descending);
            TreeMap<Long, Long> ref = new TreeMap<>();
            for (int i = 0; i < 20_000; i++) {
                long price = PriceLadder.classic().price(rnd.nextInt(60)) + (rnd.nextInt(20) == 0 ? 1 : 0);
                long size = rnd.nextInt(3) == 0 ? 0 : rnd.nextLong(1, 1_000_000);
                if (rnd.nextInt(2000) == 0) {
                    fast.clear();
                    ref.clear();
                    continue;
                }
                fast.set(price, size);
                if (size == 0) {
                    ref.remove(price);
                } else {
                    ref.put(price, size);
                }
                if (i % 97 == 0) {
                    check(fast, descending ? ref.descendingMap() : ref);
                }
            }
            check(fast, descending ? ref.descendingMap() : ref);
            PriceSizeLadder copy = new PriceSizeLadder(descending);
            copy.copyFrom(fast);
            check(copy, descending ? ref.descendingMap() : ref);
        }
    }

    private static void check(PriceSizeLadder fast, Map<Long, Long> ordered) {
        List<Long> prices = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        for (int l = 0; l < fast.depth(); l++) {
            prices.add(fast.price(l));
            sizes.add(fast.size(l));
        }
        assertThat(prices).containsExactlyElementsOf(ordered.keySet());
        assertThat(sizes).containsExactlyElementsOf(ordered.values());
        assertThat(fast.totalSize()).isEqualTo(ordered.values().stream().mapToLong(Long::longValue).sum());
        assertThat(fast.price(fast.depth())).isEqualTo(RunnerLadder.NO_PRICE);
        assertThat(fast.size(-1)).isZero();
        for (var e : ordered.entrySet()) {
            assertThat(fast.sizeAt(e.getKey())).isEqualTo(e.getValue());
        }
    }

    @Test
    void levelLadderAgreesWithATreeMap() {
        SplittableRandom rnd = new SplittableRandom(3);
        LevelLadder fast = new LevelLadder();
        TreeMap<Integer, long[]> ref = new TreeMap<>();
        for (int i = 0; i < 20_000; i++) {
            int level = rnd.nextInt(12);
            long price = rnd.nextLong(101, 2000);
            long size = rnd.nextInt(3) == 0 ? 0 : rnd.nextLong(1, 100_000);
            fast.set(level, price, size);
            if (size == 0) {
                ref.remove(level);
            } else {
                ref.put(level, new long[] {price, size});
            }
            if (i % 89 == 0) {
                check(fast, ref);
            }
        }
        check(fast, ref);
        LevelLadder copy = new LevelLadder();
        copy.copyFrom(fast);
        check(copy, ref);
        fast.clear();
        assertThat(fast.isEmpty()).isTrue();
        assertThat(fast.levelAt(0)).isEqualTo(-1);
        assertThatThrownBy(() -> fast.set(-1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> fast.set(LevelLadder.MAX_LEVEL + 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void check(LevelLadder fast, TreeMap<Integer, long[]> ref) {
        assertThat(fast.count()).isEqualTo(ref.size());
        int i = 0;
        for (var e : ref.entrySet()) {
            assertThat(fast.levelAt(i)).isEqualTo(e.getKey());
            assertThat(fast.priceAt(i)).isEqualTo(e.getValue()[0]);
            assertThat(fast.sizeAt(i)).isEqualTo(e.getValue()[1]);
            assertThat(fast.price(e.getKey())).isEqualTo(e.getValue()[0]);
            i++;
        }
        for (int l = 0; l < 12; l++) {
            assertThat(fast.has(l)).isEqualTo(ref.containsKey(l));
        }
    }

    @Test
    void runnerResetAndCopy() {
        RunnerLadder r = new RunnerLadder(42, -25);
        r.atb().set(200, 100);
        r.batl().set(0, 210, 5);
        r.ltp(200);
        r.tv(1234);
        r.spNear(SpPrice.of(38387036360669896L, 15));
        r.spFar(SpPrice.INFINITY);
        r.spb().set(SpPrice.of(2550036913L, 9), 1500);
        RunnerLadder c = r.copy();
        r.reset();
        assertThat(r.atb().isEmpty()).isTrue();
        assertThat(r.batl().isEmpty()).isTrue();
        assertThat(r.ltp()).isEqualTo(RunnerLadder.NO_PRICE);
        assertThat(r.tv()).isZero();
        assertThat(r.spNear()).isEqualTo(SpPrice.NONE);
        assertThat(r.spFar()).isEqualTo(SpPrice.NONE);
        assertThat(r.spb().isEmpty()).isTrue();
        assertThat(c.atb().size(0)).isEqualTo(100);
        assertThat(c.batl().price(0)).isEqualTo(210);
        assertThat(c.ltp()).isEqualTo(200);
        assertThat(c.tv()).isEqualTo(1234);
        assertThat(SpPrice.toString(c.spNear())).isEqualTo("38.387036360669896");
        assertThat(c.spFar()).isEqualTo(SpPrice.INFINITY);
        assertThat(SpPrice.toString(c.spb().price(0))).isEqualTo("2.550036913");
        assertThat(c.spb().size(0)).isEqualTo(1500);
        assertThat(c.handicap()).isEqualTo(-25);
        assertThat(c.selectionId()).isEqualTo(42);
    }
}
