package dev.ladder.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.Venue;
import dev.ladder.server.live.BookRegistry;
import dev.ladder.server.live.LadderMetrics;
import dev.ladder.server.live.LevelChanges;
import dev.ladder.server.live.LiveBook;
import dev.ladder.server.testing.Fixtures;
import dev.ladder.server.testing.Http;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every query route over real HTTP, against books filled directly through the registry. */
class BookRoutesTest {
    static final InstrumentId BTC = InstrumentId.of(Venue.BINANCE, "BTCUSDT");
    static final InstrumentId ETH = InstrumentId.of(Venue.BINANCE, "ETHUSDT");
    static final int PS = 2;
    static final int SS = 8;

    static BookRegistry registry;
    static LadderServer server;
    static Http http;

    @BeforeAll
    static void start() throws IOException {
        registry = new BookRegistry(new LadderMetrics());
        LiveBook btc = registry.register(BTC, PS, SS);
        // bids 100.00 x 1.5, 99.50 x 0.0098, 99.00 x 2 ; asks 100.10 x 0.5, 100.20 x 1, 101.00 x 3
        btc.applySnapshot(1000,
                levels("100.00", "1.5", "99.50", "0.0098", "99.00", "2"),
                levels("100.10", "0.5", "100.20", "1", "101.00", "3"), 1_700_000_000_000L, 1_700_000_000_005_000_000L);
        btc.applyDiff(1001, 1002, levels("99.00", "2.25"), levels(), 1_700_000_000_100L, 1_700_000_000_101_000_000L);
        registry.register(ETH, 2, 4); // never synced: connecting, empty
        server = LadderServer.start(registry, ServerConfig.loopback(0));
        http = new Http(server.port());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static LevelChanges levels(String... pairs) {
        return Fixtures.levels(PS, SS, pairs);
    }

    @Test
    void listsBooksWithStateUpdateIdAndBestLevels() {
        Http.Response r = http.get("/api/books");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        JsonNode books = r.json().get("books");
        assertThat(books).hasSize(2);
        JsonNode btc = books.get(0);
        assertThat(btc.get("venue").asText()).isEqualTo("binance");
        assertThat(btc.get("symbol").asText()).isEqualTo("BTCUSDT");
        assertThat(btc.get("state").asText()).isEqualTo("live");
        assertThat(btc.get("lastUpdateId").asLong()).isEqualTo(1002);
        assertThat(btc.get("exchangeTime").asLong()).isEqualTo(1_700_000_000_100L);
        assertThat(btc.get("bestBid").get("price").asText()).isEqualTo("100");
        assertThat(btc.get("bestBid").get("size").asText()).isEqualTo("1.5");
        assertThat(btc.get("bestAsk").get("price").asText()).isEqualTo("100.1");
        JsonNode eth = books.get(1);
        assertThat(eth.get("state").asText()).isEqualTo("connecting");
        assertThat(eth.get("lastUpdateId").asLong()).isEqualTo(-1);
        assertThat(eth.get("bestBid").isNull()).isTrue();
    }

    @Test
    void oneBookWithDepthAnswersExactDecimalStrings() {
        Http.Response r = http.get("/api/books/binance/BTCUSDT?depth=2");
        assertThat(r.status()).isEqualTo(200);
        JsonNode b = r.json();
        assertThat(b.get("depth").asInt()).isEqualTo(2);
        assertThat(b.get("lastUpdateId").asLong()).isEqualTo(1002);
        assertThat(b.get("bidLevels").asInt()).isEqualTo(3);
        assertThat(b.get("bids").toString()).isEqualTo("[[\"100\",\"1.5\"],[\"99.5\",\"0.0098\"]]");
        assertThat(b.get("asks").toString()).isEqualTo("[[\"100.1\",\"0.5\"],[\"100.2\",\"1\"]]");
        assertThat(b.get("spread").asText()).isEqualTo("0.1");
        assertThat(b.get("mid").asText()).isEqualTo("100.05");
        assertThat(r.body()).contains("\"0.0098\"").doesNotContain("0.009800000000000001");
    }

    @Test
    void defaultDepthAndCaseInsensitiveSymbol() {
        JsonNode b = http.get("/api/books/binance/btcusdt").json();
        assertThat(b.get("depth").asInt()).isEqualTo(20);
        assertThat(b.get("bids")).hasSize(3);
        assertThat(b.get("bids").get(2).toString()).isEqualTo("[\"99\",\"2.25\"]");
    }

    @Test
    void emptyBookHasNullBestPrices() {
        JsonNode b = http.get("/api/books/binance/ETHUSDT").json();
        assertThat(b.get("state").asText()).isEqualTo("connecting");
        assertThat(b.get("bestBid").isNull()).isTrue();
        assertThat(b.get("spread").isNull()).isTrue();
        assertThat(b.get("bids")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"0", "5001", "-1", "abc", "1.5", "''"})
    void badDepthIs400NamingDepth(String depth) {
        assertBad("/api/books/binance/BTCUSDT?depth=" + depth, "depth");
    }

    @ParameterizedTest
    @CsvSource({
            "/api/books/binance/DOGEUSDT",
            "/api/books/nasdaq/BTCUSDT",
            "/api/books/binance/DOGEUSDT/volume?side=bid&price=1&op=eq",
            "/api/books/binance/DOGEUSDT/fill?side=buy&size=1",
            "/api/books/binance/DOGEUSDT/stream",
            "/api/books/betfair/BTCUSDT"})
    void unknownBookIs404(String path) {
        Http.Response r = http.get(path);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("error").asText()).startsWith("unknown");
    }

