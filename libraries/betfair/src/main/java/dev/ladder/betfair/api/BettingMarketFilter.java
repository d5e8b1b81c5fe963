package dev.ladder.betfair.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/**
 * The Betting API's MarketFilter, as far as Ladder asks it: every list is optional (empty: no
 * restriction) and a market matches when it passes every restriction given. {@code from}/{@code to}
 * bound the market start time ({@code marketStartTime}), both inclusive, either may be {@code null}.
 * Lists are copied; {@code null} lists become empty.
 *
 * @param eventTypeIds    {@code 7} horse racing, {@code 4339} greyhound racing, ...
 * @param marketCountries ISO country codes ({@code GB}, {@code IE}, {@code AU})
 * @param marketTypeCodes {@code WIN}, {@code PLACE}, {@code MATCH_ODDS}, ...
 */
public record BettingMarketFilter(List<String> eventTypeIds, List<String> eventIds, List<String> marketIds,
                                  List<String> marketCountries, List<String> marketTypeCodes, List<String> venues,
                                  Instant from, Instant to) {
    public BettingMarketFilter {
        eventTypeIds = copy(eventTypeIds);
        eventIds = copy(eventIds);
        marketIds = copy(marketIds);
        marketCountries = copy(marketCountries);
        marketTypeCodes = copy(marketTypeCodes);
        venues = copy(venues);
    }

    /** No restriction. */
    public static BettingMarketFilter all() {
        return new BettingMarketFilter(null, null, null, null, null, null, null, null);
    }

    /** Only these event types. */
    public static BettingMarketFilter eventTypes(String... ids) {
        return all().withEventTypeIds(List.of(ids));
    }

    /** Only these markets. */
    public static BettingMarketFilter markets(List<String> ids) {
        return all().withMarketIds(ids);
    }

    public BettingMarketFilter withEventTypeIds(List<String> ids) {
        return new BettingMarketFilter(ids, eventIds, marketIds, marketCountries, marketTypeCodes, venues, from, to);
    }

    public BettingMarketFilter withEventIds(List<String> ids) {
        return new BettingMarketFilter(eventTypeIds, ids, marketIds, marketCountries, marketTypeCodes, venues, from, to);
    }

    public BettingMarketFilter withMarketIds(List<String> ids) {
        return new BettingMarketFilter(eventTypeIds, eventIds, ids, marketCountries, marketTypeCodes, venues, from, to);
    }

    public BettingMarketFilter withCountries(List<String> codes) {
        return new BettingMarketFilter(eventTypeIds, eventIds, marketIds, codes, marketTypeCodes, venues, from, to);
    }

    public BettingMarketFilter withMarketTypes(List<String> codes) {
        return new BettingMarketFilter(eventTypeIds, eventIds, marketIds, marketCountries, codes, venues, from, to);
    }

    /** This filter with markets starting in {@code [start, end]} ({@code null}: open on that side). */
    public BettingMarketFilter withStartBetween(Instant start, Instant end) {
        return new BettingMarketFilter(eventTypeIds, eventIds, marketIds, marketCountries, marketTypeCodes, venues, start, end);
    }

    /** The JSON object sent as {@code filter}. */
    ObjectNode toJson(JsonNodeFactory nodes) {
        ObjectNode o = nodes.objectNode();
        put(o, "eventTypeIds", eventTypeIds);
        put(o, "eventIds", eventIds);
        put(o, "marketIds", marketIds);
        put(o, "marketCountries", marketCountries);
        put(o, "marketTypeCodes", marketTypeCodes);
        put(o, "venues", venues);
        if (from != null || to != null) {
            ObjectNode t = o.putObject("marketStartTime");
            if (from != null) {
                t.put("from", from.toString());
            }
            if (to != null) {
                t.put("to", to.toString());
            }
        }
        return o;
    }

    private static void put(ObjectNode o, String field, List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode a = o.putArray(field);
            values.forEach(a::add);
        }
    }

    private static List<String> copy(List<String> l) {
        return l == null ? List.of() : List.copyOf(l);
    }
}
