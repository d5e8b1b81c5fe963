package dev.ladder.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.betfair.BetfairBookJson;
import dev.ladder.betfair.BetfairCacheConfig;
import dev.ladder.betfair.BetfairHistoricalReader;
import dev.ladder.betfair.BetfairMarket;
import dev.ladder.betfair.BetfairMarketCache;
import dev.ladder.betfair.BetfairReplay;
import dev.ladder.betfair.BetfairStreamDecoder;
import dev.ladder.book.OrderBook;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.SharedData;
import dev.ladder.core.Side;
import dev.ladder.core.Venue;
import dev.ladder.journal.Journal;
import dev.ladder.journal.JournalConfig;
import dev.ladder.journal.JournalReader;
import dev.ladder.journal.JournalWriter;
import dev.ladder.journal.StreamInfo;
import dev.ladder.server.export.CaptureExport;
import dev.ladder.server.replay.BookHistory;
import dev.ladder.server.replay.JournalReplay;
import dev.ladder.server.testing.Cli;
import dev.ladder.server.testing.Fixtures;
import dev.ladder.server.testing.Http;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports checked by reading them back as their consumers would: the tardis CSV rebuilt with tardis's
 * own rules gives the capture's book; the Betfair export read by the Betfair historical reader gives
 * the same market books as the original file (whole, and from a mid-stream start that needs a built image).
 */
class ExportCommandTest {
    static final String BETFAIR = "data/betfair/1.185781277.bz2";
    static final InstrumentId BTC = InstrumentId.of(Venue.BINANCE, "BTCUSDT");

    @TempDir
    Path dir;

    /** A book rebuilt from tardis incremental_book_L2 rows: a snapshot row after non-snapshot rows resets it. */
    static final class TardisBook {
        final TreeMap<BigDecimal, BigDecimal> bids = new TreeMap<>();
        final TreeMap<BigDecimal, BigDecimal> asks = new TreeMap<>();
        boolean lastWasSnapshot;
        long rows;
        long snapshots;
        long lastLocal = Long.MIN_VALUE;

        void row(String line) {
            String[] f = line.split(",", -1);
            assertThat(f).hasSize(8);
            assertThat(f[0]).isEqualTo("binance");
            assertThat(f[1]).isEqualTo("BTCUSDT");
            long local = Long.parseLong(f[3]);
            assertThat(local).isGreaterThanOrEqualTo(lastLocal);
            assertThat(f[2]).hasSize(16);
            lastLocal = local;
            boolean snap = Boolean.parseBoolean(f[4]);
            if (snap && !lastWasSnapshot) {
                bids.clear();
                asks.clear();
                snapshots++;
            }
            lastWasSnapshot = snap;
            TreeMap<BigDecimal, BigDecimal> side = switch (f[5]) {
                case "bid" -> bids;
                case "ask" -> asks;
                default -> throw new AssertionError(line);
            };
            BigDecimal price = new BigDecimal(f[6]);
            BigDecimal amount = new BigDecimal(f[7]);
            assertThat(f[6]).doesNotEndWith(".");
            if (amount.signum() == 0) {
                side.remove(price);
            } else {
                side.put(price, amount);
            }
            rows++;
        }

        void assertEquals(OrderBook b) {
            assertThat(bids).hasSize(b.depth(Side.BID));
            assertThat(asks).hasSize(b.depth(Side.ASK));
            int i = 0;
            for (Map.Entry<BigDecimal, BigDecimal> e : bids.descendingMap().entrySet()) {
                assertThat(e.getKey()).isEqualByComparingTo(BigDecimal.valueOf(b.price(Side.BID, i), b.priceScale()));
                assertThat(e.getValue()).isEqualByComparingTo(BigDecimal.valueOf(b.size(Side.BID, i), b.sizeScale()));
                i++;
            }
            i = 0;
            for (Map.Entry<BigDecimal, BigDecimal> e : asks.entrySet()) {
                assertThat(e.getKey()).isEqualByComparingTo(BigDecimal.valueOf(b.price(Side.ASK, i), b.priceScale()));
                assertThat(e.getValue()).isEqualByComparingTo(BigDecimal.valueOf(b.size(Side.ASK, i), b.sizeScale()));
                i++;
            }
        }
    }

