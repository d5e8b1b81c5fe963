package dev.ladder.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.betfair.BetfairCacheConfig;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.Venue;
import dev.ladder.server.live.BetfairServeSupport;
import dev.ladder.server.live.BookRegistry;
import dev.ladder.server.live.BookState;
import dev.ladder.server.live.LadderMetrics;
import dev.ladder.server.live.LevelChanges;
import dev.ladder.server.live.LiveBook;
import dev.ladder.server.node.LiveNode;
import dev.ladder.server.testing.Http;
import dev.ladder.server.testing.Schemas;
import dev.ladder.server.testing.SseReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /metrics, /health when live, /openapi.json (kept true against the routes) and the empty server. */
public class OpsRoutesTest {
    BookRegistry registry = new BookRegistry(new LadderMetrics());
    LadderServer server;
    BetfairServeSupport support;
    Http http;
    @TempDir
    Path dataDir;

    void start() throws IOException {
        server = LadderServer.start(registry, ServerConfig.loopback(0));
        http = new Http(server.port());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (support != null) {
            support.close();
        }
    }

    @Test
    void metricsCountMessagesAppliedGapsResyncsReconnectsMalformedLagAndApplyLatency() throws IOException {
        LiveBook b = registry.register(InstrumentId.of(Venue.BINANCE, "BTCUSDT"), 2, 8);
        long exchangeMillis = 1_700_000_000_000L;
        registry.metrics().message(Venue.BINANCE);
        b.applySnapshot(10, BookRoutesTest.levels("100.00", "1"), BookRoutesTest.levels("101.00", "1"),
                exchangeMillis, (exchangeMillis + 3) * 1_000_000L);
        for (int i = 0; i < 3; i++) {
            registry.metrics().message(Venue.BINANCE);
            b.applyDiff(11 + i, 11 + i, BookRoutesTest.levels("100.00", "2"), LevelChanges.NONE,
                    exchangeMillis + i, (exchangeMillis + i + 40) * 1_000_000L);
        }
        b.metrics().gap();
        b.metrics().resync();
        registry.metrics().reconnect(Venue.BINANCE);
        registry.metrics().malformed(Venue.BINANCE);
        registry.metrics().malformed(Venue.BINANCE);
        start();

        Http.Response r = http.get("/metrics");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/plain");
        String m = r.body();
        String tags = "symbol=\"BTCUSDT\",venue=\"binance\"";
        assertThat(m).contains("ladder_messages_total{venue=\"binance\"} 4.0");
        assertThat(m).contains("ladder_applied_total{" + tags + "} 4.0");
        assertThat(m).contains("ladder_gaps_total{" + tags + "} 1.0");
        assertThat(m).contains("ladder_resyncs_total{" + tags + "} 1.0");
        assertThat(m).contains("ladder_reconnects_total{venue=\"binance\"} 1.0");
        assertThat(m).contains("ladder_malformed_total{venue=\"binance\"} 2.0");
        assertThat(m).contains("ladder_apply_seconds_count{" + tags + "} 4");
        assertThat(m).contains("ladder_apply_seconds_bucket{" + tags + ",le=\"0.001\"}");
        assertThat(m).contains("ladder_exchange_lag_seconds_count{" + tags + "} 4");
        // lags 3, 40, 40, 40 ms: one within 5 ms, all within 50 ms
        assertThat(m).contains("ladder_exchange_lag_seconds_bucket{" + tags + ",le=\"0.005\"} 1");
        assertThat(m).contains("ladder_exchange_lag_seconds_bucket{" + tags + ",le=\"0.05\"} 4");
        assertThat(m).contains("ladder_exchange_lag_last_seconds{" + tags + "} 0.04");
        assertThat(m).contains("ladder_stream_clients 0.0");
        assertThat(m).contains("ladder_stream_overflows_total{" + tags + "} 0.0");
    }

