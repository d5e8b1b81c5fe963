package dev.ladder.book;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PriceOpTest {
    @Test
    void parsesNamesAndSymbolsCaseInsensitively() {
        assertThat(PriceOp.parse("eq")).isEqualTo(PriceOp.EQ);
        assertThat(PriceOp.parse(" LTE ")).isEqualTo(PriceOp.LTE);
        assertThat(PriceOp.parse("Lt")).isEqualTo(PriceOp.LT);
        assertThat(PriceOp.parse("gt")).isEqualTo(PriceOp.GT);
        assertThat(PriceOp.parse("GTE")).isEqualTo(PriceOp.GTE);
        assertThat(PriceOp.parse("<=")).isEqualTo(PriceOp.LTE);
        assertThat(PriceOp.parse(">=")).isEqualTo(PriceOp.GTE);
        assertThat(PriceOp.parse("=")).isEqualTo(PriceOp.EQ);
        assertThat(PriceOp.parse("<")).isEqualTo(PriceOp.LT);
        assertThat(PriceOp.parse(">")).isEqualTo(PriceOp.GT);
    }

    @Test
    void rejectsUnknownTextNamingTheAcceptedValues() {
        assertThatThrownBy(() -> PriceOp.parse("between")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'between'").hasMessageContaining("eq, lt, lte, gt or gte");
        assertThatThrownBy(() -> PriceOp.parse(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eq, lt, lte, gt or gte");
        assertThatThrownBy(() -> PriceOp.parse("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void testComparesTheLevelPriceWithTheQueryPrice() {
        assertThat(PriceOp.EQ.test(5, 5)).isTrue();
        assertThat(PriceOp.EQ.test(4, 5)).isFalse();
        assertThat(PriceOp.LT.test(4, 5)).isTrue();
        assertThat(PriceOp.LT.test(5, 5)).isFalse();
        assertThat(PriceOp.LTE.test(5, 5)).isTrue();
        assertThat(PriceOp.LTE.test(6, 5)).isFalse();
        assertThat(PriceOp.GT.test(6, 5)).isTrue();
        assertThat(PriceOp.GT.test(5, 5)).isFalse();
        assertThat(PriceOp.GTE.test(5, 5)).isTrue();
        assertThat(PriceOp.GTE.test(4, 5)).isFalse();
    }
}