    static TardisBook read(Path csv) throws Exception {
        TardisBook t = new TardisBook();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                csv.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(csv)) : Files.newInputStream(csv),
                StandardCharsets.UTF_8))) {
            assertThat(r.readLine()).isEqualTo("exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount");
            String line;
            while ((line = r.readLine()) != null) {
                t.row(line);
            }
        }
        return t;
    }

    @Test
    void csvRowsRebuildTheCaptureBook() throws Exception {
        Path capture = SharedData.resolve(Fixtures.BTCUSDT_CAPTURE);
        Assumptions.assumeTrue(capture != null, SharedData.skipReason(Fixtures.BTCUSDT_CAPTURE));
        Path data = dir.resolve("journal");
        Cli.Run imp = Cli.run("journal", "import", "--data", data.toString(), capture.toString());
        assertThat(imp.code()).as(imp.err()).isZero();
        StreamInfo info = new JournalReader(data).info(BTC);

        Path all = dir.resolve("all.csv.gz");
        Cli.Run run = Cli.run("export", "csv", data.toString(), "--stream", "binance:btcusdt",
                "--out", all.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.err()).contains("rows");
        TardisBook whole = read(all);
        assertThat(whole.snapshots).isEqualTo(1);
        whole.assertEquals(Fixtures.captureBookAt(capture, Long.MAX_VALUE));

        long from = info.firstNs() + (info.lastNs() - info.firstNs()) / 3;
        long to = info.firstNs() + 2 * (info.lastNs() - info.firstNs()) / 3;
        Path part = dir.resolve("part.csv");
        run = Cli.run("export", "csv", data.toString(), "--stream", "binance:BTCUSDT",
                "--from", BookHistory.instant(from), "--to", to + "ns", "--out", part.toString());
        assertThat(run.code()).as(run.err()).isZero();
        TardisBook mid = read(part);
        assertThat(mid.snapshots).isEqualTo(1);
        assertThat(Files.readAllLines(part).get(1)).contains(",true,bid,");
        mid.assertEquals(Fixtures.captureBookAt(capture, to));
        assertThat(mid.rows).isLessThan(whole.rows);

        Cli.Run bad = Cli.run("export", "csv", data.toString(), "--stream", "binance:ETHUSDT");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("no stream binance:ETHUSDT");
        assertThat(Cli.run("export", "csv", data.toString(), "--stream", "binance:BTCUSDT", "--from", "soon").code())
                .isEqualTo(2);
    }

    static Map<String, String> books(List<Path> files) throws Exception {
        BetfairMarketCache cache = new BetfairMarketCache(BetfairCacheConfig.keepAll().withClosedGraceMillis(Long.MAX_VALUE));
        BetfairReplay.Result r = BetfairReplay.run(files, new BetfairStreamDecoder(cache), Long.MAX_VALUE, e -> { });
        assertThat(r.malformed()).isZero();
        Map<String, String> out = new TreeMap<>();
        for (BetfairMarket m : cache.markets()) {
            out.put(m.id(), BetfairBookJson.toJson(m));
        }
        return out;
    }

    @Test
    void betfairExportReadsBackToTheSameMarketBooks() throws Exception {
        Path original = SharedData.resolve(BETFAIR);
        Assumptions.assumeTrue(original != null, SharedData.skipReason(BETFAIR));
        Path data = dir.resolve("journal");
        InstrumentId market = InstrumentId.of(Venue.BETFAIR, "1.185781277");
        List<Long> times = new ArrayList<>();
        try (Journal j = Journal.open(JournalConfig.defaults(data))) {
            JournalWriter w = j.writer(market);
            long[] last = {0};
            new BetfairHistoricalReader().read(original, (source, number, bytes, off, len) -> {
                try {
                    JsonNode n = Http.MAPPER.readTree(bytes, off, len);
                    long ns = Math.max(last[0] + 1, n.path("pt").asLong() * 1_000_000L);
                    last[0] = ns;
                    times.add(ns);
                    w.append(ns, bytes, off, len);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return true;
            });
        }
        Map<String, String> expected = books(List.of(original));
        assertThat(expected).isNotEmpty();

        Path whole = dir.resolve("whole.jsonl");
        Cli.Run run = Cli.run("export", "betfair", data.toString(), "--stream", "betfair:1.185781277",
                "--out", whole.toString());
        assertThat(run.code()).as(run.err()).isZero();
        List<String> lines = Files.readAllLines(whole);
        assertThat(lines).hasSize(times.size());
        JsonNode first = Http.MAPPER.readTree(lines.getFirst());
        assertThat(first.get("op").asText()).isEqualTo("mcm");
        assertThat(first.has("id")).isFalse();
        assertThat(first.has("ct")).isFalse();
        assertThat(first.get("mc").get(0).get("img").asBoolean()).isTrue();
        assertThat(first.get("mc").get(0).has("marketDefinition")).isTrue();
        assertThat(books(List.of(whole))).isEqualTo(expected);

        Path tail = dir.resolve("tail.jsonl");
        long from = times.get(times.size() / 2);
        run = Cli.run("export", "betfair", data.toString(), "--stream", "betfair:1.185781277",
                "--from", from + "ns", "--out", tail.toString());
        assertThat(run.code()).as(run.err()).isZero();
        List<String> tailLines = Files.readAllLines(tail);
        assertThat(tailLines).hasSize(times.size() - times.size() / 2);
        JsonNode img = Http.MAPPER.readTree(tailLines.getFirst()).get("mc").get(0);
        assertThat(img.get("img").asBoolean()).isTrue();
        assertThat(img.get("marketDefinition").get("runners").size()).isPositive();
        assertThat(books(List.of(tail))).isEqualTo(expected);
    }

    @Test
    void betfairExportKeepsStartingPricesAsSent() throws Exception {
        Path data = dir.resolve("sp-journal");
        String[] sent = {
                "{\"op\":\"mcm\",\"clk\":\"A\",\"pt\":1627623963080,\"mc\":[{\"id\":\"1.5\",\"img\":true,\"marketDefinition\":"
                        + "{\"status\":\"OPEN\",\"runners\":[{\"id\":7,\"status\":\"ACTIVE\"}]},"
                        + "\"rc\":[{\"id\":7,\"spb\":[[2.4263157894736842,2.50]],\"spn\":1.0123456789012345}]}]}",
                "{\"op\":\"mcm\",\"clk\":\"B\",\"pt\":1627623964080,\"mc\":[{\"id\":\"1.5\",\"rc\":[{\"id\":7,"
                        + "\"spl\":[[38.387036360669896,3.18]],\"spn\":\"NaN\",\"spf\":Infinity}]}]}"};
        try (Journal j = Journal.open(JournalConfig.defaults(data))) {
            JournalWriter w = j.writer(InstrumentId.of(Venue.BETFAIR, "1.5"));
            for (int i = 0; i < sent.length; i++) {
                byte[] b = sent[i].getBytes(StandardCharsets.UTF_8);
                w.append(1_000_000_000L * (i + 1), b, 0, b.length);
            }
        }
        Path out = dir.resolve("sp.jsonl");
        Cli.Run run = Cli.run("export", "betfair", data.toString(), "--stream", "betfair:1.5",
                "--out", out.toString());
        assertThat(run.code()).as(run.err()).isZero();
        String exported = Files.readString(out);
        assertThat(exported).contains("[[2.4263157894736842,2.50]]").contains("\"spn\":1.0123456789012345")
                .contains("[[38.387036360669896,3.18]]").contains("\"spn\":\"NaN\"").contains("\"spf\":\"Infinity\"");
        Path original = dir.resolve("sp-original.jsonl");
        Files.write(original, List.of(sent));
        assertThat(books(List.of(out))).isEqualTo(books(List.of(original)));
        assertThat(books(List.of(out)).get("1.5")).contains("\"spb\":[[\"2.4263157894736842\",\"2.5\"]]")
                .contains("\"spl\":[[\"38.387036360669896\",\"3.18\"]]").contains("\"spn\":\"NaN\"").contains("\"spf\":\"Infinity\"");
    }

    @Test
    void captureExportRebuildsTheSameBookAndFeedsTheSimulator() throws Exception {
        Path capture = SharedData.resolve(Fixtures.BTCUSDT_CAPTURE);
        Assumptions.assumeTrue(capture != null, SharedData.skipReason(Fixtures.BTCUSDT_CAPTURE));
        Path data = dir.resolve("journal");
        Cli.Run imp = Cli.run("journal", "import", "--data", data.toString(), capture.toString());
        assertThat(imp.code()).as(imp.err()).isZero();
        StreamInfo info = new JournalReader(data).info(BTC);
        Path whole = dir.resolve("whole.txt");
        Cli.Run run = Cli.run("export", "capture", data.toString(), "--stream", "binance:BTCUSDT",
                "--out", whole.toString());
        assertThat(run.code()).as(run.err()).isZero();
        OrderBook expected = Fixtures.captureBookAt(capture, Long.MAX_VALUE);
        assertThat(JournalReplay.checksum(Fixtures.captureBookAt(whole, Long.MAX_VALUE)))
                .isEqualTo(JournalReplay.checksum(expected));

        long from = info.firstNs() + (info.lastNs() - info.firstNs()) / 2;
        Path tail = dir.resolve("tail.txt.gz");
        run = Cli.run("export", "capture", data.toString(), "--stream", "binance:BTCUSDT",
                "--from", from + "ns", "--out", tail.toString());
        assertThat(run.code()).as(run.err()).isZero();
        OrderBook rebuilt = Fixtures.captureBookAt(tail, Long.MAX_VALUE);
        assertThat(JournalReplay.checksum(rebuilt)).isEqualTo(JournalReplay.checksum(expected));

        dev.ladder.binance.sim.BinanceSimulator sim = dev.ladder.binance.sim.BinanceSimulator.start(
                dev.ladder.binance.sim.SimulatorConfig.spot(List.of("BTCUSDT")).withHost("127.0.0.1").withPort(0)
                        .withReplay(List.of(tail), 1), dev.ladder.core.Clock.system());
        try {
            assertThat(sim.symbols()).containsExactly("BTCUSDT");
            java.net.http.HttpResponse<String> depth = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(sim.restBaseUri() + "/api/v3/depth?symbol=BTCUSDT&limit=5")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(depth.statusCode()).isEqualTo(200);
            assertThat(Http.MAPPER.readTree(depth.body()).get("bids").size()).isEqualTo(5);
        } finally {
            sim.close();
        }
        List<Path> expanded = CaptureExport.expandJournals(List.of(data, capture));
        assertThat(expanded).hasSize(2).endsWith(capture);
        assertThat(JournalReplay.checksum(Fixtures.captureBookAt(expanded.getFirst(), Long.MAX_VALUE)))
                .isEqualTo(JournalReplay.checksum(expected));
    }
}