    @Test
    void healthIsUpWhenEveryBookIsLive() throws IOException {
        LiveBook b = registry.register(InstrumentId.of(Venue.BINANCE_FUTURES, "ETHUSDT"), 2, 3);
        b.applySnapshot(1, LevelChanges.NONE, LevelChanges.NONE, 0, 0);
        start();
        Http.Response r = http.get("/health");
        assertThat(r.status()).isEqualTo(200);
        JsonNode h = r.json();
        assertThat(h.get("status").asText()).isEqualTo("up");
        assertThat(h.get("books").get(0).get("venue").asText()).isEqualTo("binance-futures");
        assertThat(h.get("books").get(0).get("state").asText()).isEqualTo("live");
        assertThat(http.get("/api/books/binance-futures/ETHUSDT").status()).isEqualTo(200);
    }

    @Test
    void withoutBooksTheListIsEmptyAndTheCompatibilityRouteIs404() throws IOException {
        start();
        assertThat(http.get("/api/books").json().get("books")).isEmpty();
        assertThat(http.get("/health").status()).isEqualTo(200);
        Http.Response r = http.get("/volume/a?price=1&operator=eq");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("error").asText()).isEqualTo("no book is being served");
    }

    @Test
    void theConfiguredDefaultBookAnswersTheCompatibilityRoute() throws IOException {
        registry.register(InstrumentId.of(Venue.BINANCE, "BTCUSDT"), 2, 8);
        LiveBook eth = registry.register(InstrumentId.of(Venue.BINANCE, "ETHUSDT"), 2, 8);
        eth.applySnapshot(1, BookRoutesTest.levels("10.00", "3"), LevelChanges.NONE, 0, 0);
        registry.setDefaultBook(eth.id());
        start();
        JsonNode v = http.get("/volume/b?price=10&operator=eq").json();
        assertThat(v.get("symbol").asText()).isEqualTo("ETHUSDT");
        assertThat(v.get("volume").asText()).isEqualTo("3");
    }

    @Test
    void aCachedAnswerIsNeverStale() throws IOException {
        LiveBook b = registry.register(InstrumentId.of(Venue.BINANCE, "BTCUSDT"), 2, 8);
        b.applySnapshot(1, BookRoutesTest.levels("100.00", "1"), LevelChanges.NONE, 0, 0);
        start();
        for (int i = 2; i < 20; i++) {
            String first = http.get("/api/books/binance/BTCUSDT?depth=5").body();
            assertThat(http.get("/api/books/binance/BTCUSDT?depth=5").body()).isEqualTo(first);
            b.applyDiff(i, i, BookRoutesTest.levels("100.00", String.valueOf(i)), LevelChanges.NONE, 0, 0);
            JsonNode now = http.get("/api/books/binance/BTCUSDT?depth=5").json();
            assertThat(now.get("lastUpdateId").asLong()).isEqualTo(i);
            assertThat(now.get("bids").get(0).get(1).asText()).isEqualTo(String.valueOf(i));
        }
        b.setState(BookState.RESYNCING);
        assertThat(http.get("/api/books/binance/BTCUSDT?depth=5").json().get("state").asText()).isEqualTo("resyncing");
    }

    @Test
    void extraRoutesAreServedBesideTheCoreOnesWithTheSameErrorMapping() throws IOException {
        server = LadderServer.start(registry, ServerConfig.loopback(0), List.of(routes -> {
            routes.get("/extra", ctx -> ctx.result("extra"));
            routes.get("/extra/bad", ctx -> {
                throw ApiException.badParameter("x", "missing");
            });
        }));
        http = new Http(server.port());
        assertThat(http.get("/extra").body()).isEqualTo("extra");
        Http.Response bad = http.get("/extra/bad");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("parameter").asText()).isEqualTo("x");
        assertThat(http.get("/api/books").status()).isEqualTo(200);
        Http.Response none = http.get("/no/such/route");
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.json().get("error").asText()).isEqualTo("no route GET /no/such/route");
    }

    /** The routes the server declares, as OpenAPI paths. */
    static final List<String> ROUTES = List.of("/api/books", "/api/books/{venue}/{symbol}",
            "/api/books/{venue}/{symbol}/volume", "/api/books/{venue}/{symbol}/fill", "/api/books/{venue}/{symbol}/trades",
            "/api/books/{venue}/{symbol}/stream", "/volume/{side}", "/health", "/ready", "/metrics", "/openapi.json",
            "/", "/app.js", "/web/{file}", "/api/books/{venue}/{symbol}/heatmap", "/api/history", "/api/history/{venue}/{symbol}",
            "/api/history/{venue}/{symbol}/heatmap", "/api/markets", "/api/markets/{marketId}",
            "/api/markets/{marketId}/stream", "/api/history/betfair/{marketId}");

    /** The catalog routes ({@link CatalogRoutes}) the pages read. */
    static final List<String> CATALOG_ROUTES = List.of("/api/sports", "/api/match/{id}", "/api/racing/schedule",
            "/api/racing/races/{raceId}", "/api/racing/races/{raceId}/stream");

    /** A server as {@code serve --betfair-... --data DIR} wires it: Betfair market routes and history routes too. */
    void startWhole() throws IOException {
        support = new BetfairServeSupport(BetfairCacheConfig.defaults());
        ServerConfig config = ServerConfig.loopback(0);
        LiveNode.Extras extras = LiveNode.extras(support, dataDir, config);
        server = LadderServer.start(registry, config, extras.routes(), extras.bookAt());
        http = new Http(server.port());
    }

    @Test
    void headAnswersAsGetWouldWithoutABody() throws IOException {
        startWhole();
        List<String> paths = new ArrayList<>();
        for (String route : ROUTES) {
            paths.add(route.replace("{venue}", "binance").replace("{symbol}", "NOSUCH").replace("{marketId}", "1.1").replace("{side}", "a")
                    .replace("{file}", "app.js"));
            paths.add(route.replace("{venue}", "kraken").replace("{symbol}", "X").replace("{marketId}", "x").replace("{side}", "q")
                    .replace("{file}", "nope.js") + "?depth=-1&at=never&price=x");
        }
        paths.add("/no/such/route");
        for (String path : paths) {
            Http.Response get = http.get(path);
            Http.Response head = http.head(path);
            assertThat(head.status()).as("HEAD " + path + " (GET says " + get.body() + ")").isEqualTo(get.status());
            assertThat(head.contentType()).as(path).isEqualTo(get.contentType());
            assertThat(head.body()).as(path).isEmpty();
        }
        assertThat(http.head("/api/books/binance/NOSUCH").status()).isEqualTo(404);
    }

    @Test
    void openApiDocumentDescribesEveryRouteAndEveryParameterTheRoutesRead() throws IOException {
        startWhole();
        Http.Response r = http.get("/openapi.json");
        assertThat(r.status()).isEqualTo(200);
        JsonNode doc = r.json();
        assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
        List<String> paths = new ArrayList<>();
        doc.get("paths").fieldNames().forEachRemaining(paths::add);
        assertThat(paths).containsExactlyInAnyOrderElementsOf(ROUTES);
        for (String route : ROUTES) {
            // each route answers (not a 404 from the router) where it needs no book
            if (!route.contains("{")) {
                assertThat(http.get(route).status()).as(route).isIn(200, 503);
            }
            // and every documented route is routed: an unknown book or market is a JSON 404 of the handler
            String path = route.replace("{venue}", "binance").replace("{symbol}", "NOSUCH").replace("{marketId}", "1.1")
                    .replace("{side}", "a").replace("{file}", "nothing.js");
            Http.Response answer = http.get(path);
            assertThat(answer.body()).as(path).doesNotContain("no route");
        }
        // every query parameter a handler reads is documented on its route
        assertThat(params(doc, "/api/books/{venue}/{symbol}")).containsExactlyInAnyOrder("venue", "symbol", "depth", "at");
        assertThat(params(doc, "/api/history/{venue}/{symbol}")).containsExactlyInAnyOrder("venue", "symbol", "depth", "at");
        for (String heatmap : List.of("/api/history/{venue}/{symbol}/heatmap", "/api/books/{venue}/{symbol}/heatmap")) {
            assertThat(params(doc, heatmap)).containsExactlyInAnyOrder("venue", "symbol", "from", "to", "timeBuckets",
                    "priceBuckets", "side", "priceMin", "priceMax", "band", "format", "mode", "width", "height", "selectionId");
        }
        assertThat(params(doc, "/api/markets")).containsExactlyInAnyOrder("eventTypeId", "marketType", "status", "inPlay");
        assertThat(params(doc, "/api/markets/{marketId}")).containsExactlyInAnyOrder("marketId", "depth", "at");
        assertThat(params(doc, "/api/history/betfair/{marketId}")).containsExactlyInAnyOrder("marketId", "depth", "at");
        assertThat(params(doc, "/api/markets/{marketId}/stream")).containsExactlyInAnyOrder("marketId", "depth");
        assertThat(params(doc, "/api/books/{venue}/{symbol}/volume")).containsExactlyInAnyOrder("venue", "symbol", "side", "price", "op");
        assertThat(params(doc, "/api/books/{venue}/{symbol}/fill")).containsExactlyInAnyOrder("venue", "symbol", "side", "size");
        assertThat(params(doc, "/api/books/{venue}/{symbol}/trades")).containsExactlyInAnyOrder("venue", "symbol", "limit");
        assertThat(params(doc, "/volume/{side}")).containsExactlyInAnyOrder("side", "price", "operator");
        assertThat(params(doc, "/api/books/{venue}/{symbol}/stream")).containsExactlyInAnyOrder("venue", "symbol");
        // every $ref resolves
        Matcher refs = Pattern.compile("\"\\$ref\"\\s*:\\s*\"#/components/schemas/([A-Za-z]+)\"").matcher(r.body());
        while (refs.find()) {
            assertThat(doc.get("components").get("schemas").has(refs.group(1))).as(refs.group(1)).isTrue();
        }
    }

    @Test
    void everyFieldOfEveryAnswerIsInItsOpenApiSchema() throws IOException {
        LiveBook b = registry.register(InstrumentId.of(Venue.BINANCE, "BTCUSDT"), 2, 8);
        b.applySnapshot(7, BookRoutesTest.levels("100.00", "1"), BookRoutesTest.levels("101.00", "2"), 1, 2_000_000);
        start();
        JsonNode schemas = http.get("/openapi.json").json().get("components").get("schemas");
        Schemas.assertFields(schemas, "BookList", http.get("/api/books").json());
        Schemas.assertFields(schemas, "BookSummary", http.get("/api/books").json().get("books").get(0));
        Schemas.assertFields(schemas, "Book", http.get("/api/books/binance/BTCUSDT?depth=3").json());
        Schemas.assertFields(schemas, "Volume", http.get("/api/books/binance/BTCUSDT/volume?side=ask&price=101&op=lte").json());
        Schemas.assertFields(schemas, "CompatVolume", http.get("/volume/a?price=101&operator=eq").json());
        Schemas.assertFields(schemas, "Fill", http.get("/api/books/binance/BTCUSDT/fill?side=sell&size=0.5").json());
        Schemas.assertFields(schemas, "Health", http.get("/health").json());
        Schemas.assertFields(schemas, "Error", http.get("/api/books/binance/BTCUSDT?depth=0").json());
        b.applyDiff(8, 9, BookRoutesTest.levels("100.00", "0"), LevelChanges.NONE, 3, 4_000_000);
        try (SseReader sse = new SseReader(http, "/api/books/binance/BTCUSDT/stream")) {
            Schemas.assertFields(schemas, "Book", sse.next().json());
            b.applyDiff(10, 10, BookRoutesTest.levels("99.00", "1"), LevelChanges.NONE, 5, 6_000_000);
            Schemas.assertFields(schemas, "Diff", sse.next().json());
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void betfairAnswersFitTheirOpenApiSchemas() throws Exception {
        startWhole();
        support.apply("{\"op\":\"mcm\",\"id\":1,\"clk\":\"1\",\"pt\":1700000000000,\"ct\":\"SUB_IMAGE\",\"mc\":[{\"id\":\"1.5\","
                + "\"img\":true,\"marketDefinition\":{\"eventTypeId\":\"7\",\"eventId\":\"1\",\"marketType\":\"WIN\","
                + "\"status\":\"OPEN\",\"inPlay\":false,\"bettingType\":\"ODDS\",\"version\":1,\"numberOfWinners\":1,"
                + "\"runners\":[{\"id\":11,\"sortPriority\":1,\"status\":\"ACTIVE\",\"name\":\"A\"}]},"
                + "\"rc\":[{\"id\":11,\"atb\":[[2.0,10]],\"atl\":[[2.02,5]],\"trd\":[[2.0,3]],\"ltp\":2.0,\"tv\":3}]}]}");
        JsonNode schemas = http.get("/openapi.json").json().get("components").get("schemas");
        JsonNode list = http.get("/api/markets").json();
        Schemas.assertFields(schemas, "MarketList", list);
        Schemas.assertFields(schemas, "MarketSummary", list.get("markets").get(0));
        JsonNode market = http.get("/api/markets/1.5?depth=3").json();
        Schemas.assertFields(schemas, "Market", market);
        Schemas.assertFields(schemas, "Runner", market.get("runners").get(0));
        assertThat(market.get("runners").get(0).get("bestBack").get("price").asText()).isEqualTo("2");
        Schemas.assertFields(schemas, "Error", http.get("/api/markets/1.5?depth=0").json());
        registry.setBetfairStatus(() -> new BookRegistry.FeedStatus(false, 1));
        Http.Response health = http.get("/health");
        assertThat(health.status()).as("alive").isEqualTo(200);
        assertThat(health.json().get("status").asText()).as("no subscription: degraded").isEqualTo("degraded");
        assertThat(http.get("/ready").status()).as("no subscription: not ready").isEqualTo(503);
        Schemas.assertFields(schemas, "Health", health.json());
        assertThat(health.json().get("betfair").get("markets").asInt()).isEqualTo(1);
        registry.setBetfairStatus(() -> new BookRegistry.FeedStatus(true, 1));
        assertThat(http.get("/health").status()).isEqualTo(200);
        Schemas.assertFields(schemas, "Error", http.get("/api/books/binance/BTCUSDT?at=yesterday").json());
    }

    @Test
    void theWebPageUsesOnlyDocumentedRoutes() throws IOException {
        startWhole();
        String page = http.get("/").body();
        assertThat(page).contains("/app.js").contains("id=\"view\"");
        StringBuilder all = new StringBuilder(http.get("/app.js").body());
        for (String module : LadderServer.WEB_ASSETS) {
            Http.Response r = http.get("/web/" + module);
            assertThat(r.status()).as(module).isEqualTo(200);
            all.append(r.body());
        }
        String js = all.toString();
        Matcher used = Pattern.compile("'(/api/[^']*)'").matcher(js);
        List<String> paths = new ArrayList<>();
        while (used.find()) {
            paths.add(used.group(1).replaceAll("\\?.*", ""));
        }
        assertThat(paths).contains("/api/books", "/api/markets", "/api/markets/", "/api/history", "/api/books/",
                "/api/racing/schedule", "/api/racing/races/", "/api/sports", "/api/match/");
        for (String p : paths) {
            assertThat(ROUTES.stream().anyMatch(r -> r.startsWith(p)) || CATALOG_ROUTES.stream().anyMatch(r -> r.startsWith(p)))
                    .as(p).isTrue();
        }
        assertThat(js).contains("'/stream?depth=3'").contains("addEventListener('snapshot'").contains("addEventListener('diff'")
                .contains("previousUpdateId").contains("r.ltp").contains("r.tv");
        Matcher imports = Pattern.compile("from '/web/([^']+)'").matcher(js);
        while (imports.find()) {
            assertThat(LadderServer.WEB_ASSETS).as("imported module").contains(imports.group(1));
        }
    }


    static List<String> params(JsonNode doc, String path) {
        List<String> names = new ArrayList<>();
        for (JsonNode p : doc.get("paths").get(path).get("get").get("parameters")) {
            names.add(p.get("name").asText());
        }
        return names;
    }
}
