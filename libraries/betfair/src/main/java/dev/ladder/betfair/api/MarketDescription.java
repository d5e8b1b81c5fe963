package dev.ladder.betfair.api;

import java.math.BigDecimal;

/**
 * MARKET_DESCRIPTION of a catalogue entry. Absent text is {@code null}, absent booleans {@code false}.
 *
 * @param raceType for racing, e.g. {@code Flat}, {@code Hurdle}, {@code Harness}
 */
public record MarketDescription(String marketType, String bettingType, String marketTime, String suspendTime,
                                boolean bspMarket, boolean turnInPlayEnabled, boolean persistenceEnabled,
                                String raceType, BigDecimal marketBaseRate, String regulator) {
}
