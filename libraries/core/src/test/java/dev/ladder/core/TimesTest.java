package dev.ladder.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimesTest {
    private static final long T = Times.toNanos(Instant.parse("2024-08-08T23:57:00Z"));

    @Test
    void everyFormOfOneInstantParsesToTheSameNanoseconds() {
        for (String s : new String[] {"2024-08-08T23:57:00Z", "2024-08-08T23:57:00", "2024-08-08 23:57:00",
                "2024-08-09T01:57:00+02:00", "2024-08-08T20:57:00-03:00", "1723161420000", "1723161420000ms",
                "1723161420s", "1723161420000000us", "1723161420000000000ns", " 2024-08-08T23:57:00z "}) {
            assertThat(Times.parseNanos(s)).as(s).isEqualTo(T);
        }
    }

    @Test
    void keepsFractionsAndDates() {
        assertThat(Times.parseNanos("2024-08-08T23:57:00.123456789Z")).isEqualTo(T + 123_456_789L);
        assertThat(Times.parseNanos("2024-08-08")).isEqualTo(T - (23 * 3600 + 57 * 60) * 1_000_000_000L);
        assertThat(Times.parseMillis("1723161420000000001ns")).isEqualTo(1723161420000L);
    }

    @Test
    void formatsIsoUtcAndRoundTrips() {
        assertThat(Times.format(T + 5_000_000L)).isEqualTo("2024-08-08T23:57:00.005Z");
        assertThat(Times.parseNanos(Times.format(T + 7))).isEqualTo(T + 7);
        assertThat(Times.format(-1)).isEqualTo("1969-12-31T23:59:59.999999999Z");
        assertThat(Times.formatMillis(1723161420000L)).isEqualTo("2024-08-08T23:57:00Z");
    }

    @Test
    void rejectsWithTheRuleAndTheText() {
        for (String s : new String[] {"yesterday", "12:00", "2024-13-01", "1.5", "12ms3", "2024-08-08T23:57:00Zms", ""}) {
            assertThatThrownBy(() -> Times.parseNanos(s)).as(s).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("ISO-8601");
        }
        assertThatThrownBy(() -> Times.parseNanos("-5")).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> Times.parseNanos("99999999999999999")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> Times.parseNanos("2300-01-01T00:00:00Z")).hasMessageContaining("out of range");
    }
}
