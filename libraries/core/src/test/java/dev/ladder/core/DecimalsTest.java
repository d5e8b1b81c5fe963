package dev.ladder.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DecimalsTest {

    @Test
    void parsesBinanceStrings() {
        assertThat(Decimals.parse("61837.63000000", 8)).isEqualTo(6_183_763_000_000L);
        assertThat(Decimals.parse("0.00000000", 8)).isZero();
        assertThat(Decimals.parse("7.6110", 8)).isEqualTo(761_100_000L);
        assertThat(Decimals.parse("297", 8)).isEqualTo(29_700_000_000L);
        assertThat(Decimals.parse("-0.5", 2)).isEqualTo(-50L);
        assertThat(Decimals.parse("1.5e-2", 3)).isEqualTo(15L);
        assertThat(Decimals.parse("2E+3", 0)).isEqualTo(2000L);
        assertThat(Decimals.parse("1.2300", 2)).isEqualTo(123L);
    }

    @Test
    void parsesBytesAndChars() {
        byte[] b = "xx12.5yy".getBytes(StandardCharsets.US_ASCII);
        assertThat(Decimals.parse(b, 2, 6, 2)).isEqualTo(1250L);
        char[] c = "xx12.5yy".toCharArray();
        assertThat(Decimals.parse(c, 2, 4, 1)).isEqualTo(125L);
    }

    @Test
    void rejectsBadInputWithClearMessages() {
        assertThatThrownBy(() -> Decimals.parse("1.234", 2)).isInstanceOf(NumberFormatException.class)
                .hasMessageContaining("1.234").hasMessageContaining("fraction digits");
        assertThatThrownBy(() -> Decimals.parse("", 2)).hasMessageContaining("no digits");
        assertThatThrownBy(() -> Decimals.parse("1x", 2)).hasMessageContaining("unexpected character");
        assertThatThrownBy(() -> Decimals.parse("99999999999999999999", 0)).hasMessageContaining("out of range");
        assertThatThrownBy(() -> Decimals.parse("1.2.3", 2)).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void formatsWithExactScale() {
        assertThat(Decimals.format(6_183_763_000_000L, 8)).isEqualTo("61837.63000000");
        assertThat(Decimals.format(-5, 3)).isEqualTo("-0.005");
        assertThat(Decimals.format(42, 0)).isEqualTo("42");
        assertThat(Decimals.formatStripped(1_500_000_000L, 8)).isEqualTo("15");
        assertThat(Decimals.formatStripped(150_000_000L, 9)).isEqualTo("0.15");
    }

    @Test
    void multipliesWithoutOverflow() {
        long price = Decimals.parse("61837.63", 8);
        long size = Decimals.parse("1000", 8);
        assertThat(Decimals.multiply(price, 8, size, 8)).isEqualByComparingTo("61837630");
    }

    @Test
    void roundTripsAgainstBigDecimal() {
        SplittableRandom random = new SplittableRandom(20261123L);
        for (int i = 0; i < 20_000; i++) {
            long v = random.nextLong(-1_000_000_000_000_000L, 1_000_000_000_000_000L) >> random.nextInt(60);
            int scale = random.nextInt(13);
            roundTrip(v, scale);
        }
        roundTrip(0, 0);
        roundTrip(Long.MAX_VALUE, 0);
        roundTrip(Long.MAX_VALUE, 18);
        roundTrip(-1, 18);
    }

    private static void roundTrip(long v, int scale) {
        String text = BigDecimal.valueOf(v, scale).toPlainString();
        assertThat(Decimals.parse(text, scale)).isEqualTo(v);
        assertThat(Decimals.format(v, scale)).isEqualTo(text);
        String padded = scale == 0 ? text + ".000" : text + "000";
        assertThat(Decimals.parse(padded, scale)).isEqualTo(v);
    }

    @Test
    void scaleOfIsAScaleAtWhichTheTextIsExact() {
        assertThat(Decimals.scaleOf("38.387036360669896")).isEqualTo(15);
        assertThat(Decimals.scaleOf("2.550036913")).isEqualTo(9);
        assertThat(Decimals.scaleOf("2.50")).isEqualTo(1);
        assertThat(Decimals.scaleOf("1000")).isZero();
        assertThat(Decimals.scaleOf("1000.000")).isZero();
        assertThat(Decimals.scaleOf("1.5e-3")).isEqualTo(4);
        assertThat(Decimals.scaleOf("12.5E1")).isZero();
        assertThat(Decimals.scaleOf("-0.25")).isEqualTo(2);
        assertThat(Decimals.scaleOf("1e-30")).isEqualTo(30);
        for (String s : new String[] {"38.387036360669896", "2.550036913", "1.5e-3", "12.5E1", "-0.25"}) {
            int scale = Decimals.scaleOf(s);
            assertThat(Decimals.toBigDecimal(Decimals.parse(s, scale), scale)).as(s).isEqualByComparingTo(new java.math.BigDecimal(s));
        }
    }

    @Test
    void theCharArrayPathAgreesWithTheGeneralParser() {
        String[] texts = {"0", "-0", "1", "1.", "12.34", "-12.34", "0.010", "1000", "99999999.5", "1.005", "1e1", "1.5E-3",
                "+2", ".5", "-", "", "1.2.3", "12a", "123456789012345678", "1234567890123456789", "9223372036854775807",
                "92233720368547758.08", "0.000000000000000001", "000000000000000000001", "1.000000000000000000000", "1e17", "0e1", "5e16"};
        for (int scale : new int[] {0, 2, 8, 18}) {
            for (String t : texts) {
                char[] padded = ("xx" + t + "yy").toCharArray();
                Object expected;
                try {
                    expected = Decimals.parse(t, scale);
                } catch (NumberFormatException e) {
                    expected = e.getMessage();
                }
                Object actual;
                try {
                    actual = Decimals.parse(padded, 2, t.length(), scale);
                } catch (NumberFormatException e) {
                    actual = e.getMessage();
                }
                assertThat(actual).as("'%s' at %d", t, scale).isEqualTo(expected);
            }
        }
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        for (int n = 0; n < 50_000; n++) {
            int scale = rnd.nextInt(10);
            String t = (rnd.nextBoolean() ? "-" : "") + rnd.nextLong(1_000_000_000L) + (rnd.nextBoolean() ? "." + rnd.nextInt(100_000) : "");
            assertThat(outcome(() -> Decimals.parse(t.toCharArray(), 0, t.length(), scale)))
                    .as("'%s' at %d", t, scale).isEqualTo(outcome(() -> Decimals.parse(t, scale)));
        }
    }

    private static Object outcome(java.util.function.LongSupplier parse) {
        try {
            return parse.getAsLong();
        } catch (NumberFormatException e) {
            return e.getMessage();
        }
    }

    @Test
    void anExponentPastTheLastPowerOfTenIsOutOfRangeNotACrash() {
        assertThatThrownBy(() -> Decimals.parse("1e1", 18)).isInstanceOf(NumberFormatException.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> Decimals.parse("1e17", 2)).isInstanceOf(NumberFormatException.class).hasMessageContaining("out of range");
        assertThat(Decimals.parse("0e1", 18)).isZero();
        assertThat(Decimals.parse("5e16", 2)).isEqualTo(5_000_000_000_000_000_000L);
    }
}
