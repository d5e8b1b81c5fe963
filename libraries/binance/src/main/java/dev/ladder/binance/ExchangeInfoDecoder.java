package dev.ladder.binance;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decodes {@code /api/v3/exchangeInfo} (or {@code /fapi/v1/exchangeInfo}) answers into
 * {@link SymbolInfo}s keyed by symbol, in the answer's order. Only what sets scales is read; other
 * filters and fields are ignored. Not on the hot path (read once at start-up). Thread-safe.
 */
public final class ExchangeInfoDecoder {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ExchangeInfoDecoder() {
    }

    /**
     * @throws BinanceFormatException when the text is not JSON, has no {@code symbols} array, or a
     *         symbol entry has no name or a tick/step size that is not a decimal
     */
    public static Map<String, SymbolInfo> decode(String json) throws BinanceFormatException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new BinanceFormatException("exchangeInfo: malformed JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode symbols = root == null ? null : root.get("symbols");
        if (symbols == null || !symbols.isArray()) {
            throw new BinanceFormatException("exchangeInfo: no 'symbols' array");
        }
        Map<String, SymbolInfo> out = new LinkedHashMap<>();
        for (JsonNode s : symbols) {
            String name = text(s, "symbol");
            if (name == null) {
                throw new BinanceFormatException("exchangeInfo: a symbol entry has no 'symbol'");
            }
            BigDecimal tick = null;
            BigDecimal step = null;
            JsonNode filters = s.get("filters");
            if (filters != null && filters.isArray()) {
                for (JsonNode f : filters) {
                    String type = text(f, "filterType");
                    if ("PRICE_FILTER".equals(type)) {
                        tick = decimal(f, "tickSize", name);
                    } else if ("LOT_SIZE".equals(type)) {
                        step = decimal(f, "stepSize", name);
                    }
                }
            }
            out.put(name, new SymbolInfo(name, text(s, "status"), text(s, "baseAsset"), text(s, "quoteAsset"), tick, step));
        }
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static BigDecimal decimal(JsonNode n, String field, String symbol) throws BinanceFormatException {
        String t = text(n, field);
        if (t == null) {
            return null;
        }
        try {
            return new BigDecimal(t);
        } catch (NumberFormatException e) {
            throw new BinanceFormatException("exchangeInfo: " + symbol + " " + field + " '" + t + "' is not a decimal");
        }
    }
}
