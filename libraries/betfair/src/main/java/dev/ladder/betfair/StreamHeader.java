package dev.ladder.betfair;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The top-level fields of one stream message, read with the streaming parser without building the
 * (possibly huge) {@code mc} tree; counts the market changes flagged {@code con=true}. A reusable
 * scratch object owned by one reader thread.
 */
final class StreamHeader {
    String op;
    Integer id;
    String ct;
    String segmentType;
    String clk;
    String initialClk;
    Integer status;
    Long heartbeatMs;
    Long conflateMs;
    long pt;
    String statusCode;
    String errorCode;
    String errorMessage;
    boolean connectionClosed;
    String connectionId;
    int marketChanges;
    int conflated;

    private void reset() {
        op = null;
        id = null;
        ct = null;
        segmentType = null;
        clk = null;
        initialClk = null;
        status = null;
        heartbeatMs = null;
        conflateMs = null;
        pt = 0;
        statusCode = null;
        errorCode = null;
        errorMessage = null;
        connectionClosed = false;
        connectionId = null;
        marketChanges = 0;
        conflated = 0;
    }

    /**
     * Reads {@code line}.
     *
     * @throws IOException when it is not a JSON object with a string {@code op}
     */
    void parse(String line) throws IOException {
        reset();
        try (JsonParser p = StreamJson.FACTORY.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                switch (name) {
                    case "op" -> op = v == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "id" -> id = v == JsonToken.VALUE_NUMBER_INT ? p.getIntValue() : null;
                    case "ct" -> ct = textOrNull(p, v);
                    case "segmentType" -> segmentType = textOrNull(p, v);
                    case "clk" -> clk = textOrNull(p, v);
                    case "initialClk" -> initialClk = textOrNull(p, v);
                    case "status" -> status = v == JsonToken.VALUE_NUMBER_INT ? p.getIntValue()
                            : v == JsonToken.VALUE_STRING ? parseIntOrNull(p.getText()) : null;
                    case "heartbeatMs" -> heartbeatMs = v == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : null;
                    case "conflateMs" -> conflateMs = v == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : null;
                    case "pt" -> pt = v == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : 0;
                    case "statusCode" -> statusCode = textOrNull(p, v);
                    case "errorCode" -> errorCode = textOrNull(p, v);
                    case "errorMessage" -> errorMessage = textOrNull(p, v);
                    case "connectionClosed" -> connectionClosed = v == JsonToken.VALUE_TRUE;
                    case "connectionId" -> connectionId = textOrNull(p, v);
                    case "mc" -> readMarketChanges(p, v);
                    default -> p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IOException("trailing content after the JSON object");
            }
        }
        if (op == null) {
            throw new IOException("no op field");
        }
    }

    private void readMarketChanges(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
            marketChanges++;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken f = p.nextToken();
                if ("con".equals(name) && f == JsonToken.VALUE_TRUE) {
                    conflated++;
                }
                p.skipChildren();
            }
        }
    }

    private static String textOrNull(JsonParser p, JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_NULL) {
            return null;
        }
        if (v.isScalarValue()) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    private static Integer parseIntOrNull(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
