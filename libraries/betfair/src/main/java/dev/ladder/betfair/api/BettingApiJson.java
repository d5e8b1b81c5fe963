package dev.ladder.betfair.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads Betting API answers: a JSON-RPC response ({@code {"jsonrpc": "2.0", "result": [...], "id": 1}}),
 * a batch of them (an array of responses), a bare result array, or one catalogue object (as recorded by
 * flumine, {@code {"marketId": ..., "op": "marketCatalogue"}}). Each entry is classified by its fields:
 * {@code marketId} → listMarketCatalogue, {@code event} (without {@code marketId}) → listEvents; other
 * entries (listEventTypes, listRaceDetails...) are counted as ignored. Numbers are kept exact.
 *
 * <p>A bad entry (e.g. a runner without an integer {@code selectionId}) is reported in
 * {@link BettingApiAnswer#errors()} and the other entries are kept. Thread-safe.
 */
public final class BettingApiJson {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private BettingApiJson() {
    }

    /**
     * Parses one document.
     *
     * @throws BettingApiException when it is not JSON or is a JSON-RPC error
     */
    public static BettingApiAnswer parse(byte[] json) throws BettingApiException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new BettingApiException("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BettingApiException("not JSON: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new BettingApiException("empty document");
        }
        return parse(root);
    }

    /**
     * Parses an already-read document.
     *
     * @throws BettingApiException when it is a JSON-RPC error
     */
    public static BettingApiAnswer parse(JsonNode root) throws BettingApiException {
        List<JsonNode> entries = new ArrayList<>();
        collect(root, entries);
        List<MarketCatalogue> catalogues = new ArrayList<>();
        List<EventResult> events = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        int ignored = 0;
        for (int i = 0; i < entries.size(); i++) {
            JsonNode e = entries.get(i);
            try {
                if (!e.isObject()) {
                    errors.add("entry " + i + ": not an object");
                } else if (e.has("marketId")) {
                    catalogues.add(marketCatalogue(e));
                } else if (e.path("event").isObject()) {
                    events.add(new EventResult(event(e.get("event")), e.path("marketCount").asInt(0)));
                } else {
                    ignored++;
                }
            } catch (IllegalArgumentException ex) {
                errors.add("entry " + i + ": " + ex.getMessage());
            }
        }
        return new BettingApiAnswer(catalogues, events, ignored, errors);
    }

    /** {@code true} when {@code root} looks like a Betting API answer (JSON-RPC envelope, catalogue or events entries). */
    public static boolean looksLikeAnswer(JsonNode root) {
        if (root.isObject()) {
            return root.has("jsonrpc") || root.has("result") || root.has("marketId")
                    || (root.path("event").isObject() && root.has("marketCount"));
        }
        if (root.isArray() && !root.isEmpty()) {
            return looksLikeAnswer(root.get(0));
        }
        return false;
    }

    private static void collect(JsonNode n, List<JsonNode> out) throws BettingApiException {
        if (n.isArray()) {
            for (JsonNode e : n) {
                if (e.isObject() && (e.has("jsonrpc") || e.has("result") || e.has("error"))) {
                    collect(e, out);
                } else {
                    out.add(e);
                }
            }
            return;
        }
        if (n.isObject() && n.has("error") && !n.has("result")) {
            JsonNode err = n.get("error");
            String data = err.path("data").isMissingNode() ? "" : " " + err.path("data");
            throw new BettingApiException("JSON-RPC error " + err.path("code").asText("?") + " "
                    + err.path("message").asText("") + data);
        }
        if (n.isObject() && n.has("result")) {
            JsonNode result = n.get("result");
            if (result.isArray()) {
                for (JsonNode e : result) {
                    out.add(e);
                }
            } else {
                out.add(result);
            }
            return;
        }
        out.add(n);
    }

    private static MarketCatalogue marketCatalogue(JsonNode n) {
        String marketId = text(n, "marketId");
        if (marketId == null || marketId.isBlank()) {
            throw new IllegalArgumentException("marketId is not a string");
        }
        List<RunnerCatalog> runners = new ArrayList<>();
        JsonNode rs = n.path("runners");
        for (int i = 0; i < rs.size(); i++) {
            JsonNode r = rs.get(i);
            if (!r.path("selectionId").canConvertToLong() || !r.path("selectionId").isIntegralNumber()) {
                throw new IllegalArgumentException("market " + marketId + " runners[" + i + "].selectionId is not an integer");
            }
            Map<String, String> meta = new LinkedHashMap<>();
            JsonNode md = r.path("metadata");
            if (md.isObject()) {
                for (Map.Entry<String, JsonNode> e : md.properties()) {
                    if (!e.getValue().isNull()) {
                        meta.put(e.getKey(), e.getValue().asText());
                    }
                }
            }
            runners.add(new RunnerCatalog(r.get("selectionId").asLong(), text(r, "runnerName"),
                    decimal(r, "handicap", BigDecimal.ZERO), r.path("sortPriority").asInt(0), meta));
        }
        MarketDescription description = null;
        JsonNode d = n.path("description");
        if (d.isObject()) {
            description = new MarketDescription(text(d, "marketType"), text(d, "bettingType"), text(d, "marketTime"),
                    text(d, "suspendTime"), d.path("bspMarket").asBoolean(false), d.path("turnInPlayEnabled").asBoolean(false),
                    d.path("persistenceEnabled").asBoolean(false), text(d, "raceType"), decimal(d, "marketBaseRate", null),
                    text(d, "regulator"));
        }
        JsonNode et = n.path("eventType");
        JsonNode comp = n.path("competition");
        JsonNode ev = n.path("event");
        return new MarketCatalogue(marketId, text(n, "marketName"), text(n, "marketStartTime"), description,
                decimal(n, "totalMatched", null), runners,
                et.isObject() ? new EventTypeRef(text(et, "id"), text(et, "name")) : null,
                comp.isObject() ? new CompetitionRef(text(comp, "id"), text(comp, "name")) : null,
                ev.isObject() ? event(ev) : null);
    }

    private static EventInfo event(JsonNode e) {
        String id = text(e, "id");
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("event without an id");
        }
        return new EventInfo(id, text(e, "name"), text(e, "countryCode"), text(e, "timezone"), text(e, "venue"),
                text(e, "openDate"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isIntegralNumber()) {
            return v.bigIntegerValue().toString();
        }
        return v.asText();
    }

    private static BigDecimal decimal(JsonNode n, String field, BigDecimal absent) {
        JsonNode v = n.get(field);
        return v == null || !v.isNumber() ? absent : v.decimalValue();
    }
}
