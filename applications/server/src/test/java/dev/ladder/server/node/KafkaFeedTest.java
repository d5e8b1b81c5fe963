package dev.ladder.server.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.binance.sim.BinanceSimulator;
import dev.ladder.binance.sim.SimulatorConfig;
import dev.ladder.core.Clock;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.Venue;
import dev.ladder.kafka.KafkaBroker;
import dev.ladder.kafka.KafkaConfig;
import dev.ladder.kafka.StreamPublisher;
import dev.ladder.server.http.ServerConfig;
import dev.ladder.server.live.BookState;
import dev.ladder.server.live.LiveBook;
import dev.ladder.server.replay.JournalReplay;
import dev.ladder.server.testing.Cli;
import dev.ladder.server.testing.Http;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Books built through Kafka against a real broker (a KRaft broker in a child JVM): {@code ladder record
 * --kafka} publishes what it receives from the Binance simulator, serving nodes consume it.
 */
class KafkaFeedTest {
    @TempDir
    Path dir;
    KafkaBroker broker;
    BinanceSimulator sim;
    Thread recorder;
    FutureTask<Cli.Run> recording;

    @BeforeEach
    void startBroker() throws Exception {
        broker = KafkaBroker.start(dir.resolve("broker"));
    }

    @AfterEach
    void stop() throws Exception {
        if (recorder != null) {
            recorder.interrupt();
            Cli.Run r = recording.get(60, TimeUnit.SECONDS);
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).containsPattern("kafka 127.0.0.1:\\d+: \\d+ records sent, \\d+ acknowledged, 0 failed");
        }
        if (sim != null) {
            sim.close();
        }
        broker.close();
    }

    /** Starts the simulator and {@code ladder record binance --kafka} against it. */
    private void record(List<String> symbols) throws Exception {
        sim = BinanceSimulator.start(SimulatorConfig.spot(symbols).withLevelsPerSide(30).withTick(Duration.ofMillis(20)), Clock.system());
        List<String> args = List.of("record", "binance", "--symbols", String.join(",", symbols), "--data", dir.resolve("journal").toString(),
                "--rest", sim.restBaseUri().toString(), "--ws", sim.wsBaseUri().toString(), "--book-every", "300ms",
                "--kafka", broker.bootstrapServers(), "--run-for", "300");
        recording = new FutureTask<>(() -> Cli.run(args.toArray(String[]::new)));
        recorder = Thread.ofPlatform().name("record-command").start(recording);
    }

    private LiveNode node(String group) throws Exception {
        return LiveNode.start(List.of(), null, null, ServerConfig.loopback(0), null, Clock.system(), List.of(), null,
                new LiveNode.KafkaSetup(KafkaConfig.of(broker.bootstrapServers()), group));
    }

    private static boolean equalsSim(LiveNode node, BinanceSimulator sim, String symbol) {
        Optional<LiveBook> b = node.registry().find(InstrumentId.of(Venue.BINANCE, symbol));
        if (b.isEmpty()) {
            return false;
        }
        LiveBook.Copy c = b.get().copy();
        return c.state() == BookState.LIVE && c.lastUpdateId() == sim.lastUpdateId(symbol)
                && JournalReplay.checksum(c.book()) == JournalReplay.checksum(sim.book(symbol));
    }

    @Test
    void booksBuiltThroughKafkaEqualTheSimulatorsAtTheSameUpdateIds() throws Exception {
        List<String> symbols = List.of("BTCUSDT", "ETHUSDT", "XRPUSDT");
        record(symbols);
        try (LiveNode node = node("equal")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> symbols.stream().allMatch(s ->
                    node.registry().find(InstrumentId.of(Venue.BINANCE, s)).map(b -> b.state() == BookState.LIVE).orElse(false)));
            // a reconnect: the recorder resyncs with a new snapshot, the consumer follows through the same sync
            sim.closeConnections();
            Thread.sleep(1500);
            sim.pause();
            await().atMost(Duration.ofSeconds(60)).until(() -> symbols.stream().allMatch(s -> equalsSim(node, sim, s)));
            assertThat(new Http(node.port()).get("/metrics").body()).containsPattern("ladder_kafka_records_total(\\{[^}]*})? [1-9]")
                    .containsPattern("ladder_kafka_listener_errors_total(\\{[^}]*})? 0")
                    .containsPattern("ladder_kafka_lag_records(\\{[^}]*})? [0-9]");
            Http.Response ready = new Http(node.port()).get("/ready");
            assertThat(ready.body()).as("the Kafka check is part of readiness").contains("\"name\":\"kafka\"");
            assertThat(ready.status()).as(ready.body()).isEqualTo(200);
            // a node in another group, started now, rebuilds every book from the restart points
            try (LiveNode late = node("late")) {
                await().atMost(Duration.ofSeconds(60)).until(() -> symbols.stream().allMatch(s -> equalsSim(late, sim, s)));
            }
        }
    }

    @Test
    void betfairMarketsBuiltThroughKafkaAloneEqualTheRecordedFile() throws Exception {
        String rel = "data/betfair/1.197931750.bz2";
        Path file = dev.ladder.core.SharedData.resolve(rel);
        org.junit.jupiter.api.Assumptions.assumeTrue(file != null, dev.ladder.core.SharedData.skipReason(rel));
        dev.ladder.betfair.BetfairMarketCache fromFile = new dev.ladder.betfair.BetfairMarketCache(dev.ladder.betfair.BetfairCacheConfig.keepAll());
        dev.ladder.betfair.BetfairReplay.run(List.of(file), new dev.ladder.betfair.BetfairStreamDecoder(fromFile), Long.MAX_VALUE, e -> { });
        String expected = new String(dev.ladder.server.http.BetfairRoutes.detail(fromFile.market("1.197931750"), 350), StandardCharsets.UTF_8);
        try (dev.ladder.betfair.sim.BetfairSimulator bf = new dev.ladder.betfair.sim.BetfairSimulator(
                dev.ladder.betfair.sim.BetfairSimulatorConfig.defaults().withCredentials("key", "session"), Clock.system()).start();
             LiveNode node = node("betfair")) {
            bf.replay(file, 50, true);
            dev.ladder.server.cli.RecordCommandAccess rec = new dev.ladder.server.cli.RecordCommandAccess(
                    java.util.Map.of("APP_KEY", "key", "SSOID", "session"));
            FutureTask<Integer> task = new FutureTask<>(() -> rec.run("betfair", "--markets", "1.197931750", "--host", "127.0.0.1",
                    "--port", String.valueOf(bf.port()), "--no-tls", "--kafka", broker.bootstrapServers()));
            Thread t = Thread.ofPlatform().name("record-betfair").start(task);
            try {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                    dev.ladder.betfair.BetfairMarket m = node.betfair().market("1.197931750");
                    return m != null && new String(dev.ladder.server.http.BetfairRoutes.detail(m, 350), StandardCharsets.UTF_8).equals(expected);
                });
            } finally {
                t.interrupt();
            }
            assertThat(task.get(60, TimeUnit.SECONDS)).as(rec.err()).isZero();
            // with --kafka and no --data nothing is journaled
            assertThat(rec.out()).contains("into kafka " + broker.bootstrapServers()).doesNotContain("recorded ")
                    .containsPattern("kafka 127.0.0.1:\\d+: \\d+ records sent, \\d+ acknowledged, 0 failed");
        }
    }

    /** A serving node in a child JVM: {@code ladder serve --from-kafka}, with its HTTP port. */
    record Child(Process process, int port) {
    }

    private Child child(String group) throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-Dladder.kafka.sessionTimeoutMs=3000",
                "-cp", System.getProperty("java.class.path"), "dev.ladder.server.cli.Main",
                "serve", "--from-kafka", broker.bootstrapServers(), "--group", group, "--port", "0");
        Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("child.err").toFile()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("at http://127\\.0\\.0\\.1:(\\d+)/").matcher(line);
                    if (m.find()) {
                        Thread.ofVirtual().start(() -> out.lines().forEach(l -> { }));
                        return Integer.parseInt(m.group(1));
                    }
                }
                return -1;
            } catch (java.io.IOException e) {
                return -1;
            }
        });
        int p0 = port.get(60, TimeUnit.SECONDS);
        assertThat(p0).as("child node port (stderr in %s)", dir.resolve("child.err")).isPositive();
        return new Child(p, p0);
    }

    /** The symbols a node serves live at the simulator's update id. */
    private static Set<String> liveAtSim(JsonNode books, BinanceSimulator sim) {
        Set<String> out = new HashSet<>();
        for (JsonNode b : books.path("books")) {
            String s = b.path("symbol").asText();
            if ("live".equals(b.path("state").asText()) && b.path("lastUpdateId").asLong() == sim.lastUpdateId(s)) {
                out.add(s);
            }
        }
        return out;
    }

    @Test
    void twoNodesInOneGroupSplitTheStreamsAndAKilledNodesStreamsAreTakenOver() throws Exception {
        // two partitions, and symbols on both of them
        try (StreamPublisher p = StreamPublisher.open(KafkaConfig.of(broker.bootstrapServers()).withPartitions(2), List.of("binance"))) {
            assertThat(p.errors()).isZero();
        }
        List<String> symbols = new ArrayList<>();
        Set<Integer> parts = new HashSet<>();
        for (String s : List.of("BTCUSDT", "ETHUSDT", "XRPUSDT", "SOLUSDT", "BNBUSDT", "ADAUSDT")) {
            symbols.add(s);
            parts.add(Utils.toPositive(Utils.murmur2(("binance:" + s).getBytes(StandardCharsets.UTF_8))) % 2);
            if (symbols.size() >= 3 && parts.size() == 2) {
                break;
            }
        }
        assertThat(parts).hasSize(2);
        record(symbols);
        Child other = child("shared");
        try (LiveNode node = node("shared")) {
            Http http = new Http(other.port());
            sim.pause();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                Set<String> mine = new HashSet<>();
                symbols.stream().filter(s -> equalsSim(node, sim, s)).forEach(mine::add);
                Set<String> theirs = liveAtSim(http.get("/api/books").json(), sim);
                Set<String> all = new HashSet<>(mine);
                all.addAll(theirs);
                return !mine.isEmpty() && !theirs.isEmpty() && all.containsAll(symbols) && mine.stream().noneMatch(theirs::contains);
            });
            sim.resume();
            other.process().destroyForcibly(); // SIGKILL: no leave-group, the broker notices by the session timeout
            other.process().waitFor(30, TimeUnit.SECONDS);
            Thread.sleep(1000);
            sim.pause();
            await().atMost(Duration.ofSeconds(90)).until(() -> symbols.stream().allMatch(s -> equalsSim(node, sim, s)));
        } finally {
            other.process().destroyForcibly();
        }
    }
}
