package dev.ladder.catalog;

/** The order of an event listing: by start time, earliest first ({@code startTime}) or latest first ({@code -startTime}). */
public enum EventOrder {
    START_TIME, START_TIME_DESC;

    /**
     * {@code startTime} or {@code -startTime}; {@code null} or blank means {@link #START_TIME}.
     *
     * @throws IllegalArgumentException for any other text
     */
    public static EventOrder parse(String text) {
        if (text == null || text.isBlank() || text.equals("startTime") || text.equals("+startTime")) {
            return START_TIME;
        }
        if (text.equals("-startTime")) {
            return START_TIME_DESC;
        }
        throw new IllegalArgumentException("order '" + text + "' is not startTime or -startTime");
    }
}
