package dev.ladder.server.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.betfair.BetfairCacheConfig;
import dev.ladder.betfair.BetfairMarket;
import dev.ladder.betfair.BetfairMarketCache;
import dev.ladder.betfair.BetfairReplay;
import dev.ladder.betfair.BetfairStreamDecoder;
import dev.ladder.betfair.MarketFilter;
import dev.ladder.betfair.sim.BetfairSimulator;
import dev.ladder.binance.BinanceConfig;
import dev.ladder.binance.sim.BinanceSimulator;
import dev.ladder.binance.sim.SimulatorConfig;
import dev.ladder.book.OrderBook;
import dev.ladder.core.Clock;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.Venue;
import dev.ladder.server.http.BetfairRoutes;
import dev.ladder.server.http.ServerConfig;
import dev.ladder.server.live.BookState;
import dev.ladder.server.live.LiveBook;
import dev.ladder.server.testing.Cli;
import dev.ladder.server.testing.Fixtures;
import dev.ladder.server.testing.Http;
import dev.ladder.server.testing.Schemas;
import dev.ladder.server.testing.SseReader;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ladder demo} / {@code serve --data} wiring over real HTTP on loopback: the Betfair simulator's
 * markets served by the node equal the simulator's own state at a quiescent point, the market stream
 * sends a snapshot then changes, everything received is journaled (Betfair per market, exportable),
 * and the book route's {@code ?at=} and the heatmap alias answer from that journal.
 */
class ServeWiringTest {
    @TempDir
    Path dir;

