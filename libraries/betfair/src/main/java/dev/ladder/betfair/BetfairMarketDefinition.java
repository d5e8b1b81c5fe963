package dev.ladder.betfair;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.book.ladder.PriceLadder;
import java.util.List;

/**
 * A market definition from the stream ({@code mc[].marketDefinition}), sent in full whenever it
 * changes. The fields the cache and the books need are parsed; everything else is in {@link #raw()},
 * the exact JSON (decimals as {@link java.math.BigDecimal}), for the HTTP API and the catalog, made from
 * the definition's bytes the first time it is asked for ({@link #source()}).
 *
 * <p>Absent text fields are {@code null}, absent booleans {@code false}, absent numbers 0. An absent or
 * unknown {@code priceLadderDefinition} means {@link PriceLadder#classic()}; a LINE_RANGE ladder is
 * built from {@code lineMinUnit}/{@code lineMaxUnit}/{@code lineInterval} (CLASSIC when they are
 * missing or invalid).
 *
 * @param status  INACTIVE, OPEN, SUSPENDED, CLOSED (or {@code null})
 * @param runners in the definition's order
 */
public record BetfairMarketDefinition(String status, boolean inPlay, long version, String bettingType, String marketType,
                                      String eventId, String eventTypeId, String eventName, String venue,
                                      String countryCode, String marketTime, String suspendTime, String openDate,
                                      String settledTime, boolean complete, boolean bspMarket, boolean bspReconciled,
                                      boolean crossMatching, boolean turnInPlayEnabled, int betDelay,
                                      int numberOfWinners, int numberOfActiveRunners, PriceLadder priceLadder,
                                      List<BetfairRunnerDefinition> runners, Source source) {

    /**
     * The definition's JSON as sent: its bytes, and the tree made from them on first use (thread-safe;
     * two sources are equal when their JSON is).
     */
    public static final class Source {
        private final byte[] json;
        private volatile JsonNode tree;

        /** The JSON object's UTF-8 bytes (not copied: the caller hands them over). */
        Source(byte[] json, JsonNode tree) {
            this.json = json;
            this.tree = tree;
        }

        /** The exact JSON tree (decimals as {@link java.math.BigDecimal}). */
        public JsonNode tree() {
            JsonNode t = tree;
            if (t == null) {
                try {
                    t = BetfairStreamDecoder.MAPPER.readTree(json);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException("a definition that parsed once no longer does", e);
                }
                tree = t;
            }
            return t;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Source other && java.util.Arrays.equals(json, other.json);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(json);
        }

        @Override
        public String toString() {
            return new String(json, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** The definition's exact JSON tree (everything Betfair sent), or {@code null} when it came without one. */
    public JsonNode raw() {
        return source == null ? null : source.tree();
    }

    /** {@code true} when {@link #status()} is CLOSED. */
    public boolean isClosed() {
        return "CLOSED".equals(status);
    }
}
