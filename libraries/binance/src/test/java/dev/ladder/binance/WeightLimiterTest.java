package dev.ladder.binance;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class WeightLimiterTest {
    private static final long MINUTE = 60_000L;

    @Test
    void depthWeightsFollowBinanceDocs() {
        assertThat(WeightLimiter.depthWeight(100, false)).isEqualTo(5);
        assertThat(WeightLimiter.depthWeight(500, false)).isEqualTo(25);
        assertThat(WeightLimiter.depthWeight(1000, false)).isEqualTo(50);
        assertThat(WeightLimiter.depthWeight(5000, false)).isEqualTo(250);
        assertThat(WeightLimiter.depthWeight(50, true)).isEqualTo(2);
        assertThat(WeightLimiter.depthWeight(100, true)).isEqualTo(5);
        assertThat(WeightLimiter.depthWeight(500, true)).isEqualTo(10);
        assertThat(WeightLimiter.depthWeight(1000, true)).isEqualTo(20);
    }

    @Test
    void waitsForTheNextMinuteWhenTheBudgetIsSpent() {
        WeightLimiter l = new WeightLimiter(100);
        long t = 10 * MINUTE + 15_000;
        assertThat(l.acquire(50, t)).isZero();
        assertThat(l.acquire(50, t + 1)).isZero();
        assertThat(l.acquire(50, t + 2)).isEqualTo(MINUTE - 15_002);
        assertThat(l.acquire(50, 11 * MINUTE)).isZero();
        assertThat(l.totalWeight()).isEqualTo(150);
    }

    @Test
    void aRequestHeavierThanTheBudgetGoesAloneInAFreshMinute() {
        WeightLimiter l = new WeightLimiter(100);
        assertThat(l.acquire(250, 0)).isZero();
        assertThat(l.acquire(5, 1)).isEqualTo(MINUTE - 1);
    }

    @Test
    void honoursTheServersCountAndRetryAfter() {
        WeightLimiter l = new WeightLimiter(100);
        l.serverUsed(90, 1000);
        assertThat(l.acquire(20, 1001)).isPositive();
        l.blockFor(5000, 2 * MINUTE);
        assertThat(l.acquire(5, 2 * MINUTE + 1000)).isEqualTo(4000);
        assertThat(l.acquire(5, 2 * MINUTE + 5000)).isZero();
    }

    /** Property: whatever the request pattern, no clock minute ever counts more than the budget (bar one oversized request). */
    @Test
    void neverExceedsTheBudgetInAnyMinute() {
        SplittableRandom r = new SplittableRandom(42);
        for (int run = 0; run < 200; run++) {
            int budget = r.nextInt(10, 500);
            WeightLimiter l = new WeightLimiter(budget);
            long now = r.nextLong(0, 1_000_000_000L);
            long minute = now / MINUTE;
            int spent = 0;
            for (int i = 0; i < 500; i++) {
                int w = r.nextInt(1, budget + 1);
                long wait = l.acquire(w, now);
                if (now / MINUTE != minute) {
                    minute = now / MINUTE;
                    spent = 0;
                }
                if (wait == 0) {
                    spent += w;
                    assertThat(spent).isLessThanOrEqualTo(budget);
                } else {
                    assertThat(now + wait).isLessThanOrEqualTo((now / MINUTE + 1) * MINUTE);
                    now += r.nextBoolean() ? wait : r.nextLong(1, wait + 1);
                }
            }
        }
    }
}
