package dev.ladder.catalog;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A race meeting: the racing events of one venue on one day. Its id is the event id (Betfair's meeting
 * event id for Betfair data).
 *
 * @param countryCode ISO country code, {@code null} when unknown
 * @param date        the meeting's local date (in its time zone when known, else UTC)
 * @param timezone    IANA zone such as Europe/London, {@code null} when unknown
 */
public record Meeting(String id, String name, String venue, String countryCode, LocalDate date, RaceType type,
                      String timezone, String source, Instant updatedAt) {
}
