package dev.ladder.betfair.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.betfair.SessionProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls Betfair's Betting API (JSON-RPC over HTTPS, {@code SportsAPING/v1.0/...}) with the app key and
 * session of a {@link SessionProvider} ({@code X-Application}, {@code X-Authentication}): listEvents and
 * listMarketCatalogue, read by {@link BettingApiJson} into records with exact numbers.
 *
 * <p>Failures are {@link BettingApiCallException}s naming the method and the error code (Betfair's
 * APINGException code such as INVALID_APP_KEY, or HTTP_503, TIMEOUT, NOT_JSON, IO); an
 * INVALID_SESSION_INFORMATION or NO_SESSION also {@link SessionProvider#invalidate() invalidates} the
 * session so the next call logs in again. An answer entry that cannot be read is reported in
 * {@link BettingApiAnswer#errors()} while the others are kept. The session token is never logged nor
 * put in a message. Answers are asked gzip-compressed.
 *
 * <p>Thread-safe; calls block the calling thread up to the configured request timeout.
 */
public final class BettingApiClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BettingApiClient.class);
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final String PREFIX = "SportsAPING/v1.0/";

    private final BettingApiConfig config;
    private final SessionProvider sessions;
    private final HttpClient http;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    public BettingApiClient(BettingApiConfig config, SessionProvider sessions) {
        this.config = config;
        this.sessions = sessions;
        this.http = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).build();
    }

    /**
     * listEvents: the events with markets matching {@code filter}, each with its market count.
     *
     * @throws BettingApiCallException when the call fails (see the class comment)
     * @throws IOException             when the session provider cannot log in
     */
    public BettingApiAnswer listEvents(BettingMarketFilter filter) throws IOException {
        ObjectNode params = NODES.objectNode();
        params.set("filter", filter.toJson(NODES));
        return answer("listEvents", call("listEvents", params));
    }

    /**
     * listMarketCatalogue: up to {@code maxResults} markets matching {@code filter}, in {@code sort}
     * order, with the parts {@code projections} ask for. Betfair refuses (TOO_MUCH_DATA) when the
     * projections' {@link MarketProjection#weight() weights} times the markets answered exceed 200.
     *
     * @param sort {@code null} for Betfair's default (RANK)
     * @throws IllegalArgumentException when {@code maxResults} is not in 1..1000
     * @throws BettingApiCallException  when the call fails (see the class comment)
     * @throws IOException              when the session provider cannot log in
     */
    public BettingApiAnswer listMarketCatalogue(BettingMarketFilter filter, Set<MarketProjection> projections,
                                                MarketSort sort, int maxResults) throws IOException {
        if (maxResults < 1 || maxResults > 1000) {
            throw new IllegalArgumentException("maxResults must be 1..1000, got " + maxResults);
        }
        ObjectNode params = NODES.objectNode();
        params.set("filter", filter.toJson(NODES));
        ArrayNode p = params.putArray("marketProjection");
        for (MarketProjection mp : MarketProjection.values()) {
            if (projections.contains(mp)) {
                p.add(mp.name());
            }
        }
        if (sort != null) {
            params.put("sort", sort.name());
        }
        params.put("maxResults", maxResults);
        return answer("listMarketCatalogue", call("listMarketCatalogue", params));
    }

    /** Calls made. */
    public long calls() {
        return calls.get();
    }

    /** Calls that failed. */
    public long failures() {
        return failures.get();
    }

    private BettingApiAnswer answer(String method, JsonNode root) throws BettingApiCallException {
        try {
            BettingApiAnswer a = BettingApiJson.parse(root);
            for (String e : a.errors()) {
                LOG.warn("Betting API {}: unreadable entry skipped: {}", method, e);
            }
            return a;
        } catch (BettingApiException e) {
            failures.incrementAndGet();
            throw new BettingApiCallException(method, "NOT_JSON", "Betting API " + method + ": " + e.getMessage(), e);
        }
    }

    private JsonNode call(String method, ObjectNode params) throws IOException {
        calls.incrementAndGet();
        String appKey = sessions.appKey();
        String session;
        try {
            session = sessions.session();
        } catch (IOException e) {
            failures.incrementAndGet();
            throw e;
        }
        long id = ids.incrementAndGet();
        ObjectNode body = NODES.objectNode();
        body.put("jsonrpc", "2.0").put("method", PREFIX + method).set("params", params);
        body.put("id", id);
        HttpRequest request = HttpRequest.newBuilder(config.endpoint())
                .timeout(config.requestTimeout())
                .header("X-Application", appKey)
                .header("X-Authentication", session)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("Accept-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build();
        long t0 = System.nanoTime();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw fail(method, "TIMEOUT", "timed out after " + config.requestTimeout().toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.incrementAndGet();
            throw new InterruptedIOException("Betting API " + method + " interrupted");
        } catch (IOException e) {
            throw fail(method, "IO", e.toString(), e);
        }
        byte[] bytes = response.body();
        if (response.headers().firstValue("Content-Encoding").map(v -> v.equalsIgnoreCase("gzip")).orElse(false)) {
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw fail(method, "NOT_JSON", "answer is not valid gzip: " + e.getMessage(), e);
            }
        }
        if (response.statusCode() != 200) {
            throw fail(method, "HTTP_" + response.statusCode(), "HTTP " + response.statusCode() + ": " + snippet(bytes), null);
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw fail(method, "NOT_JSON", "answer is not JSON: " + snippet(bytes), e);
        }
        if (root == null || root.isMissingNode()) {
            throw fail(method, "NOT_JSON", "empty answer", null);
        }
        JsonNode error = root.get("error");
        if (error != null && !error.isNull()) {
            JsonNode aping = error.path("data").path("APINGException");
            String code = aping.path("errorCode").asText(null);
            if (code == null) {
                code = "JSON_RPC_" + error.path("code").asText("?");
            }
            if ("INVALID_SESSION_INFORMATION".equals(code) || "NO_SESSION".equals(code)) {
                sessions.invalidate();
            }
            String details = aping.path("errorDetails").asText("");
            throw fail(method, code, code + " (" + error.path("message").asText("") + ")"
                    + (details.isEmpty() ? "" : ": " + details), null);
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("Betting API {} answered {} bytes in {} ms", method, bytes.length, (System.nanoTime() - t0) / 1_000_000);
        }
        return root;
    }

    private BettingApiCallException fail(String method, String code, String what, Throwable cause) {
        failures.incrementAndGet();
        return new BettingApiCallException(method, code, "Betting API " + method + " at " + config.endpoint()
                + " failed: " + what, cause);
    }

    private static String snippet(byte[] b) {
        String s = new String(b, 0, Math.min(b.length, 200), StandardCharsets.UTF_8).replaceAll("\\s+", " ").trim();
        return s.isEmpty() ? "(empty body)" : s;
    }

    /** Closes the HTTP client (calls in flight are cut). */
    @Override
    public void close() {
        http.close();
    }
}
