package dev.ladder.catalog;

import java.time.Instant;
import java.util.List;

/**
 * One race the {@link CatalogPoller} follows (for a sport without races: one market).
 *
 * @param id          the race id ({@code <eventId>.<HHmm>}), or the market id for other sports
 * @param eventTypeId the Betfair event type it was found under
 * @param startTime   the start of its markets
 * @param marketIds   its markets, in the order found
 * @param nextRefresh when it is next asked for ({@code <=} now: due)
 * @param lastRefresh when it was last answered, {@code null} before that
 * @param refreshes   per-race refreshes answered so far
 * @param failures    refresh calls for it that failed
 */
public record PolledRace(String id, String eventTypeId, Instant startTime, List<String> marketIds, Instant nextRefresh,
                         Instant lastRefresh, long refreshes, long failures) {
    public PolledRace {
        marketIds = List.copyOf(marketIds);
    }
}
