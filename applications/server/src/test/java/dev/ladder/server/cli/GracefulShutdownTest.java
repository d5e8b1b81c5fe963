package dev.ladder.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.binance.sim.BinanceSimulator;
import dev.ladder.binance.sim.SimulatorConfig;
import dev.ladder.core.Clock;
import dev.ladder.server.testing.Cli;
import dev.ladder.server.testing.Http;
import dev.ladder.server.testing.SseReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM ({@link Process#destroy()}) on a child JVM started as {@code ./ladder} starts it (the same main,
 * class path and JVM flags from the parent POM), recording from the Binance simulator: the process exits
 * well inside its shutdown limit, stream clients get a final {@code state: stopped} event before their
 * stream ends, the journal verifies clean and holds every record acknowledged before the signal, and with
 * {@code --log-format json} (or {@code LADDER_LOG_FORMAT=json}) every line on standard error is a JSON
 * object. The serving child is configured as a deployment is: a configuration file with an environment
 * override.
 */
class GracefulShutdownTest {
    @TempDir
    Path dir;

    @Test
    void sigtermOnServeEndsStreamsAndKeepsEveryAcknowledgedRecord() throws Exception {
        Path data = dir.resolve("data");
        try (BinanceSimulator sim = BinanceSimulator.start(SimulatorConfig.spot(List.of("BTCUSDT")), Clock.system())) {
            // configured as a deployment is: a file, an environment override, JSON logs from the environment
            Path config = dir.resolve("ladder.toml");
            Files.writeString(config, "[serve]\nbinance = [\"BTCUSDT\"]\nport = 8080\nbinance-rest = \"" + sim.restBaseUri()
                    + "\"\nbinance-ws = \"" + sim.wsBaseUri() + "\"\ndata = \"" + data.toString().replace("\\", "\\\\") + "\"\n");
            Child child = Child.start(dir, java.util.Map.of("LADDER_CONFIG", config.toString(), "LADDER_SERVE_PORT", "0",
                    "LADDER_LOG_FORMAT", "json"), "serve");
            try {
                String banner = child.awaitOut("at http://");
                Matcher m = Pattern.compile("http://127\\.0\\.0\\.1:(\\d+)/").matcher(banner);
                assertThat(m.find()).as(banner).isTrue();
                assertThat(Integer.parseInt(m.group(1))).as("LADDER_SERVE_PORT=0 overrides the file's 8080").isNotEqualTo(8080);
                Http http = new Http(Integer.parseInt(m.group(1)));
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> http.get("/ready").status() == 200);
                try (SseReader sse = new SseReader(http, "/api/books/binance/BTCUSDT/stream")) {
                    assertThat(sse.next().name()).isEqualTo("snapshot");
                    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> durable(http.get("/metrics").body()) >= 5);
                    long durable = durable(http.get("/metrics").body());
                    child.process.destroy();
                    List<String> tail = new ArrayList<>();
                    for (SseReader.Event e; (e = sse.next()) != null; ) {
                        tail.add(e.name() + " " + e.data());
                    }
                    assertThat(tail).as("the stream's last event").isNotEmpty();
                    assertThat(tail.getLast()).isEqualTo("state {\"state\":\"stopped\"}");
                    assertThat(child.process.waitFor(NodeRunner.SHUTDOWN_LIMIT.toSeconds() + 20, TimeUnit.SECONDS))
                            .as("exited after SIGTERM").isTrue();
                    assertThat(child.process.exitValue()).isEqualTo(143);
                    assertThat(records(data, "binance:BTCUSDT")).as("records journaled").isGreaterThanOrEqualTo(durable);
                }
                assertThat(Cli.run("journal", "verify", data.toString()).code()).isEqualTo(0);
                child.assertJsonLogs("shutting down", "stopped in");
            } finally {
                child.process.destroyForcibly();
            }
        }
    }

    @Test
    void sigtermOnRecordClosesTheJournalWithEveryCountedRecord() throws Exception {
        Path data = dir.resolve("journal");
        try (BinanceSimulator sim = BinanceSimulator.start(SimulatorConfig.spot(List.of("BTCUSDT")), Clock.system())) {
            Child child = Child.start(dir, java.util.Map.of(), "record", "binance", "--symbols", "BTCUSDT", "--rest", sim.restBaseUri().toString(),
                    "--ws", sim.wsBaseUri().toString(), "--data", data.toString(), "--log-format=json");
            try {
                child.awaitOut("recording binance");
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> records(data, "binance:BTCUSDT") >= 5);
                assertThat(child.terminate(NodeRunner.SHUTDOWN_LIMIT.toSeconds() + 20)).as("exited after SIGTERM").isTrue();
                String recorded = child.awaitOut("recorded ");
                Matcher m = Pattern.compile("recorded (\\d+) messages, (\\d+) snapshots, (\\d+) markers, (\\d+) books; 0 append errors")
                        .matcher(recorded);
                assertThat(m.find()).as(recorded).isTrue();
                long counted = Long.parseLong(m.group(1)) + Long.parseLong(m.group(2)) + Long.parseLong(m.group(3)) + Long.parseLong(m.group(4));
                assertThat(Cli.run("journal", "verify", data.toString()).code()).isEqualTo(0);
                assertThat(records(data, "binance:BTCUSDT")).isEqualTo(counted);
                child.assertJsonLogs();
            } finally {
                child.process.destroyForcibly();
            }
        }
    }

    private static long durable(String metrics) {
        Matcher m = Pattern.compile("ladder_journal_durable_records\\{stream=\"binance:BTCUSDT\"} ([0-9.E]+)").matcher(metrics);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    /** The records of {@code stream} as {@code ladder journal ls} counts them. */
    private static long records(Path data, String stream) {
        if (!Files.isDirectory(data)) {
            return 0;
        }
        Cli.Run ls = Cli.run("journal", "ls", data.toString());
        for (String line : ls.out().split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 4 && f[0].equals(stream)) {
                return Long.parseLong(f[3]);
            }
        }
        return 0;
    }

    /**
     * A child JVM running {@code ladder ARGS...} as the launcher would. Its output goes to files:
     * {@link Process#destroy()} closes the parent's ends of the pipes, which would lose what the child
     * writes while it shuts down.
     */
    record Child(Process process, Path out, Path err) {
        static Child start(Path dir, java.util.Map<String, String> env, String... args) throws IOException {
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> cmd = new ArrayList<>(List.of(java));
            cmd.addAll(List.of(jvmFlags().split("\\s+")));
            cmd.addAll(List.of("-Xmx256m", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
            cmd.addAll(List.of(args));
            Path out = Files.createTempFile(dir, "out", ".txt");
            Path err = Files.createTempFile(dir, "err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            return new Child(p, out, err);
        }

        /** Sends SIGTERM and waits (bounded) for the exit; false when it did not exit. */
        boolean terminate(long seconds) throws InterruptedException {
            process.destroy();
            return process.waitFor(seconds, TimeUnit.SECONDS);
        }

        List<String> lines(Path file) {
            try {
                return Files.readAllLines(file);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        String awaitOut(String fragment) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                boolean seen = lines(out).stream().anyMatch(l -> l.contains(fragment));
                if (!seen && !process.isAlive()) {
                    throw new AssertionError("the child exited: out " + lines(out) + " err " + lines(err));
                }
                return seen;
            });
            return lines(out).stream().filter(l -> l.contains(fragment)).findFirst().orElseThrow();
        }

        /** Every standard-error line is a JSON log object; each fragment is some line's message. */
        void assertJsonLogs(String... messages) throws IOException {
            List<String> seen = new ArrayList<>();
            for (String line : lines(err)) {
                JsonNode j = Http.MAPPER.readTree(line);
                assertThat(j.isObject()).as(line).isTrue();
                assertThat(j.has("ts") && j.has("level") && j.has("logger") && j.has("thread") && j.has("message")).as(line).isTrue();
                seen.add(j.get("message").asText());
            }
            for (String m : messages) {
                assertThat(seen).as("log messages").anyMatch(s -> s.contains(m));
            }
        }
    }

    /** The launcher's JVM flags: the parent POM's {@code ladder.jvm.flags} property, as {@code ./ladder} reads it. */
    static String jvmFlags() throws IOException {
        Matcher m = Pattern.compile("<ladder.jvm.flags>(.*)</ladder.jvm.flags>").matcher(Files.readString(Path.of("../../pom.xml")));
        assertThat(m.find()).isTrue();
        return m.group(1).trim();
    }
}
