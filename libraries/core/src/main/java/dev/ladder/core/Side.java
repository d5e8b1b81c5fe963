package dev.ladder.core;

import java.util.Locale;

/** A side of an order book. Bids are best when highest, asks when lowest. */
public enum Side {
    BID, ASK;

    public Side opposite() {
        return this == BID ? ASK : BID;
    }

    /** {@code true} when a better price on this side is a higher number (bids). */
    public boolean isHigherBetter() {
        return this == BID;
    }

    /**
     * Parses {@code bid}/{@code b}/{@code buy} as BID and {@code ask}/{@code a}/{@code sell} as ASK,
     * case-insensitively.
     *
     * @throws IllegalArgumentException naming the accepted values otherwise
     */
    public static Side parse(String text) {
        if (text != null) {
            switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "bid", "b", "bids" -> { return BID; }
                case "ask", "a", "asks" -> { return ASK; }
                default -> { }
            }
        }
        throw new IllegalArgumentException("unknown side '" + text + "' (expected bid or ask)");
    }
}
