package dev.ladder.server;

import dev.ladder.binance.BinanceConfig;
import dev.ladder.core.Clock;
import dev.ladder.core.InstrumentId;
import java.io.PrintWriter;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ladder serve}: live Binance books served over HTTP. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Keeps live order books from Binance (spot and/or USD-M futures) and serves them over HTTP:",
                "REST queries, server-sent event streams, /metrics, /health, /openapi.json and a web page at /."})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--binance", split = ",", paramLabel = "SYMBOL", description = "Binance spot symbols, e.g. BTCUSDT,ETHUSDT.")
    List<String> spot = new ArrayList<>();

    @Option(names = "--futures", split = ",", paramLabel = "SYMBOL", description = "Binance USD-M futures symbols.")
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

    @Option(names = "--futures-rest", paramLabel = "URL", description = "Futures REST base URL (default ${DEFAULT-VALUE}).", defaultValue = "https://fapi.binance.com")
    URI futuresRest;

    @Option(names = "--futures-ws", paramLabel = "URL", description = "Futures websocket base URL (default ${DEFAULT-VALUE}).", defaultValue = "wss://fstream.binance.com")
    URI futuresWs;

    @Option(names = "--snapshot-limit", defaultValue = "1000", description = "REST snapshot depth (spot up to 5000, futures up to 1000; default ${DEFAULT-VALUE}).")
    int snapshotLimit;

    @Option(names = "--stream-queue", defaultValue = "1024", description = "Events queued per stream client before it gets a fresh snapshot instead (default ${DEFAULT-VALUE}).")
    int streamQueue;

    @Option(names = "--run-for", defaultValue = "0", paramLabel = "SECONDS", description = "Stop after this many seconds (default 0: until interrupted).")
    long runFor;

    @Override
    public Integer call() throws Exception {
        List<BinanceConfig> configs = new ArrayList<>();
        try {
            if (spot.isEmpty() && futures.isEmpty()) {
                throw new IllegalArgumentException("--binance or --futures must name at least one symbol");
            }
            if (!spot.isEmpty()) {
                configs.add(client("--binance", BinanceConfig.spot(spot), spotRest, spotWs));
            }
            if (!futures.isEmpty()) {
                configs.add(client("--futures", BinanceConfig.futures(futures), futuresRest, futuresWs));
            }
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        return run(spec.commandLine().getOut(), spec.commandLine().getErr(), configs, host, port, streamQueue,
                defaultBook, runFor, "Ladder serving live Binance books", () -> { });
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

    private int usage(String message) {
        spec.commandLine().getErr().println("ladder serve: " + message);
        return 2;
    }

    /**
     * Starts a {@link LiveNode}, prints its URL and waits (for {@code runFor} seconds, or until the
     * process is interrupted), then closes the node and {@code alsoClose}. Configuration errors print a
     * message naming the setting and return 2.
     */
    static int run(PrintWriter out, PrintWriter err, List<BinanceConfig> configs, String host, int port, int streamQueue,
                   String defaultBook, long runFor, String banner, AutoCloseable alsoClose) throws Exception {
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
            node = LiveNode.start(configs, serverConfig, defaultId, Clock.system());
        } catch (IllegalArgumentException e) {
            err.println("ladder: " + e.getMessage());
            return 2;
        } catch (java.io.IOException e) {
            err.println("ladder: " + e.getMessage() + " (--port " + port + ", --host " + host + ")");
            return 1;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runnable shutdown = () -> {
            node.close();
            try {
                alsoClose.close();
            } catch (Exception e) {
                err.println("ladder: closing: " + e.getMessage());
            }
        };
        Thread hook = new Thread(() -> {
            shutdown.run();
            stop.countDown();
        }, "ladder-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        String urlHost = host.equals("0.0.0.0") ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host;
        out.println(banner + " at http://" + urlHost + ":" + node.port() + "/");
        out.println("  books: " + String.join(", ", node.registry().all().stream().map(b -> b.id().toString()).toList()));
        out.println("  try:   curl 'http://" + urlHost + ":" + node.port() + "/api/books'");
        out.flush();
        if (runFor > 0) {
            Thread.sleep(runFor * 1000);
            Runtime.getRuntime().removeShutdownHook(hook);
            shutdown.run();
            return 0;
        }
        stop.await();
        return 0;
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
