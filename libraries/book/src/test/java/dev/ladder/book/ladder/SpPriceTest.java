package dev.ladder.book.ladder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.core.Decimals;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SpPriceTest {
    /** Text → encoding through Decimals, as the decoder does. */
    private static long parse(String text) {
        int scale = Decimals.scaleOf(text);
        return SpPrice.of(Decimals.parse(text, scale), scale);
    }

    @Test
    void valuesAsBetfairSendsThemPrintBackExactly() {
        for (String s : new String[] {"38.387036360669896", "2.550036913", "1000", "1.01", "2.4263157894736842",
                "999.99999999999989", "0.000001", "12345678901234567", "0", "9000000000000000000",
                "0.000000000000000001", "1.2345678901234567"}) {
            assertThat(SpPrice.toString(parse(s))).as(s).isEqualTo(s);
        }
        assertThat(SpPrice.toString(parse("2.50"))).isEqualTo("2.5");
        assertThat(SpPrice.toString(parse("1.5e-3"))).isEqualTo("0.0015");
        assertThat(SpPrice.toString(parse("1E3"))).isEqualTo("1000");
        assertThat(parse("2.5")).isEqualTo(parse("2.500")).isEqualTo(SpPrice.ofPrice(250));
    }

    @Test
    void unscaledAndScaleGiveTheExactValue() {
        long sp = parse("38.387036360669896");
        assertThat(SpPrice.unscaled(sp)).isEqualTo(38387036360669896L);
        assertThat(SpPrice.scale(sp)).isEqualTo(15);
        assertThat(SpPrice.unscaled(parse("1000"))).isEqualTo(1000);
        assertThat(SpPrice.scale(parse("1000"))).isZero();
        assertThat(SpPrice.scale(parse("0"))).isZero();
    }

    @Test
    void specialValuesAreDistinctAndSortAsTheyShould() {
        assertThat(SpPrice.toString(SpPrice.NONE)).isNull();
        assertThat(SpPrice.toString(SpPrice.NAN)).isEqualTo("NaN");
        assertThat(SpPrice.toString(SpPrice.INFINITY)).isEqualTo("Infinity");
        assertThat(SpPrice.NONE).isEqualTo(RunnerLadder.NO_PRICE);
        assertThat(SpPrice.INFINITY).isEqualTo(RunnerLadder.INFINITE_PRICE).isGreaterThan(parse("9000000000000000000"));
        assertThat(SpPrice.isFinite(SpPrice.NAN)).isFalse();
        assertThat(SpPrice.isFinite(SpPrice.INFINITY)).isFalse();
        assertThat(SpPrice.isFinite(SpPrice.NONE)).isFalse();
        assertThat(SpPrice.isFinite(parse("0"))).isTrue();
        assertThatThrownBy(() -> SpPrice.scale(SpPrice.NAN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void whatCannotBeHeldIsRefused() {
        assertThatThrownBy(() -> SpPrice.of(-1, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> parse("1.23456789012345678")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("17 significant digits");
        assertThatThrownBy(() -> SpPrice.of(1, 19)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> parse("0.0000000000000000001")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theEncodingSortsLikeTheValuesAndRoundTripsAgainstBigDecimal() {
        SplittableRandom rnd = new SplittableRandom(7);
        List<BigDecimal> values = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            int digits = 1 + rnd.nextInt(SpPrice.MAX_DIGITS);
            long unscaled = rnd.nextLong(Decimals.pow10(digits));
            int scale = rnd.nextInt(Decimals.MAX_SCALE + 1);
            values.add(BigDecimal.valueOf(unscaled, scale));
        }
        values.add(BigDecimal.ZERO);
        values.add(new BigDecimal("1000"));
        values.add(new BigDecimal("1.01"));
        for (int i = 0; i < values.size(); i++) {
            BigDecimal a = values.get(i);
            BigDecimal b = values.get(rnd.nextInt(values.size()));
            long ea = SpPrice.of(a.unscaledValue().longValueExact(), a.scale());
            long eb = SpPrice.of(b.unscaledValue().longValueExact(), b.scale());
            assertThat(Long.signum(Long.compare(ea, eb))).as("%s vs %s", a, b).isEqualTo(a.compareTo(b));
            assertThat(new BigDecimal(SpPrice.toString(ea))).isEqualByComparingTo(a);
            assertThat(BigDecimal.valueOf(SpPrice.unscaled(ea), SpPrice.scale(ea))).isEqualByComparingTo(a);
            assertThat(ea).isBetween(0L, SpPrice.INFINITY - 1);
        }
    }
}
