package dev.ladder.betfair.api;

import java.util.List;

/**
 * What {@link BettingApiJson#parse} found in a document.
 *
 * @param marketCatalogues listMarketCatalogue entries, in document order
 * @param events           listEvents entries, in document order
 * @param ignored          entries of other answers (listEventTypes, listRaceDetails...) that were skipped
 * @param errors           one line per entry that could not be read (the others are kept)
 */
public record BettingApiAnswer(List<MarketCatalogue> marketCatalogues, List<EventResult> events, int ignored,
                               List<String> errors) {
    public BettingApiAnswer {
        marketCatalogues = List.copyOf(marketCatalogues);
        events = List.copyOf(events);
        errors = List.copyOf(errors);
    }

    /** {@code true} when nothing usable was found. */
    public boolean isEmpty() {
        return marketCatalogues.isEmpty() && events.isEmpty();
    }
}
