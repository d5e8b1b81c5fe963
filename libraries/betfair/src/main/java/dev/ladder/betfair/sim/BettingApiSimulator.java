package dev.ladder.betfair.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Betfair-compatible Betting API (JSON-RPC over HTTP, loopback) for tests and demos, answering
 * {@code SportsAPING/v1.0/listEventTypes}, {@code listEvents} and {@code listMarketCatalogue} from the
 * markets of a {@link BetfairSimulator}: its latest market definitions (so the stream and the
 * catalogue always agree on ids, event ids, names, start times and runners) plus the runner metadata
 * of its race models ({@link SimRace}). Markets that are CLOSED are not listed, as on Betfair.
 *
 * <p>Protocol: {@code POST} {@value #PATH} with {@code X-Application} and {@code X-Authentication}
 * headers and a JSON-RPC 2.0 request or a batch (array) of them; every answer is HTTP 200 with one
 * JSON-RPC response per request ({@code result}, or {@code error}), gzip-compressed when the client
 * accepts it. Errors:
 * <ul>
 *   <li>Betting errors are Betfair's APINGException: {@code {"code": -32099, "message": "ANGX-0003",
 *       "data": {"APINGException": {"errorCode": "INVALID_SESSION_INFORMATION", "errorDetails": ...,
 *       "requestUUID": ...}, "exceptionname": "APINGException"}}}. A missing app key answers NO_APP_KEY,
 *       a wrong one INVALID_APP_KEY; a missing session NO_SESSION, a wrong one
 *       INVALID_SESSION_INFORMATION (checked in that order). Bad parameters (no or bad maxResults, a
 *       time that is not ISO-8601, a filter field the simulator does not support such as
 *       {@code textQuery}) answer INVALID_INPUT_DATA naming the parameter; more data than Betfair's
 *       Market Data Request Limits allow (the projections' weight, MARKET_DESCRIPTION 1 and
 *       RUNNER_METADATA 1, times the markets returned, above 200) answers TOO_MUCH_DATA.</li>
 *   <li>JSON-RPC errors: -32700 for a body that is not JSON, -32600 for a request that is not a
 *       JSON-RPC call (or an empty batch), -32601 for an unknown method, -32602 without a
 *       {@code filter}.</li>
 *   <li>HTTP: 404 off the path, 405 for another verb, 413 for a body above the configured limit.</li>
 * </ul>
 * Filters honoured: eventTypeIds, eventIds, marketIds, marketCountries, marketTypeCodes, venues,
 * raceTypes, marketBettingTypes, bspOnly, turnInPlayEnabled, inPlayOnly, marketStartTime (from/to,
 * inclusive); competitionIds and withOrders match nothing (the simulator has neither); every other
 * field is INVALID_INPUT_DATA. Sorts: FIRST_TO_START, LAST_TO_START; any other (RANK, the default)
 * orders by event type, start, WIN before PLACE, then market id. Faults: {@link #failCalls},
 * {@link #unavailable}.
 *
 * <p>Threads: the JDK HTTP server with a virtual thread per request. Thread-safe.
 */
public final class BettingApiSimulator implements AutoCloseable {
    /** The JSON-RPC endpoint's path, as on {@code https://api.betfair.com}. */
    public static final String PATH = "/exchange/betting/json-rpc/v1";

    private static final Logger LOG = LoggerFactory.getLogger(BettingApiSimulator.class);
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final String PREFIX = "SportsAPING/v1.0/";
    private static final List<String> ANGX = List.of("TOO_MUCH_DATA", "INVALID_INPUT_DATA",
            "INVALID_SESSION_INFORMATION", "NO_APP_KEY", "NO_SESSION", "UNEXPECTED_ERROR", "INVALID_APP_KEY",
            "TOO_MANY_REQUESTS", "SERVICE_BUSY", "TIMEOUT_ERROR", "REQUEST_SIZE_EXCEEDS_LIMIT", "ACCESS_DENIED");
    private static final Map<String, String> EVENT_TYPE_NAMES = Map.of("1", "Soccer", "2", "Tennis", "4", "Cricket",
            "7", "Horse Racing", "4339", "Greyhound Racing");
    private static final int MAX_WEIGHT = 200;
    private static final int CALL_LOG = 1000;

    /** One call as the simulator saw it (for tests): method without prefix, params as JSON text, the error code answered or {@code null}. */
    public record Call(String method, String params, String errorCode) {
    }

    /** Market projections and their weights (Betfair's Market Data Request Limits). */
    private enum Projection {
        COMPETITION(0), EVENT(0), EVENT_TYPE(0), MARKET_START_TIME(0), MARKET_DESCRIPTION(1), RUNNER_DESCRIPTION(0),
        RUNNER_METADATA(1);

        final int weight;

        Projection(int weight) {
            this.weight = weight;
        }
    }

    /** A request that gets a JSON-RPC or APINGException error. */
    private static final class CallError extends Exception {
        final int code;
        final String apiCode;

        CallError(int code, String apiCode, String message) {
            super(message, null, false, false);
            this.code = code;
            this.apiCode = apiCode;
        }

        static CallError api(String apiCode, String details) {
            return new CallError(-32099, apiCode, details);
        }
    }

    private final BettingApiSimulatorConfig config;
    private final BetfairSimulator markets;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong authFailures = new AtomicLong();
    private final Map<String, AtomicLong> callsByMethod = new ConcurrentHashMap<>();
    private final ArrayDeque<Call> callLog = new ArrayDeque<>();
    private final AtomicLong uuid = new AtomicLong();
    private volatile boolean unavailable;
    private String failCode;
    private int failRemaining;
    private HttpServer server;
    private ExecutorService executor;

    /** A simulator that is not yet listening; call {@link #start()}. It lists the markets of {@code markets}. */
    public BettingApiSimulator(BettingApiSimulatorConfig config, BetfairSimulator markets) {
        this.config = config;
        this.markets = markets;
    }

    /**
     * Binds and starts answering.
     *
     * @throws IOException when the port is taken
     * @throws IllegalStateException when already started
     */
    public synchronized BettingApiSimulator start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 64);
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        LOG.info("Betfair Betting API simulator on {}", endpoint());
        return this;
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The JSON-RPC endpoint: {@code http://<host>:<port>/exchange/betting/json-rpc/v1}. */
    public URI endpoint() {
        return URI.create("http://" + config.host() + ":" + port() + PATH);
    }

    /** HTTP requests received. */
    public long requests() {
        return requests.get();
    }

    /** JSON-RPC calls received (a batch counts each call). */
    public long calls() {
        return calls.get();
    }

    /** Calls of one method ({@code listMarketCatalogue}, without the prefix). */
    public long calls(String method) {
        AtomicLong n = callsByMethod.get(method);
        return n == null ? 0 : n.get();
    }

    /** Calls answered with an error. */
    public long errors() {
        return errors.get();
    }

    /** Calls refused for their credentials. */
    public long authFailures() {
        return authFailures.get();
    }

    /** The last (up to 1000) calls, oldest first. */
    public synchronized List<Call> recentCalls() {
        return List.copyOf(callLog);
    }

    /**
     * Fault: the next {@code count} calls answer the APINGException {@code errorCode} (e.g.
     * SERVICE_BUSY, INVALID_SESSION_INFORMATION) whatever they ask; {@code count <= 0} stops it.
     */
    public synchronized void failCalls(String errorCode, int count) {
        failCode = errorCode;
        failRemaining = Math.max(0, count);
    }

    /** Fault: every request answers HTTP 503 with a text body while on. */
    public void unavailable(boolean on) {
        unavailable = on;
    }

    private synchronized String takeForcedFailure() {
        if (failRemaining > 0) {
            failRemaining--;
            return failCode;
        }
        return null;
    }

    private synchronized void log(Call c) {
        callLog.addLast(c);
        if (callLog.size() > CALL_LOG) {
            callLog.removeFirst();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            requests.incrementAndGet();
            if (!PATH.equals(ex.getRequestURI().getPath())) {
                text(ex, 404, "no such endpoint: " + ex.getRequestURI().getPath());
                return;
            }
            if (!"POST".equals(ex.getRequestMethod())) {
                ex.getResponseHeaders().set("Allow", "POST");
                text(ex, 405, "POST a JSON-RPC request");
                return;
            }
            if (unavailable) {
                text(ex, 503, "Service Unavailable (simulated)");
                return;
            }
            byte[] body = readBody(ex.getRequestBody());
            if (body == null) {
                text(ex, 413, "request body above " + config.maxRequestBytes() + " bytes");
                return;
            }
            JsonNode answer;
            JsonNode root = null;
            try {
                root = JSON.readTree(body);
            } catch (JsonProcessingException e) {
                answer = error(null, new CallError(-32700, null, "Parse error: " + e.getOriginalMessage()));
                errors.incrementAndGet();
                json(ex, answer);
                return;
            }
            String authError = authError(ex.getRequestHeaders().getFirst("X-Application"),
                    ex.getRequestHeaders().getFirst("X-Authentication"));
            if (root != null && root.isArray()) {
                ArrayNode out = NODES.arrayNode();
                if (root.isEmpty()) {
                    errors.incrementAndGet();
                    answer = error(null, new CallError(-32600, null, "Invalid Request: empty batch"));
                } else {
                    for (JsonNode req : root) {
                        out.add(answer(req, authError));
                    }
                    answer = out;
                }
            } else {
                answer = answer(root, authError);
            }
            json(ex, answer);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Betting API simulator: request failed: {}", e.toString());
        }
    }

    private String authError(String appKey, String session) {
        if (appKey == null || appKey.isBlank()) {
            return "NO_APP_KEY";
        }
        if (config.appKey() != null && !config.appKey().equals(appKey)) {
            return "INVALID_APP_KEY";
        }
        if (session == null || session.isBlank()) {
            return "NO_SESSION";
        }
        if (config.sessionToken() != null && !config.sessionToken().equals(session)) {
            return "INVALID_SESSION_INFORMATION";
        }
        return null;
    }

    private byte[] readBody(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
            if (out.size() > config.maxRequestBytes()) {
                return null;
            }
        }
        return out.toByteArray();
    }

    /** One JSON-RPC response for one request. */
    private JsonNode answer(JsonNode req, String authError) {
        JsonNode id = req == null ? null : req.get("id");
        if (req == null || !req.isObject() || !req.path("method").isTextual()) {
            errors.incrementAndGet();
            return error(id, new CallError(-32600, null, "Invalid Request: not a JSON-RPC call with a method"));
        }
        calls.incrementAndGet();
        String full = req.get("method").asText();
        String method = full.startsWith(PREFIX) ? full.substring(PREFIX.length()) : full;
        callsByMethod.computeIfAbsent(method, k -> new AtomicLong()).incrementAndGet();
        JsonNode params = req.get("params");
        String paramsText = params == null ? "null" : params.toString();
        try {
            if (!full.startsWith(PREFIX) || !Set.of("listEventTypes", "listEvents", "listMarketCatalogue").contains(method)) {
                throw new CallError(-32601, null, "Method not found: " + full);
            }
            if (authError != null) {
                authFailures.incrementAndGet();
                throw CallError.api(authError, authDetails(authError));
            }
            String forced = takeForcedFailure();
            if (forced != null) {
                throw CallError.api(forced, "failure injected by the simulator");
            }
            if (params == null || !params.isObject() || !params.path("filter").isObject()) {
                throw new CallError(-32602, null, "Invalid params: filter (a MarketFilter object) is required");
            }
            Filter filter;
            try {
                filter = Filter.parse(params.get("filter"));
            } catch (IllegalArgumentException e) {
                throw CallError.api("INVALID_INPUT_DATA", e.getMessage());
            }
            JsonNode result = switch (method) {
                case "listEventTypes" -> listEventTypes(filter);
                case "listEvents" -> listEvents(filter);
                default -> listMarketCatalogue(filter, params);
            };
            log(new Call(method, paramsText, null));
            ObjectNode o = NODES.objectNode();
            o.put("jsonrpc", "2.0");
            o.set("result", result);
            o.set("id", id);
            return o;
        } catch (CallError e) {
            errors.incrementAndGet();
            log(new Call(method, paramsText, e.apiCode != null ? e.apiCode : Integer.toString(e.code)));
            return error(id, e);
        }
    }

    private static String authDetails(String code) {
        return switch (code) {
            case "NO_APP_KEY" -> "An application key header ('X-Application') has not been provided in the request";
            case "INVALID_APP_KEY" -> "The application key passed is invalid";
            case "NO_SESSION" -> "A session token header ('X-Authentication') has not been provided in the request";
            default -> "The session token passed is invalid or has expired";
        };
    }

    private ObjectNode error(JsonNode id, CallError e) {
        ObjectNode o = NODES.objectNode();
        o.put("jsonrpc", "2.0");
        ObjectNode err = o.putObject("error");
        err.put("code", e.code);
        if (e.apiCode != null) {
            int n = ANGX.indexOf(e.apiCode);
            err.put("message", String.format(Locale.ROOT, "ANGX-%04d", n < 0 ? 6 : n + 1));
            ObjectNode data = err.putObject("data");
            data.putObject("APINGException").put("requestUUID", "sim-" + uuid.incrementAndGet())
                    .put("errorCode", e.apiCode).put("errorDetails", e.getMessage());
            data.put("exceptionname", "APINGException");
        } else {
            err.put("message", e.getMessage());
        }
        o.set("id", id);
        return o;
    }

    // ---- the three operations ----

    /** Open markets (not CLOSED) that pass the filter. */
    private List<SimExchange.MarketView> matching(Filter f) {
        List<SimExchange.MarketView> out = new ArrayList<>();
        for (SimExchange.MarketView v : markets.exchange().views()) {
            if (!"CLOSED".equals(text(v.definition(), "status")) && f.matches(v)) {
                out.add(v);
            }
        }
        return out;
    }

    private JsonNode listEventTypes(Filter f) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (SimExchange.MarketView v : matching(f)) {
            String et = text(v.definition(), "eventTypeId");
            if (et != null) {
                counts.merge(et, 1, Integer::sum);
            }
        }
        ArrayNode out = NODES.arrayNode();
        counts.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.comparingInt(String::length)
                .thenComparing(Comparator.naturalOrder()))).forEach(e -> {
                    ObjectNode o = out.addObject();
                    o.putObject("eventType").put("id", e.getKey()).put("name", eventTypeName(e.getKey()));
                    o.put("marketCount", e.getValue());
                });
        return out;
    }

    private JsonNode listEvents(Filter f) {
        Map<String, ObjectNode> events = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (SimExchange.MarketView v : matching(f)) {
            String eventId = text(v.definition(), "eventId");
            if (eventId == null) {
                continue;
            }
            events.computeIfAbsent(eventId, k -> event(v.definition()));
            counts.merge(eventId, 1, Integer::sum);
        }
        ArrayNode out = NODES.arrayNode();
        events.values().stream()
                .sorted(Comparator.comparing((ObjectNode e) -> e.path("openDate").asText(""))
                        .thenComparing(e -> e.path("id").asText()))
                .forEach(e -> {
                    ObjectNode o = out.addObject();
                    o.set("event", e);
                    o.put("marketCount", counts.get(e.get("id").asText()));
                });
        return out;
    }

    private JsonNode listMarketCatalogue(Filter f, JsonNode params) throws CallError {
        JsonNode max = params.get("maxResults");
        if (max == null || !max.canConvertToInt() || !max.isIntegralNumber() || max.intValue() < 1 || max.intValue() > 1000) {
            throw CallError.api("INVALID_INPUT_DATA", "maxResults must be an integer in 1..1000, got " + max);
        }
        Set<Projection> projections = EnumSet.noneOf(Projection.class);
        JsonNode mp = params.get("marketProjection");
        if (mp != null && !mp.isNull()) {
            if (!mp.isArray()) {
                throw CallError.api("INVALID_INPUT_DATA", "marketProjection must be an array");
            }
            for (JsonNode p : mp) {
                try {
                    projections.add(Projection.valueOf(p.asText()));
                } catch (IllegalArgumentException e) {
                    throw CallError.api("INVALID_INPUT_DATA", "marketProjection '" + p.asText() + "' is not a MarketProjection");
                }
            }
        }
        String sort = params.path("sort").asText("RANK");
        List<SimExchange.MarketView> found = matching(f);
        Comparator<SimExchange.MarketView> byStart = Comparator.comparing(v -> instant(text(v.definition(), "marketTime")),
                Comparator.nullsLast(Comparator.naturalOrder()));
        Comparator<SimExchange.MarketView> byId = Comparator.comparing(SimExchange.MarketView::id,
                Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder()));
        Comparator<SimExchange.MarketView> order = switch (sort) {
            case "FIRST_TO_START" -> byStart.thenComparing(byId);
            case "LAST_TO_START" -> byStart.reversed().thenComparing(byId);
            default -> Comparator.comparing((SimExchange.MarketView v) -> rank(text(v.definition(), "eventTypeId")))
                    .thenComparing(byStart)
                    .thenComparing(v -> "WIN".equals(text(v.definition(), "marketType")) ? 0
                            : "PLACE".equals(text(v.definition(), "marketType")) ? 1 : 2)
                    .thenComparing(byId);
        };
        found.sort(order);
        int n = Math.min(max.intValue(), found.size());
        int weight = projections.stream().mapToInt(p -> p.weight).sum();
        if (weight * n > MAX_WEIGHT) {
            throw CallError.api("TOO_MUCH_DATA", "projections of weight " + weight + " for " + n
                    + " markets exceed the limit of " + MAX_WEIGHT + " points");
        }
        ArrayNode out = NODES.arrayNode();
        for (SimExchange.MarketView v : found.subList(0, n)) {
            out.add(catalogue(v, projections));
        }
        return out;
    }

    private static int rank(String eventTypeId) {
        return switch (eventTypeId == null ? "" : eventTypeId) {
            case "1" -> 0;
            case "7" -> 1;
            case "4339" -> 2;
            default -> 3;
        };
    }

    private ObjectNode catalogue(SimExchange.MarketView v, Set<Projection> projections) {
        ObjectNode d = v.definition();
        ObjectNode o = NODES.objectNode();
        o.put("marketId", v.id());
        putText(o, "marketName", text(d, "name"));
        if (projections.contains(Projection.MARKET_START_TIME)) {
            putText(o, "marketStartTime", text(d, "marketTime"));
        }
        if (projections.contains(Projection.MARKET_DESCRIPTION)) {
            ObjectNode desc = o.putObject("description");
            desc.put("persistenceEnabled", d.path("persistenceEnabled").asBoolean(false));
            desc.put("bspMarket", d.path("bspMarket").asBoolean(false));
            putText(desc, "marketTime", text(d, "marketTime"));
            putText(desc, "suspendTime", text(d, "suspendTime"));
            putText(desc, "bettingType", text(d, "bettingType"));
            desc.put("turnInPlayEnabled", d.path("turnInPlayEnabled").asBoolean(false));
            putText(desc, "marketType", text(d, "marketType"));
            desc.put("regulator", "GIBRALTAR REGULATOR");
            if (d.path("marketBaseRate").isNumber()) {
                desc.put("marketBaseRate", d.get("marketBaseRate").decimalValue());
            }
            desc.put("discountAllowed", d.path("discountAllowed").asBoolean(false));
            desc.put("wallet", "UK wallet");
            desc.put("rules", "Simulated market: no real bets are placed.");
            desc.put("rulesHasDate", true);
            putText(desc, "raceType", text(d, "raceType"));
            desc.putObject("priceLadderDescription").put("type", d.path("priceLadderDefinition").path("type").asText("CLASSIC"));
        }
        o.put("totalMatched", v.tv() != null && v.tv().isNumber() ? v.tv().decimalValue() : BigDecimal.ZERO);
        boolean metadata = projections.contains(Projection.RUNNER_METADATA);
        if (metadata || projections.contains(Projection.RUNNER_DESCRIPTION)) {
            SimMarketModel model = markets.model(v.id());
            Map<Long, Map<String, String>> meta = model == null ? Map.of() : model.runnerMetadata();
            ArrayNode rs = o.putArray("runners");
            for (JsonNode r : d.path("runners")) {
                if (!r.path("id").canConvertToLong()) {
                    continue;
                }
                long sel = r.get("id").longValue();
                ObjectNode ro = rs.addObject();
                ro.put("selectionId", sel);
                putText(ro, "runnerName", text(r, "name"));
                ro.put("handicap", r.path("hc").isNumber() ? r.get("hc").decimalValue() : new BigDecimal("0.0"));
                ro.put("sortPriority", r.path("sortPriority").asInt(0));
                if (metadata) {
                    ObjectNode m = ro.putObject("metadata");
                    Map<String, String> values = meta.get(sel);
                    if (values == null) {
                        m.put("runnerId", Long.toString(sel));
                    } else {
                        values.forEach(m::put);
                    }
                }
            }
        }
        String et = text(d, "eventTypeId");
        if (projections.contains(Projection.EVENT_TYPE) && et != null) {
            o.putObject("eventType").put("id", et).put("name", eventTypeName(et));
        }
        if (projections.contains(Projection.EVENT) && text(d, "eventId") != null) {
            o.set("event", event(d));
        }
        return o;
    }

    private static ObjectNode event(ObjectNode d) {
        ObjectNode e = NODES.objectNode();
        e.put("id", text(d, "eventId"));
        String name = text(d, "eventName");
        if (name == null && text(d, "venue") != null) {
            name = text(d, "venue");
        }
        putText(e, "name", name);
        putText(e, "countryCode", text(d, "countryCode"));
        putText(e, "timezone", text(d, "timezone"));
        putText(e, "venue", text(d, "venue"));
        putText(e, "openDate", text(d, "openDate"));
        return e;
    }

    private static String eventTypeName(String id) {
        return EVENT_TYPE_NAMES.getOrDefault(id, "Event type " + id);
    }

    private static void putText(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** ISO-8601 text as an instant, {@code null} when absent or unreadable. */
    static Instant instant(String s) {
        if (s == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static void text(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    private static void json(HttpExchange ex, JsonNode answer) throws IOException {
        byte[] b = JSON.writeValueAsBytes(answer);
        ex.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
        String accept = ex.getRequestHeaders().getFirst("Accept-Encoding");
        if (accept != null && accept.toLowerCase(Locale.ROOT).contains("gzip")) {
            ByteArrayOutputStream z = new ByteArrayOutputStream(b.length / 4 + 64);
            try (GZIPOutputStream g = new GZIPOutputStream(z)) {
                g.write(b);
            }
            b = z.toByteArray();
            ex.getResponseHeaders().set("Content-Encoding", "gzip");
        }
        ex.sendResponseHeaders(200, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    /** Stops answering (in-flight requests may finish). Idempotent. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.close();
            server = null;
        }
    }

    /** A Betting API MarketFilter as the simulator applies it; empty sets restrict nothing. */
    record Filter(Set<String> eventTypeIds, Set<String> eventIds, Set<String> marketIds, Set<String> countries,
                  Set<String> marketTypes, Set<String> venues, Set<String> raceTypes, Set<String> bettingTypes,
                  Boolean bspOnly, Boolean turnInPlayEnabled, Boolean inPlayOnly, Instant from, Instant to,
                  boolean matchesNothing) {
        private static final Set<String> FIELDS = Set.of("eventTypeIds", "eventIds", "marketIds", "marketCountries",
                "marketTypeCodes", "venues", "raceTypes", "marketBettingTypes", "bspOnly", "turnInPlayEnabled",
                "inPlayOnly", "marketStartTime", "competitionIds", "withOrders");

        /**
         * @throws IllegalArgumentException naming the field that is unsupported or malformed
         */
        static Filter parse(JsonNode f) {
            for (var it = f.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!FIELDS.contains(name)) {
                    throw new IllegalArgumentException("filter." + name + " is not supported by the simulator");
                }
            }
            Instant from = null;
            Instant to = null;
            JsonNode range = f.get("marketStartTime");
            if (range != null && !range.isNull()) {
                if (!range.isObject()) {
                    throw new IllegalArgumentException("filter.marketStartTime must be an object with from/to");
                }
                from = time(range, "from");
                to = time(range, "to");
            }
            boolean nothing = !set(f, "competitionIds").isEmpty() || !set(f, "withOrders").isEmpty();
            return new Filter(set(f, "eventTypeIds"), set(f, "eventIds"), set(f, "marketIds"), set(f, "marketCountries"),
                    set(f, "marketTypeCodes"), set(f, "venues"), set(f, "raceTypes"), set(f, "marketBettingTypes"),
                    flag(f, "bspOnly"), flag(f, "turnInPlayEnabled"), flag(f, "inPlayOnly"), from, to, nothing);
        }

        private static Instant time(JsonNode range, String field) {
            JsonNode v = range.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            Instant t = instant(v.asText());
            if (t == null) {
                throw new IllegalArgumentException("filter.marketStartTime." + field + " '" + v.asText()
                        + "' is not an ISO-8601 time such as 2024-05-01T12:00:00Z");
            }
            return t;
        }

        private static Set<String> set(JsonNode f, String field) {
            JsonNode v = f.get(field);
            if (v == null || v.isNull()) {
                return Set.of();
            }
            if (!v.isArray()) {
                throw new IllegalArgumentException("filter." + field + " must be an array");
            }
            Set<String> out = new HashSet<>();
            for (JsonNode e : v) {
                if (!e.isValueNode() || e.isNull()) {
                    throw new IllegalArgumentException("filter." + field + " must hold strings");
                }
                out.add(e.asText());
            }
            return Set.copyOf(out);
        }

        private static Boolean flag(JsonNode f, String field) {
            JsonNode v = f.get(field);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isBoolean()) {
                throw new IllegalArgumentException("filter." + field + " must be true or false");
            }
            return v.booleanValue();
        }

        boolean matches(SimExchange.MarketView v) {
            if (matchesNothing) {
                return false;
            }
            ObjectNode d = v.definition();
            if (!marketIds.isEmpty() && !marketIds.contains(v.id())) {
                return false;
            }
            if (!in(eventTypeIds, d, "eventTypeId") || !in(eventIds, d, "eventId") || !in(countries, d, "countryCode")
                    || !in(marketTypes, d, "marketType") || !in(venues, d, "venue") || !in(raceTypes, d, "raceType")
                    || !in(bettingTypes, d, "bettingType")) {
                return false;
            }
            if (bspOnly != null && d.path("bspMarket").asBoolean(false) != bspOnly) {
                return false;
            }
            if (turnInPlayEnabled != null && d.path("turnInPlayEnabled").asBoolean(false) != turnInPlayEnabled) {
                return false;
            }
            if (inPlayOnly != null && d.path("inPlay").asBoolean(false) != inPlayOnly) {
                return false;
            }
            if (from != null || to != null) {
                Instant t = instant(text(d, "marketTime"));
                if (t == null || (from != null && t.isBefore(from)) || (to != null && t.isAfter(to))) {
                    return false;
                }
            }
            return true;
        }

        private static boolean in(Set<String> allowed, ObjectNode d, String field) {
            if (allowed.isEmpty()) {
                return true;
            }
            String v = text(d, field);
            return v != null && allowed.contains(v);
        }
    }
}
