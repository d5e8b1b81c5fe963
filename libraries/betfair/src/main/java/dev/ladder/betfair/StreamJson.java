package dev.ladder.betfair;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;

/**
 * The stream protocol's JSON helpers, shared by the stream client and the simulator
 * ({@code dev.ladder.betfair.sim}): numbers are read as exact decimals (never {@code double}),
 * output is compact. Bare {@code NaN}/{@code Infinity} (as Python writes starting prices) are read,
 * and written back quoted. Stateless and thread-safe.
 */
public final class StreamJson {
    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();
    static final JsonFactory FACTORY = MAPPER.getFactory();

    private StreamJson() {
    }

    /** A new, empty JSON object node whose numbers are kept as exact decimals. */
    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** A new, empty JSON array node whose numbers are kept as exact decimals. */
    public static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /**
     * Parses one JSON object, numbers as exact decimals.
     *
     * @throws IOException for anything else: an array, a scalar, empty or broken text (the message
     *                     quotes at most 200 characters of it)
     */
    public static ObjectNode parseObject(String text) throws IOException {
        JsonNode n = MAPPER.readTree(text);
        if (n instanceof ObjectNode o) {
            return o;
        }
        throw new IOException("not a JSON object: " + abbreviate(text));
    }

    /** {@code node} as compact JSON text, decimals written as held. */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static void putStrings(ObjectNode target, String name, List<String> values) {
        if (values != null && !values.isEmpty()) {
            ArrayNode a = target.putArray(name);
            values.forEach(a::add);
        }
    }

    static List<String> strings(JsonNode node) {
        if (node == null || !node.isArray()) {
            return List.of();
        }
        java.util.ArrayList<String> out = new java.util.ArrayList<>();
        node.forEach(v -> out.add(v.asText()));
        return List.copyOf(out);
    }

    static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...(" + s.length() + " chars)";
    }
}
