package dev.ladder.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ladder.binance.sim.BinanceSimulator;
import dev.ladder.binance.sim.SimulatorConfig;
import dev.ladder.core.Clock;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.Venue;
import dev.ladder.journal.JournalCursor;
import dev.ladder.journal.JournalReader;
import dev.ladder.server.replay.BinanceBookTarget;
import dev.ladder.server.replay.BookBlob;
import dev.ladder.server.replay.JournalReplay;
import dev.ladder.server.testing.Cli;
import dev.ladder.server.testing.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code ladder record binance} against the Binance simulator on loopback (with a forced
 * reconnect), then {@code ladder replay} and {@code ladder journal ls/verify} on what it wrote:
 * the replayed book equals the simulator's, every #book line equals the replayed book at its
 * position byte for byte, and the book at random times from a #book plus tail equals a full replay.
 */
class RecordCommandTest {
    @TempDir
    Path dir;

    record Point(long ns, long checksum) {
    }

    static long replayedUpdateId(Path data, InstrumentId id, boolean isFutures) throws java.io.IOException {
        BinanceBookTarget t = new BinanceBookTarget("BTCUSDT", isFutures);
        new JournalReader(data).replayTo(id, Long.MAX_VALUE, t);
        return t.sync().lastUpdateId();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void recordsReplaysAndVerifies(boolean isFutures) throws Exception {
        SimulatorConfig sc = (isFutures ? SimulatorConfig.futures(List.of("BTCUSDT")) : SimulatorConfig.spot(List.of("BTCUSDT")))
                .withLevelsPerSide(40).withTick(Duration.ofMillis(20));
        InstrumentId id = InstrumentId.of(isFutures ? Venue.BINANCE_FUTURES : Venue.BINANCE, "BTCUSDT");
        Path data = dir.resolve("journal");
        try (BinanceSimulator sim = BinanceSimulator.start(sc, Clock.system())) {
            List<String> args = new ArrayList<>(List.of("record", "binance", "--symbols", "BTCUSDT", "--data", data.toString(),
                    "--rest", sim.restBaseUri().toString(), "--ws", sim.wsBaseUri().toString(), "--run-for", "120", "--book-every", "100ms"));
            if (isFutures) {
                args.add("--futures");
            }
            FutureTask<Cli.Run> rec = new FutureTask<>(() -> Cli.run(args.toArray(String[]::new)));
            Thread recorder = Thread.ofPlatform().name("record-command").start(rec);
            // read the journal while it is written: wait for data, force a reconnect, wait for more
            await().atMost(Duration.ofSeconds(60)).until(() -> Fixtures.records(data, id) > 40);
            long before = Fixtures.records(data, id);
            sim.closeConnections();
            await().atMost(Duration.ofSeconds(60)).until(() -> Fixtures.records(data, id) > before + 60);
            sim.pause();
            await().atMost(Duration.ofSeconds(60)).until(() -> replayedUpdateId(data, id, isFutures) == sim.lastUpdateId("BTCUSDT"));
            recorder.interrupt();
            Cli.Run r = rec.get();
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("recording " + id.venue().id() + " BTCUSDT").containsPattern("recorded \\d+ messages");

            JournalReader reader = new JournalReader(data);
            assertThat(reader.streams()).contains(id);
            // full replay: equals the simulator's book, and each #book line equals the replayed book there
            BinanceBookTarget full = new BinanceBookTarget("BTCUSDT", isFutures);
            List<Point> points = new ArrayList<>();
            int books = 0;
            int snapshots = 0;
            int reconnects = 0;
            long prevNs = -1;
            try (JournalCursor c = reader.cursor(id, Long.MIN_VALUE, Long.MAX_VALUE)) {
                while (c.next()) {
                    if (prevNs >= 0 && c.receiveNanos() != prevNs && full.sync().isSynced()) {
                        points.add(new Point(prevNs, JournalReplay.checksum(full.book())));
                    }
                    prevNs = c.receiveNanos();
                    switch (c.kind()) {
                        case BOOK -> {
                            assertThat(new String(BookBlob.encode(full.book(), full.sync().lastUpdateId())))
                                    .as("#book at seq %d", c.seq()).isEqualTo(c.payloadString());
                            books++;
                        }
                        case SNAPSHOT -> {
                            snapshots++;
                            full.apply(c);
                        }
                        case RECONNECT -> {
                            reconnects++;
                            full.apply(c);
                        }
                        default -> full.apply(c);
                    }
                }
            }
            assertThat(books).isGreaterThan(5);
            assertThat(snapshots).isGreaterThanOrEqualTo(2);
            assertThat(reconnects).isGreaterThanOrEqualTo(1);
            assertThat(full.sync().isSynced()).isTrue();
            assertThat(full.sync().lastUpdateId()).isEqualTo(sim.lastUpdateId("BTCUSDT"));
            assertThat(JournalReplay.checksum(full.book())).isEqualTo(JournalReplay.checksum(sim.book("BTCUSDT")));

            SplittableRandom rnd = new SplittableRandom(isFutures ? 2 : 1);
            for (int k = 0; k < 40; k++) {
                Point p = points.get(points.size() / 4 + rnd.nextInt(points.size() * 3 / 4));
                BinanceBookTarget at = new BinanceBookTarget("BTCUSDT", isFutures);
                assertThat(reader.replayTo(id, p.ns(), at).isFromBook()).isTrue();
                assertThat(JournalReplay.checksum(at.book())).as("book at %d", p.ns()).isEqualTo(p.checksum());
            }

            Cli.Run replay = Cli.run("replay", data.toString(), "--stream", id.toString());
            assertThat(replay.code()).as(replay.err()).isZero();
            assertThat(replay.out()).contains(id + " records=").contains("synced=true")
                    .contains(String.format("checksum=%016x", JournalReplay.checksum(sim.book("BTCUSDT"))));
        }

        Cli.Run ls = Cli.run("journal", "ls", data.toString());
        assertThat(ls.code()).isZero();
        assertThat(ls.out()).contains("STREAM").contains(id.toString());
        Cli.Run ok = Cli.run("journal", "verify", data.toString());
        assertThat(ok.code()).as(ok.out()).isZero();
        assertThat(ok.out()).contains("OK");

        Path idx;
        try (var s = Files.walk(data)) {
            idx = s.filter(p -> p.toString().endsWith(".log.idx") && p.toString().contains("BTCUSDT")).findFirst().orElseThrow();
        }
        Files.writeString(idx, "1 0 3 3 i\n", StandardOpenOption.APPEND);
        Cli.Run bad = Cli.run("journal", "verify", data.toString());
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.out()).contains("DAMAGE " + idx).contains("DAMAGED");
    }

