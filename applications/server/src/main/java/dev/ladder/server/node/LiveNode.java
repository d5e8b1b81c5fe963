package dev.ladder.server.node;

import dev.ladder.betfair.BetfairCacheConfig;
import dev.ladder.betfair.BetfairStreamClient;
import dev.ladder.betfair.BetfairStreamConfig;
import dev.ladder.betfair.BetfairStreamListener;
import dev.ladder.betfair.SessionProvider;
import dev.ladder.betfair.StreamConnectionEvent;
import dev.ladder.binance.BinanceClient;
import dev.ladder.binance.BinanceConfig;
import dev.ladder.binance.BinanceListener;
import dev.ladder.betfair.api.BettingApiClient;
import dev.ladder.betfair.api.BettingApiConfig;
import dev.ladder.catalog.BetfairCatalogFeed;
import dev.ladder.catalog.CatalogPoller;
import dev.ladder.catalog.CatalogPollerConfig;
import dev.ladder.catalog.Catalog;
import dev.ladder.catalog.CatalogConfig;
import dev.ladder.core.Clock;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.Venue;
import dev.ladder.journal.Journal;
import dev.ladder.journal.JournalConfig;
import dev.ladder.journal.JournalReader;
import dev.ladder.server.http.BetfairRoutes;
import dev.ladder.server.http.CatalogAccess;
import dev.ladder.server.http.CatalogRoutes;
import dev.ladder.server.http.HistoryRoutes;
import dev.ladder.server.http.LadderServer;
import dev.ladder.server.http.ServerConfig;
import dev.ladder.server.live.BetfairServeSupport;
import dev.ladder.server.live.BookRegistry;
import dev.ladder.server.live.LadderMetrics;
import dev.ladder.server.record.BetfairJournaler;
import dev.ladder.server.record.BinanceJournaler;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One serving process: Binance clients feeding a {@link BookRegistry}, optionally a Betfair stream
 * client feeding a market cache, optionally a journal recording both, and the HTTP server on it all.
 * Used by {@code ladder serve} and {@code ladder demo}.
 *
 * <p>Start-up order: the journal opens, books are registered (so they are listed as
 * {@code connecting}), the server binds, then the clients connect. {@link #close()} stops the clients
 * (books become {@code stopped}, Betfair market streams end), then the server, then closes the
 * journal (so every record a client handed over is written).
 *
 * <p>With a data directory: Binance raw frames, REST snapshots, sync and connection markers and
 * periodic {@code #book} lines go to {@code <dir>/binance[-futures]/<SYMBOL>} exactly as
 * {@code ladder record} writes them (raw first, then the frame is applied to the live book); Betfair
 * raw lines go to {@code <dir>/betfair/<marketId>} ({@link BetfairJournaler}); and the history
 * routes are served over the same directory: {@code /api/history/...}, {@code ?at=} on the book
 * route, {@code /api/books/{venue}/{symbol}/heatmap}.
 */
public final class LiveNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveNode.class);
    /** How often a recording node writes a {@code #book} line per Binance stream. */
    static final long BOOK_EVERY_NANOS = 10_000_000_000L;

    /**
     * A Betfair stream to serve.
     *
     * @param config   where to connect and what to subscribe to
     * @param sessions the app key and session
     */
    public record BetfairSource(BetfairStreamConfig config, SessionProvider sessions) {
        public BetfairSource {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(sessions, "sessions");
        }
    }

    private final BookRegistry registry;
    private final List<BinanceClient> clients;
    private final List<BinanceFeed> feeds;
    private final BetfairServeSupport betfair;
    private final BetfairStreamClient betfairClient;
    private final BetfairJournaler betfairJournaler;
    private final Journal journal;
    private final LadderServer server;
    private final Catalog catalog;
    private final BetfairCatalogFeed catalogFeed;
    private final CatalogPoller poller;
    private final BettingApiClient bettingClient;
    private KafkaFeed kafkaFeed;
    private dev.ladder.kafka.IntakeTopic sharedIntake;
    /** The JVM meters' GC listeners ({@link NodeOps}), unbound at close. */
    private AutoCloseable ops = () -> { };

    private LiveNode(BookRegistry registry, List<BinanceClient> clients, List<BinanceFeed> feeds,
                     BetfairServeSupport betfair, BetfairStreamClient betfairClient, BetfairJournaler betfairJournaler,
                     Journal journal, LadderServer server, Catalog catalog, BetfairCatalogFeed catalogFeed,
                     CatalogPoller poller, BettingApiClient bettingClient) {
        this.poller = poller;
        this.bettingClient = bettingClient;
        this.catalog = catalog;
        this.catalogFeed = catalogFeed;
        this.registry = registry;
        this.clients = clients;
        this.feeds = feeds;
        this.betfair = betfair;
        this.betfairClient = betfairClient;
        this.betfairJournaler = betfairJournaler;
        this.journal = journal;
        this.server = server;
    }

    /**
     * Starts clients for {@code configs} and serves their books.
     *
     * @param defaultBook the compatibility route's book (null: the first one); must be one of the served books
     * @throws IllegalArgumentException when {@code defaultBook} is not served or two clients serve the same venue
     * @throws IOException when the server cannot bind
     */
    public static LiveNode start(List<BinanceConfig> configs, ServerConfig serverConfig, InstrumentId defaultBook, Clock clock)
            throws IOException {
        return start(configs, null, null, serverConfig, defaultBook, clock, List.of());
    }

    /**
     * As {@link #start(List, ServerConfig, InstrumentId, Clock)}, also serving the routes each of
     * {@code extraRoutes} declares (e.g. {@code routes -> HistoryRoutes.install(routes, dir, config)}).
     */
    public static LiveNode start(List<BinanceConfig> configs, ServerConfig serverConfig, InstrumentId defaultBook, Clock clock,
                          List<Consumer<RoutesConfig>> extraRoutes) throws IOException {
        return start(configs, null, null, serverConfig, defaultBook, clock, extraRoutes);
    }

    /**
     * The whole node: Binance books for {@code configs} (may be empty), the Betfair markets of
     * {@code betfair} (null: none; then {@code /api/markets} is not routed), and with {@code dataDir}
     * (null: no recording, no history routes) a journal of both plus the history routes.
     *
     * @throws IllegalArgumentException when {@code defaultBook} is not served, two clients serve the same
     *                                  venue, or nothing at all is to be served
     * @throws IOException when the journal cannot be opened ({@code --data}), the server cannot bind, or
     *                     the Betfair trust store is unusable
     */
    public static LiveNode start(List<BinanceConfig> configs, BetfairSource betfair, Path dataDir, ServerConfig serverConfig,
                          InstrumentId defaultBook, Clock clock, List<Consumer<RoutesConfig>> extraRoutes) throws IOException {
        return start(configs, betfair, dataDir, serverConfig, defaultBook, clock, extraRoutes, null);
    }

    /**
     * The catalog a node serves: where it is stored and who may write. The node opens it, starts its
     * intake worker, routes it ({@link CatalogRoutes}) and feeds it the Betfair market definitions it
     * streams.
     */
    public record CatalogSetup(CatalogConfig config, CatalogAccess access, BettingApiConfig bettingApi,
                               SessionProvider bettingSessions) {
        public CatalogSetup {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(access, "access");
            if ((bettingApi == null) != (bettingSessions == null)) {
                throw new IllegalArgumentException("the Betting API poller needs both an endpoint and credentials");
            }
        }

        /** A catalog without a Betting API poller. */
        public CatalogSetup(CatalogConfig config, CatalogAccess access) {
            this(config, access, null, null);
        }

        /** The same catalog, also polled from the Betting API at {@code api} with {@code sessions}. */
        public CatalogSetup withPoller(BettingApiConfig api, SessionProvider sessions) {
            return new CatalogSetup(config, access, api, sessions);
        }
    }

    /** As above, also serving the catalog of {@code catalog} (null: none). */
    public static LiveNode start(List<BinanceConfig> configs, BetfairSource betfair, Path dataDir, ServerConfig serverConfig,
                          InstrumentId defaultBook, Clock clock, List<Consumer<RoutesConfig>> extraRoutes,
                          CatalogSetup catalog) throws IOException {
        return start(configs, betfair, dataDir, serverConfig, defaultBook, clock, extraRoutes, catalog, null);
    }

    /**
     * Books and markets built from Kafka ({@link KafkaFeed}): this node's share, as a member of
     * {@code group}, of the venue topics that {@code ladder record --kafka} publishes.
     *
     * @param config the cluster and topic names
     * @param group  the consumer group: nodes in one group split the streams, separate groups each see all
     */
    public record KafkaSetup(dev.ladder.kafka.KafkaConfig config, String group) {
        public KafkaSetup {
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(group, "group");
            if (group.isBlank()) {
                throw new IllegalArgumentException("--group must not be blank");
            }
        }
    }

    /** As above, also building books and markets from Kafka with {@code kafka} (null: not). */
    public static LiveNode start(List<BinanceConfig> configs, BetfairSource betfair, Path dataDir, ServerConfig serverConfig,
                          InstrumentId defaultBook, Clock clock, List<Consumer<RoutesConfig>> extraRoutes,
                          CatalogSetup catalog, KafkaSetup kafka) throws IOException {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(configs, "configs");
        Objects.requireNonNull(serverConfig, "serverConfig");
        BookRegistry registry = new BookRegistry(new LadderMetrics());
        List<BinanceFeed> feeds = new ArrayList<>();
        for (BinanceConfig c : configs) {
            if (feeds.stream().anyMatch(f -> f.venue() == c.venue())) {
                throw new IllegalArgumentException("venue " + c.venue().id() + " is configured twice");
            }
            feeds.add(new BinanceFeed(registry, c.venue(), c.symbols()));
        }
        if (defaultBook != null) {
            if (registry.find(defaultBook).isEmpty()) {
                throw new IllegalArgumentException("--default-book " + defaultBook + " is not one of the books served");
            }
            registry.setDefaultBook(defaultBook);
        }
        Journal journal = null;
        if (dataDir != null) {
            try {
                journal = Journal.open(JournalConfig.defaults(dataDir), registry.metrics()::journalDurable);
            } catch (IOException | RuntimeException e) {
                throw new IOException("--data " + dataDir + ": cannot open the journal: " + e.getMessage(), e);
            }
            journal.recovery().stream().filter(r -> r.hasCut()).forEach(r -> log.warn(
                    "journal {}: cut a torn tail of {} bytes from {}", r.stream(), r.cutBytes(), r.file()));
        }
        List<BinanceClient> clients = new ArrayList<>();
        List<BinanceJournaler> journalers = new ArrayList<>();
        BetfairServeSupport support = null;
        BetfairStreamClient betfairClient = null;
        BetfairJournaler betfairJournaler = null;
        LadderServer server = null;
        Catalog cat = null;
        BetfairCatalogFeed catalogFeed = null;
        BettingApiClient bettingClient = null;
        CatalogPoller poller = null;
        KafkaFeed feed = null;
        dev.ladder.kafka.IntakeTopic shared = null;
        try {
            for (int i = 0; i < configs.size(); i++) {
                BinanceConfig c = configs.get(i);
                BinanceListener listener = feeds.get(i);
                if (journal != null) {
                    BinanceJournaler j = new BinanceJournaler(journal, c.venue(), c.symbols(),
                            BOOK_EVERY_NANOS);
                    journalers.add(j);
                    listener = new TeeBinanceListener(j, listener);
                }
                BinanceClient client = new BinanceClient(c, clock, listener);
                clients.add(client);
                if (journal != null) {
                    journalers.getLast().attach(client);
                }
            }
            if (betfair != null || kafka != null) {
                support = new BetfairServeSupport(BetfairCacheConfig.defaults());
            }
            Extras extras = extras(support, dataDir, serverConfig);
            List<Consumer<RoutesConfig>> routes = new ArrayList<>(extraRoutes);
            routes.addAll(extras.routes());
            if (catalog != null) {
                try {
                    cat = Catalog.open(catalog.config(), clock);
                } catch (RuntimeException e) {
                    throw new IOException("the catalog store " + catalog.config().jdbcUrl() + " cannot be opened: " + e.getMessage(), e);
                }
                cat.intake().start();
                Catalog opened = cat;
                BetfairServeSupport served = support;
                if (kafka != null) {
                    shared = dev.ladder.kafka.IntakeTopic.start(kafka.config(), raw -> submitShared(opened, raw));
                }
                CatalogRoutes.SharedIntake toShared = shared == null ? null : shared::publish;
                routes.add(r -> CatalogRoutes.install(r, opened, catalog.access(), served, serverConfig, toShared));
                if (support != null) {
                    catalogFeed = new BetfairCatalogFeed(cat.betfair());
                    support.addListener(catalogFeed);
                }
                if (catalog.bettingApi() != null) {
                    bettingClient = new BettingApiClient(catalog.bettingApi(), catalog.bettingSessions());
                    poller = new CatalogPoller(cat, bettingClient, CatalogPollerConfig.defaults(), clock);
                }
            }
            server = LadderServer.start(registry, serverConfig, routes, extras.bookAt());
            for (BinanceClient c : clients) {
                c.start();
            }
            if (kafka != null) {
                feed = KafkaFeed.start(kafka.config(), kafka.group(), registry, support);
                BetfairServeSupport served = support;
                registry.setBetfairStatus(() -> new BookRegistry.FeedStatus(true, served.markets().size()));
            }
            if (poller != null) {
                poller.start();
            }
            if (betfair != null) {
                if (journal != null) {
                    betfairJournaler = new BetfairJournaler(journal, null);
                }
                BetfairStreamListener listener = new BetfairMetrics(registry.metrics(), betfairJournaler);
                BetfairStreamClient bc = support.connect(betfair.config(), betfair.sessions(), listener, clock);
                betfairClient = bc;
                registry.metrics().badFields(Venue.BETFAIR, bc, c -> c.stats().badFieldsTotal());
                BetfairServeSupport served = support;
                registry.setBetfairStatus(() -> new BookRegistry.FeedStatus(bc.isSubscribed(), served.markets().size()));
            }
        } catch (IOException | RuntimeException e) {
            LiveNode failed = new LiveNode(registry, clients, feeds, support, betfairClient, betfairJournaler, journal, server, cat, catalogFeed, poller, bettingClient);
            failed.kafkaFeed = feed;
            failed.sharedIntake = shared;
            failed.close();
            throw e;
        }
        LiveNode node = new LiveNode(registry, clients, feeds, support, betfairClient, betfairJournaler, journal, server, cat, catalogFeed, poller, bettingClient);
        node.kafkaFeed = feed;
        node.sharedIntake = shared;
        node.ops = NodeOps.install(registry, dataDir, cat, clients);
        return node;
    }

    /**
     * The routes a node adds to the core ones, and the handler of {@code ?at=} on the book route.
     *
     * @param routes route installers for {@link LadderServer#start(BookRegistry, ServerConfig, List, Handler)}
     * @param bookAt the history book handler, or {@code null} when no journal is served
     */
    public record Extras(List<Consumer<RoutesConfig>> routes, Handler bookAt) {
    }

    /**
     * The Betfair market routes over {@code betfair} (null: none) and the history routes over the
     * journal at {@code dataDir} (null: none): {@code /api/history}, {@code /api/history/{venue}/{symbol}},
     * {@code /api/history/{venue}/{symbol}/heatmap}, its alias {@code /api/books/{venue}/{symbol}/heatmap},
     * {@code /api/history/betfair/{marketId}}, and {@code ?at=} on {@code /api/books/{venue}/{symbol}} and
     * {@code /api/markets/{marketId}}.
     */
    public static Extras extras(BetfairServeSupport betfair, Path dataDir, ServerConfig serverConfig) {
        List<Consumer<RoutesConfig>> routes = new ArrayList<>();
        HistoryRoutes history = dataDir == null ? null : new HistoryRoutes(new JournalReader(dataDir), serverConfig);
        if (betfair != null) {
            routes.add(r -> BetfairRoutes.install(r, betfair, serverConfig, history == null ? null : history::market));
        }
        Handler bookAt = null;
        if (history != null) {
            routes.add(history::install);
            bookAt = history::book;
        }
        return new Extras(List.copyOf(routes), bookAt);
    }

    /**
     * Counts Betfair lines as messages, reconnects ({@code RECONNECT_SCHEDULED}) and bad lines as
     * malformed, and hands raw lines to the journaler (null: nothing is recorded).
     */
    private record BetfairMetrics(LadderMetrics metrics, BetfairJournaler journaler) implements BetfairStreamListener {
        @Override
        public void onRawLine(String line, long receiveEpochNanos) {
            metrics.message(Venue.BETFAIR);
            if (journaler != null) {
                journaler.onRawLine(line, receiveEpochNanos);
            }
        }

        @Override
        public void onConnection(StreamConnectionEvent event) {
            if (event.kind() == StreamConnectionEvent.Kind.RECONNECT_SCHEDULED) {
                metrics.reconnect(Venue.BETFAIR);
            }
        }

        @Override
        public void onBadLine(String line, String reason) {
            metrics.malformed(Venue.BETFAIR);
        }
    }

    public BookRegistry registry() {
        return registry;
    }

    List<BinanceClient> clients() {
        return clients;
    }

    /** The Betfair markets served, or {@code null} when none are. */
    BetfairServeSupport betfair() {
        return betfair;
    }

    /** The Betfair stream client, or {@code null}. */
    BetfairStreamClient betfairClient() {
        return betfairClient;
    }

    public int port() {
        return server.port();
    }

    /** The Betting API poller filling the catalog, or {@code null}. */
    public CatalogPoller poller() {
        return poller;
    }

    /** The catalog served, or {@code null}. */
    public Catalog catalog() {
        return catalog;
    }

    /**
     * Submits a message read from the shared intake into this node's catalog: a malformed one is logged
     * and skipped, a database error retried every second until it is stored (or the reader is closed).
     */
    private static void submitShared(Catalog catalog, byte[] raw) {
        while (true) {
            try {
                catalog.intake().submit(raw);
                return;
            } catch (dev.ladder.catalog.CatalogMessageException e) {
                log.warn("shared intake: skipping a malformed message: {}", e.getMessage());
                return;
            } catch (java.sql.SQLException e) {
                log.warn("shared intake: the catalog store refused a message, retrying: {}", e.getMessage());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The Kafka feed, or {@code null}. */
    KafkaFeed kafkaFeed() {
        return kafkaFeed;
    }

    @Override
    public void close() {
        if (kafkaFeed != null) {
            kafkaFeed.close();
        }
        if (sharedIntake != null) {
            sharedIntake.close();
        }
        if (poller != null) {
            poller.close();
        }
        if (bettingClient != null) {
            bettingClient.close();
        }
        for (BinanceClient c : clients) {
            c.close();
        }
        for (BinanceFeed f : feeds) {
            f.stopped();
        }
        if (betfair != null) {
            betfair.close();
        }
        if (server != null) {
            server.close();
        }
        if (betfairJournaler != null) {
            betfairJournaler.stop();
        }
        if (catalogFeed != null) {
            catalogFeed.close();
        }
        if (catalog != null) {
            catalog.close();
        }
        if (journal != null) {
            try {
                journal.close();
            } catch (IOException e) {
                log.error("closing the journal failed", e);
            }
        }
        try {
            ops.close();
        } catch (Exception e) {
            log.warn("unbinding the JVM meters failed", e);
        }
    }
}
