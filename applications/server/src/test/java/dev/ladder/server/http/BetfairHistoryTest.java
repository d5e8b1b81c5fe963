package dev.ladder.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.betfair.BetfairCacheConfig;
import dev.ladder.betfair.BetfairHistoricalReader;
import dev.ladder.betfair.BetfairMarket;
import dev.ladder.betfair.BetfairMarketCache;
import dev.ladder.betfair.BetfairStreamDecoder;
import dev.ladder.book.ladder.PriceSizeLadder;
import dev.ladder.book.ladder.RunnerLadder;
import dev.ladder.core.SharedData;
import dev.ladder.core.Times;
import dev.ladder.server.live.BookRegistry;
import dev.ladder.server.live.LadderMetrics;
import dev.ladder.server.testing.Cli;
import dev.ladder.server.testing.Fixtures;
import dev.ladder.server.testing.Http;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Betfair markets at a past instant and runner heatmaps, from a journal made by {@code ladder journal
 * import} of a real historical file, checked against the file replayed independently (up to the same
 * publish time) through a plain market cache.
 */
class BetfairHistoryTest {
    static final String MARKET = "1.185781277";

    @TempDir
    static Path dir;
    static Path file;
    static LadderServer server;
    static Http http;

    @BeforeAll
    static void setUp() throws IOException {
        file = SharedData.resolve(Fixtures.BETFAIR_FILE);
        Assumptions.assumeTrue(file != null, SharedData.skipReason(Fixtures.BETFAIR_FILE));
        Cli.Run r = Cli.run("journal", "import", "--data", dir.toString(), file.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("betfair:" + MARKET + " records=");
        ServerConfig config = ServerConfig.loopback(0);
        server = LadderServer.start(new BookRegistry(new LadderMetrics()), config,
                List.of(routes -> HistoryRoutes.install(routes, dir, config)));
        http = new Http(server.port());
    }

    @AfterAll
    static void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    /** The market of the file after every line with publish time {@code <= atMillis}. */
    static BetfairMarket fileMarketAt(long atMillis) throws IOException {
        BetfairMarketCache cache = new BetfairMarketCache(BetfairCacheConfig.keepAll());
        BetfairStreamDecoder decoder = new BetfairStreamDecoder(cache);
        new BetfairHistoricalReader().read(file, (source, n, b, off, len) -> {
            String line = new String(b, off, len, StandardCharsets.UTF_8);
            int i = line.indexOf("\"pt\":");
            long pt = i < 0 ? 0 : Long.parseLong(line.substring(i + 5).replaceAll("^(\\d+).*$", "$1"));
            if (pt > atMillis) {
                return false;
            }
            decoder.decode(b, off, len);
            return true;
        });
        return cache.market(MARKET);
    }

    @Test
    void marketAtAnInstantEqualsTheFileReplayedToThatPublishTime() throws Exception {
        for (String at : new String[] {"2021-07-30T05:38:00Z", "1627623514849", "2021-07-30T06:00:00Z"}) {
            Http.Response res = http.get("/api/history/betfair/" + MARKET + "?depth=5&at=" + at);
            assertThat(res.status()).as(res.body()).isEqualTo(200);
            ObjectNode got = (ObjectNode) res.json();
            assertThat(got.remove("at").asText()).isEqualTo(Times.format(Times.parseNanos(at)));
            assertThat(got.remove("skipped")).as("an undamaged journal skips nothing").isEmpty();
            JsonNode expected = Http.MAPPER.readTree(BetfairRoutes.detail(fileMarketAt(Times.parseMillis(at)), 5));
            assertThat(got).isEqualTo(expected);
            assertThat(got.get("runners")).isNotEmpty();
        }
    }

    @Test
    void runnerHeatmapRowsSumTheRunnersOffersAtEachSampleInstant() throws Exception {
        BetfairMarket end = fileMarketAt(Long.MAX_VALUE);
        long selection = end.runners().getFirst().selectionId();
        String from = "2021-07-30T05:20:00Z";
        String to = "2021-07-30T06:30:00Z";
        Http.Response res = http.get("/api/history/betfair/" + MARKET + "/heatmap?selectionId=" + selection + "&from=" + from
                + "&to=" + to + "&timeBuckets=6&priceBuckets=50&priceMin=1.01&priceMax=1000");
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        JsonNode h = res.json();
        assertThat(h.get("selectionId").asLong()).isEqualTo(selection);
        assertThat(h.get("priceMin").asText()).isEqualTo("1.01");
        int nonEmpty = 0;
        for (int t = 0; t < 6; t++) {
            long sampleMs = h.get("sampleTimes").get(t).asLong();
            BetfairMarket m = fileMarketAt(sampleMs);
            long expected = 0;
            if (m != null) {
                for (RunnerLadder r : m.runners()) {
                    if (r.selectionId() == selection) {
                        expected = sum(r.atb()) + sum(r.atl());
                    }
                }
            }
            long got = 0;
            for (JsonNode cell : h.get("cells").get(t)) {
                got += Math.round(Double.parseDouble(cell.asText()) * 100);
            }
            assertThat(got).as("row " + t + " at " + sampleMs).isEqualTo(expected);
            nonEmpty += expected > 0 ? 1 : 0;
        }
        assertThat(nonEmpty).isPositive();
        Http.Response png = http.get("/api/history/betfair/" + MARKET + "/heatmap?selectionId=" + selection + "&from=" + from
                + "&to=" + to + "&format=png");
        assertThat(png.status()).isEqualTo(200);
        assertThat(png.contentType()).isEqualTo("image/png");
    }

    @Test
    void errorsNameTheProblem() {
        String base = "/api/history/betfair/" + MARKET + "/heatmap?from=2021-07-30T05:20:00Z&to=2021-07-30T06:00:00Z";
        Http.Response noRunner = http.get(base);
        assertThat(noRunner.status()).isEqualTo(400);
        assertThat(noRunner.json().get("parameter").asText()).isEqualTo("selectionId");
        assertThat(http.get(base + "&selectionId=abc").status()).isEqualTo(400);
        assertThat(http.get(base + "&selectionId=1").status()).isEqualTo(404);
        assertThat(http.get("/api/history/betfair/1.1?at=2021-07-30T05:00:00Z").status()).isEqualTo(404);
        assertThat(http.get("/api/history/betfair/" + MARKET + "?at=2001-01-01T00:00:00Z").status()).isEqualTo(404);
        assertThat(http.get("/api/history/betfair/" + MARKET + "?at=later").json().get("parameter").asText()).isEqualTo("at");
    }

    private static long sum(PriceSizeLadder l) {
        long s = 0;
        for (int i = 0; i < l.depth(); i++) {
            s += l.size(i);
        }
        return s;
    }
}