    @org.junit.jupiter.api.Test
    void badArgumentsAreRefusedNamingTheSetting() {
        assertThat(Cli.run("record", "betfair", "--symbols", "X").err()).contains("--symbols and --futures are for binance");
        assertThat(Cli.run("record", "kraken", "--symbols", "X").err()).contains("VENUE must be binance, binance-futures or betfair");
        assertThat(Cli.run("record", "binance", "--symbols", "X", "--fsync", "sometimes").err()).contains("--fsync must be");
        assertThat(Cli.run("replay", dir.toString(), "--from", "yesterday").err()).contains("--from: 'yesterday' is not a time: expected an ISO-8601 instant");
        assertThat(Cli.run("journal", "verify", dir.resolve("missing").toString()).code()).isEqualTo(2);
    }

    /**
     * {@code ladder record betfair} against the simulator replaying a real market file: the journal
     * prints the same market as the file, and its Betfair export reads back to the same market.
     */
    @org.junit.jupiter.api.Test
    void recordsBetfairMarketsAsTheFileAndTheExportReadsBack(@TempDir Path tmp) throws Exception {
        String rel = "data/betfair/1.197931750.bz2";
        Path file = dev.ladder.core.SharedData.resolve(rel);
        org.junit.jupiter.api.Assumptions.assumeTrue(file != null, dev.ladder.core.SharedData.skipReason(rel));
        Cli.Run expected = Cli.run("book", file.toString(), "--venue", "betfair", "--json");
        assertThat(expected.code()).as(expected.err()).isZero();
        Path data = tmp.resolve("journal");
        try (dev.ladder.betfair.sim.BetfairSimulator sim = new dev.ladder.betfair.sim.BetfairSimulator(
                dev.ladder.betfair.sim.BetfairSimulatorConfig.defaults().withCredentials("key", "session"), Clock.system()).start()) {
            sim.replay(file, 50, true); // 323 s of market in about 6.5 s: the subscription image comes well before the mid-market instant checked below
            RecordCommand cmd = new RecordCommand();
            cmd.environment = java.util.Map.of("APP_KEY", "key", "SSOID", "session");
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cl = new CommandLine(cmd);
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            FutureTask<Integer> task = new FutureTask<>(() -> cl.execute("betfair", "--markets", "1.197931750",
                    "--host", "127.0.0.1", "--port", String.valueOf(sim.port()), "--no-tls", "--data", data.toString(),
                    "--fsync", "os", "--group-commit-ms", "10"));
            Thread t = new Thread(task, "record-betfair");
            t.start();
            try {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    Cli.Run now = Cli.run("book", data.toString(), "--venue", "betfair", "--market", "1.197931750", "--json");
                    return now.code() == 0 && now.out().equals(expected.out());
                });
            } finally {
                t.interrupt();
            }
            assertThat(task.get()).as(err.toString()).isZero();
            assertThat(out.toString()).contains("recording betfair 1.197931750 from 127.0.0.1:" + sim.port() + " (plain TCP)")
                    .containsPattern("recorded \\d+ lines as \\d+ records \\(1 markets in the cache\\); 0 append errors");
        }
        Cli.Run recorded = Cli.run("book", data.toString(), "--venue", "betfair", "--market", "1.197931750", "--json");
        assertThat(recorded.code()).as(recorded.err()).isZero();
        assertThat(recorded.out()).contains("1.197931750").isEqualTo(expected.out());
        // mid-market (publish time), while the ladders are full
        Cli.Run midFile = Cli.run("book", file.toString(), "--venue", "betfair", "--json", "--at", "1650392756679");
        Cli.Run midJournal = Cli.run("book", data.toString(), "--venue", "betfair", "--market", "1.197931750", "--json", "--at", "1650392756679");
        assertThat(midFile.out()).contains("\"status\":\"OPEN\"").contains("\"atb\":[[\"80\"");
        assertThat(midJournal.out()).as(midJournal.err()).isEqualTo(midFile.out());

        Path export = tmp.resolve("export.jsonl");
        Cli.Run ex = Cli.run("export", "betfair", data.toString(), "--stream", "betfair:1.197931750", "--out", export.toString());
        assertThat(ex.code()).as(ex.err()).isZero();
        Cli.Run back = Cli.run("book", export.toString(), "--venue", "betfair", "--json");
        assertThat(back.code()).as(back.err()).isZero();
        assertThat(back.out()).isEqualTo(expected.out());
    }

    @org.junit.jupiter.api.Test
    void recordBetfairNamesWhatIsMissing(@TempDir Path tmp) {
        String[][] cases = {
            {"", "environment variable APP_KEY"},
            {"APP_KEY=k", "environment variable SSOID"},
        };
        for (String[] c : cases) {
            RecordCommand cmd = new RecordCommand();
            cmd.environment = new java.util.HashMap<>();
            if (!c[0].isEmpty()) {
                String[] kv = c[0].split("=");
                cmd.environment.put(kv[0], kv[1]);
            }
            StringWriter err = new StringWriter();
            CommandLine cl = new CommandLine(cmd);
            cl.setErr(new PrintWriter(err, true));
            assertThat(cl.execute("betfair", "--markets", "1.2", "--data", tmp.toString())).isEqualTo(2);
            assertThat(err.toString()).contains(c[1]);
        }
        assertThat(Cli.run("record", "betfair", "--data", tmp.toString()).err()).contains("betfair needs --markets or --event-types");
        assertThat(Cli.run("record", "betfair", "--markets", "x1", "--data", tmp.toString()).err()).contains("--markets: 'x1'");
        assertThat(Cli.run("record", "binance", "--data", tmp.toString()).err()).contains("binance needs --symbols");
    }
}
