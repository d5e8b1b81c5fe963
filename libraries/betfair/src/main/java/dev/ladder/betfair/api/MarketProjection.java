package dev.ladder.betfair.api;

/**
 * What a listMarketCatalogue answer carries besides the market id and name, with its weight under
 * Betfair's Market Data Request Limits: the weights of the projections asked for, times the markets
 * answered, must not exceed 200 (else TOO_MUCH_DATA), so a call with MARKET_DESCRIPTION and
 * RUNNER_METADATA asks for at most 100 markets.
 */
public enum MarketProjection {
    COMPETITION(0), EVENT(0), EVENT_TYPE(0), MARKET_START_TIME(0), MARKET_DESCRIPTION(1), RUNNER_DESCRIPTION(0),
    RUNNER_METADATA(1);

    /** Betfair's request-limit points per market. */
    public static final int MAX_WEIGHT = 200;

    private final int weight;

    MarketProjection(int weight) {
        this.weight = weight;
    }

    /** Points per market answered. */
    public int weight() {
        return weight;
    }
}
