package dev.ladder.catalog;

import java.time.Instant;
import java.util.List;

/**
 * A market of an event, with its selections.
 *
 * @param raceId     the race it belongs to, {@code null} outside racing
 * @param type       market type (WIN, PLACE, MATCH_ODDS...), {@code null} when the source gave none
 * @param status     OPEN, SUSPENDED, CLOSED, INACTIVE
 * @param places     number of places paid (numberOfWinners), {@code null} when unknown
 * @param startTime  market start time, {@code null} when unknown
 * @param selections by sort priority, then id
 */
public record Market(String id, String eventId, String raceId, String name, String type, String status,
                     Integer places, Instant startTime, boolean inPlay, String source, Instant updatedAt,
                     List<Selection> selections) {
    public Market {
        selections = List.copyOf(selections);
    }
}
