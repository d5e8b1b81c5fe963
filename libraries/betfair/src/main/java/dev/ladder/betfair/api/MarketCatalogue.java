package dev.ladder.betfair.api;

import java.math.BigDecimal;
import java.util.List;

/**
 * One {@code listMarketCatalogue} answer entry. Parts not asked for (projections) are {@code null}
 * ({@code description}, {@code eventType}, {@code competition}, {@code event}) or empty ({@code runners}).
 *
 * @param marketStartTime ISO-8601 UTC text as sent (MARKET_START_TIME), or {@code null}
 * @param totalMatched    exact, {@code null} when absent
 */
public record MarketCatalogue(String marketId, String marketName, String marketStartTime, MarketDescription description,
                              BigDecimal totalMatched, List<RunnerCatalog> runners, EventTypeRef eventType,
                              CompetitionRef competition, EventInfo event) {
    public MarketCatalogue {
        runners = List.copyOf(runners);
    }
}
