package dev.ladder.catalog;

import java.time.Instant;
import java.util.List;

/**
 * A race of a meeting.
 *
 * @param id        exact id; races built from Betfair data are {@code <eventId>.<HHmm>} of the start time in UTC
 * @param number    race number when known (e.g. from a Betfair name {@code "R3 1200m"} or a message), else {@code null}
 * @param name      e.g. {@code "OR 280m"}, {@code null} when unknown
 * @param distance  as text ({@code "280m"}, {@code "1m4f"}), {@code null} when unknown
 * @param markets   the race's markets (WIN first, then by type and id)
 */
public record Race(String id, String meetingId, Integer number, String name, Instant startTime, String distance,
                   RaceStatus status, String source, Instant updatedAt, List<RaceMarket> markets) {
    public Race {
        markets = List.copyOf(markets);
    }
}
