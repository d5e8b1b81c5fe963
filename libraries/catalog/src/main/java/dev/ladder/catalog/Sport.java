package dev.ladder.catalog;

import java.time.Instant;

/**
 * A sport (Betfair calls it an event type): Football, Horse Racing, Greyhound Racing...
 *
 * @param id        the sport's id as its source sent it (feed sport id, Betfair eventTypeId)
 * @param source    where the record last came from ({@code message:<id>}, {@code betfair:stream},
 *                  {@code betfair:catalogue}, {@code betfair:events})
 * @param updatedAt when the record last changed
 */
public record Sport(String id, String name, String source, Instant updatedAt) {
}
