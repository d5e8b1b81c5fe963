package dev.ladder.betfair.api;

/**
 * A Betting API {@code Event}. Absent fields are {@code null}.
 *
 * @param venue    set for racing events (e.g. {@code Sheffield})
 * @param timezone IANA zone of the venue, e.g. {@code Europe/London}
 * @param openDate ISO-8601 UTC text as sent
 */
public record EventInfo(String id, String name, String countryCode, String timezone, String venue, String openDate) {
}
