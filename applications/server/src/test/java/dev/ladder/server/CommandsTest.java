package dev.ladder.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.binance.BinanceSimulator;
import dev.ladder.binance.SimulatorConfig;
import dev.ladder.core.Clock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
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
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "serve|--binance or --futures",
            "serve --binance BTCUSDT --port 70000|--port must be within 0..65535",
            "serve --binance BTCUSDT --default-book nasdaq:AAPL|--default-book",
            "serve --binance BTCUSDT --default-book binance:ETHUSDT|--default-book binance:ETHUSDT is not one of the books served",
            "serve --binance BTCUSDT --default-book BTCUSDT|--default-book must be VENUE:SYMBOL",
            "serve --binance BTCUSDT --binance-ws http://127.0.0.1:1|--binance: wsBaseUri must be ws:// or wss://",
            "serve --futures BTCUSDT --snapshot-limit 5000|--futures: snapshotLimit must be within 1..1000",
            "serve --binance BTCUSDT --stream-queue 0|--stream-queue must be at least 1",
            "serve --binance BTCUSDT --run-for -1|--run-for must not be negative"})
    void badConfigurationIsRefusedNamingTheSetting(String args, String message) {
        Result r = run(args.split(" "));
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(message);
    }

    @Test
    void demoStartsPrintsTheUrlAndStops() {
        Result r = run("demo", "--port", "0", "--symbols", "BTCUSDT", "--run-for", "1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("Ladder demo \\(simulated Binance at http://127\\.0\\.0\\.1:\\d+\\) at http://127\\.0\\.0\\.1:\\d+/");
        assertThat(r.out()).contains("binance:BTCUSDT");
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
        assertThat(run("serve", "--help").out()).contains("--binance").contains("--futures").contains("--port")
                .contains("--binance-rest").contains("--default-book");
    }
}
