package dev.ladder.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.binance.sim.BinanceSimulator;
import dev.ladder.binance.sim.SimulatorConfig;
import dev.ladder.core.Clock;
import dev.ladder.server.node.DemoVenues;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The serve and demo commands: configuration validated at start-up with messages naming the setting. */
class CommandsTest {
    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "serve|--binance or --binance-futures",
            "serve --binance BTCUSDT --port 70000|--port must be within 0..65535",
            "serve --binance BTCUSDT --default-book nasdaq:AAPL|--default-book",
            "serve --binance BTCUSDT --default-book binance:ETHUSDT|--default-book binance:ETHUSDT is not one of the books served",
            "serve --binance BTCUSDT --default-book BTCUSDT|--default-book must be VENUE:SYMBOL",
            "serve --binance BTCUSDT --binance-ws http://127.0.0.1:1|--binance: wsBaseUri must be ws:// or wss://",
            "serve --binance-futures BTCUSDT --snapshot-limit 5000|--binance-futures: snapshotLimit must be within 1..1000",
            "serve --binance BTCUSDT --stream-queue 0|--stream-queue must be at least 1",
            "serve --binance BTCUSDT --run-for -1|--run-for must not be negative"})
    void badConfigurationIsRefusedNamingTheSetting(String args, String message) {
        Result r = run(args.split(" "));
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(message);
    }

    @Test
    void demoStartsPrintsTheUrlRecordsAndStops(@TempDir Path dir) {
        Path data = dir.resolve("data");
        Result r = run("demo", "--port", "0", "--symbols", "BTCUSDT", "--run-for", "2", "--data", data.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("Ladder demo \\(simulated Binance at http://127\\.0\\.0\\.1:\\d+, "
                + "simulated Betfair at 127\\.0\\.0\\.1:\\d+, simulated Betting API at http://127\\.0\\.0\\.1:\\d+/exchange/betting/json-rpc/v1\\)"
                + " at http://127\\.0\\.0\\.1:\\d+/");
        assertThat(r.out()).contains("binance:BTCUSDT").contains("/api/markets").contains("recording into " + data.toAbsolutePath())
                .contains("Authorization: Bearer demo-").contains("/api/sports");
        assertThat(data.resolve("catalog.db")).isRegularFile();
        assertThat(data.resolve("binance").resolve("BTCUSDT")).isDirectory();
        assertThat(data.resolve("betfair")).isDirectory();
    }

    @Test
    void demoWithoutRecordingWritesNothing(@TempDir Path dir) {
        Path data = dir.resolve("data");
        Result r = run("demo", "--port", "0", "--symbols", "BTCUSDT", "--betfair-markets", "1", "--run-for", "1",
                "--no-record", "--data", data.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("recording");
        assertThat(data).doesNotExist();
    }

    @Test
    void anUnusableDataDirectoryIsRefusedNamingTheOption(@TempDir Path dir) throws Exception {
        Path file = java.nio.file.Files.writeString(dir.resolve("not-a-dir"), "x");
        Result r = run("serve", "--binance", "BTCUSDT", "--port", "0", "--run-for", "1", "--data", file.toString());
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("--data " + file);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "|environment variable APP_KEY",
            "APP_KEY=k|environment variable SSOID",
            "APP_KEY=k SSOID=|environment variable SSOID"})
    void betfairWithoutCredentialsIsRefusedNamingTheVariable(String env, String message) {
        ServeCommand cmd = new ServeCommand();
        cmd.environment = new java.util.HashMap<>();
        if (env != null) {
            for (String kv : env.split(" ")) {
                String[] p = kv.split("=", -1);
                cmd.environment.put(p[0], p[1]);
            }
        }
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(cmd);
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("--betfair-markets", "1.234", "--port", "0", "--run-for", "1");
        assertThat(code).as(err.toString()).isEqualTo(2);
        assertThat(err.toString()).contains(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--betfair-markets x1|--betfair-markets: 'x1' is not a market id",
            "--betfair-event-types horse|--betfair-event-types: 'horse' is not an event type id",
            "--betfair-markets 1.2 --betfair-port 0|--betfair-port must be 1..65535",
            "--betfair-markets 1.2 --betfair-heartbeat-ms 10|--betfair-heartbeat-ms must be within 500..5000"})
    void badBetfairOptionsAreRefusedNamingThem(String args, String message) {
        ServeCommand cmd = new ServeCommand();
        cmd.environment = java.util.Map.of("APP_KEY", "k", "SSOID", "s");
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(cmd);
        cl.setErr(new PrintWriter(err, true));
        assertThat(cl.execute(args.split(" "))).as(err.toString()).isEqualTo(2);
        assertThat(err.toString()).contains(message);
    }

    @Test
    void serveStreamsBetfairFromASimulatorWithCredentialsFromTheEnvironment(@TempDir Path dir) throws Exception {
        try (dev.ladder.betfair.sim.BetfairSimulator sim = DemoVenues.startBetfair(1, 3, 5)) {
            ServeCommand cmd = new ServeCommand();
            cmd.environment = java.util.Map.of("APP_KEY", DemoVenues.APP_KEY, "SSOID", DemoVenues.SESSION);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cl = new CommandLine(cmd);
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            Path data = dir.resolve("journal");
            int code = cl.execute("--betfair-markets", "1.900000001", "--betfair-host", "127.0.0.1", "--betfair-port",
                    String.valueOf(sim.port()), "--no-betfair-tls", "--port", "0", "--run-for", "2", "--data", data.toString());
            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString()).contains("Ladder serving live Betfair markets at http://127.0.0.1:")
                    .contains("betfair: 127.0.0.1:" + sim.port() + " (plain TCP), markets 1.900000001");
            // the client authenticated with the environment's credentials and its raw lines were journaled
            assertThat(data.resolve("betfair").resolve("1.900000001")).isDirectory();
            assertThat(sim.authFailures()).isZero();
        }
    }

    @Test
    void serveTakesTheBaseUrlsOfASimulator() throws Exception {
        try (BinanceSimulator sim = BinanceSimulator.start(SimulatorConfig.spot(List.of("BTCUSDT", "ETHUSDT")), Clock.system())) {
            Result r = run("serve", "--binance", "BTCUSDT,ETHUSDT", "--port", "0", "--run-for", "1",
                    "--binance-rest", sim.restBaseUri().toString(), "--binance-ws", sim.wsBaseUri().toString(),
                    "--default-book", "binance:ETHUSDT");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("Ladder serving live Binance books at http://127.0.0.1:")
                    .contains("binance:BTCUSDT, binance:ETHUSDT");
        }
    }

    @Test
    void helpListsTheCommands() {
        Result r = run("--help");
        assertThat(r.out()).contains("serve").contains("demo");
        assertThat(run("serve", "--help").out()).contains("--binance").contains("--binance-futures").contains("--port")
                .contains("--binance-rest").contains("--default-book").contains("--betfair-markets").contains("--betfair-event-types")
                .contains("--[no-]betfair-tls").contains("--data");
        assertThat(run("demo", "--help").out()).contains("--no-record").contains("--data").contains("--betfair-markets");
    }
}