    @Test
    void betfairMarketsServedEqualTheSimulatorsAndTheJournalExportsThemBack() throws Exception {
        Path data = dir.resolve("data");
        List<String> ids = List.of("1.900000001", "1.900000002");
        Map<String, JsonNode> served = new HashMap<>();
        try (BetfairSimulator sim = DemoVenues.startBetfair(ids.size(), 5, 7);
             LiveNode node = LiveNode.start(List.of(), DemoVenues.betfairSource(sim, MarketFilter.all()), data,
                     ServerConfig.loopback(0), null, Clock.system(), List.of())) {
            Http http = new Http(node.port());
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                    http.get("/api/markets").json().get("markets").size() == ids.size());
            try (SseReader sse = new SseReader(http, "/api/markets/1.900000001/stream?depth=3")) {
                SseReader.Event first = sse.next();
                assertThat(first.name()).isEqualTo("snapshot");
                assertThat(first.json().get("runners").size()).isEqualTo(5);
                long firstId = Long.parseLong(first.id());
                // the market moves: the stream sends a diff of what changed, chained to the snapshot
                for (int step = 0; step < 40; step++) {
                    sim.stepModels();
                }
                SseReader.Event next = sse.next();
                assertThat(next.name()).isEqualTo("diff");
                assertThat(Long.parseLong(next.id())).isGreaterThan(firstId);
                assertThat(next.json().get("previousUpdate").asLong()).isEqualTo(firstId);
            }
            // quiescent: nothing is published until the client has seen the simulator's last message
            String clk = sim.clk();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> clk.equals(node.betfairClient().clk()));
            for (String id : ids) {
                JsonNode market = http.get("/api/markets/" + id + "?depth=350").json();
                served.put(id, market);
                assertThat(market.get("status").asText()).isEqualTo("OPEN");
                assertThat(market.get("runners").size()).isEqualTo(5);
                assertThat(market.get("runners").get(0).get("bestBack").get("price").asText()).isNotEmpty();
                assertThat(market.get("runners").get(0).get("bestLay").get("price").asText()).isNotEmpty();
                assertThat(canonical(market)).as(id).isEqualTo(simulatorView(Objects.requireNonNull(sim.marketState(id))));
            }
            assertThat(http.get("/metrics").body()).contains("ladder_bad_fields_total{venue=\"betfair\"} 0.0");
            // a dropped connection: the client reconnects, resumes with its clk, and ends equal again
            sim.disconnectAll();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                    http.get("/metrics").body().contains("ladder_reconnects_total{venue=\"betfair\"} 1.0"));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> node.betfairClient().isSubscribed());
            for (int step = 0; step < 20; step++) {
                sim.stepModels();
            }
            String after = sim.clk();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> after.equals(node.betfairClient().clk()));
            for (String id : ids) {
                JsonNode market = http.get("/api/markets/" + id + "?depth=350").json();
                served.put(id, market);
                assertThat(canonical(market)).as(id + " after the reconnect")
                        .isEqualTo(simulatorView(Objects.requireNonNull(sim.marketState(id))));
            }
            assertThat(http.get("/api/markets?eventTypeId=4339").json().get("markets").size()).isEqualTo(1);
            Http.Response health = http.get("/health");
            assertThat(health.status()).as(health.body()).isEqualTo(200);
            assertThat(health.json().get("betfair").get("subscribed").asBoolean()).isTrue();
            assertThat(health.json().get("betfair").get("markets").asInt()).isEqualTo(ids.size());
            assertThat(http.get("/metrics").body()).containsPattern("ladder_messages_total\\{venue=\"betfair\"} [1-9]");
        }
        // the journal holds one stream per market, as `ladder export betfair` reads them; replaying an
        // export rebuilds the market that was served
        for (String id : ids) {
            Path out = dir.resolve(id + ".jsonl");
            Cli.Run run = Cli.run("export", "betfair", data.toString(), "--stream", "betfair:" + id,
                    "--out", out.toString());
            assertThat(run.code()).as(run.err()).isZero();
            BetfairMarketCache cache = new BetfairMarketCache(BetfairCacheConfig.defaults());
            BetfairReplay.run(List.of(out), new BetfairStreamDecoder(cache), Long.MAX_VALUE, e -> { });
            BetfairMarket replayed = cache.market(id);
            assertThat(replayed).as(id).isNotNull();
            assertThat(cache.markets()).hasSize(1);
            JsonNode fromJournal = Http.MAPPER.readTree(BetfairRoutes.detail(replayed, 350));
            assertThat(canonical(fromJournal)).as(id).isEqualTo(canonical(served.get(id)));
        }
    }

    @Test
    void bookRouteAtATimeAndHeatmapAnswerFromTheJournalTheNodeRecords() throws Exception {
        Path data = dir.resolve("data");
        SimulatorConfig simConfig = SimulatorConfig.spot(List.of("BTCUSDT")).withSeed(3).withTick(Duration.ofMillis(20));
        try (BinanceSimulator sim = BinanceSimulator.start(simConfig, Clock.system())) {
            BinanceConfig client = BinanceConfig.spot(List.of("BTCUSDT")).withBaseUris(sim.restBaseUri(), sim.wsBaseUri());
            try (LiveNode node = LiveNode.start(List.of(client), null, data, ServerConfig.loopback(0), null, Clock.system(),
                    List.of())) {
                Http http = new Http(node.port());
                LiveBook btc = node.registry().all().get(0);
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> btc.state() == BookState.LIVE);
                long start = btc.copy().lastUpdateId();
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> btc.copy().lastUpdateId() > start + 30);
                sim.pause();
                long target = sim.lastUpdateId("BTCUSDT");
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> btc.copy().lastUpdateId() == target);
                String at = Instant.now().plusSeconds(1).toString();
                // the journal catches up (group commit); then the book at that time is the simulator's
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
                    Http.Response r = http.get("/api/books/binance/BTCUSDT?depth=5000&at=" + at);
                    return r.status() == 200 && r.json().get("lastUpdateId").asLong() == target;
                });
                JsonNode past = http.get("/api/books/binance/BTCUSDT?depth=5000&at=" + at).json();
                assertThat(past.get("at").asText()).isEqualTo(at);
                OrderBook rebuilt = new OrderBook(btc.priceScale(), btc.sizeScale());
                DemoWiringTest.load(rebuilt, past, btc);
                assertThat(rebuilt.hasSameLevels(sim.book("BTCUSDT"))).isTrue();
                assertThat(http.get("/api/history/binance/BTCUSDT?depth=5000&at=" + at).json()).isEqualTo(past);
                // without at: the live book
                assertThat(http.get("/api/books/binance/BTCUSDT").json().has("at")).isFalse();
                Http.Response bad = http.get("/api/books/binance/BTCUSDT?at=never");
                assertThat(bad.status()).isEqualTo(400);
                assertThat(bad.json().get("parameter").asText()).isEqualTo("at");

                String from = Instant.now().minusMillis(300).toString();
                Http.Response heatAnswer = http.get("/api/books/binance/BTCUSDT/heatmap?from=" + from + "&to=" + at
                        + "&timeBuckets=4&priceBuckets=5");
                assertThat(heatAnswer.status()).as(heatAnswer.body()).isEqualTo(200);
                JsonNode heat = heatAnswer.json();
                assertThat(heat.get("cells").size()).isEqualTo(4);
                assertThat(heat.get("cells").get(3).size()).isEqualTo(5);
                assertThat(heat).isEqualTo(http.get("/api/history/binance/BTCUSDT/heatmap?from=" + from + "&to=" + at
                        + "&timeBuckets=4&priceBuckets=5").json());
                Http.Response png = http.get("/api/books/binance/BTCUSDT/heatmap?from=" + from + "&to=" + at + "&format=png");
                assertThat(png.status()).isEqualTo(200);
                assertThat(png.contentType()).isEqualTo("image/png");
                JsonNode history = http.get("/api/history").json();
                assertThat(history.get("streams").findValuesAsText("symbol")).contains("BTCUSDT");
                // the answers fit their documented schemas
                JsonNode schemas = http.get("/openapi.json").json().get("components").get("schemas");
                Schemas.assertFields(schemas, "HistoryBook", past);
                Schemas.assertFields(schemas, "Heatmap", heat);
                Schemas.assertFields(schemas, "HistoryStreams", history);
                Schemas.assertFields(schemas, "Health", http.get("/health").json());
            }
        }
        assertThat(Fixtures.records(data, InstrumentId.of(Venue.BINANCE, "BTCUSDT"))).isPositive();
    }

    @Test
    void withoutAJournalTheBookRouteRefusesAtNamingIt() throws Exception {
        try (LiveNode node = LiveNode.start(List.of(), ServerConfig.loopback(0), null, Clock.system())) {
            Http http = new Http(node.port());
            Http.Response r = http.get("/api/books/binance/BTCUSDT?at=2026-01-01T00:00:00Z");
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.json().get("parameter").asText()).isEqualTo("at");
            assertThat(r.json().get("error").asText()).contains("--data");
            assertThat(http.get("/api/markets").status()).isEqualTo(404);
        }
    }

    /** Market tv and, per runner with data, ltp, tv and the back, lay and traded ladders (price → size). */
    static String canonical(JsonNode market) {
        StringBuilder sb = new StringBuilder("tv=" + norm(market.get("tv")) + "\n");
        Map<Long, JsonNode> runners = new TreeMap<>();
        for (JsonNode r : market.get("runners")) {
            runners.put(r.get("selectionId").asLong(), r);
        }
        for (Map.Entry<Long, JsonNode> e : runners.entrySet()) {
            JsonNode r = e.getValue();
            String atb = ladder(r.get("back"));
            String atl = ladder(r.get("lay"));
            String trd = ladder(r.get("traded"));
            if (atb.isEmpty() && atl.isEmpty() && trd.isEmpty() && r.get("ltp").isNull()) {
                continue;
            }
            sb.append(e.getKey()).append(" ltp=").append(norm(r.get("ltp"))).append(" tv=").append(norm(r.get("tv")))
                    .append(" atb:").append(atb).append(" atl:").append(atl).append(" trd:").append(trd).append('\n');
        }
        return sb.toString();
    }

    /** The same view of {@link BetfairSimulator#marketState}'s text. */
    static String simulatorView(String state) {
        String[] lines = state.split("\n");
        StringBuilder sb = new StringBuilder("tv=" + lines[0].substring(lines[0].indexOf("tv=") + 3) + "\n");
        String runner = null;
        Map<String, String> ladders = new HashMap<>();
        for (int i = 1; i <= lines.length; i++) {
            String line = i < lines.length ? lines[i] : " runner end";
            if (line.startsWith(" runner ")) {
                if (runner != null) {
                    String[] f = runner.trim().split(" ");
                    sb.append(f[1]).append(' ').append(f[2]).append(' ').append(f[3])
                            .append(" atb:").append(ladders.getOrDefault("atb", "")).append(" atl:")
                            .append(ladders.getOrDefault("atl", "")).append(" trd:").append(ladders.getOrDefault("trd", ""))
                            .append('\n');
                }
                runner = line;
                ladders.clear();
            } else {
                String t = line.trim();
                int colon = t.indexOf(':');
                TreeMap<BigDecimal, String> m = new TreeMap<>();
                for (String pair : t.substring(colon + 1).trim().split(" ")) {
                    if (!pair.isEmpty() && pair.contains("=") && !pair.contains("@")) {
                        String[] ps = pair.split("=");
                        m.put(new BigDecimal(ps[0]), normText(ps[1]));
                    }
                }
                ladders.put(t.substring(0, colon), join(m));
            }
        }
        return sb.toString();
    }

    private static String ladder(JsonNode levels) {
        TreeMap<BigDecimal, String> m = new TreeMap<>();
        for (JsonNode l : levels) {
            if (new BigDecimal(l.get(1).asText()).signum() != 0) {
                m.put(new BigDecimal(l.get(0).asText()), normText(l.get(1).asText()));
            }
        }
        return join(m);
    }

    private static String join(TreeMap<BigDecimal, String> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((p, s) -> sb.append(' ').append(p.stripTrailingZeros().toPlainString()).append('=').append(s));
        return sb.toString();
    }

    private static String norm(JsonNode v) {
        return v == null || v.isNull() ? "-" : normText(v.asText());
    }

    private static String normText(String s) {
        return new BigDecimal(s).stripTrailingZeros().toPlainString();
    }
}
