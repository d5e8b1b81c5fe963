package dev.ladder.binance.sim;

import dev.ladder.binance.BinanceDecoder;
import dev.ladder.binance.DepthSnapshot;
import dev.ladder.binance.ExchangeInfoDecoder;
import dev.ladder.binance.SymbolInfo;
import dev.ladder.core.Clock;
import dev.ladder.core.Venue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The simulator's wire protocol over real HTTP and websockets on 127.0.0.1. */
class BinanceSimulatorTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private BinanceSimulator sim;

    @AfterEach
    void close() {
        if (sim != null) {
            sim.close();
        }
        http.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sim.restBaseUri() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sim.restBaseUri() + path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void depthWeightsFollowBinanceDocs() {
        assertThat(BinanceSimulator.depthWeight(100, false)).isEqualTo(5);
        assertThat(BinanceSimulator.depthWeight(1000, false)).isEqualTo(50);
        assertThat(BinanceSimulator.depthWeight(5000, false)).isEqualTo(250);
        assertThat(BinanceSimulator.depthWeight(1000, true)).isEqualTo(20);
    }

    @Test
    void restDepthAnswersLikeBinanceWithWeightsAndErrors() throws Exception {
        sim = BinanceSimulator.start(SimulatorConfig.spot(List.of("BTCUSDT")).withWeightLimitPerMinute(120).withStartPaused(true),
                Clock.system());
        HttpResponse<String> ok = get("/api/v3/depth?symbol=btcusdt&limit=5");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("X-MBX-USED-WEIGHT-1M")).isPresent();
        DepthSnapshot s = new BinanceDecoder().decodeSnapshot(ok.body(), "BTCUSDT");
        assertThat(s.lastUpdateId()).isEqualTo(sim.lastUpdateId("BTCUSDT"));
        assertThat(s.bids().count()).isEqualTo(5);
        assertThat(s.bids().price(0)).isEqualTo(sim.book("BTCUSDT").bestPrice(dev.ladder.core.Side.BID));

        assertThat(get("/api/v3/depth").body()).contains("-1102");
        HttpResponse<String> unknown = get("/api/v3/depth?symbol=NOPE");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).isEqualTo("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");

        HttpResponse<String> heavy = get("/api/v3/depth?symbol=BTCUSDT&limit=5000");
        assertThat(heavy.statusCode()).isEqualTo(429);
        assertThat(heavy.headers().firstValue("Retry-After")).isPresent();
        assertThat(heavy.body()).contains("-1003");

        sim.rejectRest(1, 418, 7);
        HttpResponse<String> banned = get("/api/v3/depth?symbol=BTCUSDT&limit=5");
        assertThat(banned.statusCode()).isEqualTo(418);
        assertThat(banned.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(sim.stats().restRejected()).isEqualTo(2);
    }

    @Test
    void exchangeInfoDecodesWithTickAndStepSizes() throws Exception {
        sim = BinanceSimulator.start(SimulatorConfig.spot(List.of("BTCUSDT", "ETHBTC")).withStartPaused(true), Clock.system());
        HttpResponse<String> r = get("/api/v3/exchangeInfo");
        assertThat(r.statusCode()).isEqualTo(200);
        Map<String, SymbolInfo> info = ExchangeInfoDecoder.decode(r.body());
        assertThat(info).containsKeys("BTCUSDT", "ETHBTC");
        assertThat(r.body()).contains("\"baseAsset\":\"ETH\",\"baseAssetPrecision\":8,\"quoteAsset\":\"BTC\"");
    }

    @Test
    void futuresServesFapiPaths() throws Exception {
        sim = BinanceSimulator.start(SimulatorConfig.futures(List.of("BTCUSDT")).withStartPaused(true), Clock.system());
        assertThat(sim.config().venue()).isEqualTo(Venue.BINANCE_FUTURES);
        HttpResponse<String> r = get("/fapi/v1/depth?symbol=BTCUSDT&limit=5000");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"T\":");
        assertThat(get("/api/v3/depth?symbol=BTCUSDT").statusCode()).isEqualTo(404);
    }

    @Test
    void websocketSubscribeAnswersAndStreamsInBothShapes() throws Exception {
        sim = BinanceSimulator.start(SimulatorConfig.spot(List.of("BTCUSDT")).withFaultRoutes(true), Clock.system());
        List<String> raw = new CopyOnWriteArrayList<>();
        List<String> combined = new CopyOnWriteArrayList<>();
        WebSocket single = open(URI.create(sim.wsBaseUri() + "/ws/btcusdt@depth@100ms"), raw);
        WebSocket multi = open(URI.create(sim.wsBaseUri() + "/stream"), combined);
        multi.sendText("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@bookTicker\",\"btcusdt@depth\"],\"id\":7}", true)
                .get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> raw.size() > 3 && combined.stream().anyMatch(m -> m.contains("@depth\"")));
        assertThat(combined.getFirst()).isEqualTo("{\"result\":null,\"id\":7}");
        assertThat(raw.getFirst()).startsWith("{\"e\":\"depthUpdate\"");
        assertThat(combined).anyMatch(m -> m.startsWith("{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":"));

        multi.sendText("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":8}", true).get(5, TimeUnit.SECONDS);
        multi.sendText("{\"method\":\"NOPE\",\"id\":9}", true).get(5, TimeUnit.SECONDS);
        multi.sendText("not json", true).get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(30)).until(() -> combined.stream().anyMatch(m -> m.contains("\"code\":3")));
        assertThat(combined).anyMatch(m -> m.startsWith("{\"result\":[") && m.contains("btcusdt@bookTicker") && m.endsWith("\"id\":8}"));
        assertThat(combined).anyMatch(m -> m.startsWith("{\"code\":2") && m.contains("\"id\":9"));

        assertThat(post("/sim/close").body()).isEqualTo("closed 2");
        single.abort();
        multi.abort();
    }

    @Test
    void controlAndFaultRoutesAreOffUnlessAskedFor() throws Exception {
        sim = BinanceSimulator.start(SimulatorConfig.spot(List.of("BTCUSDT")), Clock.system());
        await().atMost(Duration.ofSeconds(30)).until(() -> sim.lastUpdateId("BTCUSDT") > 1_000_010);
        for (String path : List.of("/sim/pause", "/sim/close", "/sim/stall?ms=10", "/sim/reject", "/sim/faults?drop=1")) {
            HttpResponse<String> r = post(path);
            assertThat(r.statusCode()).as(path).isEqualTo(403);
            assertThat(r.body()).contains("--faults");
        }
        assertThat(sim.isPaused()).isFalse();
        assertThat(sim.faults()).isEqualTo(FaultConfig.NONE);
        assertThat(get("/sim/state").statusCode()).isEqualTo(200);
    }

    @Test
    void pauseIsAQuiescentPointAndTheControlApiSwitchesFaults() throws Exception {
        sim = BinanceSimulator.start(SimulatorConfig.spot(List.of("BTCUSDT")).withFaultRoutes(true), Clock.system());
        await().atMost(Duration.ofSeconds(30)).until(() -> sim.lastUpdateId("BTCUSDT") > 1_000_100);
        assertThat(post("/sim/pause").statusCode()).isEqualTo(200);
        long id = sim.lastUpdateId("BTCUSDT");
        assertThat(get("/sim/state").body()).contains("\"BTCUSDT\":" + id).contains("\"paused\":true");
        sim.step();
        assertThat(sim.lastUpdateId("BTCUSDT")).isGreaterThan(id);
        assertThat(post("/sim/faults?drop=0.5&delayMs=20").statusCode()).isEqualTo(200);
        assertThat(sim.faults()).isEqualTo(new FaultConfig(0.5, 0, 0, 0, Duration.ofMillis(20)));
        assertThat(post("/sim/faults?drop=2").statusCode()).isEqualTo(400);
        assertThat(post("/sim/resume").statusCode()).isEqualTo(200);
        assertThat(sim.isPaused()).isFalse();
    }

    private WebSocket open(URI uri, List<String> sink) throws Exception {
        return http.newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                sink.add(data.toString());
                ws.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
    }
}