    @ParameterizedTest
    @CsvSource({
            // side, price, op, size, levels, notional
            "bid, 99.5, eq, 0.0098, 1, 0.97510",
            "bid, 99.5, lte, 2.2598, 2, 223.7251",
            "bid, 99.5, lt, 2.25, 1, 222.75",
            "bid, 99.5, gte, 1.5098, 2, 150.9751",
            "bid, 99.5, gt, 1.5, 1, 150",
            "ask, 100.2, lte, 1.5, 2, 150.25",
            "ask, 100.2, gt, 3, 1, 303",
            "ask, 100.15, eq, 0, 0, 0",
            "ask, 100.155, eq, 0, 0, 0",
            "ask, 100.155, lte, 0.5, 1, 50.05",
            "ask, 100.155, gt, 4, 2, 403.2",
            "asks, 100.10, eq, 0.5, 1, 50.05",
            "b, 1000, lte, 3.7598, 3, 373.7251",
            "bid, 0, lt, 0, 0, 0"})
    void volumeByOperator(String side, String price, String op, String size, int levels, String notional) {
        Http.Response r = http.get("/api/books/binance/BTCUSDT/volume?side=" + side + "&price=" + price + "&op=" + op);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode v = r.json();
        assertThat(v.get("size").asText()).isEqualTo(size);
        assertThat(v.get("levels").asInt()).isEqualTo(levels);
        assertThat(new java.math.BigDecimal(v.get("notional").asText())).isEqualByComparingTo(notional);
        assertThat(v.get("op").asText()).isEqualTo(op);
    }

    @ParameterizedTest
    @CsvSource({
            "side=bid&price=1, op",
            "side=bid&op=eq, price",
            "price=1&op=eq, side",
            "side=middle&price=1&op=eq, side",
            "side=bid&price=abc&op=eq, price",
            "side=bid&price=-1&op=eq, price",
            "side=bid&price=1e3&op=eq, price",
            "side=bid&price=1..2&op=eq, price",
            "side=bid&price=99999999999999999999&op=eq, price",
            "side=bid&price=1&op=ne, op",
            "side=bid&price=&op=eq, price"})
    void badVolumeParametersAre400(String query, String parameter) {
        assertBad("/api/books/binance/BTCUSDT/volume?" + query, parameter);
    }

    @Test
    void fillBuyWalksTheAsks() {
        Http.Response r = http.get("/api/books/binance/BTCUSDT/fill?side=buy&size=1");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode f = r.json();
        assertThat(f.get("side").asText()).isEqualTo("buy");
        assertThat(f.get("requested").asText()).isEqualTo("1");
        assertThat(f.get("filled").asText()).isEqualTo("1");
        assertThat(f.get("cost").asText()).isEqualTo("100.15"); // 0.5 x 100.10 + 0.5 x 100.20
        assertThat(f.get("average").asText()).isEqualTo("100.15");
        assertThat(f.get("worstPrice").asText()).isEqualTo("100.2");
        assertThat(f.get("levels").asInt()).isEqualTo(2);
        assertThat(f.get("partial").asBoolean()).isFalse();
    }

    @Test
    void fillSellWalksTheBidsAndReportsPartial() {
        JsonNode f = http.get("/api/books/binance/BTCUSDT/fill?side=sell&size=10").json();
        assertThat(f.get("filled").asText()).isEqualTo("3.7598");
        assertThat(f.get("cost").asText()).isEqualTo("373.7251");
        assertThat(f.get("worstPrice").asText()).isEqualTo("99");
        assertThat(f.get("partial").asBoolean()).isTrue();
        assertThat(f.get("levels").asInt()).isEqualTo(3);
    }

    @Test
    void fillOnAnEmptyBookFillsNothing() {
        JsonNode f = http.get("/api/books/binance/ETHUSDT/fill?side=buy&size=1").json();
        assertThat(f.get("filled").asText()).isEqualTo("0");
        assertThat(f.get("average").isNull()).isTrue();
        assertThat(f.get("worstPrice").isNull()).isTrue();
        assertThat(f.get("partial").asBoolean()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
            "side=buy, size",
            "size=1, side",
            "side=hold&size=1, side",
            "side=bid&size=1, side",
            "side=buy&size=0, size",
            "side=buy&size=-2, size",
            "side=buy&size=x, size",
            "side=buy&size=0.000000001, size",
            "side=buy&size=999999999999999999999, size"})
    void badFillParametersAre400(String query, String parameter) {
        assertBad("/api/books/binance/BTCUSDT/fill?" + query, parameter);
    }

