package dev.ladder.betfair.api;

/** The order of a listMarketCatalogue answer (Betfair's MarketSort; RANK when none is sent). */
public enum MarketSort {
    MINIMUM_TRADED, MAXIMUM_TRADED, MINIMUM_AVAILABLE, MAXIMUM_AVAILABLE, FIRST_TO_START, LAST_TO_START, RANK
}
