package dev.ladder.catalog;

/**
 * A finishing position (dead heats share one).
 *
 * @param selectionId the runner's selection id
 * @param number      its number or trap, {@code null} when unknown
 */
public record RaceResult(int position, String selectionId, Integer number, String name) {
}
