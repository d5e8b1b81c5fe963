package dev.ladder.server.cli;

import dev.ladder.betfair.BetfairStreamConfig;
import dev.ladder.betfair.MarketDataFilter;
import dev.ladder.betfair.MarketFilter;
import dev.ladder.betfair.MarketSubscription;
import dev.ladder.betfair.SessionProvider;
import dev.ladder.binance.BinanceConfig;
import dev.ladder.catalog.CatalogConfig;
import dev.ladder.server.http.CatalogAccess;
import dev.ladder.server.node.LiveNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ladder serve}: live Binance books and Betfair markets served over HTTP, recorded into a
 * journal (and queryable back in time) when {@code --data} is given. Betfair credentials come from
 * the environment ({@code APP_KEY}, {@code SSOID}); a missing one is refused at start-up naming it.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Keeps live order books from Binance (spot and/or USD-M futures) and Betfair",
                "markets, and serves them over HTTP: REST queries, server-sent event streams,",
                "/metrics, /health, /openapi.json and a web page at /. Betfair needs the",
                "environment variables APP_KEY and SSOID. With --data DIR everything received",
                "is journaled there (raw first) and the history routes (?at=, heatmaps) are served."})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--binance", split = ",", paramLabel = "SYMBOL", description = "Binance spot symbols, e.g. BTCUSDT,ETHUSDT.")
    List<String> spot = new ArrayList<>();

    @Option(names = "--binance-futures", split = ",", paramLabel = "SYMBOL", description = "Binance USD-M futures symbols.")
    List<String> futures = new ArrayList<>();

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--default-book", paramLabel = "VENUE:SYMBOL", description = "The book /volume/{a|b} answers for (default: the first).")
    String defaultBook;

    @Option(names = "--binance-rest", paramLabel = "URL", description = "Spot REST base URL (default ${DEFAULT-VALUE}).", defaultValue = "https://api.binance.com")
    URI spotRest;

    @Option(names = "--binance-ws", paramLabel = "URL", description = "Spot websocket base URL (default ${DEFAULT-VALUE}).", defaultValue = "wss://stream.binance.com:9443")
    URI spotWs;

    @Option(names = "--binance-futures-rest", paramLabel = "URL", description = "Futures REST base URL (default ${DEFAULT-VALUE}).", defaultValue = "https://fapi.binance.com")
    URI futuresRest;

    @Option(names = "--binance-futures-ws", paramLabel = "URL", description = "Futures websocket base URL (default ${DEFAULT-VALUE}).", defaultValue = "wss://fstream.binance.com")
    URI futuresWs;

    @Option(names = "--snapshot-limit", defaultValue = "1000", description = "REST snapshot depth (spot up to 5000, futures up to 1000; default ${DEFAULT-VALUE}).")
    int snapshotLimit;

    @Option(names = "--stream-queue", defaultValue = "1024", description = "Events queued per stream client before it gets a fresh snapshot instead (default ${DEFAULT-VALUE}).")
    int streamQueue;

    @Option(names = "--run-for", defaultValue = "0", paramLabel = "SECONDS", description = "Stop after this many seconds (default 0: until interrupted).")
    long runFor;

    @Option(names = "--betfair-markets", split = ",", paramLabel = "MARKET_ID", description = "Betfair markets to stream, e.g. 1.234567890,1.234567891.")
    List<String> betfairMarkets = new ArrayList<>();

    @Option(names = "--betfair-event-types", split = ",", paramLabel = "ID", description = "Betfair event types to stream (every market of them), e.g. 7,4339.")
    List<String> betfairEventTypes = new ArrayList<>();

    @Option(names = "--betfair-host", defaultValue = BetfairStreamConfig.LIVE_HOST, paramLabel = "HOST", description = "Betfair stream host (default ${DEFAULT-VALUE}).")
    String betfairHost;

    @Option(names = "--betfair-port", defaultValue = "443", paramLabel = "PORT", description = "Betfair stream port (default ${DEFAULT-VALUE}).")
    int betfairPort;

    @Option(names = "--betfair-tls", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Speak TLS to the Betfair stream (default; --no-betfair-tls for a plain-TCP simulator).")
    boolean isBetfairTls;

    @Option(names = "--betfair-heartbeat-ms", defaultValue = "5000", paramLabel = "MS", description = "Betfair heartbeat requested (default ${DEFAULT-VALUE}).")
    long betfairHeartbeatMs;

    @Option(names = "--betfair-ladder-levels", defaultValue = "10", paramLabel = "N",
            description = "Betfair best-offer ladder levels requested, 1..10 (default ${DEFAULT-VALUE}; Betfair's own default is 3).")
    int betfairLadderLevels;

    @Option(names = "--data", paramLabel = "DIR", description = "Journal everything received into DIR and serve its history (default: no recording); the catalog lives in DIR/catalog.db unless --catalog-db says otherwise.")
    Path data;

    @Option(names = "--betfair-api", arity = "0..1", paramLabel = "URL", fallbackValue = "https://api.betfair.com/exchange/betting/json-rpc/v1",
            description = "Poll Betfair's Betting API (JSON-RPC endpoint; default Betfair's) for horse and greyhound racing meetings, races and runners into the catalog, sooner as a race nears; APP_KEY and SSOID from the environment.")
    String betfairApi;

    @Option(names = "--catalog-db", paramLabel = "URL", description = "The catalog's store: jdbc:postgresql://HOST/DB (user and password in the URL or PGUSER/PGPASSWORD) or jdbc:sqlite:FILE (default: LADDER_CATALOG_DB, else DIR/catalog.db with --data, else no catalog).")
    String catalogDb;

    @Option(names = "--from-kafka", paramLabel = "HOST:PORT[,HOST:PORT]",
            description = "Build books and Betfair markets from the Kafka topics that `record --kafka` publishes, instead of venue sockets.")
    String fromKafka;

    @Option(names = "--group", paramLabel = "ID", defaultValue = "ladder",
            description = "With --from-kafka: the consumer group (default ${DEFAULT-VALUE}); nodes in one group share the streams, separate groups each see all.")
    String kafkaGroup;

    /** Where the Betfair credentials are read from (the process environment; tests replace it). */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() throws Exception {
        List<BinanceConfig> configs = new ArrayList<>();
        LiveNode.BetfairSource betfair = null;
        LiveNode.KafkaSetup kafka = null;
        try {
            if (spot.isEmpty() && futures.isEmpty() && betfairMarkets.isEmpty() && betfairEventTypes.isEmpty() && data == null
                    && catalogDb == null && fromKafka == null && environment.get("LADDER_CATALOG_DB") == null) {
                throw new IllegalArgumentException("--binance or --binance-futures must name at least one symbol"
                        + " (or --betfair-markets / --betfair-event-types name what to stream, or --data / --catalog-db name a"
                        + " journal and catalog to serve)");
            }
            if (!betfairMarkets.isEmpty() || !betfairEventTypes.isEmpty()) {
                betfair = betfair(environment);
            }
            if (!spot.isEmpty()) {
                configs.add(client("--binance", BinanceConfig.spot(spot), spotRest, spotWs));
            }
            if (!futures.isEmpty()) {
                configs.add(client("--binance-futures", BinanceConfig.futures(futures), futuresRest, futuresWs));
            }
            if (fromKafka != null) {
                kafka = new LiveNode.KafkaSetup(kafkaConfig("--from-kafka", fromKafka), kafkaGroup);
            }
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        LiveNode.CatalogSetup catalog;
        try {
            catalog = catalogSetup(catalogDb, data, environment);
            if (betfairApi != null) {
                if (catalog == null) {
                    throw new IllegalArgumentException("--betfair-api fills the catalog: give --data or --catalog-db too");
                }
                java.net.URI endpoint;
                try {
                    endpoint = java.net.URI.create(betfairApi);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--betfair-api is not a URL: " + betfairApi, e);
                }
                if (!"https".equals(endpoint.getScheme()) && !"http".equals(endpoint.getScheme())) {
                    throw new IllegalArgumentException("--betfair-api must be an http(s) URL: " + betfairApi);
                }
                dev.ladder.betfair.SessionProvider sessions;
                try {
                    sessions = dev.ladder.betfair.SessionProvider.fromEnvironment(environment);
                } catch (IllegalStateException e) {
                    throw new IllegalArgumentException(e.getMessage() + " (needed by --betfair-api)", e);
                }
                catalog = catalog.withPoller(dev.ladder.betfair.api.BettingApiConfig.at(endpoint), sessions);
            }
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        return NodeRunner.run(spec.commandLine().getOut(), spec.commandLine().getErr(), configs, betfair, data, catalog, host, port, streamQueue,
                defaultBook, runFor, (kafka != null ? "Ladder serving books and markets from Kafka " + kafka.config().bootstrapServers()
                        + " (group " + kafka.group() + ")"
                        : configs.isEmpty() && betfair == null ? "Ladder serving the catalog and history"
                        : "Ladder serving live " + (configs.isEmpty() ? "Betfair markets"
                        : betfair == null ? "Binance books" : "Binance books and Betfair markets")), () -> { }, null, kafka);
    }

    /**
     * The Betfair stream to serve from the options and {@code env}.
     *
     * @throws IllegalArgumentException naming the option, or the environment variable that is missing
     */
    LiveNode.BetfairSource betfair(Map<String, String> env) {
        List<String> markets = betfairMarkets.stream().map(String::trim).filter(m -> !m.isEmpty()).toList();
        List<String> eventTypes = betfairEventTypes.stream().map(String::trim).filter(m -> !m.isEmpty()).toList();
        for (String m : markets) {
            if (!m.matches("\\d+\\.\\d+")) {
                throw new IllegalArgumentException("--betfair-markets: '" + m + "' is not a market id like 1.234567890");
            }
        }
        for (String t : eventTypes) {
            if (!t.matches("\\d+")) {
                throw new IllegalArgumentException("--betfair-event-types: '" + t + "' is not an event type id like 7");
            }
        }
        if (betfairHeartbeatMs < 500 || betfairHeartbeatMs > 5000) {
            throw new IllegalArgumentException("--betfair-heartbeat-ms must be within 500..5000: " + betfairHeartbeatMs);
        }
        MarketFilter filter = new MarketFilter(markets, eventTypes, null, null, null, null, null, null, null, null);
        if (betfairLadderLevels < 1 || betfairLadderLevels > 10) {
            throw new IllegalArgumentException("--betfair-ladder-levels must be within 1..10: " + betfairLadderLevels);
        }
        MarketSubscription sub = new MarketSubscription(filter,
                new MarketDataFilter(EnumSet.allOf(MarketDataFilter.Field.class), betfairLadderLevels), null, betfairHeartbeatMs, true);
        BetfairStreamConfig live = BetfairStreamConfig.live(sub);
        BetfairStreamConfig config;
        try {
            config = new BetfairStreamConfig(betfairHost, betfairPort, isBetfairTls, null, null, sub, live.connectTimeout(),
                    live.handshakeTimeout(), live.reconnectMin(), live.reconnectMax(), live.authBackoff(), live.maxLineBytes());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace("betfair.stream.host", "--betfair-host")
                    .replace("betfair.stream.port", "--betfair-port"), e);
        }
        SessionProvider sessions;
        try {
            sessions = SessionProvider.fromEnvironment(env);
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage() + " (needed by --betfair-markets/--betfair-event-types)", e);
        }
        return new LiveNode.BetfairSource(config, sessions);
    }

    private BinanceConfig client(String option, BinanceConfig base, URI rest, URI ws) {
        BinanceConfig c;
        try {
            c = base.withBaseUris(rest, ws);
            c = new BinanceConfig(c.venue(), c.restBaseUri(), c.wsBaseUri(), c.symbols(), c.depthStream(), snapshotLimit,
                    c.isBookTicker(), c.isTrades(), c.maxStreamsPerConnection(), c.plannedReconnectInterval(),
                    c.switchoverTimeout(), c.backoffInitial(), c.backoffMax(), c.staleTimeout(), c.weightLimitPerMinute(),
                    c.weightBudgetPercent(), c.connectTimeout());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
        return c;
    }

    /**
     * The catalog of a node: {@code --catalog-db}, else {@code LADDER_CATALOG_DB}, else {@code DIR/catalog.db}
     * with {@code --data}, else none; writes need {@code LADDER_API_TOKEN}.
     */
    static LiveNode.CatalogSetup catalogSetup(String url, Path data, Map<String, String> env) {
        String u = url != null ? url : env.get("LADDER_CATALOG_DB");
        CatalogConfig config;
        if (u != null && !u.isBlank()) {
            if (!u.startsWith("jdbc:postgresql:") && !u.startsWith("jdbc:sqlite:")) {
                throw new IllegalArgumentException("--catalog-db must be a jdbc:postgresql:// or jdbc:sqlite: URL: " + u);
            }
            config = CatalogConfig.of(u.trim(), env.get("PGUSER"), env.get("PGPASSWORD"));
        } else if (data != null) {
            config = CatalogConfig.sqlite(data);
        } else {
            return null;
        }
        return new LiveNode.CatalogSetup(config, CatalogAccess.fromEnvironment(env));
    }

    /** The Kafka cluster of an option's value, the error naming the option. */
    static dev.ladder.kafka.KafkaConfig kafkaConfig(String option, String servers) {
        try {
            return dev.ladder.kafka.KafkaConfig.of(servers);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }

    private int usage(String message) {
        spec.commandLine().getErr().println("ladder serve: " + message);
        return 2;
    }



}
