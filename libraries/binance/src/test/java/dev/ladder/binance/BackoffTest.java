package dev.ladder.binance;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {
    @Test
    void doublesWithJitterUpToTheMaximum() {
        Backoff b = new Backoff(100, 3000, 7);
        for (int attempt = 1; attempt <= 12; attempt++) {
            long cap = Math.min(3000, 100L << (attempt - 1));
            for (int i = 0; i < 50; i++) {
                assertThat(b.delayMillis(attempt)).isBetween(cap / 2, cap);
            }
        }
        assertThat(b.delayMillis(1_000)).isBetween(1500L, 3000L);
    }

    @Test
    void jitterSpreadsTheDelays() {
        Backoff b = new Backoff(1000, 1000, 1);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 200; i++) {
            long d = b.delayMillis(1);
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertThat(max - min).isGreaterThan(200);
    }
}
