package dev.ladder.betfair.api;

/** One {@code listEvents} answer entry; {@code marketCount} is 0 when absent. */
public record EventResult(EventInfo event, int marketCount) {
}
