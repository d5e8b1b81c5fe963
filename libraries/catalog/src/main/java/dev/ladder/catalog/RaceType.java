package dev.ladder.catalog;

import java.util.Locale;

/** The kind of a race meeting. */
public enum RaceType {
    HORSE, GREYHOUND, HARNESS;

    /**
     * The type named by {@code text}, any case ({@code horse}, {@code GREYHOUND}).
     *
     * @throws IllegalArgumentException for any other text
     */
    public static RaceType parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("race type '" + text + "' is not one of horse, greyhound, harness");
        }
    }
}
