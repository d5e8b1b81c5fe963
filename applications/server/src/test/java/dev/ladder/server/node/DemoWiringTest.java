package dev.ladder.server.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.binance.BinanceConfig;
import dev.ladder.binance.sim.BinanceSimulator;
import dev.ladder.binance.sim.SimulatorConfig;
import dev.ladder.book.OrderBook;
import dev.ladder.core.Clock;
import dev.ladder.core.Decimals;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.Side;
import dev.ladder.core.Venue;
import dev.ladder.server.http.ServerConfig;
import dev.ladder.server.live.BookState;
import dev.ladder.server.live.LiveBook;
import dev.ladder.server.testing.Http;
import dev.ladder.server.testing.SseReader;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * End to end in one JVM on loopback, as {@code ladder demo} wires it: simulator → client → registry →
 * HTTP and SSE. At a quiescent point the server's book, its HTTP answer and a stream client's mirror
 * all equal the simulator's own book.
 */
class DemoWiringTest {
    static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT");

    @Test
    void serverBooksEqualTheSimulatorsAtAQuiescentPoint() throws Exception {
        SimulatorConfig simConfig = SimulatorConfig.spot(SYMBOLS).withSeed(11).withTick(Duration.ofMillis(20));
        try (BinanceSimulator sim = BinanceSimulator.start(simConfig, Clock.system())) {
            BinanceConfig client = BinanceConfig.spot(SYMBOLS).withBaseUris(sim.restBaseUri(), sim.wsBaseUri());
            try (LiveNode node = LiveNode.start(List.of(client), ServerConfig.loopback(0), null, Clock.system())) {
                Http http = new Http(node.port());
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                        node.registry().all().stream().allMatch(b -> b.state() == BookState.LIVE));
                LiveBook btc = node.registry().find(InstrumentId.of(Venue.BINANCE, "BTCUSDT")).orElseThrow();
                try (SseReader sse = new SseReader(http, "/api/books/binance/BTCUSDT/stream")) {
                    SseReader.Event first = sse.next();
                    assertThat(first.name()).isEqualTo("snapshot");
                    OrderBook mirror = new OrderBook(btc.priceScale(), btc.sizeScale());
                    load(mirror, first.json(), btc);
                    long mirrorId = first.json().get("lastUpdateId").asLong();
                    long startId = mirrorId;
                    // let the market move, then stop it at a quiescent point
                    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> btc.copy().lastUpdateId() > startId + 20);
                    sim.pause();
                    for (String s : SYMBOLS) {
                        long target = sim.lastUpdateId(s);
                        LiveBook live = node.registry().find(InstrumentId.of(Venue.BINANCE, s)).orElseThrow();
                        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> live.copy().lastUpdateId() == target);
                        LiveBook.Copy copy = live.copy();
                        OrderBook expected = sim.book(s);
                        assertThat(copy.book().hasSameLevels(expected)).as(s).isTrue();
                        assertThat(copy.book().depth(Side.BID)).isPositive();

                        JsonNode body = http.get("/api/books/binance/" + s + "?depth=5000").json();
                        assertThat(body.get("lastUpdateId").asLong()).isEqualTo(target);
                        OrderBook fromHttp = new OrderBook(live.priceScale(), live.sizeScale());
                        load(fromHttp, body, live);
                        assertThat(fromHttp.hasSameLevels(expected)).as(s + " over HTTP").isTrue();
                    }
                    long target = sim.lastUpdateId("BTCUSDT");
                    while (mirrorId < target) {
                        SseReader.Event e = sse.next();
                        JsonNode j = e.json();
                        if (e.name().equals("snapshot")) {
                            mirror.clear();
                        } else if (e.name().equals("diff")) {
                            assertThat(j.get("previousUpdateId").asLong()).as("diffs chain").isEqualTo(mirrorId);
                            assertThat(j.get("firstUpdateId").asLong()).isLessThanOrEqualTo(mirrorId + 1);
                        } else {
                            continue;
                        }
                        load(mirror, j, btc);
                        mirrorId = j.get("lastUpdateId").asLong();
                    }
                    assertThat(mirror.hasSameLevels(sim.book("BTCUSDT"))).as("stream mirror").isTrue();
                }
                String metrics = http.get("/metrics").body();
                assertThat(metrics).containsPattern("ladder_messages_total\\{venue=\"binance\"} [1-9]");
                assertThat(metrics).containsPattern("ladder_applied_total\\{symbol=\"BTCUSDT\",venue=\"binance\"} [1-9]");
                assertThat(metrics).containsPattern("ladder_exchange_lag_seconds_count\\{symbol=\"BTCUSDT\",venue=\"binance\"} [1-9]");
                assertThat(http.get("/health").status()).isEqualTo(200);
            }
        }
    }

    @Test
    void aDroppedConnectionIsCountedAndStreamClientsGetAFreshSnapshotAfterTheResync() throws Exception {
        SimulatorConfig simConfig = SimulatorConfig.spot(List.of("BTCUSDT")).withSeed(5).withTick(Duration.ofMillis(20));
        try (BinanceSimulator sim = BinanceSimulator.start(simConfig, Clock.system())) {
            BinanceConfig client = BinanceConfig.spot(List.of("BTCUSDT")).withBaseUris(sim.restBaseUri(), sim.wsBaseUri());
            try (LiveNode node = LiveNode.start(List.of(client), ServerConfig.loopback(0), null, Clock.system())) {
                Http http = new Http(node.port());
                LiveBook btc = node.registry().all().get(0);
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> btc.state() == BookState.LIVE);
                try (SseReader sse = new SseReader(http, "/api/books/binance/BTCUSDT/stream")) {
                    assertThat(sse.next().name()).isEqualTo("snapshot");
                    Awaitility.await().until(() -> btc.subscriberCount() == 1);
                    assertThat(sim.closeConnections()).isPositive();
                    // the stream shows the resync: a state change, then a fresh snapshot
                    boolean sawResyncing = false;
                    SseReader.Event e;
                    while (!(e = sse.next()).name().equals("snapshot")) {
                        if (e.name().equals("state")) {
                            sawResyncing |= e.json().get("state").asText().equals("resyncing");
                        }
                    }
                    assertThat(sawResyncing).isTrue();
                    assertThat(e.json().get("state").asText()).isEqualTo("live");
                }
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                        http.get("/metrics").body().contains("ladder_reconnects_total{venue=\"binance\"} 1.0"));
                sim.pause();
                long target = sim.lastUpdateId("BTCUSDT");
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> btc.copy().lastUpdateId() == target);
                assertThat(btc.copy().book().hasSameLevels(sim.book("BTCUSDT"))).isTrue();
            }
        }
    }

    @Test
    void futuresBooksAreServedUnderTheirOwnVenue() throws Exception {
        SimulatorConfig simConfig = SimulatorConfig.futures(List.of("ETHUSDT")).withSeed(3).withTick(Duration.ofMillis(20));
        try (BinanceSimulator sim = BinanceSimulator.start(simConfig, Clock.system())) {
            BinanceConfig client = BinanceConfig.futures(List.of("ETHUSDT")).withBaseUris(sim.restBaseUri(), sim.wsBaseUri());
            try (LiveNode node = LiveNode.start(List.of(client), ServerConfig.loopback(0),
                    InstrumentId.of(Venue.BINANCE_FUTURES, "ETHUSDT"), Clock.system())) {
                Http http = new Http(node.port());
                LiveBook eth = node.registry().all().get(0);
                assertThat(eth.id().venue()).isEqualTo(Venue.BINANCE_FUTURES);
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> eth.state() == BookState.LIVE);
                sim.pause();
                long target = sim.lastUpdateId("ETHUSDT");
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> eth.copy().lastUpdateId() == target);
                JsonNode body = http.get("/api/books/binance-futures/ETHUSDT?depth=5000").json();
                OrderBook fromHttp = new OrderBook(eth.priceScale(), eth.sizeScale());
                load(fromHttp, body, eth);
                assertThat(fromHttp.hasSameLevels(sim.book("ETHUSDT"))).isTrue();
                assertThat(http.get("/volume/b?price=1000000&operator=lte").json().get("venue").asText())
                        .isEqualTo("binance-futures");
                assertThat(http.get("/api/books/binance/ETHUSDT").status()).isEqualTo(404);
            }
        }
    }

    static void load(OrderBook b, JsonNode event, LiveBook scales) {
        for (String field : new String[] {"bids", "asks"}) {
            Side side = field.equals("bids") ? Side.BID : Side.ASK;
            for (JsonNode l : event.get(field)) {
                b.set(side, Decimals.fromBigDecimal(new BigDecimal(l.get(0).asText()), scales.priceScale()),
                        Decimals.fromBigDecimal(new BigDecimal(l.get(1).asText()), scales.sizeScale()));
            }
        }
    }
}
