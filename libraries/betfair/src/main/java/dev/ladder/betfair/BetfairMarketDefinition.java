package dev.ladder.betfair;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.book.ladder.PriceLadder;
import java.util.List;

/**
 * A market definition from the stream ({@code mc[].marketDefinition}), sent in full whenever it
 * changes. The fields the cache and the books need are parsed; everything else is in {@link #raw()},
 * the exact JSON (decimals as {@link java.math.BigDecimal}), for the HTTP API.
 *
 * <p>Absent text fields are {@code null}, absent booleans {@code false}, absent numbers 0. An absent or
 * unknown {@code priceLadderDefinition} means {@link PriceLadder#classic()}; a LINE_RANGE ladder is
 * built from {@code lineMinUnit}/{@code lineMaxUnit}/{@code lineInterval} (CLASSIC when they are
 * missing or invalid).
 *
 * @param status  INACTIVE, OPEN, SUSPENDED, CLOSED (or {@code null})
 * @param runners in the definition's order
 */
public record BetfairMarketDefinition(String status, boolean inPlay, long version, String bettingType, String marketType,
                                      String eventId, String eventTypeId, String eventName, String venue,
                                      String countryCode, String marketTime, String suspendTime, String openDate,
                                      String settledTime, boolean complete, boolean bspMarket, boolean bspReconciled,
                                      boolean crossMatching, boolean turnInPlayEnabled, int betDelay,
                                      int numberOfWinners, int numberOfActiveRunners, PriceLadder priceLadder,
                                      List<BetfairRunnerDefinition> runners, JsonNode raw) {

    /** {@code true} when {@link #status()} is CLOSED. */
    public boolean isClosed() {
        return "CLOSED".equals(status);
    }
}
