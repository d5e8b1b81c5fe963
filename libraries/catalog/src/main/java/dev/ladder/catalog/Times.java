package dev.ladder.catalog;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Time text of the feeds: {@code YYYY-MM-DD HH:MM:SS} or ISO-8601; without a zone it is UTC. */
final class Times {
    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HHmm").withZone(ZoneOffset.UTC);

    private Times() {
    }

    /**
     * A feed's time through the one parser of instants ({@link dev.ladder.core.Times}): ISO-8601, with a
     * space or {@code T}; without a zone it is UTC.
     *
     * @throws IllegalArgumentException when the text is no time
     */
    static Instant parse(String text) {
        return dev.ladder.core.Times.ofNanos(dev.ladder.core.Times.parseNanos(text));
    }

    /**
     * @throws IllegalArgumentException when the text is not {@code YYYY-MM-DD}
     */
    static LocalDate parseDate(String text) {
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a date (YYYY-MM-DD)");
        }
    }

    /** {@code <eventId>.<HHmm>} of the start time in UTC: the race id rule. */
    static String raceId(String meetingId, Instant start) {
        return meetingId + "." + HHMM.format(start);
    }

    /** The local date of {@code t} in {@code zone} (UTC when the zone is {@code null} or unknown). */
    static LocalDate localDate(Instant t, String zone) {
        ZoneId id = ZoneOffset.UTC;
        if (zone != null) {
            try {
                id = ZoneId.of(zone);
            } catch (RuntimeException e) {
                id = ZoneOffset.UTC;
            }
        }
        return t.atZone(id).toLocalDate();
    }
}
