package dev.ladder.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.book.OrderBook;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.SharedData;
import dev.ladder.core.Side;
import dev.ladder.core.Times;
import dev.ladder.core.Venue;
import dev.ladder.journal.JournalReader;
import dev.ladder.journal.StreamInfo;
import dev.ladder.server.live.BookRegistry;
import dev.ladder.server.live.LadderMetrics;
import dev.ladder.server.replay.BookHistory;
import dev.ladder.server.testing.Cli;
import dev.ladder.server.testing.Fixtures;
import dev.ladder.server.testing.Http;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history routes over real HTTP on a journal that {@code ladder journal import} made from the real
 * BTCUSDT capture: books at a time equal the capture rebuilt up to that time, and heatmap cells equal
 * an independent bucket sum over the capture's book at sample instants.
 */
class HistoryRoutesTest {
    static final String CAPTURE = "data/binance/btcusdt_20240808.gz";
    static final InstrumentId BTC = InstrumentId.of(Venue.BINANCE, "BTCUSDT");

    @TempDir
    static Path dir;
    static Path capture;
    static LadderServer server;
    static Http http;
    static StreamInfo info;

    @BeforeAll
    static void setUp() throws Exception {
        capture = SharedData.resolve(CAPTURE);
        Assumptions.assumeTrue(capture != null, SharedData.skipReason(CAPTURE));
        Cli.Run r = Cli.run("journal", "import", "--data", dir.toString(), "--book-every", "20s",
                capture.toString());
        assertThat(r.code()).as(r.err()).isZero();
        info = new JournalReader(dir).info(BTC);
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

    static OrderBook captureBookAt(long ns) throws Exception {
        return Fixtures.captureBookAt(capture, ns);
    }

    @Test
    void bookAtEqualsTheCaptureRebuiltToThatTime() throws Exception {
        long span = info.lastNs() - info.firstNs();
        for (long at : new long[] {info.firstNs() + span / 7, info.firstNs() + span / 2 + 12_345_678L, info.lastNs()}) {
            Http.Response res = http.get("/api/history/binance/btcusdt?depth=15&at=" + at + "ns");
            assertThat(res.status()).as(res.body()).isEqualTo(200);
            JsonNode j = res.json();
            OrderBook expected = captureBookAt(at);
            assertThat(j.get("symbol").asText()).isEqualTo("BTCUSDT");
            assertThat(j.get("state").asText()).isEqualTo("live");
            assertThat(j.get("at").asText()).isEqualTo(BookHistory.instant(at));
            assertThat(Times.parseNanos(j.get("lastRecordTime").asText())).isLessThanOrEqualTo(at);
            assertThat(j.get("bidLevels").asInt()).isEqualTo(expected.depth(Side.BID));
            assertThat(j.get("askLevels").asInt()).isEqualTo(expected.depth(Side.ASK));
            for (Side s : Side.values()) {
                JsonNode levels = j.get(s == Side.BID ? "bids" : "asks");
                assertThat(levels.size()).isEqualTo(15);
                for (int i = 0; i < 15; i++) {
                    assertThat(new BigDecimal(levels.get(i).get(0).asText()))
                            .isEqualByComparingTo(BigDecimal.valueOf(expected.price(s, i), expected.priceScale()));
                    assertThat(new BigDecimal(levels.get(i).get(1).asText()))
                            .isEqualByComparingTo(BigDecimal.valueOf(expected.size(s, i), expected.sizeScale()));
                }
            }
            assertThat(new BigDecimal(j.get("bestBid").asText()))
                    .isEqualByComparingTo(BigDecimal.valueOf(expected.bestPrice(Side.BID), expected.priceScale()));
        }
        String iso = BookHistory.instant(info.firstNs() + span / 3);
        Http.Response byIso = http.get("/api/history/binance/BTCUSDT?depth=3&at=" + iso);
        Http.Response byMs = http.get("/api/history/binance/BTCUSDT?depth=3&at=" + (info.firstNs() + span / 3) / 1_000_000L);
        assertThat(byIso.status()).isEqualTo(200);
        assertThat(byMs.json().get("bids")).isEqualTo(byIso.json().get("bids"));
    }

    @Test
    void listsTheJournalStreams() {
        JsonNode s = http.get("/api/history").json().get("streams");
        assertThat(s.size()).isEqualTo(1);
        assertThat(s.get(0).get("venue").asText()).isEqualTo("binance");
        assertThat(s.get(0).get("symbol").asText()).isEqualTo("BTCUSDT");
        assertThat(s.get(0).get("from").asText()).isEqualTo(BookHistory.instant(info.firstNs()));
        assertThat(s.get(0).get("to").asText()).isEqualTo(BookHistory.instant(info.lastNs()));
        assertThat(s.get(0).get("records").asLong()).isEqualTo(info.records());
        assertThat(s.get(0).get("book").asBoolean()).isTrue();
    }

    @Test
    void heavyRequestsHaveACostBoundAndAConcurrencyLimit() throws Exception {
        String hm = "/api/history/binance/BTCUSDT/heatmap?from=" + (info.firstNs() + 5_000_000_000L) + "ns&to=" + info.lastNs() + "ns";
        Http.Response cells = http.get(hm + "&timeBuckets=2000&priceBuckets=1000");
        assertThat(cells.status()).isEqualTo(400);
        assertThat(cells.json().get("parameter").asText()).isEqualTo("priceBuckets");
        assertThat(cells.json().get("error").asText()).contains("2000000").contains("limit of " + HeavyRequests.MAX_JSON_CELLS);
        Http.Response pixels = http.get(hm + "&format=png&width=4000&height=4000");
        assertThat(pixels.status()).isEqualTo(400);
        assertThat(pixels.json().get("error").asText()).contains("limit of " + HeavyRequests.MAX_PNG_PIXELS);
        assertThat(http.get(hm + "&format=png&timeBuckets=2000&priceBuckets=1000&width=200&height=100").status())
                .as("a PNG's cost is its pixels").isEqualTo(200);

        HeavyRequests heavy = new HeavyRequests(1);
        ServerConfig config = ServerConfig.loopback(0);
        try (LadderServer busy = LadderServer.start(new BookRegistry(new LadderMetrics()), config,
                List.of(routes -> new HistoryRoutes(new JournalReader(dir), config, heavy).install(routes)))) {
            Http h = new Http(busy.port());
            String at = "/api/history/binance/BTCUSDT?at=" + info.lastNs() + "ns";
            assertThat(h.get(at).status()).isEqualTo(200);
            assertThat(heavy.tryAcquire()).isTrue();
            try {
                for (String path : List.of(at, hm, hm + "&format=png")) {
                    java.net.http.HttpResponse<String> r = h.client().send(java.net.http.HttpRequest.newBuilder(h.uri(path)).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as(path).isEqualTo(503);
                    assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
                    assertThat(r.body()).contains("busy");
                }
                assertThat(h.get("/api/history").status()).as("light routes still answer").isEqualTo(200);
            } finally {
                heavy.release();
            }
            assertThat(heavy.rejected()).isEqualTo(3);
            assertThat(h.get(at).status()).isEqualTo(200);
        }
    }

    @Test
    void errorsNameTheProblem() {
        Http.Response bad = http.get("/api/history/binance/BTCUSDT?at=yesterday");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("parameter").asText()).isEqualTo("at");
        assertThat(http.get("/api/history/binance/BTCUSDT").json().get("parameter").asText()).isEqualTo("at");
        assertThat(http.get("/api/history/binance/BTCUSDT?at=9999999999999999999").json().get("parameter").asText()).isEqualTo("at");
        assertThat(http.get("/api/history/binance/BTCUSDT?at=-5").status()).isEqualTo(400);
        assertThat(http.get("/api/history/binance/ETHUSDT?at=" + info.lastNs() + "ns").status()).isEqualTo(404);
        assertThat(http.get("/api/history/nowhere/BTCUSDT?at=" + info.lastNs() + "ns").status()).isEqualTo(404);
        Http.Response early = http.get("/api/history/binance/BTCUSDT?at=" + (info.firstNs() - 1) + "ns");
        assertThat(early.status()).isEqualTo(404);
        assertThat(early.json().get("error").asText()).contains("starts at");
        String hm = "/api/history/binance/BTCUSDT/heatmap?from=" + info.firstNs() + "ns&to=" + info.lastNs() + "ns";
        assertThat(http.get(hm + "&timeBuckets=0").json().get("parameter").asText()).isEqualTo("timeBuckets");
        assertThat(http.get(hm + "&priceBuckets=100000").json().get("parameter").asText()).isEqualTo("priceBuckets");
        assertThat(http.get(hm + "&side=up").json().get("parameter").asText()).isEqualTo("side");
        assertThat(http.get(hm + "&format=gif").json().get("parameter").asText()).isEqualTo("format");
        assertThat(http.get(hm + "&mode=mean").json().get("parameter").asText()).isEqualTo("mode");
        assertThat(http.get(hm + "&priceMin=70000&priceMax=60000").json().get("parameter").asText()).isEqualTo("priceMax");
        Http.Response backwards = http.get("/api/history/binance/BTCUSDT/heatmap?from=" + info.lastNs() + "ns&to=" + info.firstNs() + "ns");
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.json().get("parameter").asText()).isEqualTo("to");
    }

