package dev.ladder.server.cli;

import dev.ladder.betfair.MarketFilter;
import dev.ladder.betfair.sim.BetfairSimulator;
import dev.ladder.betfair.sim.BettingApiSimulator;
import dev.ladder.binance.BinanceConfig;
import dev.ladder.binance.sim.BinanceSimulator;
import dev.ladder.binance.sim.SimulatorConfig;
import dev.ladder.core.Clock;
import dev.ladder.server.node.DemoSportsFeed;
import dev.ladder.server.node.DemoVenues;
import dev.ladder.server.node.LiveNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ladder demo}: the Binance simulator, the Betfair stream simulator (model markets), their
 * clients, a journal and the HTTP server in one process on loopback: live books and markets with no
 * credentials and no internet. The Betfair client authenticates with the key and session the demo's
 * simulator is told to accept. Recording goes to {@code ./data} unless {@code --no-record}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Starts a simulated Binance (market model) and a simulated Betfair stream",
                "(model markets), clients syncing their books, a journal recording them",
                "(./data unless --no-record) and the HTTP server, all in this process on",
                "127.0.0.1, and prints the URL of the web page."})
final class DemoCommand implements Callable<Integer> {
    /** The symbols of a demo when none are given. */
    static final List<String> DEFAULT_SYMBOLS = List.of("BTCUSDT", "ETHUSDT", "BNBUSDT", "SOLUSDT", "XRPUSDT");

    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--symbols", split = ",", paramLabel = "SYMBOL", description = "Simulated spot symbols (default BTCUSDT,ETHUSDT,BNBUSDT,SOLUSDT,XRPUSDT).")
    List<String> symbols = new ArrayList<>(DEFAULT_SYMBOLS);

    @Option(names = {"--races", "--betfair-markets"}, defaultValue = "12", paramLabel = "N",
            description = "Races of the simulated Betfair racing day, horse and greyhound meetings from now on, a WIN and a PLACE market each (default ${DEFAULT-VALUE}; 0 for no Betfair).")
    int betfairMarkets;

    @Option(names = "--betfair-tick-ms", defaultValue = "200", paramLabel = "MS", description = "Betfair model step (default ${DEFAULT-VALUE} ms).")
    long betfairTickMillis;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the market models (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--data", defaultValue = "data", paramLabel = "DIR", description = "Journal directory (default ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--no-record", description = "Do not record (and serve no history).")
    boolean isNoRecord;

    /** Where LADDER_API_TOKEN / LADDER_READ_TOKEN are read from (the process environment; tests replace it). */
    java.util.Map<String, String> environment = System.getenv();

    @Option(names = "--run-for", defaultValue = "0", paramLabel = "SECONDS", description = "Stop after this many seconds (default 0: until interrupted).")
    long runFor;

    @Override
    public Integer call() throws Exception {
        SimulatorConfig simConfig;
        try {
            simConfig = SimulatorConfig.spot(symbols).withSeed(seed);
            if (betfairMarkets < 0 || betfairMarkets > 200) {
                throw new IllegalArgumentException("--races must be within 0..200: " + betfairMarkets);
            }
            if (betfairTickMillis < 1) {
                throw new IllegalArgumentException("--betfair-tick-ms must be at least 1: " + betfairTickMillis);
            }
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("ladder demo: " + (e.getMessage().startsWith("--") ? "" : "--symbols: ")
                    + e.getMessage());
            return 2;
        }
        BinanceSimulator sim = BinanceSimulator.start(simConfig, Clock.system());
        BetfairSimulator betfairSim = null;
        BettingApiSimulator bettingApi = null;
        try {
            BinanceConfig client = BinanceConfig.spot(simConfig.symbols()).withBaseUris(sim.restBaseUri(), sim.wsBaseUri())
                    .withBookTickerAndTrades(false, true);
            LiveNode.BetfairSource betfair = null;
            String banner = "Ladder demo (simulated Binance at " + sim.restBaseUri();
            if (betfairMarkets > 0) {
                betfairSim = DemoVenues.startRacingDay(betfairMarkets, seed);
                bettingApi = DemoVenues.startBettingApi(betfairSim);
                betfairSim.runModels(Duration.ofMillis(betfairTickMillis));
                betfair = DemoVenues.betfairSource(betfairSim, MarketFilter.all());
                banner += ", simulated Betfair at 127.0.0.1:" + betfairSim.port();
            }
            BetfairSimulator bs = betfairSim;
            BettingApiSimulator api = bettingApi;
            AutoCloseable sims = () -> {
                if (api != null) {
                    api.close();
                }
                if (bs != null) {
                    bs.close();
                }
                sim.close();
            };
            String token = DemoVenues.token(environment);
            Path catalogDir = isNoRecord ? java.nio.file.Files.createTempDirectory("ladder-demo-catalog") : data;
            LiveNode.CatalogSetup catalog = new LiveNode.CatalogSetup(dev.ladder.catalog.CatalogConfig.sqlite(catalogDir),
                    new dev.ladder.server.http.CatalogAccess(token, environment.get(dev.ladder.server.http.CatalogAccess.READ_ENV)));
            if (bettingApi != null) {
                catalog = catalog.withPoller(dev.ladder.betfair.api.BettingApiConfig.at(bettingApi.endpoint()),
                        dev.ladder.betfair.SessionProvider.fixed(DemoVenues.APP_KEY, DemoVenues.SESSION));
                banner += ", simulated Betting API at " + bettingApi.endpoint();
            }
            spec.commandLine().getOut().println("Catalog writes (POST /message/) take: Authorization: Bearer " + token);
            int code = NodeRunner.run(spec.commandLine().getOut(), spec.commandLine().getErr(), List.of(client), betfair,
                    isNoRecord ? null : data, catalog, "127.0.0.1", port, 1024, null, runFor, banner + ")", sims,
                    node -> DemoSportsFeed.start(node.port(), token, 6, Duration.ofSeconds(2), seed));
            if (code != 0) {
                sims.close();
            }
            return code;
        } catch (IOException | RuntimeException e) {
            if (bettingApi != null) {
                bettingApi.close();
            }
            if (betfairSim != null) {
                betfairSim.close();
            }
            sim.close();
            throw e;
        }
    }

}
