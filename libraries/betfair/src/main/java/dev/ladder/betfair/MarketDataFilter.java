package dev.ladder.betfair;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumSet;
import java.util.Set;

/**
 * The stream's market data filter (the columns of a market subscription).
 *
 * @param fields       the field groups to receive; empty means every field (the simulator's reading;
 *                     Betfair itself then sends a minimal set)
 * @param ladderLevels depth of the level-based ladders (batb/batl/bdatb/bdatl), 1 to 10, or
 *                     {@code null} for the server's default (3)
 */
public record MarketDataFilter(Set<Field> fields, Integer ladderLevels) {

    /** The field groups of the stream's {@code marketDataFilter.fields}. */
    public enum Field {
        /** bdatb, bdatl: best offers including virtual bets, depth by ladderLevels. */
        EX_BEST_OFFERS_DISP,
        /** batb, batl: best offers without virtual bets, depth by ladderLevels. */
        EX_BEST_OFFERS,
        /** atb, atl: the full ladders. */
        EX_ALL_OFFERS,
        /** trd: the traded ladder. */
        EX_TRADED,
        /** tv: market and runner traded volume. */
        EX_TRADED_VOL,
        /** ltp: last traded price. */
        EX_LTP,
        /** marketDefinition. */
        EX_MARKET_DEF,
        /** spb, spl: starting-price ladders. */
        SP_TRADED,
        /** spn, spf: projected starting prices. */
        SP_PROJECTED
    }

    /**
     * Validates the depth.
     *
     * @throws IllegalArgumentException when {@code ladderLevels} is outside 1..10
     */
    public MarketDataFilter {
        fields = fields == null || fields.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(fields));
        if (ladderLevels != null && (ladderLevels < 1 || ladderLevels > 10)) {
            throw new IllegalArgumentException("marketDataFilter.ladderLevels must be 1..10, got " + ladderLevels);
        }
    }

    /** Every field group (full ladders, traded, ltp, tv, definition, SP). */
    public static MarketDataFilter allFields() {
        return new MarketDataFilter(EnumSet.allOf(Field.class), null);
    }

    /** The given field groups at default depth. */
    public static MarketDataFilter of(Field... fields) {
        return new MarketDataFilter(Set.of(fields), null);
    }

    /** Whether the group is wanted (an empty set wants everything). */
    public boolean wants(Field f) {
        return fields.isEmpty() || fields.contains(f);
    }

    /** The effective depth of level ladders. */
    public int levels() {
        return ladderLevels == null ? 3 : ladderLevels;
    }

    ObjectNode toJson() {
        ObjectNode o = StreamJson.object();
        if (!fields.isEmpty()) {
            ArrayNode a = o.putArray("fields");
            for (Field f : Field.values()) {
                if (fields.contains(f)) {
                    a.add(f.name());
                }
            }
        }
        if (ladderLevels != null) {
            o.put("ladderLevels", ladderLevels);
        }
        return o;
    }

    /**
     * Reads a {@code marketDataFilter}; unknown field names are ignored, a depth outside 1..10 is
     * clamped (the server bounds-checks rather than failing), a missing or non-object node asks for
     * every field at the default depth.
     */
    public static MarketDataFilter fromJson(JsonNode n) {
        if (n == null || !n.isObject()) {
            return new MarketDataFilter(Set.of(), null);
        }
        EnumSet<Field> set = EnumSet.noneOf(Field.class);
        for (String s : StreamJson.strings(n.get("fields"))) {
            for (Field f : Field.values()) {
                if (f.name().equals(s)) {
                    set.add(f);
                }
            }
        }
        JsonNode l = n.get("ladderLevels");
        Integer levels = l != null && l.canConvertToInt() ? Math.max(1, Math.min(10, l.intValue())) : null;
        return new MarketDataFilter(set, levels);
    }
}