    @Test
    void heatmapCellsEqualAnIndependentSumAtSampleInstants() throws Exception {
        long from = info.firstNs() + 5_000_000_000L;
        long to = info.lastNs();
        int tb = 40;
        int pb = 25;
        Http.Response res = http.get("/api/history/binance/BTCUSDT/heatmap?from=" + from + "ns&to=" + to + "ns"
                + "&timeBuckets=" + tb + "&priceBuckets=" + pb + "&side=both");
        assertThat(res.status()).as(res.body()).isEqualTo(200);
        JsonNode j = res.json();
        assertThat(j.get("timeBuckets").asInt()).isEqualTo(tb);
        assertThat(j.get("cells").size()).isEqualTo(tb);
        BigDecimal lo = new BigDecimal(j.get("priceMin").asText());
        BigDecimal hi = new BigDecimal(j.get("priceMax").asText());
        BigDecimal total = BigDecimal.ZERO;
        for (int t : new int[] {0, 1, 17, tb - 1}) {
            long sampleNs = from + (to - from) * t / tb;
            OrderBook book = captureBookAt(sampleNs);
            BigDecimal[] expected = new BigDecimal[pb];
            java.util.Arrays.fill(expected, BigDecimal.ZERO);
            for (Side s : Side.values()) {
                for (int i = 0; i < book.depth(s); i++) {
                    BigDecimal p = BigDecimal.valueOf(book.price(s, i), book.priceScale());
                    if (p.compareTo(lo) < 0 || p.compareTo(hi) > 0) {
                        continue;
                    }
                    int b = p.subtract(lo).multiply(BigDecimal.valueOf(pb))
                            .divideToIntegralValue(hi.subtract(lo)).intValueExact();
                    b = Math.min(b, pb - 1);
                    expected[b] = expected[b].add(BigDecimal.valueOf(book.size(s, i), book.sizeScale()));
                }
            }
            JsonNode row = j.get("cells").get(t);
            assertThat(row.size()).isEqualTo(pb);
            for (int p = 0; p < pb; p++) {
                assertThat(new BigDecimal(row.get(p).asText())).as("t=%d p=%d", t, p).isEqualByComparingTo(expected[p]);
                total = total.add(expected[p]);
            }
        }
        assertThat(total.signum()).isPositive();
        Http.Response alias = http.get("/api/books/binance/BTCUSDT/heatmap?from=" + from + "ns&to=" + to + "ns"
                + "&timeBuckets=" + tb + "&priceBuckets=" + pb);
        assertThat(alias.body()).isEqualTo(res.body());
        JsonNode twa = http.get("/api/history/binance/BTCUSDT/heatmap?from=" + from + "ns&to=" + to + "ns"
                + "&timeBuckets=" + tb + "&priceBuckets=" + pb + "&mode=twa").json();
        assertThat(twa.get("mode").asText()).isEqualTo("twa");
        assertThat(twa.get("priceMin")).isEqualTo(j.get("priceMin"));
        assertThat(twa.get("cells").size()).isEqualTo(tb);
        Http.Response bids = http.get("/api/history/binance/BTCUSDT/heatmap?from=" + from + "ns&to=" + to + "ns"
                + "&timeBuckets=" + tb + "&priceBuckets=" + pb + "&side=bid");
        long nonZeroAbove = 0;
        for (JsonNode row : bids.json().get("cells")) {
            nonZeroAbove += new BigDecimal(row.get(pb - 1).asText()).signum();
        }
        assertThat(nonZeroAbove).as("no bids in the top price bucket (asks live there)").isZero();
    }

