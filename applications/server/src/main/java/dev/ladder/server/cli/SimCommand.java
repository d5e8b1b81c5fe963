package dev.ladder.server.cli;

import dev.ladder.binance.sim.BinanceSimulator;
import dev.ladder.binance.sim.FaultConfig;
import dev.ladder.binance.sim.SimulatorConfig;
import dev.ladder.core.Clock;
import dev.ladder.core.Venue;
import dev.ladder.server.export.CaptureExport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ladder sim <venue> ...}: runs a venue simulator alone until interrupted. One subcommand
 * per venue ({@code binance} now; others are added as nested commands beside it).
 */
@Command(name = "sim",
        mixinStandardHelpOptions = true,
        description = "Run a venue simulator alone (for demos, scripts and third-party clients).",
        subcommands = {SimCommand.Binance.class, BetfairSimCommand.class})
final class SimCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("name a venue: ladder sim binance --help");
        return 2;
    }

    /** {@code ladder sim binance}: a Binance-compatible REST + websocket server. */
    @Command(name = "binance",
            mixinStandardHelpOptions = true,
            description = {"Run a Binance-compatible market-data server (REST depth/exchangeInfo, /ws and /stream websockets)",
                    "fed by a random market model or by replayed captures; prints its URLs and runs until Ctrl-C."})
    static final class Binance implements Callable<Integer> {
        @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
        String host;

        @Option(names = "--port", defaultValue = "0", description = "Port to bind; 0 picks a free one (default: ${DEFAULT-VALUE}).")
        int port;

        @Option(names = "--symbols", split = ",", defaultValue = "BTCUSDT,ETHUSDT",
                description = "Symbols of the market model, comma separated (default: ${DEFAULT-VALUE}).")
        List<String> symbols;

        @Option(names = "--futures", description = "Serve USD-M futures (/fapi/v1, pu fields) instead of spot.")
        boolean isFutures;

        @Option(names = "--replay", arity = "1..*", paramLabel = "FILE|DIR",
                description = "Replay these captures (hftbacktest or cryptofeed files) or journal directories (their Binance streams) instead of the model.")
        List<Path> replay = List.of();

        @Option(names = "--speed", defaultValue = "1", description = "Replay speed factor; 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
        double speed;

        @Option(names = "--seed", defaultValue = "1", description = "Seed of the market model and fault draws (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--levels", defaultValue = "300", description = "Levels per side in the model (default: ${DEFAULT-VALUE}).")
        int levels;

        @Option(names = "--tick-ms", defaultValue = "100", description = "Model step in milliseconds (default: ${DEFAULT-VALUE}).")
        long tickMillis;

        @Option(names = "--lifetime-s", defaultValue = "86400",
                description = "Close each websocket after this many seconds, as Binance does at 24 h (default: ${DEFAULT-VALUE}).")
        long lifetimeSeconds;

        @Option(names = "--drop", defaultValue = "0", description = "Probability of dropping a depth diff.")
        double drop;

        @Option(names = "--duplicate", defaultValue = "0", description = "Probability of sending a depth diff twice.")
        double duplicate;

        @Option(names = "--reorder", defaultValue = "0", description = "Probability of swapping a depth diff with the next.")
        double reorder;

        @Option(names = "--malformed", defaultValue = "0", description = "Probability of a garbage frame before a depth diff.")
        double malformed;

        @Option(names = "--delay-ms", defaultValue = "0", description = "Delay of every depth diff in milliseconds.")
        long delayMillis;

        @Option(names = "--faults", description = "Turn on the control and fault routes (POST /sim/...): anyone who can reach the port can then pause, close or corrupt the streams. Off by default.")
        boolean hasFaultRoutes;

        @Override
        public Integer call() throws Exception {
            for (Path p : replay) {
                if (!Files.isReadable(p)) {
                    System.err.println("--replay: cannot read " + p);
                    return 2;
                }
            }
            replay = CaptureExport.expandJournals(replay);
            SimulatorConfig cfg;
            try {
                FaultConfig faults = new FaultConfig(drop, duplicate, reorder, malformed, Duration.ofMillis(delayMillis));
                cfg = (isFutures ? SimulatorConfig.futures(symbols) : SimulatorConfig.spot(symbols))
                        .withHost(host).withPort(port).withSeed(seed).withLevelsPerSide(levels)
                        .withTick(Duration.ofMillis(tickMillis)).withReplay(replay, speed).withFaults(faults)
                        .withConnectionLifetime(Duration.ofSeconds(lifetimeSeconds)).withFaultRoutes(hasFaultRoutes);
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                return 2;
            }
            BinanceSimulator sim = BinanceSimulator.start(cfg, Clock.system());
            CountDownLatch stop = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                sim.close();
                stop.countDown();
            }, "sim-shutdown"));
            printUrls(System.out, sim);
            stop.await();
            return 0;
        }

        static void printUrls(PrintStream out, BinanceSimulator sim) {
            boolean futures = sim.config().venue() == Venue.BINANCE_FUTURES;
            String rest = sim.restBaseUri().toString();
            String ws = sim.wsBaseUri().toString();
            String prefix = futures ? "/fapi/v1" : "/api/v3";
            List<String> symbols = sim.symbols();
            String first = symbols.getFirst();
            String lower = first.toLowerCase(Locale.ROOT);
            out.println("Binance " + (futures ? "USD-M futures" : "spot") + " simulator on " + rest
                    + (sim.config().replayFiles().isEmpty() ? " (model, seed " + sim.config().seed() + ")"
                    : " (replaying " + sim.config().replayFiles().size() + " file(s) at speed " + sim.config().replaySpeed() + ")"));
            out.println("  symbols       " + String.join(",", symbols));
            out.println("  REST base     " + rest + "   e.g. " + rest + prefix + "/depth?symbol=" + first + "&limit=1000");
            out.println("  exchangeInfo  " + rest + prefix + "/exchangeInfo");
            out.println("  WS base       " + ws + "   e.g. " + ws + "/ws/" + lower + "@depth@100ms");
            out.println("  combined      " + ws + "/stream?streams=" + lower + "@depth@100ms/" + lower + "@bookTicker/" + lower + "@trade");
            if (sim.config().hasFaultRoutes()) {
                out.println("  control       POST " + rest + "/sim/{pause,resume,close} | /sim/stall?ms=N | /sim/reject?count=N&status=429&retryAfter=S");
                out.println("                POST " + rest + "/sim/faults?drop=P&duplicate=P&reorder=P&malformed=P&delayMs=N | GET " + rest + "/sim/state");
            } else {
                out.println("  state         GET " + rest + "/sim/state   (control and fault routes off; --faults turns them on)");
            }
            out.println("Ctrl-C stops it.");
            out.flush();
        }
    }
}
