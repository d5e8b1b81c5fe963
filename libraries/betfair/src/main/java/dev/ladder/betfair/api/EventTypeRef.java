package dev.ladder.betfair.api;

/** An event type (a sport) as the Betting API names it: {@code {"id": "4339", "name": "Greyhound Racing"}}; name may be {@code null}. */
public record EventTypeRef(String id, String name) {
}
