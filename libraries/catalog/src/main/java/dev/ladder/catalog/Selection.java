package dev.ladder.catalog;

import java.time.Instant;

/**
 * A selection of a market (a team, a player, a runner) with its latest odds.
 *
 * @param id           exact id; a Betfair runner with a non-zero handicap is {@code <selectionId>@<handicap>}
 * @param odds         latest odds, {@code null} when none were sent (Betfair prices live in the server's cache)
 * @param status       ACTIVE, WINNER, LOSER, PLACED, REMOVED...; {@code null} when unknown
 * @param sortPriority order in the market, {@code null} when unknown
 * @param bsp          Betfair starting price of this selection in this market, {@code null} until reconciled
 */
public record Selection(String id, String name, Odds odds, String status, Integer sortPriority, Odds bsp,
                        String source, Instant updatedAt) {
}
