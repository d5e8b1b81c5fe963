package dev.ladder.betfair;

import java.math.BigDecimal;

/**
 * A runner as the market definition describes it (not its prices: those live in the
 * {@link dev.ladder.book.ladder.RunnerLadder}).
 *
 * @param selectionId      Betfair selection id
 * @param handicap         handicap scaled at {@link dev.ladder.book.ladder.PriceLadder#PRICE_SCALE}, 0 when absent
 * @param status           ACTIVE, WINNER, LOSER, REMOVED, REMOVED_VACANT, HIDDEN, PLACED; {@code null} when absent
 * @param sortPriority     order in the market, 0 when absent
 * @param name             runner name ({@code null} unless the definition carries names, as historical files do)
 * @param adjustmentFactor exact adjustment factor or {@code null}
 * @param bsp              exact Betfair starting price once reconciled, or {@code null}
 * @param removalDate      ISO-8601 removal time or {@code null}
 */
public record BetfairRunnerDefinition(long selectionId, long handicap, String status, int sortPriority, String name,
                                      BigDecimal adjustmentFactor, BigDecimal bsp, String removalDate) {
}
