package dev.ladder.server;

import dev.ladder.binance.BinanceConfig;
import dev.ladder.binance.BinanceSimulator;
import dev.ladder.binance.SimulatorConfig;
import dev.ladder.core.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ladder demo}: the Binance simulator, the client and the server in one process on loopback:
 * live books with no credentials and no internet.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Starts a simulated Binance (market model), a client syncing its books and the HTTP server,",
                "all in this process on 127.0.0.1, and prints the URL of the web page."})
final class DemoCommand implements Callable<Integer> {
    /** The symbols of a demo when none are given. */
    static final List<String> DEFAULT_SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "BNBUSDT", "SOLUSDT", "XRPUSDT");

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--symbols", split = ",", paramLabel = "SYMBOL", description = "Simulated spot symbols (default BTCUSDT,ETHUSDT,BNBUSDT,SOLUSDT,XRPUSDT).")
    List<String> symbols = new ArrayList<>(DEFAULT_SYMBOLS);

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the market model (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--run-for", defaultValue = "0", paramLabel = "SECONDS", description = "Stop after this many seconds (default 0: until interrupted).")
    long runFor;

    @Override
    public Integer call() throws Exception {
        SimulatorConfig simConfig;
        try {
            simConfig = SimulatorConfig.spot(symbols).withSeed(seed);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("ladder demo: --symbols: " + e.getMessage());
            return 2;
        }
        BinanceSimulator sim = BinanceSimulator.start(simConfig, Clock.system());
        BinanceConfig client = BinanceConfig.spot(simConfig.symbols()).withBaseUris(sim.restBaseUri(), sim.wsBaseUri());
        int code = ServeCommand.run(spec.commandLine().getOut(), spec.commandLine().getErr(), List.of(client),
                "127.0.0.1", port, 1024, null, runFor,
                "Ladder demo (simulated Binance at " + sim.restBaseUri() + ")", sim);
        if (code != 0) {
            sim.close();
        }
        return code;
    }
}
