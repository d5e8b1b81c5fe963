package dev.ladder.server.cli;

import dev.ladder.betfair.BetfairCacheConfig;
import dev.ladder.betfair.BetfairStreamConfig;
import dev.ladder.betfair.MarketDataFilter;
import dev.ladder.betfair.MarketFilter;
import dev.ladder.betfair.MarketSubscription;
import dev.ladder.betfair.SessionProvider;
import dev.ladder.binance.BinanceClient;
import dev.ladder.binance.BinanceConfig;
import dev.ladder.core.Clock;
import dev.ladder.journal.Journal;
import dev.ladder.journal.JournalConfig;
import dev.ladder.server.live.BetfairServeSupport;
import dev.ladder.server.record.BetfairJournaler;
import dev.ladder.server.record.BinanceJournaler;
import dev.ladder.server.record.BinanceKafkaPublisher;
import dev.ladder.server.record.BetfairKafkaPublisher;
import dev.ladder.server.node.TeeBinanceListener;
import dev.ladder.kafka.KafkaConfig;
import dev.ladder.kafka.StreamPublisher;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ladder record binance --symbols S,...}: connects a {@link BinanceClient} and journals
 * every raw websocket frame (before the client applies it), every REST snapshot as a
 * {@code #snapshot} line, sync events as {@code #gap}/{@code #resync} lines, connection events as
 * {@code #reconnect} lines, and a {@code #book} snapshot of each synced book every
 * {@code --book-every}.
 */
@Command(name = "record",
        mixinStandardHelpOptions = true,
        description = {"Record a venue's market data into a journal: raw messages first (with receive time), then applied",
                "to local books. Runs until Ctrl-C (or an interrupt) or --run-for.",
                "binance: --symbols (and --futures). betfair: --markets or --event-types, credentials from the",
                "environment variables APP_KEY and SSOID; raw lines go to betfair/<marketId> streams."})
final class RecordCommand implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Counted down when {@link #call} returns: the journal is closed. */
    private final CountDownLatch finished = new CountDownLatch(1);

    @Parameters(index = "0", paramLabel = "VENUE", description = "binance, binance-futures (same as binance --futures) or betfair")
    String venue;

    @Option(names = "--symbols", split = ",", description = "Binance: symbols, comma separated (e.g. BTCUSDT,ETHUSDT).")
    List<String> symbols = List.of();

    @Option(names = "--markets", split = ",", paramLabel = "MARKET_ID", description = "Betfair: market ids, e.g. 1.234567890,1.234567891.")
    List<String> markets = List.of();

    @Option(names = "--event-types", split = ",", paramLabel = "ID", description = "Betfair: event type ids (every market of them), e.g. 7,4339.")
    List<String> eventTypes = List.of();

    @Option(names = "--host", defaultValue = BetfairStreamConfig.LIVE_HOST, description = "Betfair: stream host (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "443", description = "Betfair: stream port (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--tls", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Betfair: speak TLS (default; --no-tls for a plain-TCP simulator).")
    boolean isTls;

    @Option(names = "--ladder-levels", defaultValue = "10", paramLabel = "N",
            description = "Betfair: depth of the level ladders (batb/batl/bdatb/bdatl) to subscribe to, 1..10 (default ${DEFAULT-VALUE}).")
    int ladderLevels;

    /** Where the Betfair credentials are read from (the process environment; tests replace it). */
    Map<String, String> environment = System.getenv();

    @Option(names = "--futures", description = "USD-M futures instead of spot.")
    boolean isFutures;

    @Option(names = "--data", defaultValue = "data/journal", description = "Journal directory (default: ${DEFAULT-VALUE}; with --kafka and no --data nothing is journaled).")
    Path data;

    @Option(names = "--fsync", defaultValue = "group", description = "message | group | os (default: ${DEFAULT-VALUE}).")
    String fsync;

    @Option(names = "--group-commit-ms", defaultValue = "100", description = "Group commit period (default: ${DEFAULT-VALUE}).")
    long groupCommitMillis;

    @Option(names = "--book-every", defaultValue = "10s", description = "Book snapshot period per stream, e.g. 10s, 500ms (default: ${DEFAULT-VALUE}).")
    String bookEvery;

    @Option(names = "--rest", description = "REST base URL (default: Binance's; a simulator's for tests).")
    URI rest;

    @Option(names = "--ws", description = "Websocket base URL (default: Binance's).")
    URI ws;

    @Option(names = "--run-for", description = "Stop after this many seconds (default: until Ctrl-C).")
    Long runFor;

    @Option(names = "--kafka", paramLabel = "HOST:PORT[,HOST:PORT]",
            description = "Also publish every raw message and marker to Kafka (one topic per venue, keyed by stream), after the journal.")
    String kafka;

    @Override
    public Integer call() throws Exception {
        try {
            return record();
        } finally {
            finished.countDown();
        }
    }

    /**
     * The shutdown hook (SIGTERM, Ctrl-C): stops the recording, then waits (at most
     * {@link NodeRunner#SHUTDOWN_LIMIT}) until the client is closed and the journal flushed and closed, since
     * the JVM halts as soon as its hooks return.
     */
    private void stopAndAwaitFinish(CountDownLatch stop) {
        stop.countDown();
        try {
            if (!finished.await(NodeRunner.SHUTDOWN_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                System.err.println("record: the journal did not close within " + NodeRunner.SHUTDOWN_LIMIT.toSeconds() + " s; exiting anyway");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Integer record() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BinanceConfig cfg;
        JournalConfig jcfg;
        KafkaConfig kafkaConfig;
        long bookNanos;
        if ("betfair".equalsIgnoreCase(venue)) {
            return recordBetfair(out, err);
        }
        try {
            if ("binance-futures".equalsIgnoreCase(venue)) {
                isFutures = true;
            } else if (!"binance".equalsIgnoreCase(venue)) {
                throw new IllegalArgumentException("VENUE must be binance, binance-futures or betfair: " + venue);
            }
            if (symbols.isEmpty()) {
                throw new IllegalArgumentException("binance needs --symbols");
            }
            bookNanos = Options.duration(bookEvery, "--book-every").toNanos();
            if (bookNanos <= 0) {
                throw new IllegalArgumentException("--book-every must be positive");
            }
            if (runFor != null && runFor < 0) {
                throw new IllegalArgumentException("--run-for must not be negative");
            }
            List<String> syms = symbols.stream().map(s -> s.trim().toUpperCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList();
            cfg = isFutures ? BinanceConfig.futures(syms) : BinanceConfig.spot(syms);
            if (rest != null || ws != null) {
                cfg = cfg.withBaseUris(rest != null ? rest : cfg.restBaseUri(), ws != null ? ws : cfg.wsBaseUri());
            }
            jcfg = JournalConfig.defaults(data).withFsync(Options.fsync(fsync), groupCommitMillis);
            kafkaConfig = kafka == null ? null : ServeCommand.kafkaConfig("--kafka", kafka);
            if (kafkaConfig != null && !spec.commandLine().getParseResult().hasMatchedOption("--data")) {
                jcfg = null;
            }
        } catch (IllegalArgumentException e) {
            err.println("record: " + e.getMessage());
            return 2;
        }
        try (Journal journal = jcfg == null ? null : Journal.open(jcfg);
             StreamPublisher publisher = kafkaConfig == null ? null : StreamPublisher.open(kafkaConfig, List.of(cfg.venue().id()))) {
            reportRecovery(journal, err);
            BinanceJournaler journaler = journal == null ? null : new BinanceJournaler(journal, cfg.venue(), cfg.symbols(), bookNanos);
            BinanceKafkaPublisher toKafka = publisher == null ? null : new BinanceKafkaPublisher(publisher, cfg.venue(), cfg.symbols(), bookNanos);
            CountDownLatch stop = new CountDownLatch(1);
            Thread hook = new Thread(() -> stopAndAwaitFinish(stop), "record-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            dev.ladder.binance.BinanceListener listener = toKafka == null ? journaler : journaler == null ? toKafka
                    : new TeeBinanceListener(journaler, toKafka);
            try (BinanceClient client = new BinanceClient(cfg, Clock.system(), listener)) {
                if (journaler != null) {
                    journaler.attach(client);
                }
                if (toKafka != null) {
                    toKafka.attach(client);
                }
                client.start();
                out.printf(Locale.ROOT, "recording %s %s into %s%n", cfg.venue().id(), String.join(",", cfg.symbols()), where(journal, publisher));
                out.flush();
                awaitStop(stop);
                BinanceClient.Stats st = client.stats();
                out.printf(Locale.ROOT, "client: %d messages, %d applied diffs, %d gaps, %d resyncs, %d connects, %d reconnects, %d snapshot requests, %d listener errors%n",
                        st.messages(), st.appliedDiffs(), st.gaps(), st.resyncs(), st.connects(), st.reconnects(), st.snapshotRequests(), st.listenerErrors());
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException ignored) {
                    // already shutting down
                }
            }
            if (journaler != null) {
                out.printf(Locale.ROOT, "recorded %d messages, %d snapshots, %d markers, %d books; %d append errors%n",
                        journaler.messages.get(), journaler.snapshots.get(), journaler.markers.get(), journaler.books.get(), journaler.errors.get());
            }
            printKafka(out, publisher);
            out.flush();
        }
        return 0;
    }

    /** Waits for Ctrl-C, {@code --run-for}, or an interrupt (which stops a recording like Ctrl-C: tests, embedding code). */
    private void awaitStop(CountDownLatch stop) {
        try {
            if (runFor != null) {
                stop.await(runFor, TimeUnit.SECONDS);
            } else {
                stop.await();
            }
        } catch (InterruptedException e) {
            Thread.interrupted();
        }
    }

    private int recordBetfair(PrintWriter out, PrintWriter err) throws Exception {
        BetfairStreamConfig config;
        SessionProvider sessions;
        JournalConfig jcfg;
        KafkaConfig kafkaConfig;
        try {
            if (!symbols.isEmpty() || isFutures) {
                throw new IllegalArgumentException("--symbols and --futures are for binance; betfair takes --markets or --event-types");
            }
            List<String> ms = markets.stream().map(String::trim).filter(m -> !m.isEmpty()).toList();
            List<String> ts = eventTypes.stream().map(String::trim).filter(m -> !m.isEmpty()).toList();
            if (ms.isEmpty() && ts.isEmpty()) {
                throw new IllegalArgumentException("betfair needs --markets or --event-types");
            }
            for (String m : ms) {
                if (!m.matches("\\d+\\.\\d+")) {
                    throw new IllegalArgumentException("--markets: '" + m + "' is not a market id like 1.234567890");
                }
            }
            for (String t : ts) {
                if (!t.matches("\\d+")) {
                    throw new IllegalArgumentException("--event-types: '" + t + "' is not an event type id like 7");
                }
            }
            if (runFor != null && runFor < 0) {
                throw new IllegalArgumentException("--run-for must not be negative");
            }
            if (ladderLevels < 1 || ladderLevels > 10) {
                throw new IllegalArgumentException("--ladder-levels must be 1..10: " + ladderLevels);
            }
            MarketSubscription sub = new MarketSubscription(new MarketFilter(ms, ts, null, null, null, null, null, null, null, null),
                    new MarketDataFilter(java.util.EnumSet.allOf(MarketDataFilter.Field.class), ladderLevels), null, 5000L, true);
            BetfairStreamConfig live = BetfairStreamConfig.live(sub);
            try {
                config = new BetfairStreamConfig(host, port, isTls, null, null, sub, live.connectTimeout(), live.handshakeTimeout(),
                        live.reconnectMin(), live.reconnectMax(), live.authBackoff(), live.maxLineBytes());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage().replace("betfair.stream.host", "--host")
                        .replace("betfair.stream.port", "--port"), e);
            }
            try {
                sessions = SessionProvider.fromEnvironment(environment);
            } catch (IllegalStateException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            jcfg = JournalConfig.defaults(data).withFsync(Options.fsync(fsync), groupCommitMillis);
            kafkaConfig = kafka == null ? null : ServeCommand.kafkaConfig("--kafka", kafka);
            if (kafkaConfig != null && !spec.commandLine().getParseResult().hasMatchedOption("--data")) {
                jcfg = null;
            }
        } catch (IllegalArgumentException e) {
            err.println("record: " + e.getMessage());
            return 2;
        }
        try (Journal journal = jcfg == null ? null : Journal.open(jcfg);
             StreamPublisher publisher = kafkaConfig == null ? null : StreamPublisher.open(kafkaConfig, List.of("betfair"))) {
            reportRecovery(journal, err);
            BetfairJournaler journaler = journal == null ? null : new BetfairJournaler(journal, null);
            CountDownLatch stop = new CountDownLatch(1);
            Thread hook = new Thread(() -> stopAndAwaitFinish(stop), "record-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            int marketCount;
            try (BetfairServeSupport cache = new BetfairServeSupport(BetfairCacheConfig.defaults())) {
                cache.connect(config, sessions, publisher == null ? journaler : journaler == null ? new BetfairKafkaPublisher(publisher)
                        : new BetfairKafkaPublisher(publisher).after(journaler), Clock.system());
                out.printf(Locale.ROOT, "recording betfair %s from %s:%d%s into %s%n",
                        String.join(",", ms(config)), host, port, isTls ? " (TLS)" : " (plain TCP)", where(journal, publisher));
                out.flush();
                awaitStop(stop);
                marketCount = cache.markets().size();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException ignored) {
                    // already shutting down
                }
            }
            if (journaler != null) {
                out.printf(Locale.ROOT, "recorded %d lines as %d records (%d markets in the cache); %d append errors%n",
                        journaler.lines.get(), journaler.records.get(), marketCount, journaler.errors.get());
            }
            printKafka(out, publisher);
            out.flush();
        }
        return 0;
    }

    private static void reportRecovery(Journal journal, PrintWriter err) {
        if (journal != null) {
            journal.recovery().stream().filter(r -> r.hasCut()).forEach(r ->
                    err.printf(Locale.ROOT, "record: %s: cut a torn tail of %d bytes (%d lines) from %s%n", r.stream(), r.cutBytes(), r.cutLines(), r.file()));
        }
    }

    /** Where a recording goes: the journal directory and/or the Kafka cluster. */
    private String where(Journal journal, StreamPublisher publisher) {
        String k = publisher == null ? null : "kafka " + publisher.config().bootstrapServers();
        return journal == null ? k : data.toAbsolutePath() + (k == null ? "" : " and " + k);
    }

    private static void printKafka(PrintWriter out, StreamPublisher publisher) {
        if (publisher != null) {
            publisher.flush();
            out.printf(Locale.ROOT, "kafka %s: %d records sent, %d acknowledged, %d failed%n", publisher.config().bootstrapServers(),
                    publisher.sent(), publisher.acked(), publisher.errors());
        }
    }

    private static List<String> ms(BetfairStreamConfig c) {
        MarketFilter f = c.subscription().marketFilter();
        List<String> parts = new java.util.ArrayList<>(f.marketIds());
        f.eventTypeIds().forEach(t -> parts.add("event type " + t));
        return parts;
    }


}
