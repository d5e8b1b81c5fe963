package dev.ladder.server.cli;

import dev.ladder.betfair.BetfairStreamConfig;
import dev.ladder.betfair.MarketFilter;
import dev.ladder.binance.BinanceConfig;
import dev.ladder.core.Clock;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.Venue;
import dev.ladder.server.http.ServerConfig;
import dev.ladder.server.node.LiveNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link LiveNode} for {@code serve} and {@code demo}: start, print where it is, wait, close. On
 * SIGTERM or Ctrl-C the shutdown hook closes the node in order (venue clients, then the streams, each ended
 * with a final {@code state} event, then the HTTP server, then the journal, flushed and fsynced), bounded by
 * {@link #SHUTDOWN_LIMIT}.
 */
final class NodeRunner {
    /** How long a shutdown (SIGTERM, Ctrl-C) may take before the process exits anyway. */
    static final java.time.Duration SHUTDOWN_LIMIT = java.time.Duration.ofSeconds(10);
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(NodeRunner.class);

    private NodeRunner() {
    }

    /**
     * Starts a {@link LiveNode}, prints its URL and waits (for {@code runFor} seconds, or until the
     * process is interrupted), then closes the node and {@code alsoClose}. Configuration errors print a
     * message naming the setting and return 2.
     */
    static int run(PrintWriter out, PrintWriter err, List<BinanceConfig> configs, LiveNode.BetfairSource betfair, Path data,
                   LiveNode.CatalogSetup catalog, String host, int port, int streamQueue, String defaultBook, long runFor,
                   String banner, AutoCloseable alsoClose) throws Exception {
        return run(out, err, configs, betfair, data, catalog, host, port, streamQueue, defaultBook, runFor, banner, alsoClose, null);
    }

    /**
     * As above; {@code onStarted} (null: none) is called with the node once it serves, and what it
     * returns is closed first at shutdown (e.g. the demo's sports feed, which posts to the node).
     */
    static int run(PrintWriter out, PrintWriter err, List<BinanceConfig> configs, LiveNode.BetfairSource betfair, Path data,
                   LiveNode.CatalogSetup catalog, String host, int port, int streamQueue, String defaultBook, long runFor,
                   String banner, AutoCloseable alsoClose, java.util.function.Function<LiveNode, AutoCloseable> onStarted)
            throws Exception {
        return run(out, err, configs, betfair, data, catalog, host, port, streamQueue, defaultBook, runFor, banner, alsoClose, onStarted, null);
    }

    /** As above, also building books and markets from Kafka with {@code kafka} (null: not). */
    static int run(PrintWriter out, PrintWriter err, List<BinanceConfig> configs, LiveNode.BetfairSource betfair, Path data,
                   LiveNode.CatalogSetup catalog, String host, int port, int streamQueue, String defaultBook, long runFor,
                   String banner, AutoCloseable alsoClose, java.util.function.Function<LiveNode, AutoCloseable> onStarted,
                   LiveNode.KafkaSetup kafka) throws Exception {
        ServerConfig serverConfig;
        InstrumentId defaultId = null;
        try {
            serverConfig = ServerConfig.loopback(port).withHost(host).withStreamQueueCapacity(streamQueue);
            if (defaultBook != null) {
                defaultId = parseBook(defaultBook);
            }
            if (runFor < 0) {
                throw new IllegalArgumentException("--run-for must not be negative: " + runFor);
            }
        } catch (IllegalArgumentException e) {
            err.println("ladder: " + optionName(e.getMessage()));
            return 2;
        }
        LiveNode node;
        try {
            node = LiveNode.start(configs, betfair, data, serverConfig, defaultId, Clock.system(), List.of(), catalog, kafka);
        } catch (IllegalArgumentException e) {
            err.println("ladder: " + e.getMessage());
            return 2;
        } catch (java.io.IOException e) {
            String m = e.getMessage();
            err.println("ladder: " + m + (m != null && m.startsWith("--") ? "" : " (--port " + port + ", --host " + host + ")"));
            return 1;
        }
        CountDownLatch stop = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<AutoCloseable> started = new java.util.concurrent.atomic.AtomicReference<>();
        Runnable shutdown = () -> {
            AutoCloseable s = started.getAndSet(null);
            if (s != null) {
                try {
                    s.close();
                } catch (Exception e) {
                    err.println("ladder: closing: " + e.getMessage());
                }
            }
            node.close();
            try {
                alsoClose.close();
            } catch (Exception e) {
                err.println("ladder: closing: " + e.getMessage());
            }
        };
        Thread hook = new Thread(() -> {
            log.info("shutting down: stopping venue clients, ending streams, flushing and closing the journal");
            long t0 = System.nanoTime();
            Thread closer = Thread.ofPlatform().name("ladder-close").start(shutdown);
            try {
                closer.join(SHUTDOWN_LIMIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (closer.isAlive()) {
                log.error("shutdown did not finish within {} s; exiting anyway", SHUTDOWN_LIMIT.toSeconds());
            } else {
                log.info("stopped in {} ms", (System.nanoTime() - t0) / 1_000_000);
            }
            stop.countDown();
        }, "ladder-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        String urlHost = host.equals("0.0.0.0") ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
        out.println(banner + " at http://" + urlHost + ":" + node.port() + "/");
        if (!node.registry().all().isEmpty()) {
            out.println("  books: " + String.join(", ", node.registry().all().stream().map(b -> b.id().toString()).toList()));
            out.println("  try:   curl 'http://" + urlHost + ":" + node.port() + "/api/books'");
        }
        if (betfair != null) {
            out.println("  betfair: " + betfair.config().host() + ":" + betfair.config().port()
                    + (betfair.config().tls() ? " (TLS)" : " (plain TCP)") + ", markets " + filterText(betfair.config()));
            out.println("  try:   curl 'http://" + urlHost + ":" + node.port() + "/api/markets'");
        }
        if (catalog != null) {
            String url = catalog.config().jdbcUrl();
            out.println("  catalog: " + (url.indexOf('?') > 0 ? url.substring(0, url.indexOf('?')) : url) + " (" + catalog.access() + ")");
            out.println("  try:   curl 'http://" + urlHost + ":" + node.port() + "/api/sports'");
        }
        if (data != null) {
            out.println("  recording into " + data.toAbsolutePath() + " (history: /api/history/{venue}/{symbol}?at=TIME)");
        }
        out.flush();
        if (onStarted != null) {
            started.set(onStarted.apply(node));
        }
        if (runFor > 0) {
            Thread.sleep(runFor * 1000);
            Runtime.getRuntime().removeShutdownHook(hook);
            shutdown.run();
            return 0;
        }
        stop.await();
        return 0;
    }

    private static String filterText(BetfairStreamConfig c) {
        MarketFilter f = c.subscription().marketFilter();
        List<String> parts = new ArrayList<>();
        if (!f.marketIds().isEmpty()) {
            parts.add(String.join(",", f.marketIds()));
        }
        if (!f.eventTypeIds().isEmpty()) {
            parts.add("of event types " + String.join(",", f.eventTypeIds()));
        }
        return parts.isEmpty() ? "all" : String.join(" and ", parts);
    }

    static InstrumentId parseBook(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("--default-book must be VENUE:SYMBOL (e.g. binance:BTCUSDT): " + text);
        }
        try {
            return InstrumentId.of(dev.ladder.core.Venue.parse(text.substring(0, colon)), text.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--default-book: " + e.getMessage(), e);
        }
    }

    private static String optionName(String message) {
        for (String[] m : Arrays.asList(new String[] {"port", "--port"}, new String[] {"host", "--host"},
                new String[] {"streamQueueCapacity", "--stream-queue"})) {
            if (message.startsWith(m[0] + " ")) {
                return m[1] + message.substring(m[0].length());
            }
        }
        return message;
    }
}
