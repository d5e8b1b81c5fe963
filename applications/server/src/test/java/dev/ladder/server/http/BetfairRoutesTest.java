package dev.ladder.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.betfair.BetfairCacheConfig;
import dev.ladder.betfair.BetfairStreamConfig;
import dev.ladder.betfair.BetfairStreamListener;
import dev.ladder.betfair.MarketFilter;
import dev.ladder.betfair.MarketSubscription;
import dev.ladder.betfair.SessionProvider;
import dev.ladder.betfair.sim.BetfairSimulator;
import dev.ladder.betfair.sim.BetfairSimulatorConfig;
import dev.ladder.betfair.sim.SimMarketModel;
import dev.ladder.core.Clock;
import dev.ladder.server.live.BetfairServeSupport;
import dev.ladder.server.testing.Http;
import dev.ladder.server.testing.SseReader;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Betfair market routes over real HTTP, fed by our stream client from our simulator. */
class BetfairRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private BetfairSimulator sim;
    private BetfairServeSupport support;
    private Javalin app;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void setUp() throws Exception {
        sim = new BetfairSimulator(BetfairSimulatorConfig.defaults().withLimits(64 * 1024, 200, 10_000, 50),
                Clock.system()).start();
        sim.addModel(new SimMarketModel("1.800000001", "7", 5, 5, 0, 0, 0, 1));
        sim.addModel(new SimMarketModel("1.800000002", "4339", 4, 5, 3, 0, 0, 2));
        support = new BetfairServeSupport(BetfairCacheConfig.defaults());
        support.connect(BetfairStreamConfig.local("127.0.0.1", sim.port(),
                        MarketSubscription.of(MarketFilter.all()).withHeartbeatMs(200)),
                SessionProvider.fixed("k", "s"), new BetfairStreamListener() { }, Clock.system());
        ServerConfig config = ServerConfig.loopback(0);
        app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.host = "127.0.0.1";
            cfg.jetty.port = 0;
            BetfairRoutes.install(cfg.routes, support, config);
            cfg.routes.exception(ApiException.class, (e, ctx) -> ctx.status(e.status()).result(e.getMessage()));
        }).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> support.markets().size() == 2);
    }

    @AfterEach
    void tearDown() {
        if (app != null) {
            app.stop();
        }
        support.close();
        sim.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode getJson(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void listsAndFiltersMarkets() throws Exception {
        assertThat(getJson("/api/markets").get("markets")).hasSize(2);
        JsonNode horses = getJson("/api/markets?eventTypeId=7").get("markets");
        assertThat(horses).hasSize(1);
        assertThat(horses.get(0).get("marketId").asText()).isEqualTo("1.800000001");
        assertThat(horses.get(0).get("status").asText()).isEqualTo("OPEN");
        assertThat(getJson("/api/markets?status=open,suspended").get("markets")).hasSize(2);
        assertThat(getJson("/api/markets?status=CLOSED").get("markets")).isEmpty();
        assertThat(getJson("/api/markets?inPlay=true").get("markets")).isEmpty();
        for (int i = 0; i < 3; i++) {
            sim.stepModels();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(getJson("/api/markets?inPlay=true").get("markets")).hasSize(1));
        assertThat(get("/api/markets?inPlay=maybe").statusCode()).isEqualTo(400);
        assertThat(get("/api/markets?status=RUNNING").statusCode()).isEqualTo(400);
    }

    @Test
    void marketDetailHasLaddersBestPricesAndOverround() throws Exception {
        for (int i = 0; i < 30; i++) {
            sim.stepModels();
        }
        JsonNode m = getJson("/api/markets/1.800000001?depth=2");
        assertThat(m.get("marketId").asText()).isEqualTo("1.800000001");
        assertThat(m.get("definition").get("priceLadder").asText()).isEqualTo("CLASSIC");
        assertThat(m.get("runners")).hasSize(5);
        double backBook = 0;
        for (JsonNode r : m.get("runners")) {
            assertThat(r.get("back")).hasSize(2);
            assertThat(r.get("lay")).hasSize(2);
            assertThat(r.get("bestBack").get("price").asText()).isEqualTo(r.get("back").get(0).get(0).asText());
            assertThat(new java.math.BigDecimal(r.get("back").get(0).get(0).asText()))
                    .isGreaterThan(new java.math.BigDecimal(r.get("back").get(1).get(0).asText()));
            assertThat(new java.math.BigDecimal(r.get("lay").get(0).get(0).asText()))
                    .isLessThan(new java.math.BigDecimal(r.get("lay").get(1).get(0).asText()))
                    .isGreaterThan(new java.math.BigDecimal(r.get("bestBack").get("price").asText()));
            backBook += 100 / Double.parseDouble(r.get("bestBack").get("price").asText());
        }
        assertThat(Double.parseDouble(m.get("backOverround").asText())).isCloseTo(backBook, org.assertj.core.data.Offset.offset(0.01));
        assertThat(m.get("layOverround").asText()).matches("\\d+(\\.\\d{1,2})?");
        assertThat(get("/api/markets/1.999").statusCode()).isEqualTo(404);
        assertThat(get("/api/markets/1.800000001?depth=0").statusCode()).isEqualTo(400);
    }

    /**
     * The market stream sends a snapshot, then diffs that hold only the runners that changed, chained
     * by update count; applying them in the client rebuilds exactly what the market route answers.
     */
    @Test
    void streamSendsASnapshotThenRunnerDiffsThatRebuildTheMarket() throws Exception {
        String id = "1.800000001";
        Thread stepper = Thread.ofVirtual().start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(30);
                    sim.stepModels();
                }
            } catch (InterruptedException ignored) {
                // done
            }
        });
        Http h = new Http(app.port());
        try (SseReader sse = new SseReader(h, "/api/markets/" + id + "/stream?depth=3")) {
            assertThat(sse.status()).isEqualTo(200);
            assertThat(sse.contentType()).startsWith("text/event-stream");
            SseReader.Event first = sse.next();
            assertThat(first.name()).isEqualTo("snapshot");
            ObjectNode market = (ObjectNode) JSON.readTree(first.data());
            Map<String, JsonNode> runners = new LinkedHashMap<>();
            market.remove("runners").forEach(r -> runners.put(key(r), r));
            long last = Long.parseLong(first.id());
            int diffs = 0;
            int partial = 0;
            while (diffs < 40) {
                SseReader.Event e = sse.next();
                assertThat(e.name()).isEqualTo("diff");
                JsonNode d = JSON.readTree(e.data());
                assertThat(d.get("previousUpdate").asLong()).as("chained to the event before").isEqualTo(last);
                assertThat(d.get("update").asLong()).isEqualTo(Long.parseLong(e.id())).isGreaterThan(last);
                last = d.get("update").asLong();
                if (d.has("market")) {
                    market = (ObjectNode) d.get("market");
                }
                d.get("runners").forEach(r -> runners.put(key(r), r));
                d.get("removed").forEach(k -> runners.remove(k.asText()));
                if (d.get("runners").size() < runners.size()) {
                    partial++;
                }
                diffs++;
            }
            stepper.interrupt();
            stepper.join();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                long u = support.market(id).updates();
                Thread.sleep(300);
                return support.market(id).updates() == u;
            });
            long finalUpdate = support.market(id).updates();
            JsonNode rest = getJson("/api/markets/" + id + "?depth=3");
            while (last < finalUpdate) {
                JsonNode d = JSON.readTree(sse.next().data());
                assertThat(d.get("previousUpdate").asLong()).isEqualTo(last);
                last = d.get("update").asLong();
                if (d.has("market")) {
                    market = (ObjectNode) d.get("market");
                }
                d.get("runners").forEach(r -> runners.put(key(r), r));
                d.get("removed").forEach(k -> runners.remove(k.asText()));
            }
            market.putArray("runners").addAll(runners.values());
            assertThat(market).isEqualTo(rest);
            assertThat(partial).as("diffs carry only the runners that changed").isPositive();
        } finally {
            stepper.interrupt();
        }
    }

    private static String key(JsonNode runner) {
        return runner.get("selectionId").asText() + ":" + runner.get("hc").asText();
    }
}
