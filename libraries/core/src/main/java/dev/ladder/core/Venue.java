package dev.ladder.core;

import java.util.Locale;

/** The venues Ladder connects to. The lower-case {@link #id()} is used in URLs, journals and JSON. */
public enum Venue {
    /** Binance spot. */
    BINANCE("binance"),
    /** Binance USD-M futures. */
    BINANCE_FUTURES("binance-futures"),
    /** Betfair Exchange. */
    BETFAIR("betfair");

    private final String id;

    Venue(String id) {
        this.id = id;
    }

    /** The lower-case id used in URLs and files, e.g. {@code binance-futures}. */
    public String id() {
        return id;
    }

    /**
     * Parses an id or enum name, case-insensitively ({@code binance}, {@code BINANCE_FUTURES},
     * {@code binance-futures}).
     *
     * @throws IllegalArgumentException naming the accepted values when {@code text} is none of them
     */
    public static Venue parse(String text) {
        if (text != null) {
            String t = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            for (Venue v : values()) {
                if (v.id.equals(t)) {
                    return v;
                }
            }
        }
        throw new IllegalArgumentException("unknown venue '" + text + "' (expected binance, binance-futures or betfair)");
    }
}
