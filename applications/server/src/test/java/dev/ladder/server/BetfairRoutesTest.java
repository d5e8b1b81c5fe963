package dev.ladder.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ladder.betfair.BetfairCacheConfig;
import dev.ladder.betfair.sim.BetfairSimulator;
import dev.ladder.betfair.sim.BetfairSimulatorConfig;
import dev.ladder.betfair.BetfairStreamConfig;
import dev.ladder.betfair.BetfairStreamListener;
import dev.ladder.betfair.MarketFilter;
import dev.ladder.betfair.MarketSubscription;
import dev.ladder.betfair.SessionProvider;
import dev.ladder.betfair.sim.SimMarketModel;
import dev.ladder.core.Clock;
import io.javalin.Javalin;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    @Test
    void streamSendsASnapshotThenOneAfterChanges() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port()
                + "/api/markets/1.800000001/stream?depth=1")).header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> res = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<String> ids = new ArrayList<>();
        Thread stepper = Thread.ofVirtual().start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(50);
                    sim.stepModels();
                }
            } catch (InterruptedException ignored) {
                // done
            }
        });
        try (BufferedReader in = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
            String line;
            String event = null;
            while (ids.size() < 3 && (line = in.readLine()) != null) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("id: ")) {
                    ids.add(line.substring(4));
                } else if (line.startsWith("data: ") && "snapshot".equals(event)) {
                    JsonNode m = JSON.readTree(line.substring(6));
                    assertThat(m.get("marketId").asText()).isEqualTo("1.800000001");
                    assertThat(m.get("runners").get(0).get("back")).hasSizeLessThanOrEqualTo(1);
                }
            }
        } finally {
            stepper.interrupt();
        }
        assertThat(ids).hasSize(3);
        assertThat(Long.parseLong(ids.get(2))).isGreaterThan(Long.parseLong(ids.get(0)));
    }
}
