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

    /**
     * Parses {@code VENUE:SYMBOL} (or {@code VENUE/SYMBOL}), the form {@link #toString()} prints and
     * journals, streams and the command line use: {@code binance:BTCUSDT}, {@code betfair:1.132153978}.
     *
     * @throws IllegalArgumentException naming the expected form, or the accepted venues
     */
    public static InstrumentId parse(String text) {
        String s = text == null ? "" : text.trim();
        int i = s.indexOf(':') >= 0 ? s.indexOf(':') : s.indexOf('/');
        if (i <= 0 || i == s.length() - 1) {
            throw new IllegalArgumentException("expected VENUE:SYMBOL, e.g. binance:BTCUSDT or betfair:1.132153978: '" + text + "'");
        }
        return of(Venue.parse(s.substring(0, i)), s.substring(i + 1));
    }

    @Override
    public String toString() {
        return venue.id() + ":" + symbol;
    }
}
