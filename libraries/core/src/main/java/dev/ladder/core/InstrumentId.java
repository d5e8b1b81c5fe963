package dev.ladder.core;

import java.util.Locale;
import java.util.Objects;

/**
 * One instrument on one venue: a Binance symbol (upper case, e.g. {@code BTCUSDT}) or a Betfair
 * market id (e.g. {@code 1.132153978}).
 */
public record InstrumentId(Venue venue, String symbol) {
    public InstrumentId {
        Objects.requireNonNull(venue, "venue");
        Objects.requireNonNull(symbol, "symbol");
        if (symbol.isBlank()) {
            throw new IllegalArgumentException("symbol must not be blank");
        }
        if (venue != Venue.BETFAIR) {
            symbol = symbol.toUpperCase(Locale.ROOT);
        }
    }

    public static InstrumentId of(Venue venue, String symbol) {
        return new InstrumentId(venue, symbol);
    }

    @Override
    public String toString() {
        return venue.id() + ":" + symbol;
    }
}
