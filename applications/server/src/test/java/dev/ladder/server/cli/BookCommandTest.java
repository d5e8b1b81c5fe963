package dev.ladder.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ladder.core.SharedData;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BookCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BTC = "data/binance/btcusdt_20240808.gz";

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    /** Runs the real command line in-process, capturing stdout and stderr. */
    static synchronized Run ladder(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = Main.run(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static String shared(String rel) {
        Path p = SharedData.resolve(rel);
        Assumptions.assumeTrue(p != null, SharedData.skipReason(rel));
        return p.toString();
    }

    /**
     * An independent rebuild of btcusdt_20240808.gz: Jackson's tree model and TreeMaps of BigDecimal,
     * Binance's spot rules written out plainly. It shares no code with the decoder or DepthSync.
     */
    static final class ReferenceBook {
        final TreeMap<BigDecimal, String> bids = new TreeMap<>(Collections.reverseOrder());
        final TreeMap<BigDecimal, String> asks = new TreeMap<>();
        final Map<BigDecimal, String> bidText = new TreeMap<>();
        final Map<BigDecimal, String> askText = new TreeMap<>();
        long lastUpdateId = -1;
        int applied;

        void apply(TreeMap<BigDecimal, String> side, Map<BigDecimal, String> text, JsonNode levels) {
            for (JsonNode level : levels) {
                BigDecimal price = new BigDecimal(level.get(0).asText());
                String size = level.get(1).asText();
                if (new BigDecimal(size).signum() == 0) {
                    side.remove(price);
                    text.remove(price);
                } else {
                    side.put(price, size);
                    text.put(price, level.get(0).asText());
                }
            }
        }

        static ReferenceBook rebuild(Path file) throws Exception {
            ReferenceBook book = new ReferenceBook();
            List<JsonNode> pending = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    JsonNode msg = JSON.readTree(line.substring(line.indexOf(' ') + 1));
                    if (msg.has("lastUpdateId")) {
                        book.lastUpdateId = msg.get("lastUpdateId").asLong();
                        book.apply(book.bids, book.bidText, msg.get("bids"));
                        book.apply(book.asks, book.askText, msg.get("asks"));
                        for (JsonNode d : pending) {
                            book.offer(d);
                        }
                        pending.clear();
                        continue;
                    }
                    JsonNode data = msg.get("data");
                    if (!"depthUpdate".equals(data.path("e").asText())) {
                        continue;
                    }
                    if (book.lastUpdateId < 0) {
                        pending.add(data);
                    } else {
                        book.offer(data);
                    }
                }
            }
            return book;
        }

        private boolean isFirst = true;

        void offer(JsonNode d) {
            long bigU = d.get("U").asLong();
            long u = d.get("u").asLong();
            if (u <= lastUpdateId) {
                return;
            }
            if (isFirst) {
                assertThat(bigU).isLessThanOrEqualTo(lastUpdateId + 1);
                isFirst = false;
            } else {
                assertThat(bigU).as("contiguous").isEqualTo(lastUpdateId + 1);
            }
            apply(bids, bidText, d.get("b"));
            apply(asks, askText, d.get("a"));
            lastUpdateId = u;
            applied++;
        }

        List<List<String>> top(TreeMap<BigDecimal, String> side, Map<BigDecimal, String> text, int n) {
            List<List<String>> out = new ArrayList<>();
            for (Map.Entry<BigDecimal, String> e : side.entrySet()) {
                if (out.size() == n) {
                    break;
                }
                out.add(List.of(text.get(e.getKey()), e.getValue()));
            }
            return out;
        }
    }

    private static List<List<String>> levels(JsonNode array) {
        List<List<String>> out = new ArrayList<>();
        for (JsonNode level : array) {
            assertThat(level.get(0).isTextual()).isTrue();
            out.add(List.of(level.get(0).asText(), level.get(1).asText()));
        }
        return out;
    }

    @Test
    void btcusdtBookEqualsAnIndependentRebuildLevelForLevel() throws Exception {
        String file = shared(BTC);
        ReferenceBook ref = ReferenceBook.rebuild(Path.of(file));
        assertThat(ref.applied).isGreaterThan(3000);

        Run run = ladder("book", file, "--depth", "50", "--json");
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode got = JSON.readTree(run.out());
        assertThat(got.get("venue").asText()).isEqualTo("binance");
        assertThat(got.get("symbol").asText()).isEqualTo("BTCUSDT");
        assertThat(got.get("lastUpdateId").asLong()).isEqualTo(ref.lastUpdateId);
        List<List<String>> bids = levels(got.get("bids"));
        List<List<String>> asks = levels(got.get("asks"));
        assertThat(bids).hasSize(50).isEqualTo(ref.top(ref.bids, ref.bidText, 50));
        assertThat(asks).hasSize(50).isEqualTo(ref.top(ref.asks, ref.askText, 50));
        assertThat(bids.getFirst().getFirst()).matches("\\d+\\.\\d{8}");
        assertThat(run.err()).contains("read 41249 messages").contains("gaps 0").contains("applied ");
    }

    @Test
    void stopsAtAGivenReceiveTimeAsIsoOrEpochMillis() throws Exception {
        String file = shared(BTC);
        Run iso = ladder("book", file, "--at", "2024-08-08T23:57:00Z", "--json", "--depth", "5");
        Run millis = ladder("book", file, "--at", "1723161420000", "--json", "--depth", "5");
        Run end = ladder("book", file, "--json", "--depth", "5");
        assertThat(iso.exit()).as(iso.err()).isZero();
        assertThat(iso.out()).isEqualTo(millis.out());
        assertThat(JSON.readTree(iso.out()).get("lastUpdateId").asLong())
                .isLessThan(JSON.readTree(end.out()).get("lastUpdateId").asLong());
        assertThat(iso.err()).contains("up to 2024-08-08T23:56:59");
        Run before = ladder("book", file, "--at", "2024-08-08T00:00:00Z", "--json");
        assertThat(before.exit()).isEqualTo(1);
        assertThat(before.err()).contains("no Binance depth data");
        Run bad = ladder("book", file, "--at", "yesterday");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--at: 'yesterday' is not a time: expected an ISO-8601 instant");
    }

    @Test
    void severalSymbolsNeedASymbolAndFuturesAreDetected() throws Exception {
        String spot = shared("data/binance/cryptofeed-BINANCE.ws.1.0");
        Run many = ladder("book", spot, "--json");
        assertThat(many.exit()).isEqualTo(2);
        assertThat(many.err()).contains("several symbols").contains("NKNUSDT").contains("BLZETH").contains("LRCBTC").contains("RUNEEUR");
        Run one = ladder("book", spot, "--symbol", "nknusdt", "--json", "--depth", "3");
        assertThat(one.exit()).as(one.err()).isZero();
        JsonNode j = JSON.readTree(one.out());
        assertThat(j.get("symbol").asText()).isEqualTo("NKNUSDT");
        assertThat(j.get("venue").asText()).isEqualTo("binance");
        assertThat(j.get("bids")).hasSize(3);
        Run unknown = ladder("book", spot, "--symbol", "DOGEUSDT");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("no depth data for DOGEUSDT");

        String fut = shared("data/binance/cryptofeed-BINANCE_FUTURES.http.0.0");
        Run f = ladder("book", fut, "--symbol", "SUSHIUSDT", "--json", "--depth", "2");
        assertThat(f.exit()).as(f.err()).isZero();
        JsonNode fj = JSON.readTree(f.out());
        assertThat(fj.get("venue").asText()).isEqualTo("binance-futures");
        // futures prices print as Binance prints them for this symbol: 4 fraction digits, whole sizes
        assertThat(fj.get("bids").get(0).get(0).asText()).matches("\\d+\\.\\d{4}");
        assertThat(fj.get("bids").get(0).get(1).asText()).matches("\\d+");
        assertThat(f.err()).contains("gaps 0");
    }

    @Test
    void printsAReadableLadderWithoutJson() {
        Run run = ladder("book", shared(BTC), "--depth", "3");
        assertThat(run.exit()).as(run.err()).isZero();
        String[] lines = run.out().split("\n");
        assertThat(lines[0]).startsWith("BTCUSDT (binance)  last update id ");
        assertThat(lines).hasSize(1 + 1 + 3 + 1 + 3);
        assertThat(lines[2]).startsWith("ask ");
        assertThat(lines[5]).startsWith("---- spread ");
        assertThat(lines[6]).startsWith("bid ");
    }

    @Test
    void clearErrorsForBadInput() throws Exception {
        Run missing = ladder("book", dir.resolve("nope.gz").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("nope.gz");

        Path noSnapshot = dir.resolve("ethusdt_1.txt");
        Files.writeString(noSnapshot, "1 {\"stream\":\"ethusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"ETHUSDT\",\"U\":1,\"u\":2,\"b\":[],\"a\":[]}}\n"
                + "2 {\"stream\":\"ethusdt@depth@100ms\",\"data\":{oops}\n");
        Run ns = ladder("book", noSnapshot.toString());
        assertThat(ns.exit()).as("no snapshot: no book is presented as good").isEqualTo(3);
        assertThat(ns.err()).contains("no depth snapshot for ETHUSDT").contains("1 malformed").contains("ethusdt_1.txt:2");

        Run betfair = ladder("book", shared(BTC), "--venue", "betfair");
        assertThat(betfair.exit()).as("a Binance capture read as Betfair holds no market").isEqualTo(1);
        assertThat(betfair.err()).contains("malformed line").contains("no market found");
        Run venue = ladder("book", shared(BTC), "--venue", "kraken");
        assertThat(venue.exit()).isEqualTo(2);
        Run depth = ladder("book", shared(BTC), "--depth", "-1");
        assertThat(depth.exit()).isEqualTo(2);
    }

    private static String diff(long first, long last, String bids, String asks) {
        return "{\"stream\":\"ethusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"ETHUSDT\",\"U\":"
                + first + ",\"u\":" + last + ",\"b\":" + bids + ",\"a\":" + asks + "}}";
    }

    @Test
    void aBookThatIsNotSyncedAtTheEndSaysSoInJsonAndExitsThree() throws Exception {
        String snapshot = "{\"lastUpdateId\":10,\"bids\":[[\"100.0\",\"1\"]],\"asks\":[[\"101.0\",\"1\"]]}";
        Path good = dir.resolve("good.txt");
        Files.writeString(good, "1 " + snapshot + "\n2 " + diff(9, 11, "[[\"100.5\",\"2\"]]", "[]") + "\n");
        Run ok = ladder("book", good.toString(), "--json");
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(JSON.readTree(ok.out()).get("state").asText()).isEqualTo("synced");

        Path gapAtEnd = dir.resolve("gap.txt");
        Files.writeString(gapAtEnd, "1 " + snapshot + "\n2 " + diff(9, 11, "[[\"100.5\",\"2\"]]", "[]")
                + "\n3 " + diff(13, 14, "[[\"100.6\",\"2\"]]", "[]") + "\n");
        Run gap = ladder("book", gapAtEnd.toString(), "--json");
        assertThat(gap.exit()).isEqualTo(3);
        JsonNode g = JSON.readTree(gap.out());
        assertThat(g.get("state").asText()).isEqualTo("gap");
        assertThat(g.get("lastUpdateId").asLong()).as("the last valid book, not one with the diff after the gap").isEqualTo(11);
        assertThat(gap.err()).contains("not synced at the end (gap)").contains("(GAP at update id 11: expected 12, got 13)")
                .doesNotContain("overflowed");

        // after the gap, more diffs than the buffer holds wait for a snapshot that never comes: the cause is still the gap
        StringBuilder longWait = new StringBuilder(Files.readString(gapAtEnd));
        for (int k = 0; k < 1_100; k++) {
            longWait.append(4 + k).append(' ').append(diff(15 + k, 15 + k, "[[\"100.7\",\"1\"]]", "[]")).append('\n');
        }
        Path overflowing = Files.writeString(dir.resolve("overflow.txt"), longWait);
        Run overflow = ladder("book", overflowing.toString(), "--json");
        assertThat(overflow.exit()).isEqualTo(3);
        assertThat(overflow.err()).contains("(GAP at update id 11: expected 12, got 13)").contains("overflowed the buffer")
                .doesNotContain("expected 0, got 0");
        Run table = ladder("book", gapAtEnd.toString());
        assertThat(table.exit()).isEqualTo(3);
        assertThat(table.out()).contains("OUT OF SYNC");

        Path crossing = dir.resolve("crossed.txt");
        Files.writeString(crossing, "1 " + snapshot + "\n2 " + diff(9, 11, "[[\"101.5\",\"2\"]]", "[]") + "\n");
        Run crossed = ladder("book", crossing.toString(), "--json");
        assertThat(crossed.exit()).isEqualTo(3);
        assertThat(JSON.readTree(crossed.out()).get("state").asText()).isEqualTo("crossed");
        assertThat(crossed.err()).contains("divergence").contains("best bid 101.5 > best ask 101");

        Path none = dir.resolve("none.txt");
        Files.writeString(none, "1 " + diff(9, 11, "[]", "[]") + "\n");
        Run noSnapshot = ladder("book", none.toString(), "--json");
        assertThat(noSnapshot.exit()).isEqualTo(3);
        JsonNode n = JSON.readTree(noSnapshot.out());
        assertThat(n.get("state").asText()).isEqualTo("no snapshot");
        assertThat(n.get("bids")).isEmpty();
    }
}
