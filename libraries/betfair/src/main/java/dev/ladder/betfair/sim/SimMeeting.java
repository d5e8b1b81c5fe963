package dev.ladder.betfair.sim;

import java.time.Instant;

/**
 * A simulated race meeting: one Betfair event (horse racing 7 or greyhound racing 4339) at one venue on
 * one day.
 *
 * @param eventId     the Betfair event id
 * @param eventTypeId {@code 7} or {@code 4339}
 * @param name        as Betfair names meetings: {@code "Romford 14th Mar"}, {@code "The Meadows (AUS) 15th Mar"}
 * @param countryCode ISO country ({@code GB}, {@code IE}, {@code AU})
 * @param timezone    IANA zone of the venue
 * @param openDate    the first race's start
 */
public record SimMeeting(String eventId, String eventTypeId, String name, String venue, String countryCode,
                         String timezone, Instant openDate) {
}
