package dev.ladder.catalog;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the {@link CatalogPoller} asks the Betting API for, and how often. Validated in the constructor;
 * messages name the setting ({@code catalog.poller.<name>}).
 *
 * <p>Refresh schedule of a race by the time left to its start: more than a day away every
 * {@code farInterval}; within a day every {@code dayInterval}; within an hour every
 * {@code hourInterval}; within 5 minutes every {@code nearInterval}; after the start every
 * {@code afterStartInterval} until the race is FINAL or ABANDONED in the catalog, or
 * {@code giveUpAfterStart} has passed since its start.
 *
 * @param eventTypeIds       Betfair event types to follow ({@code 7} horse racing, {@code 4339} greyhounds)
 * @param countries          market countries ({@code GB}, {@code IE}, {@code AU}...); empty for every country
 * @param marketTypes        market type codes ({@code WIN}, {@code PLACE}); empty for every type
 * @param lookahead          discovery lists markets starting up to this far ahead
 * @param discoveryInterval  how often listEvents and the market listing run to find new races
 * @param farInterval        refresh of a race more than a day away
 * @param dayInterval        refresh of a race between an hour and a day away
 * @param hourInterval       refresh of a race between 5 minutes and an hour away
 * @param nearInterval       refresh of a race under 5 minutes away
 * @param afterStartInterval refresh of a race after its start, until its result
 * @param giveUpAfterStart   a race without a result this long after its start is no longer polled
 * @param tick               how often the poller's thread looks for due work; a failed call is retried on the next tick
 * @param maxMarketsPerCall  markets per refresh call (listMarketCatalogue with MARKET_DESCRIPTION and
 *                           RUNNER_METADATA weighs 2 per market; Betfair allows 200 points): 1..100
 */
public record CatalogPollerConfig(List<String> eventTypeIds, List<String> countries, List<String> marketTypes,
                                  Duration lookahead, Duration discoveryInterval, Duration farInterval,
                                  Duration dayInterval, Duration hourInterval, Duration nearInterval,
                                  Duration afterStartInterval, Duration giveUpAfterStart, Duration tick,
                                  int maxMarketsPerCall) {
    private static final Pattern DIGITS = Pattern.compile("\\d{1,12}");
    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");
    private static final Pattern TYPE = Pattern.compile("[A-Z0-9_]{1,40}");

    /**
     * Validates and copies the lists.
     *
     * @throws IllegalArgumentException naming the bad setting
     */
    public CatalogPollerConfig {
        eventTypeIds = List.copyOf(eventTypeIds == null ? List.of() : eventTypeIds);
        countries = List.copyOf(countries == null ? List.of() : countries);
        marketTypes = List.copyOf(marketTypes == null ? List.of() : marketTypes);
        if (eventTypeIds.isEmpty()) {
            throw new IllegalArgumentException("catalog.poller.eventTypeIds must name at least one event type (7, 4339...)");
        }
        for (String et : eventTypeIds) {
            if (!DIGITS.matcher(et).matches()) {
                throw new IllegalArgumentException("catalog.poller.eventTypeIds: '" + et + "' is not a Betfair event type id");
            }
        }
        for (String c : countries) {
            if (!COUNTRY.matcher(c).matches()) {
                throw new IllegalArgumentException("catalog.poller.countries: '" + c + "' is not a two-letter upper-case country code");
            }
        }
        for (String t : marketTypes) {
            if (!TYPE.matcher(t).matches()) {
                throw new IllegalArgumentException("catalog.poller.marketTypes: '" + t + "' is not a market type code such as WIN");
            }
        }
        positive("lookahead", lookahead);
        positive("discoveryInterval", discoveryInterval);
        positive("farInterval", farInterval);
        positive("dayInterval", dayInterval);
        positive("hourInterval", hourInterval);
        positive("nearInterval", nearInterval);
        positive("afterStartInterval", afterStartInterval);
        positive("giveUpAfterStart", giveUpAfterStart);
        positive("tick", tick);
        if (maxMarketsPerCall < 1 || maxMarketsPerCall > 100) {
            throw new IllegalArgumentException("catalog.poller.maxMarketsPerCall must be 1..100 (200 request-limit points"
                    + " at 2 per market), got " + maxMarketsPerCall);
        }
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("catalog.poller." + name + " must be a positive duration, got " + d);
        }
    }

    /**
     * Horse and greyhound racing in every country, WIN and PLACE markets, two days ahead; discovery
     * every 15 minutes; refresh hourly beyond a day, every 15 minutes within a day, every 5 minutes
     * within an hour, every 30 s within 5 minutes and after the start; give up 3 hours after the start;
     * a tick every 5 s; 100 markets per call.
     */
    public static CatalogPollerConfig defaults() {
        return new CatalogPollerConfig(List.of("7", "4339"), List.of(), List.of("WIN", "PLACE"), Duration.ofDays(2),
                Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofMinutes(15), Duration.ofMinutes(5),
                Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofHours(3), Duration.ofSeconds(5), 100);
    }

    /** This configuration for other event types, countries (empty: all) and market types (empty: all). */
    public CatalogPollerConfig withMarkets(List<String> types, List<String> countryCodes, List<String> marketTypeCodes) {
        return new CatalogPollerConfig(types, countryCodes, marketTypeCodes, lookahead, discoveryInterval, farInterval,
                dayInterval, hourInterval, nearInterval, afterStartInterval, giveUpAfterStart, tick, maxMarketsPerCall);
    }

    /** This configuration with other refresh intervals. */
    public CatalogPollerConfig withIntervals(Duration far, Duration day, Duration hour, Duration near, Duration afterStart) {
        return new CatalogPollerConfig(eventTypeIds, countries, marketTypes, lookahead, discoveryInterval, far, day, hour,
                near, afterStart, giveUpAfterStart, tick, maxMarketsPerCall);
    }

    /** This configuration with another discovery window and interval, give-up time and tick. */
    public CatalogPollerConfig withDiscovery(Duration ahead, Duration every, Duration giveUp, Duration tickEvery) {
        return new CatalogPollerConfig(eventTypeIds, countries, marketTypes, ahead, every, farInterval, dayInterval,
                hourInterval, nearInterval, afterStartInterval, giveUp, tickEvery, maxMarketsPerCall);
    }

    /** This configuration with another number of markets per refresh call. */
    public CatalogPollerConfig withMaxMarketsPerCall(int n) {
        return new CatalogPollerConfig(eventTypeIds, countries, marketTypes, lookahead, discoveryInterval, farInterval,
                dayInterval, hourInterval, nearInterval, afterStartInterval, giveUpAfterStart, tick, n);
    }

    /** The refresh interval of a race whose start is {@code untilStart} away (negative: started). */
    public Duration intervalFor(Duration untilStart) {
        if (untilStart.isNegative() || untilStart.isZero()) {
            return afterStartInterval;
        }
        if (untilStart.compareTo(Duration.ofMinutes(5)) < 0) {
            return nearInterval;
        }
        if (untilStart.compareTo(Duration.ofHours(1)) < 0) {
            return hourInterval;
        }
        if (untilStart.compareTo(Duration.ofDays(1)) <= 0) {
            return dayInterval;
        }
        return farInterval;
    }
}
