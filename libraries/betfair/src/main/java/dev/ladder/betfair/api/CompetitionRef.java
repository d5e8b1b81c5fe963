package dev.ladder.betfair.api;

/** A competition: {@code {"id": "7", "name": "Austrian Bundesliga"}}; name may be {@code null}. */
public record CompetitionRef(String id, String name) {
}
