package dev.ladder.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.binance.CaptureMessage;
import dev.ladder.binance.CaptureReader;
import dev.ladder.binance.CaptureReplay;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.SharedData;
import dev.ladder.core.Venue;
import dev.ladder.journal.Journal;
import dev.ladder.journal.JournalConfig;
import dev.ladder.journal.JournalCursor;
import dev.ladder.journal.JournalReader;
import dev.ladder.journal.JournalWriter;
import dev.ladder.journal.ProgressMeter;
import dev.ladder.journal.RecordKind;
import dev.ladder.server.http.BetfairRoutes;
import dev.ladder.server.http.ServerConfig;
import dev.ladder.server.live.BetfairServeSupport;
import dev.ladder.server.node.ReplayFeed;
import dev.ladder.server.replay.BinanceBookTarget;
import dev.ladder.server.replay.BookBlob;
import dev.ladder.server.replay.JournalReplay;
import dev.ladder.server.testing.Http;
import dev.ladder.server.testing.SseReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A real capture (BTCUSDT spot, hftbacktest format) journaled as a recorder would (raw lines,
 * the REST snapshot as a #snapshot line, #book blobs of the live book every second) replays into
 * byte-identical books: at every #book line, from any #book line, and at the end, where the book also
 * equals the Binance module's own capture replay.
 */
class ReplayCommandTest {
    static final String CAPTURE = "data/binance/btcusdt_20240808.gz";
    static final InstrumentId BTC = InstrumentId.of(Venue.BINANCE, "BTCUSDT");

    @TempDir
    Path dir;

    record Point(long ns, long checksum) {
    }

    @Test
    void journaledCaptureReplaysToIdenticalBooks() throws Exception {
        Path capture = SharedData.resolve(CAPTURE);
        Assumptions.assumeTrue(capture != null, SharedData.skipReason(CAPTURE));
        // "live": apply as recorded, journal raw first, #book every second
        BinanceBookTarget live = new BinanceBookTarget("BTCUSDT", false);
        List<Point> points = new ArrayList<>();
        int books = 0;
        try (Journal j = Journal.open(JournalConfig.defaults(dir).withSegments(1 << 20, JournalConfig.DEFAULT_SEGMENT_NANOS));
             CaptureReader in = CaptureReader.open(capture)) {
            JournalWriter w = j.writer(BTC);
            long lastBook = Long.MIN_VALUE / 2;
            long prevNs = -1;
            CaptureMessage m;
            while ((m = in.next()) != null) {
                long ns = m.receiveTimeNanos();
                if (ns != prevNs && prevNs >= 0) {
                    points.add(new Point(prevNs, JournalReplay.checksum(live.book())));
                }
                if (ns - lastBook >= 1_000_000_000L && live.sync().isSynced()) {
                    w.appendBook(ns, BookBlob.encode(live.book(), live.sync().lastUpdateId()));
                    lastBook = ns;
                    books++;
                }
                if (m.isSnapshot()) {
                    w.appendMarker(ns, RecordKind.SNAPSHOT, m.json());
                    live.onSnapshot(m.json(), ns);
                } else {
                    byte[] raw = m.json().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    w.append(ns, raw);
                    live.onMessage(raw, 0, raw.length, ns);
                }
                prevNs = ns;
            }
            points.add(new Point(prevNs, JournalReplay.checksum(live.book())));
        }
        assertThat(books).isGreaterThan(100);
        assertThat(live.sync().isSynced()).isTrue();
        assertThat(live.sync().gaps()).isZero();

        // 1. a full replay matches the live book at every #book line, byte for byte
        JournalReader reader = new JournalReader(dir);
        BinanceBookTarget full = new BinanceBookTarget("BTCUSDT", false);
        int checked = 0;
        try (JournalCursor c = reader.cursor(BTC, Long.MIN_VALUE, Long.MAX_VALUE)) {
            while (c.next()) {
                if (c.kind() == RecordKind.BOOK) {
                    assertThat(BookBlob.encode(full.book(), full.sync().lastUpdateId()))
                            .as("book at seq %d", c.seq()).isEqualTo(c.payloadBytes());
                    checked++;
                } else {
                    full.apply(c);
                }
            }
        }
        assertThat(checked).isEqualTo(books);
        assertThat(JournalReplay.checksum(full.book())).isEqualTo(JournalReplay.checksum(live.book()));

        // 2. the book at T (one #book + tail) equals the live book at T, for random T
        SplittableRandom rnd = new SplittableRandom(3);
        for (int k = 0; k < 200; k++) {
            Point p = points.get(rnd.nextInt(points.size()));
            BinanceBookTarget at = new BinanceBookTarget("BTCUSDT", false);
            reader.replayTo(BTC, p.ns(), at);
            assertThat(JournalReplay.checksum(at.book())).as("book at %d", p.ns()).isEqualTo(p.checksum());
        }

        // 3. the end state equals the Binance module's own capture replay
        CaptureReplay ref = new CaptureReplay("BTCUSDT", false, Long.MAX_VALUE, null);
        try (CaptureReader in = CaptureReader.open(capture)) {
            ref.run(in);
        }
        assertThat(JournalReplay.checksum(ref.sync("BTCUSDT").book())).isEqualTo(JournalReplay.checksum(live.book()));

        // 4. the command: from the middle, through the end
        Point mid = points.get(points.size() / 2);
        JournalReplay.Result r = JournalReplay.replay(reader, List.of(BTC), mid.ns() + 1, Long.MAX_VALUE, 0,
                ProgressMeter.to(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), "replay", 0));
        assertThat(JournalReplay.checksum(((BinanceBookTarget) r.targets().get(BTC)).book()))
                .isEqualTo(JournalReplay.checksum(live.book()));
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        int code = cl.execute("replay", dir.toString(), "--stream", "binance:BTCUSDT", "--from", (mid.ns() + 1) + "ns");
        assertThat(code).isZero();
        assertThat(out.toString()).contains("binance:BTCUSDT").contains("synced=true")
                .contains(String.format("checksum=%016x", JournalReplay.checksum(live.book())));
    }

    @Test
    void importedCaptureReplaysFromTheCommandLine() throws Exception {
        Path capture = SharedData.resolve(CAPTURE);
        Assumptions.assumeTrue(capture != null, SharedData.skipReason(CAPTURE));
        Path data = dir.resolve("imported");
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        assertThat(cl.execute("journal", "import", capture.toString(), "--data", data.toString(), "--book-every", "5s")).isZero();
        CaptureReplay ref = new CaptureReplay("BTCUSDT", false, Long.MAX_VALUE, null);
        try (CaptureReader in = CaptureReader.open(capture)) {
            ref.run(in);
        }
        String checksum = String.format("checksum=%016x", JournalReplay.checksum(ref.sync("BTCUSDT").book()));
        assertThat(out.toString()).contains("binance:BTCUSDT").contains(checksum).contains("imported 41249 messages into 1 streams");

        StringWriter replayed = new StringWriter();
        CommandLine again = Main.commandLine();
        again.setOut(new PrintWriter(replayed, true));
        assertThat(again.execute("replay", data.toString())).isZero();
        assertThat(replayed.toString()).contains("binance:BTCUSDT records=").contains("synced=true").contains(checksum);
        assertThat(new JournalReader(data).info(BTC).records()).isGreaterThan(41249);
    }

    @Test
    void aReplayThatLosesSyncIsRestoredByTheNextBookLine() throws Exception {
        Path capture = SharedData.resolve(CAPTURE);
        Assumptions.assumeTrue(capture != null, SharedData.skipReason(CAPTURE));
        Path full = dir.resolve("full");
        assertThat(Main.run("journal", "import", capture.toString(), "--data", full.toString(), "--book-every", "2s")).isZero();
        // copy the journal without one depth diff in the middle: the replay sees a gap no snapshot repairs
        Path holed = dir.resolve("holed");
        long total = new JournalReader(full).info(BTC).records();
        boolean dropped = false;
        long bookAfterHole = -1;
        try (Journal j = Journal.open(JournalConfig.defaults(holed));
             JournalCursor c = new JournalReader(full).cursor(BTC, Long.MIN_VALUE, Long.MAX_VALUE)) {
            JournalWriter w = j.writer(BTC);
            while (c.next()) {
                if (!dropped && c.seq() > total / 2 && c.kind() == RecordKind.MESSAGE && c.payloadString().contains("depthUpdate")) {
                    dropped = true;
                    continue;
                }
                switch (c.kind()) {
                    case MESSAGE -> w.append(c.receiveNanos(), c.payloadBytes());
                    case BOOK -> {
                        w.appendBook(c.receiveNanos(), c.payloadBytes());
                        if (dropped && bookAfterHole < 0) {
                            bookAfterHole = c.receiveNanos();
                        }
                    }
                    default -> w.appendMarker(c.receiveNanos(), c.kind(), c.payloadString());
                }
            }
        }
        assertThat(dropped).isTrue();
        assertThat(bookAfterHole).isPositive();
        ProgressMeter quiet = ProgressMeter.to(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), "replay", 0);
        BinanceBookTarget expected = (BinanceBookTarget) JournalReplay.replay(new JournalReader(full),
                List.of(BTC), Long.MIN_VALUE, Long.MAX_VALUE, 0, quiet).targets().get(BTC);
        BinanceBookTarget got = (BinanceBookTarget) JournalReplay.replay(new JournalReader(holed),
                List.of(BTC), Long.MIN_VALUE, Long.MAX_VALUE, 0, quiet).targets().get(BTC);
        assertThat(got.resyncsFromBook()).isEqualTo(1);
        assertThat(got.sync().isSynced()).isTrue();
        assertThat(JournalReplay.checksum(got.book())).isEqualTo(JournalReplay.checksum(expected.book()));
        assertThat(expected.resyncsFromBook()).isZero();
    }

    /** Price → size for one side, numerically keyed and valued (text formats may differ). */
    private static java.util.TreeMap<java.math.BigDecimal, java.math.BigDecimal> side(boolean bids) {
        return bids ? new java.util.TreeMap<>(java.util.Collections.reverseOrder()) : new java.util.TreeMap<>();
    }

    private static void applyLevels(java.util.TreeMap<java.math.BigDecimal, java.math.BigDecimal> side, com.fasterxml.jackson.databind.JsonNode levels) {
        for (com.fasterxml.jackson.databind.JsonNode l : levels) {
            java.math.BigDecimal price = new java.math.BigDecimal(l.get(0).asText());
            java.math.BigDecimal size = new java.math.BigDecimal(l.get(1).asText());
            if (size.signum() == 0) {
                side.remove(price);
            } else {
                side.put(price, size);
            }
        }
    }

    private static List<List<java.math.BigDecimal>> top(java.util.Map<java.math.BigDecimal, java.math.BigDecimal> side, int n) {
        return side.entrySet().stream().limit(n).map(e -> List.of(e.getKey().stripTrailingZeros(), e.getValue().stripTrailingZeros())).toList();
    }

    private static List<List<java.math.BigDecimal>> reference(java.util.TreeMap<java.math.BigDecimal, String> side, int n) {
        return side.entrySet().stream().limit(n)
                .map(e -> List.of(e.getKey().stripTrailingZeros(), new java.math.BigDecimal(e.getValue()).stripTrailingZeros())).toList();
    }

    /**
     * The imported capture replayed with the server: the HTTP book equals an independent rebuild of the
     * capture, and a stream client connected before the replay gets snapshots and diffs whose update
     * ids chain and which, applied in order, rebuild that same book; /metrics shows the counts.
     */
    @Test
    void aServedReplayDrivesBooksStreamsAndMetricsAsIfLive() throws Exception {
        Path capture = SharedData.resolve(CAPTURE);
        Assumptions.assumeTrue(capture != null, SharedData.skipReason(CAPTURE));
        Path data = dir.resolve("served");
        assertThat(Main.run("journal", "import", capture.toString(), "--data", data.toString(), "--book-every", "5s")).isZero();
        BookCommandTest.ReferenceBook ref = BookCommandTest.ReferenceBook.rebuild(capture);
        JournalReader reader = new JournalReader(data);
        ProgressMeter quiet = ProgressMeter.to(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), "replay", 0);
        ServerConfig config = ServerConfig.loopback(0).withStreamQueueCapacity(200_000);
        try (ReplayFeed feed = ReplayFeed.start(reader.streams(), config)) {
            Http http = new Http(feed.port());
            assertThat(http.get("/api/books/binance/BTCUSDT").json().get("state").asText()).isEqualTo("connecting");
            try (SseReader sse = new SseReader(http, "/api/books/binance/BTCUSDT/stream")) {
                SseReader.Event first = sse.next();
                assertThat(first.name()).isEqualTo("snapshot");
                JournalReplay.Result r = feed.replay(reader, reader.streams(), Long.MIN_VALUE, Long.MAX_VALUE, 0, quiet);
                assertThat(r.total()).isGreaterThan(41249);

                com.fasterxml.jackson.databind.JsonNode book = http.get("/api/books/binance/BTCUSDT?depth=50").json();
                assertThat(book.get("state").asText()).isEqualTo("live");
                assertThat(book.get("lastUpdateId").asLong()).isEqualTo(ref.lastUpdateId);
                java.util.TreeMap<java.math.BigDecimal, java.math.BigDecimal> gotBids = side(true);
                java.util.TreeMap<java.math.BigDecimal, java.math.BigDecimal> gotAsks = side(false);
                applyLevels(gotBids, book.get("bids"));
                applyLevels(gotAsks, book.get("asks"));
                assertThat(top(gotBids, 50)).hasSize(50).isEqualTo(reference(ref.bids, 50));
                assertThat(top(gotAsks, 50)).hasSize(50).isEqualTo(reference(ref.asks, 50));

                // the stream: snapshot, then diffs chained by update id, up to the final id
                java.util.TreeMap<java.math.BigDecimal, java.math.BigDecimal> bids = side(true);
                java.util.TreeMap<java.math.BigDecimal, java.math.BigDecimal> asks = side(false);
                long last = Long.parseLong(first.id());
                int snapshots = 0;
                int diffs = 0;
                while (last != ref.lastUpdateId) {
                    SseReader.Event e = sse.next();
                    assertThat(e).as("stream ended at %d", last).isNotNull();
                    com.fasterxml.jackson.databind.JsonNode d = Http.MAPPER.readTree(e.data());
                    switch (e.name()) {
                        case "snapshot" -> {
                            snapshots++;
                            bids.clear();
                            asks.clear();
                            applyLevels(bids, d.get("bids"));
                            applyLevels(asks, d.get("asks"));
                        }
                        case "diff" -> {
                            diffs++;
                            assertThat(d.get("previousUpdateId").asLong()).as("diff %s", e.id()).isEqualTo(last);
                            // Binance's first diff after a snapshot may start at or below the snapshot id (U <= id+1 <= u):
                            // the chain is previousUpdateId, and each diff must end past the state it applies to
                            assertThat(Long.parseLong(e.id())).as("diff %s", e.id()).isGreaterThan(last);
                            applyLevels(bids, d.get("bids"));
                            applyLevels(asks, d.get("asks"));
                        }
                        default -> throw new AssertionError("unexpected event " + e);
                    }
                    last = Long.parseLong(e.id());
                }
                assertThat(snapshots).isEqualTo(1);
                assertThat(diffs).isGreaterThan(3000);
                assertThat(top(bids, Integer.MAX_VALUE)).isEqualTo(reference(ref.bids, Integer.MAX_VALUE));
                assertThat(top(asks, Integer.MAX_VALUE)).isEqualTo(reference(ref.asks, Integer.MAX_VALUE));

                String metrics = http.get("/metrics").body();
                assertThat(metrics).contains("ladder_applied_total{symbol=\"BTCUSDT\",venue=\"binance\"} " + (ref.applied + 1) + ".0")
                        .containsPattern("ladder_messages_total\\{venue=\"binance\"} 4\\d{4}\\.0")
                        .contains("ladder_gaps_total{symbol=\"BTCUSDT\",venue=\"binance\"} 0.0");
            }
        }

        // from the middle: the book restored from the #book line before --from is published as a
        // snapshot, and the diffs after it chain on to the same end
        dev.ladder.journal.StreamInfo info = reader.info(BTC);
        long from = info.firstNs() + (info.lastNs() - info.firstNs()) / 2;
        try (ReplayFeed feed = ReplayFeed.start(List.of(BTC), config)) {
            Http http = new Http(feed.port());
            try (SseReader sse = new SseReader(http, "/api/books/binance/BTCUSDT/stream")) {
                assertThat(sse.next().name()).isEqualTo("snapshot");
                feed.replay(reader, List.of(BTC), from, Long.MAX_VALUE, 0, quiet);
                SseReader.Event restored = sse.next();
                assertThat(restored.name()).isEqualTo("snapshot");
                assertThat(Long.parseLong(restored.id())).isPositive().isLessThan(ref.lastUpdateId);
                long last = Long.parseLong(restored.id());
                while (last != ref.lastUpdateId) {
                    SseReader.Event e = sse.next();
                    assertThat(e).isNotNull();
                    if (e.name().equals("diff")) {
                        assertThat(Http.MAPPER.readTree(e.data()).get("previousUpdateId").asLong()).isEqualTo(last);
                    }
                    last = Long.parseLong(e.id());
                }
            }
            com.fasterxml.jackson.databind.JsonNode book = http.get("/api/books/binance/BTCUSDT?depth=50").json();
            java.util.TreeMap<java.math.BigDecimal, java.math.BigDecimal> bids = side(true);
            applyLevels(bids, book.get("bids"));
            assertThat(top(bids, 50)).isEqualTo(reference(ref.bids, 50));
        }
    }

    @Test
    void theServeOptionPrintsTheUrlAndKeepsServingAfterTheEnd() throws Exception {
        Path capture = SharedData.resolve(CAPTURE);
        Assumptions.assumeTrue(capture != null, SharedData.skipReason(CAPTURE));
        Path data = dir.resolve("cli");
        assertThat(Main.run("journal", "import", capture.toString(), "--data", data.toString())).isZero();
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        java.util.concurrent.FutureTask<Integer> task = new java.util.concurrent.FutureTask<>(() ->
                cl.execute("replay", data.toString(), "--serve", "--port", "0", "--wait-for-client", "--run-for", "1"));
        new Thread(task, "replay-cli").start();
        java.util.regex.Pattern url = java.util.regex.Pattern.compile("at http://127\\.0\\.0\\.1:(\\d+)/");
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> out.toString().contains("waiting for a stream client"));
        java.util.regex.Matcher m = url.matcher(out.toString());
        assertThat(m.find()).isTrue();
        Http http = new Http(Integer.parseInt(m.group(1)));
        try (SseReader sse = new SseReader(http, "/api/books/binance/BTCUSDT/stream")) {
            SseReader.Event first = sse.next();
            assertThat(first.name()).isEqualTo("snapshot");
            long last = Long.parseLong(first.id());
            int diffs = 0;
            while (diffs < 100) {
                SseReader.Event e = sse.next();
                assertThat(e).isNotNull();
                if (e.name().equals("diff")) {
                    assertThat(Http.MAPPER.readTree(e.data()).get("previousUpdateId").asLong()).isEqualTo(last);
                    diffs++;
                } else {
                    assertThat(e.name()).isEqualTo("snapshot");
                }
                last = Long.parseLong(e.id());
            }
        }
        assertThat(task.get()).isZero();
        assertThat(out.toString()).containsPattern("serving a replay of .* at http://127\\.0\\.0\\.1:\\d+/")
                .contains("binance:BTCUSDT records=").contains("synced=true").contains("replay finished; still serving");
        StringWriter err = new StringWriter();
        CommandLine bad = Main.commandLine();
        bad.setErr(new PrintWriter(err, true));
        assertThat(bad.execute("replay", data.toString(), "--serve", "--run-for", "-1")).isEqualTo(2);
        assertThat(err.toString()).contains("--run-for");
    }

    /**
     * A Betfair market journaled at its publish times and replayed with the server up to mid-market:
     * the market routes answer with exactly what a cache fed the same lines directly holds.
     */
    @Test
    void aServedReplayServesBetfairMarkets() throws Exception {
        String rel = "data/betfair/1.197931750.bz2";
        Path file = SharedData.resolve(rel);
        Assumptions.assumeTrue(file != null, SharedData.skipReason(rel));
        InstrumentId market = InstrumentId.of(Venue.BETFAIR, "1.197931750");
        long mid = 1_650_392_756_679L * 1_000_000L;
        BetfairServeSupport reference = new BetfairServeSupport(dev.ladder.betfair.BetfairCacheConfig.keepAll());
        Path data = dir.resolve("betfair");
        try (Journal j = Journal.open(JournalConfig.defaults(data))) {
            JournalWriter w = j.writer(market);
            new dev.ladder.betfair.BetfairHistoricalReader().read(file, (source, number, bytes, off, len) -> {
                try {
                    String line = new String(bytes, off, len, java.nio.charset.StandardCharsets.UTF_8);
                    long ns = Http.MAPPER.readTree(line).get("pt").asLong() * 1_000_000L;
                    w.append(ns, bytes, off, len);
                    if (ns <= mid) {
                        reference.apply(line);
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return true;
            });
        }
        JournalReader reader = new JournalReader(data);
        ProgressMeter quiet = ProgressMeter.to(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), "replay", 0);
        try (ReplayFeed feed = ReplayFeed.start(reader.streams(), ServerConfig.loopback(0))) {
            Http http = new Http(feed.port());
            assertThat(http.get("/api/markets").json().get("markets").size()).isZero();
            JournalReplay.Result r = feed.replay(reader, reader.streams(), Long.MIN_VALUE, mid, 0, quiet);
            assertThat(r.records().get(market)).isEqualTo(84);
            Http.Response got = http.get("/api/markets/1.197931750?depth=10");
            assertThat(got.status()).isEqualTo(200);
            assertThat(got.body()).contains("\"OPEN\"")
                    .isEqualTo(new String(BetfairRoutes.detail(reference.market("1.197931750"), 10), java.nio.charset.StandardCharsets.UTF_8));
            assertThat(http.get("/api/markets").body()).contains("1.197931750");
            assertThat(http.get("/metrics").body()).contains("ladder_messages_total{venue=\"betfair\"} 84.0");
        }
        reference.close();
    }
}