    @Test
    void compatibilityVolumeRouteUsesTheDefaultBook() {
        Http.Response r = http.get("/volume/b?price=99.5&operator=lte");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("volume").asText()).isEqualTo("2.2598");
        assertThat(r.json().get("symbol").asText()).isEqualTo("BTCUSDT");
        assertThat(http.get("/volume/a?price=100.1&operator=eq").json().get("volume").asText()).isEqualTo("0.5");
    }

    @ParameterizedTest
    @CsvSource({
            "/volume/x?price=1&operator=eq, side",
            "/volume/a?price=1&operator=gt, operator",
            "/volume/a?price=1, operator",
            "/volume/a?operator=eq, price",
            "/volume/b?price=one&operator=lte, price"})
    void badCompatibilityParametersAre400(String path, String parameter) {
        assertBad(path, parameter);
    }

    @Test
    void healthListsStatesAndReadyIs503WhileABookIsNotLive() {
        Http.Response ready = http.get("/ready");
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.json().get("checks").get(0).get("detail").asText()).isEqualTo("binance:ETHUSDT connecting");
        Http.Response r = http.get("/health");
        assertThat(r.status()).as("alive").isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("degraded");
        assertThat(r.json().get("books").get(0).get("state").asText()).isEqualTo("live");
        assertThat(r.json().get("books").get(1).get("state").asText()).isEqualTo("connecting");
    }

    @Test
    void tradesAreServedNewestFirstFromARing() {
        Http.Response none = http.get("/api/books/binance/ETHUSDT/trades");
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.json().get("total").asLong()).isZero();
        assertThat(none.json().get("trades")).isEmpty();
        LiveBook eth = registry.find(ETH).orElseThrow();
        for (int i = 0; i < dev.ladder.server.live.RecentTrades.CAPACITY + 5; i++) {
            eth.trades().add(9_007_199_254_740_993L + i, 300_012 + i, 5_000 + i, 1_700_000_000_000L + i, i % 2 == 0);
        }
        JsonNode t = http.get("/api/books/binance/ETHUSDT/trades?limit=2").json();
        assertThat(t.get("total").asLong()).isEqualTo(dev.ladder.server.live.RecentTrades.CAPACITY + 5);
        assertThat(t.get("trades")).hasSize(2);
        JsonNode newest = t.get("trades").get(0);
        int last = dev.ladder.server.live.RecentTrades.CAPACITY + 4;
        assertThat(newest.get("id").asText()).isEqualTo(Long.toString(9_007_199_254_740_993L + last));
        assertThat(newest.get("price").asText()).isEqualTo(BookJson.dec(300_012 + last, 2));
        assertThat(newest.get("size").asText()).isEqualTo(BookJson.dec(5_000 + last, 4));
        assertThat(newest.get("time").asLong()).isEqualTo(1_700_000_000_000L + last);
        assertThat(newest.get("side").asText()).isEqualTo("sell");
        assertThat(t.get("trades").get(1).get("side").asText()).isEqualTo("buy");
        assertThat(http.get("/api/books/binance/ETHUSDT/trades?limit=200").json().get("trades"))
                .hasSize(dev.ladder.server.live.RecentTrades.CAPACITY);
        assertBad("/api/books/binance/ETHUSDT/trades?limit=0", "limit");
        assertThat(http.get("/api/books/binance/NOPE/trades").status()).isEqualTo(404);
    }

    @Test
    void webPageAndScriptAreServed() {
        Http.Response page = http.get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("<script type=\"module\" src=\"/app.js\">");
        Http.Response js = http.get("/app.js");
        assertThat(js.status()).isEqualTo(200);
        assertThat(js.body()).contains("import * as book from '/web/book.js'");
        Http.Response book = http.get("/web/book.js");
        assertThat(book.status()).isEqualTo(200);
        assertThat(book.contentType()).startsWith("text/javascript");
        assertThat(book.body()).contains("new EventSource(");
        assertThat(http.get("/web/style.css").contentType()).startsWith("text/css");
        Http.Response missing = http.get("/web/nothing.js");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("error").asText()).contains("nothing.js");
    }

    static void assertBad(String path, String parameter) {
        Http.Response r = http.get(path);
        assertThat(r.status()).as(path + " -> " + r.body()).isEqualTo(400);
        JsonNode e = r.json();
        assertThat(e.get("parameter").asText()).isEqualTo(parameter);
        assertThat(e.get("error").asText()).startsWith("bad parameter '" + parameter + "': ");
    }
}
