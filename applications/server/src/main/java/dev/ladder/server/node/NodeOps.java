package dev.ladder.server.node;

import dev.ladder.binance.BinanceClient;
import dev.ladder.catalog.Catalog;
import dev.ladder.server.live.BookRegistry;
import dev.ladder.server.live.BookState;
import dev.ladder.server.live.Readiness;
import io.micrometer.core.instrument.Gauge;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The operations side of a node: JVM and process meters, journal and catalog meters, book-state gauges
 * ({@code ladder_books{state}}), open venue connections ({@code ladder_connections{venue}}) and the readiness checks {@code /ready} runs for the journal (its
 * directory writable) and the catalog (its store answers a query). Installed once per node.
 */
final class NodeOps {
    private NodeOps() {
    }

    /**
     * Installs the meters and checks for a node serving {@code registry}, recording into {@code dataDir}
     * (null: none) and serving {@code catalog} (null: none).
     *
     * @return what unbinds the JVM's GC listeners at close
     */
    static AutoCloseable install(BookRegistry registry, Path dataDir, Catalog catalog, java.util.List<BinanceClient> clients) {
        var metrics = registry.metrics();
        AutoCloseable jvm = metrics.bindJvm();
        for (BinanceClient c : clients) {
            Gauge.builder("ladder.connections", c, cl -> {
                        BinanceClient.Stats st = cl.stats();
                        return Math.max(0, st.connects() - st.disconnects());
                    }).description("Venue connections open (connects minus disconnects)")
                    .tag("venue", c.config().venue().id()).register(metrics.registry());
        }
        for (BookState state : BookState.values()) {
            Gauge.builder("ladder.books", registry, r -> r.all().stream().filter(b -> b.state() == state).count())
                    .description("Books served, by state").tag("state", state.id()).register(metrics.registry());
        }
        Gauge.builder("ladder.betfair.subscribed", registry,
                        r -> r.betfairStatus().map(s -> s.subscribed() ? 1.0 : 0.0).orElse(Double.NaN))
                .description("1 while the Betfair stream is subscribed (absent without Betfair)").register(metrics.registry());
        registry.all().forEach(b -> metrics.declare(b.id().venue()));
        if (registry.betfairStatus().isPresent()) {
            metrics.declare(dev.ladder.core.Venue.BETFAIR);
        }
        Readiness readiness = registry.readiness();
        if (dataDir != null) {
            metrics.journal(dataDir);
            readiness.register("journal", () -> Files.isDirectory(dataDir) && Files.isWritable(dataDir)
                    ? Readiness.Check.ok("writable " + dataDir)
                    : Readiness.Check.notReady("cannot write " + dataDir));
        }
        if (catalog != null) {
            metrics.catalogIntake(catalog.intake());
            readiness.register("catalog", () -> {
                try {
                    return Readiness.Check.ok("store answers (" + catalog.queries().sports().size() + " sports)");
                } catch (java.sql.SQLException e) {
                    return Readiness.Check.notReady("store does not answer: " + e.getMessage());
                }
            });
        }
        return jvm;
    }
}
