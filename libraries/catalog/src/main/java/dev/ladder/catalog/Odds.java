package dev.ladder.catalog;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.ladder.core.Decimals;
import java.math.BigDecimal;

/**
 * Decimal odds (or a Betfair starting price), kept exactly as a scaled {@code long} at {@link #SCALE}
 * decimals: never a {@code double}.
 *
 * <p>{@link #toString()} (also the JSON form) is the exact decimal text with at least two fraction
 * digits: {@code 1.01}, {@code 25.00}, {@code 1.3333}.
 *
 * @param scaled the odds times 10^{@link #SCALE}; positive
 */
public record Odds(long scaled) implements Comparable<Odds> {
    /** Fraction digits kept; a value with more is rejected, never rounded. */
    public static final int SCALE = 8;

    /**
     * @throws IllegalArgumentException when {@code scaled} is not positive
     */
    public Odds {
        if (scaled <= 0) {
            throw new IllegalArgumentException("odds must be positive, was " + Decimals.formatStripped(scaled, SCALE));
        }
    }

    /**
     * The exact odds of {@code value}.
     *
     * @throws IllegalArgumentException when the value is not positive, has more than {@link #SCALE}
     *                                  fraction digits, or is too large
     */
    public static Odds of(BigDecimal value) {
        if (value.signum() <= 0) {
            throw new IllegalArgumentException("odds must be positive, was " + value.toPlainString());
        }
        try {
            return new Odds(Decimals.fromBigDecimal(value.stripTrailingZeros(), SCALE));
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("odds " + value.toPlainString() + " has more than " + SCALE
                    + " decimals or is too large");
        }
    }

    /**
     * Parses decimal text such as {@code "1.01"}.
     *
     * @throws IllegalArgumentException when the text is not a positive decimal with at most {@link #SCALE} fraction digits
     */
    public static Odds parse(String text) {
        try {
            return of(new BigDecimal(text));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("odds '" + text + "' is not a decimal number");
        }
    }

    /** The same value as a {@link BigDecimal} with trailing zeros removed (at least two fraction digits kept). */
    public BigDecimal toBigDecimal() {
        BigDecimal d = BigDecimal.valueOf(scaled, SCALE).stripTrailingZeros();
        return d.scale() < 2 ? d.setScale(2) : d;
    }

    @JsonValue
    @Override
    public String toString() {
        return toBigDecimal().toPlainString();
    }

    @Override
    public int compareTo(Odds o) {
        return Long.compare(scaled, o.scaled);
    }
}
