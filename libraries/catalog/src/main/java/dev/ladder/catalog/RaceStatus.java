package dev.ladder.catalog;

import java.util.Locale;

/**
 * Where a race is in its life. From Betfair market definitions (the race's WIN market): OPEN while open
 * and not in play, OFF once in play, SUSPENDED when suspended before the off, FINAL once closed with a
 * winner, ABANDONED when closed without one. CLOSED (betting closed, no result yet) and INTERIM
 * (result declared, not yet final) come only from our own {@code RaceUpdate} messages.
 */
public enum RaceStatus {
    OPEN, OFF, SUSPENDED, CLOSED, INTERIM, FINAL, ABANDONED;

    /**
     * The status named by {@code text}, any case.
     *
     * @throws IllegalArgumentException for any other text
     */
    public static RaceStatus parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("race status '" + text + "' is not one of OPEN, OFF, SUSPENDED, CLOSED, INTERIM, FINAL, ABANDONED");
        }
    }
}
