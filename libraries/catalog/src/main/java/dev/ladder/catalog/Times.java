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
     * @throws IllegalArgumentException when the text is neither form
     */
    static Instant parse(String text) {
        String s = text.trim();
        if (s.length() > 10 && s.charAt(10) == ' ') {
            s = s.substring(0, 10) + 'T' + s.substring(11);
        }
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(s, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("'" + text + "' is not a time (YYYY-MM-DD HH:MM:SS or ISO-8601)");
            }
        }
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
