package dev.ladder.server;

import dev.ladder.binance.BinanceClient;
import dev.ladder.binance.BinanceConfig;
import dev.ladder.core.Clock;
import dev.ladder.core.InstrumentId;
import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One serving process: Binance clients feeding a {@link BookRegistry}, and the HTTP server on it.
 * Used by {@code ladder serve} and {@code ladder demo}.
 *
 * <p>Start-up order: books are registered first (so they are listed as {@code connecting}), then the
 * server binds, then the clients connect. {@link #close()} stops the clients (books become
 * {@code stopped}), then the server.
 */
final class LiveNode implements AutoCloseable {
    private final BookRegistry registry;
    private final List<BinanceClient> clients;
    private final List<BinanceFeed> feeds;
    private final LadderServer server;

    private LiveNode(BookRegistry registry, List<BinanceClient> clients, List<BinanceFeed> feeds, LadderServer server) {
        this.registry = registry;
        this.clients = clients;
        this.feeds = feeds;
        this.server = server;
    }

    /**
     * Starts clients for {@code configs} and serves their books.
     *
     * @param defaultBook the compatibility route's book (null: the first one); must be one of the served books
     * @throws IllegalArgumentException when {@code defaultBook} is not served or two clients serve the same venue
     * @throws IOException when the server cannot bind
     */
    static LiveNode start(List<BinanceConfig> configs, ServerConfig serverConfig, InstrumentId defaultBook, Clock clock)
            throws IOException {
        return start(configs, serverConfig, defaultBook, clock, List.of());
    }

    /**
     * As {@link #start(List, ServerConfig, InstrumentId, Clock)}, also serving the routes each of
     * {@code extraRoutes} declares (e.g. {@code routes -> HistoryRoutes.install(routes, dir, config)}).
     */
    static LiveNode start(List<BinanceConfig> configs, ServerConfig serverConfig, InstrumentId defaultBook, Clock clock,
                          List<Consumer<RoutesConfig>> extraRoutes) throws IOException {
        Objects.requireNonNull(clock, "clock");
        BookRegistry registry = new BookRegistry(new LadderMetrics());
        List<BinanceClient> clients = new ArrayList<>();
        List<BinanceFeed> feeds = new ArrayList<>();
        for (BinanceConfig c : configs) {
            if (feeds.stream().anyMatch(f -> f.venue() == c.venue())) {
                throw new IllegalArgumentException("venue " + c.venue().id() + " is configured twice");
            }
            BinanceFeed feed = new BinanceFeed(registry, c.venue(), c.symbols());
            feeds.add(feed);
            clients.add(new BinanceClient(c, clock, feed));
        }
        if (defaultBook != null) {
            if (registry.find(defaultBook).isEmpty()) {
                throw new IllegalArgumentException("--default-book " + defaultBook + " is not one of the books served");
            }
            registry.setDefaultBook(defaultBook);
        }
        LadderServer server = LadderServer.start(registry, serverConfig, extraRoutes);
        for (BinanceClient c : clients) {
            c.start();
        }
        return new LiveNode(registry, clients, feeds, server);
    }

    BookRegistry registry() {
        return registry;
    }

    List<BinanceClient> clients() {
        return clients;
    }

    int port() {
        return server.port();
    }

    @Override
    public void close() {
        for (BinanceClient c : clients) {
            c.close();
        }
        for (BinanceFeed f : feeds) {
            f.stopped();
        }
        server.close();
    }
}
