package dev.ladder.catalog;

import java.time.Instant;
import java.util.List;

/**
 * An event (a match, or a race meeting) with its sport, markets and their selections and latest odds.
 *
 * @param id        exact id
 * @param status    OPEN, IN_PLAY or CLOSED (feed messages may send their own)
 * @param startTime {@code null} when unknown
 * @param raceType  {@code null} unless the event is a race meeting
 * @param markets   by start time, then id
 */
public record Event(String id, String name, Sport sport, String status, Instant startTime, RaceType raceType,
                    String source, Instant updatedAt, List<Market> markets) {
    public Event {
        markets = List.copyOf(markets);
    }

    /** The ids of every market, for the server to add live prices from its Betfair cache. */
    public List<String> marketIds() {
        return markets.stream().map(Market::id).toList();
    }
}
