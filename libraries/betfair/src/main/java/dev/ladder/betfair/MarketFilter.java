package dev.ladder.betfair;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The stream's market filter (the rows of a market subscription). Every set is optional: an empty
 * list means "no restriction"; {@code null} booleans mean "either". A market matches when it passes
 * every restriction given. A market whose definition lacks a restricted field (e.g. no venue) does
 * not match that restriction.
 *
 * @param marketIds         markets by id ({@code "1.23"})
 * @param eventTypeIds      event types ({@code "7"} horse racing, {@code "1"} football, ...)
 * @param eventIds          events
 * @param countryCodes      ISO country codes
 * @param marketTypes       market type codes ({@code WIN}, {@code MATCH_ODDS}, ...)
 * @param venues            venues (horse racing)
 * @param raceTypes         race types (Flat, Hurdle, ...)
 * @param bettingTypes      ODDS, LINE, RANGE, ASIAN_HANDICAP_DOUBLE_LINE, ASIAN_HANDICAP_SINGLE_LINE
 * @param turnInPlayEnabled only markets that turn (true) or do not turn (false) in play
 * @param bspMarket         only BSP (true) or non-BSP (false) markets
 */
public record MarketFilter(List<String> marketIds, List<String> eventTypeIds, List<String> eventIds,
                           List<String> countryCodes, List<String> marketTypes, List<String> venues,
                           List<String> raceTypes, List<String> bettingTypes, Boolean turnInPlayEnabled,
                           Boolean bspMarket) {

    /** Copies the lists; {@code null} lists become empty. */
    public MarketFilter {
        marketIds = copy(marketIds);
        eventTypeIds = copy(eventTypeIds);
        eventIds = copy(eventIds);
        countryCodes = copy(countryCodes);
        marketTypes = copy(marketTypes);
        venues = copy(venues);
        raceTypes = copy(raceTypes);
        bettingTypes = copy(bettingTypes);
    }

    /** No restriction: every market. */
    public static MarketFilter all() {
        return new MarketFilter(null, null, null, null, null, null, null, null, null, null);
    }

    /** Only the given markets. */
    public static MarketFilter markets(String... ids) {
        return all().withMarketIds(List.of(ids));
    }

    /** Only the given event types. */
    public static MarketFilter eventTypes(String... ids) {
        return new MarketFilter(null, List.of(ids), null, null, null, null, null, null, null, null);
    }

    /** This filter with {@code marketIds} replaced. */
    public MarketFilter withMarketIds(List<String> ids) {
        return new MarketFilter(ids, eventTypeIds, eventIds, countryCodes, marketTypes, venues, raceTypes,
                bettingTypes, turnInPlayEnabled, bspMarket);
    }

    /** This filter with {@code marketTypes} replaced. */
    public MarketFilter withMarketTypes(List<String> types) {
        return new MarketFilter(marketIds, eventTypeIds, eventIds, countryCodes, types, venues, raceTypes,
                bettingTypes, turnInPlayEnabled, bspMarket);
    }

    /** This filter with {@code countryCodes} replaced. */
    public MarketFilter withCountryCodes(List<String> codes) {
        return new MarketFilter(marketIds, eventTypeIds, eventIds, codes, marketTypes, venues, raceTypes,
                bettingTypes, turnInPlayEnabled, bspMarket);
    }

    /** The JSON object sent as {@code marketFilter}. */
    ObjectNode toJson() {
        ObjectNode o = StreamJson.object();
        StreamJson.putStrings(o, "marketIds", marketIds);
        StreamJson.putStrings(o, "eventTypeIds", eventTypeIds);
        StreamJson.putStrings(o, "eventIds", eventIds);
        StreamJson.putStrings(o, "countryCodes", countryCodes);
        StreamJson.putStrings(o, "marketTypes", marketTypes);
        StreamJson.putStrings(o, "venues", venues);
        StreamJson.putStrings(o, "raceTypes", raceTypes);
        StreamJson.putStrings(o, "bettingTypes", bettingTypes);
        if (turnInPlayEnabled != null) {
            o.put("turnInPlayEnabled", turnInPlayEnabled);
        }
        if (bspMarket != null) {
            o.put("bspMarket", bspMarket);
        }
        return o;
    }

    /**
     * Reads a {@code marketFilter} object; a missing or non-object node is {@link #all()}, a missing
     * or non-array list is "no restriction", a non-boolean flag is "either".
     */
    public static MarketFilter fromJson(JsonNode n) {
        if (n == null || !n.isObject()) {
            return all();
        }
        return new MarketFilter(StreamJson.strings(n.get("marketIds")), StreamJson.strings(n.get("eventTypeIds")),
                StreamJson.strings(n.get("eventIds")), StreamJson.strings(n.get("countryCodes")),
                StreamJson.strings(n.get("marketTypes")), StreamJson.strings(n.get("venues")),
                StreamJson.strings(n.get("raceTypes")), StreamJson.strings(n.get("bettingTypes")),
                bool(n.get("turnInPlayEnabled")), bool(n.get("bspMarket")));
    }

    /**
     * Whether the market {@code marketId} with definition {@code def} passes. A {@code null}
     * definition (none seen yet) passes only a filter that restricts nothing but market ids.
     */
    public boolean matches(String marketId, JsonNode def) {
        if (!marketIds.isEmpty() && !marketIds.contains(marketId)) {
            return false;
        }
        return in(eventTypeIds, def, "eventTypeId") && in(eventIds, def, "eventId")
                && in(countryCodes, def, "countryCode") && in(marketTypes, def, "marketType")
                && in(venues, def, "venue") && in(raceTypes, def, "raceType")
                && in(bettingTypes, def, "bettingType")
                && flag(turnInPlayEnabled, def, "turnInPlayEnabled") && flag(bspMarket, def, "bspMarket");
    }

    private static boolean in(List<String> allowed, JsonNode def, String field) {
        if (allowed.isEmpty()) {
            return true;
        }
        JsonNode v = def == null ? null : def.get(field);
        return v != null && !v.isNull() && allowed.contains(v.asText());
    }

    private static boolean flag(Boolean wanted, JsonNode def, String field) {
        if (wanted == null) {
            return true;
        }
        JsonNode v = def == null ? null : def.get(field);
        return v != null && v.isBoolean() && v.booleanValue() == wanted;
    }

    private static Boolean bool(JsonNode n) {
        return n == null || !n.isBoolean() ? null : n.booleanValue();
    }

    private static List<String> copy(List<String> l) {
        return l == null ? List.of() : List.copyOf(l);
    }
}
