package dev.ladder.catalog;

import java.time.Instant;

/**
 * A runner of a race.
 *
 * @param selectionId exact selection id (shared by the race's WIN and PLACE markets)
 * @param number      saddle-cloth number, or trap for greyhounds; {@code null} when unknown
 * @param barrier     barrier or stall draw, {@code null} when unknown
 * @param weight      as the source gave it (Betfair WEIGHT_VALUE, e.g. {@code "140"}), {@code null} when unknown
 * @param status      the runner's status in the WIN market (ACTIVE, WINNER, LOSER, REMOVED...), {@code null} when unknown
 * @param scratched   {@code true} for a non-runner (Betfair REMOVED, or scratched by a message)
 * @param placed      {@code true} once placed (Betfair PLACE market WINNER, or placed by a message)
 * @param bsp         Betfair starting price in the WIN market, {@code null} until reconciled
 */
public record Runner(String selectionId, Integer number, Integer barrier, String name, String jockey, String trainer,
                     String weight, String status, boolean scratched, boolean placed, Odds bsp, String source,
                     Instant updatedAt) {
}