    @Test
    void heatmapPngDecodesAtTheRequestedSize() throws Exception {
        String path = "/api/history/binance/BTCUSDT/heatmap?from=" + (info.firstNs() + 5_000_000_000L) + "ns&to=" + info.lastNs() + "ns"
                + "&timeBuckets=120&priceBuckets=60&format=png";
        HttpResponse<byte[]> res = http.client().send(HttpRequest.newBuilder(http.uri(path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type").orElse("")).startsWith("image/png");
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(res.body()));
        assertThat(img).isNotNull();
        assertThat(img.getWidth()).isEqualTo(120);
        assertThat(img.getHeight()).isEqualTo(60);
        int coloured = 0;
        for (int x = 0; x < 120; x++) {
            for (int y = 0; y < 60; y++) {
                coloured += (img.getRGB(x, y) & 0xFFFFFF) != 0 ? 1 : 0;
            }
        }
        assertThat(coloured).isPositive();
        HttpResponse<byte[]> big = http.client().send(HttpRequest.newBuilder(http.uri(path + "&width=600&height=300")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        BufferedImage scaled = ImageIO.read(new ByteArrayInputStream(big.body()));
        assertThat(scaled.getWidth()).isEqualTo(600);
        assertThat(scaled.getHeight()).isEqualTo(300);
        for (int x = 0; x < 120; x += 7) {
            for (int y = 0; y < 60; y += 5) {
                assertThat(scaled.getRGB(x * 5 + 2, y * 5 + 2)).isEqualTo(img.getRGB(x, y));
            }
        }
        assertThat(http.get(path + "&width=0").json().get("parameter").asText()).isEqualTo("width");
    }
}
