package dev.ladder.catalog;

import java.time.Instant;

/**
 * The {@link CatalogPoller}'s counters since it was built (all monotonic except {@code racesTracked},
 * {@code lastSuccess} and {@code lastError}), for {@code /metrics}.
 *
 * @param ticks            rounds run
 * @param calls            Betting API calls made
 * @param failedCalls      calls that failed (retried on a later tick)
 * @param discoveries      discovery rounds completed (listEvents and market listing for every event type)
 * @param raceRefreshes    races refreshed by a per-race listMarketCatalogue
 * @param eventsApplied    listEvents entries applied to the catalog
 * @param marketsApplied   listMarketCatalogue entries applied to the catalog
 * @param skippedEntries   entries the catalog mapper skipped (reason logged)
 * @param badEntries       answer entries that could not be read (reason logged)
 * @param racesTracked     races (or, for other sports, markets) currently polled
 * @param racesFinished    races no longer polled because they are FINAL or ABANDONED (other sports: started)
 * @param racesGivenUp     races no longer polled because no result came within the give-up time
 * @param lastSuccess      time of the last successful call, {@code null} before one
 * @param lastError        the last failure's message (it names the error code), {@code null} when the last call succeeded
 */
public record CatalogPollerStats(long ticks, long calls, long failedCalls, long discoveries, long raceRefreshes,
                                 long eventsApplied, long marketsApplied, long skippedEntries, long badEntries,
                                 int racesTracked, long racesFinished, long racesGivenUp, Instant lastSuccess,
                                 String lastError) {
}
