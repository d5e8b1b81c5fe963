package dev.ladder.book.ladder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PriceLadderTest {
    @Test
    void classicHasTheStandardIncrements() {
        PriceLadder l = PriceLadder.classic();
        assertThat(l.tickCount()).isEqualTo(350);
        assertThat(l.price(0)).isEqualTo(101);
        assertThat(l.price(349)).isEqualTo(100000);
        long[][] steps = {{101, 1}, {199, 1}, {200, 2}, {298, 2}, {300, 5}, {395, 5}, {400, 10}, {590, 10}, {600, 20},
                {980, 20}, {1000, 50}, {1950, 50}, {2000, 100}, {2900, 100}, {3000, 200}, {4800, 200}, {5000, 500},
                {9500, 500}, {10000, 1000}, {99000, 1000}};
        for (long[] s : steps) {
            int t = l.tickOf(s[0]);
            assertThat(t).as("%d on the ladder", s[0]).isNotEqualTo(PriceLadder.OFF_LADDER);
            assertThat(l.price(t + 1) - l.price(t)).as("step after %d", s[0]).isEqualTo(s[1]);
        }
        for (int t = 1; t < l.tickCount(); t++) {
            assertThat(l.price(t)).isGreaterThan(l.price(t - 1));
        }
    }

    @Test
    void offLadderPricesAreReportedNotRejected() {
        PriceLadder l = PriceLadder.classic();
        assertThat(l.tickOf(201)).isEqualTo(PriceLadder.OFF_LADDER);
        assertThat(l.tickOf(100)).isEqualTo(PriceLadder.OFF_LADDER);
        assertThat(l.tickOf(100010)).isEqualTo(PriceLadder.OFF_LADDER);
        assertThat(l.isOnLadder(202)).isTrue();
        assertThat(l.move(201, 1)).isEqualTo(202);
        assertThat(l.move(201, -1)).isEqualTo(200);
        assertThat(l.move(201, 0)).isEqualTo(201);
        assertThat(l.move(200, 1)).isEqualTo(202);
        assertThat(l.move(101, -5)).isEqualTo(101);
        assertThat(l.move(100000, 3)).isEqualTo(100000);
        assertThatThrownBy(() -> l.price(350)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void finestAndLineRange() {
        assertThat(PriceLadder.finest().tickCount()).isEqualTo(100000 - 101 + 1);
        assertThat(PriceLadder.of("FINEST")).isSameAs(PriceLadder.finest());
        assertThat(PriceLadder.of(null)).isSameAs(PriceLadder.classic());
        PriceLadder line = PriceLadder.lineRange(-1050, 1050, 50);
        assertThat(line.type()).isEqualTo(PriceLadder.Type.LINE_RANGE);
        assertThat(line.tickCount()).isEqualTo(43);
        assertThat(line.tickOf(-1000)).isEqualTo(1);
        assertThat(line.tickOf(25)).isEqualTo(PriceLadder.OFF_LADDER);
        assertThatThrownBy(() -> PriceLadder.lineRange(10, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PriceLadder.lineRange(0, 10, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rangeChecksAcceptOffTickPricesAndRefuseWhatNoMarketHolds() {
        PriceLadder c = PriceLadder.classic();
        assertThat(c.minPrice()).isEqualTo(101);
        assertThat(c.maxPrice()).isEqualTo(100000);
        assertThat(c.isInRange(101)).isTrue();
        assertThat(c.isInRange(100000)).isTrue();
        assertThat(c.isInRange(203)).as("off a tick, inside the range").isTrue();
        assertThat(c.isInRange(100)).isFalse();
        assertThat(c.isInRange(0)).isFalse();
        assertThat(c.isInRange(-250)).isFalse();
        assertThat(c.isInRange(100001)).isFalse();
        PriceLadder line = PriceLadder.lineRange(-1050, 1050, 50);
        assertThat(line.isInRange(-1050)).isTrue();
        assertThat(line.isInRange(25)).isTrue();
        assertThat(line.isInRange(-1100)).isFalse();
        assertThat(line.isInRange(1051)).isFalse();
    }
}
