package dev.ladder.catalog;

/**
 * A market of a race as a race card lists it.
 *
 * @param type   WIN, PLACE, OTHER_PLACE..., {@code null} when unknown
 * @param status OPEN, SUSPENDED, CLOSED, INACTIVE
 * @param places places paid, {@code null} when unknown
 */
public record RaceMarket(String id, String type, String name, String status, Integer places, boolean inPlay) {
}
