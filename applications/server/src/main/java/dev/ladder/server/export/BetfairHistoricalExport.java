package dev.ladder.server.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.Venue;
import dev.ladder.journal.JournalCursor;
import dev.ladder.journal.JournalReader;
import dev.ladder.journal.ProgressMeter;
import dev.ladder.journal.RecordKind;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes a journaled Betfair stream (raw stream-API lines) as a Betfair historical data file: one
 * {@code {"op":"mcm","clk":..,"pt":..,"mc":[...]}} per line, receive times, ids, {@code ct},
 * {@code initialClk} and connection fields stripped; connection, status and heartbeat lines (no
 * {@code mc}) left out.
 *
 * <p>The first change written for each market is a full image ({@code "img":true} with its
 * {@code marketDefinition} and every runner's ladders), as historical files start: when the journal's
 * message for that market is not already an image (the export starts at {@code --from}, or the
 * recording began mid-stream), the image is built from every earlier message of the stream: ladders
 * keyed by price ({@code atb, atl, trd, spb, spl}) or level ({@code batb, batl, bdatb, bdatl}) with size
 * 0 removing, {@code ltp, tv, spn, spf} replaced, {@code img} images replacing. A market with no
 * definition seen yet is written as it comes. Malformed lines are counted and skipped.
 */
public final class BetfairHistoricalExport {
    /** Numbers stay as sent (starting prices have up to 17 digits; a double would change them); bare NaN reads. */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();
    private static final Set<String> PRICE_LADDERS = Set.of("atb", "atl", "trd", "spb", "spl");
    private static final Set<String> LEVEL_LADDERS = Set.of("batb", "batl", "bdatb", "bdatl");

    /** What an export did. */
    public record Result(long lines, long messages, long malformed, long images) {
    }

    private final Map<String, MarketState> markets = new HashMap<>();
    private final Set<String> written = new HashSet<>();

    private static final class MarketState {
        JsonNode definition;
        JsonNode tv;
        final Map<String, RunnerState> runners = new LinkedHashMap<>();
    }

    private static final class RunnerState {
        final ObjectNode key = MAPPER.createObjectNode();
        final Map<String, TreeMap<BigDecimal, JsonNode>> ladders = new LinkedHashMap<>();
        final Map<String, JsonNode> scalars = new LinkedHashMap<>();
    }

    /**
     * Exports the stream {@code id} (venue betfair) for receive times in {@code [fromNs, toNs]}.
     *
     * @throws IllegalArgumentException when {@code id} is not a Betfair stream
     * @throws IOException              when the journal cannot be read or {@code out} written
     */
    public static Result export(JournalReader reader, InstrumentId id, long fromNs, long toNs, Writer out, ProgressMeter progress)
            throws IOException {
        if (id.venue() != Venue.BETFAIR) {
            throw new IllegalArgumentException("betfair export needs a Betfair stream: " + id);
        }
        BetfairHistoricalExport x = new BetfairHistoricalExport();
        long lines = 0;
        long messages = 0;
        long malformed = 0;
        long images = 0;
        try (JournalCursor c = reader.cursor(id, Long.MIN_VALUE, toNs)) {
            long n = 0;
            while (c.next()) {
                if ((++n & 1023) == 0) {
                    progress.update(n);
                }
                if (c.kind() != RecordKind.MESSAGE) {
                    continue;
                }
                JsonNode msg;
                try {
                    msg = MAPPER.readTree(c.buffer(), c.payloadOffset(), c.payloadLength());
                } catch (JsonProcessingException e) {
                    malformed++;
                    continue;
                }
                if (msg == null || !msg.isObject() || !"mcm".equals(msg.path("op").asText()) || !msg.path("mc").isArray()
                        || msg.path("mc").isEmpty()) {
                    continue;
                }
                messages++;
                boolean emit = c.receiveNanos() >= fromNs;
                ArrayNode outMc = MAPPER.createArrayNode();
                for (JsonNode mc : msg.get("mc")) {
                    if (!mc.isObject() || !mc.path("id").isTextual()) {
                        malformed++;
                        continue;
                    }
                    String marketId = mc.get("id").asText();
                    x.apply(marketId, mc);
                    if (!emit) {
                        continue;
                    }
                    if (x.written.contains(marketId)) {
                        outMc.add(mc);
                    } else if (mc.path("img").asBoolean(false) && mc.has("marketDefinition")) {
                        outMc.add(mc);
                        x.written.add(marketId);
                        images++;
                    } else if (x.markets.get(marketId).definition != null) {
                        outMc.add(x.image(marketId, mc));
                        x.written.add(marketId);
                        images++;
                    } else {
                        outMc.add(mc);
                    }
                }
                if (!emit || outMc.isEmpty()) {
                    continue;
                }
                ObjectNode line = MAPPER.createObjectNode();
                line.put("op", "mcm");
                if (msg.has("clk")) {
                    line.set("clk", msg.get("clk"));
                }
                if (msg.has("pt")) {
                    line.set("pt", msg.get("pt"));
                }
                line.set("mc", outMc);
                out.write(MAPPER.writeValueAsString(line));
                out.write('\n');
                lines++;
            }
            progress.finish(n);
        }
        return new Result(lines, messages, malformed, images);
    }

    private void apply(String marketId, JsonNode mc) {
        MarketState m = markets.computeIfAbsent(marketId, k -> new MarketState());
        if (mc.path("img").asBoolean(false)) {
            m.definition = null;
            m.tv = null;
            m.runners.clear();
        }
        if (mc.has("marketDefinition")) {
            m.definition = mc.get("marketDefinition");
        }
        if (mc.has("tv")) {
            m.tv = mc.get("tv");
        }
        for (JsonNode rc : mc.path("rc")) {
            if (!rc.has("id")) {
                continue;
            }
            String key = rc.get("id").asText() + "/" + (rc.has("hc") ? rc.get("hc").asText() : "");
            RunnerState r = m.runners.computeIfAbsent(key, k -> new RunnerState());
            if (rc.path("img").asBoolean(false)) {
                r.ladders.clear();
                r.scalars.clear();
            }
            r.key.set("id", rc.get("id"));
            if (rc.has("hc")) {
                r.key.set("hc", rc.get("hc"));
            }
            rc.properties().forEach(e -> {
                String f = e.getKey();
                JsonNode v = e.getValue();
                boolean byPrice = PRICE_LADDERS.contains(f);
                if (byPrice || LEVEL_LADDERS.contains(f)) {
                    TreeMap<BigDecimal, JsonNode> ladder = r.ladders.computeIfAbsent(f, k -> new TreeMap<>());
                    for (JsonNode entry : v) {
                        int sizeAt = byPrice ? 1 : 2;
                        if (!entry.isArray() || entry.size() <= sizeAt || !exact(entry.get(0)) || !exact(entry.get(sizeAt))) {
                            continue;
                        }
                        BigDecimal k = entry.get(0).decimalValue();
                        if (entry.get(sizeAt).decimalValue().signum() == 0) {
                            ladder.remove(k);
                        } else {
                            ladder.put(k, entry);
                        }
                    }
                } else if (!f.equals("id") && !f.equals("hc") && !f.equals("img")) {
                    r.scalars.put(f, v);
                }
            });
        }
    }

    /** A number held exactly (not a bare NaN or Infinity, not text). */
    private static boolean exact(JsonNode n) {
        return n.isBigDecimal() || n.isIntegralNumber();
    }

    /** The market's full state as an image change ({@code img:true}), with this message's {@code con} if any. */
    private ObjectNode image(String marketId, JsonNode mc) {
        MarketState m = markets.get(marketId);
        ObjectNode img = MAPPER.createObjectNode();
        img.put("id", marketId);
        img.set("marketDefinition", m.definition);
        ArrayNode rcs = img.putArray("rc");
        for (RunnerState r : m.runners.values()) {
            ObjectNode rc = MAPPER.createObjectNode();
            r.ladders.forEach((name, ladder) -> {
                if (!ladder.isEmpty()) {
                    ArrayNode a = rc.putArray(name);
                    ladder.values().forEach(a::add);
                }
            });
            r.scalars.forEach(rc::set);
            rc.setAll(r.key);
            rcs.add(rc);
        }
        img.put("img", true);
        if (m.tv != null) {
            img.set("tv", m.tv);
        }
        if (mc.has("con")) {
            img.set("con", mc.get("con"));
        }
        return img;
    }
}
