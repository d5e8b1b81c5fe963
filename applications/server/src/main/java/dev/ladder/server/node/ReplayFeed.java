package dev.ladder.server.node;

import dev.ladder.betfair.BetfairCacheConfig;
import dev.ladder.binance.BinanceDecoder;
import dev.ladder.binance.DepthSnapshot;
import dev.ladder.binance.DepthSync;
import dev.ladder.binance.DepthUpdate;
import dev.ladder.binance.SyncEvent;
import dev.ladder.binance.SyncListener;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.Venue;
import dev.ladder.journal.JournalCursor;
import dev.ladder.journal.JournalReader;
import dev.ladder.journal.ProgressMeter;
import dev.ladder.journal.RecordKind;
import dev.ladder.journal.ReplayTarget;
import dev.ladder.server.cli.ReplayCommand;
import dev.ladder.server.http.BetfairRoutes;
import dev.ladder.server.http.LadderServer;
import dev.ladder.server.http.ServerConfig;
import dev.ladder.server.live.BetfairServeSupport;
import dev.ladder.server.live.BookRegistry;
import dev.ladder.server.live.LadderMetrics;
import dev.ladder.server.live.LiveBook;
import dev.ladder.server.replay.BinanceBookTarget;
import dev.ladder.server.replay.CountingTarget;
import dev.ladder.server.replay.DescribedTarget;
import dev.ladder.server.replay.JournalReplay;
import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A journal replay served over HTTP "as if live": each Binance stream drives a {@link LiveBook} in a
 * {@link BookRegistry} exactly as the live {@code BinanceFeed} does (a loaded snapshot replaces the book
 * and sends stream clients a fresh snapshot, each applied diff is published with its update ids, a gap
 * or a reset marks the book resyncing, counters move), and each Betfair stream ({@code betfair/<marketId>})
 * feeds its raw lines into a {@link BetfairServeSupport}, so the market routes answer during the replay.
 *
 * <p>One replaying thread writes; request threads read. A book restored from a {@code #book} line (a
 * {@code --from} start, or a replay that lost sync) is published as a snapshot. Malformed records are
 * counted in the metrics ({@code malformed}) and skipped; the replay never stops on them.
 */
public final class ReplayFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReplayFeed.class);

    private final BookRegistry registry;
    private final BetfairServeSupport betfair;
    private final LadderServer server;

    private ReplayFeed(BookRegistry registry, BetfairServeSupport betfair, LadderServer server) {
        this.registry = registry;
        this.betfair = betfair;
        this.server = server;
    }

    /**
     * Registers a book for each Binance stream of {@code ids} (state {@code connecting} until its first
     * snapshot) and starts the server; the Betfair market routes are served when {@code ids} has a
     * Betfair stream.
     *
     * @throws IOException when the address cannot be bound
     */
    public static ReplayFeed start(List<InstrumentId> ids, ServerConfig config) throws IOException {
        BookRegistry registry = new BookRegistry(new LadderMetrics());
        BetfairServeSupport betfair = new BetfairServeSupport(BetfairCacheConfig.keepAll());
        boolean hasBetfair = false;
        for (InstrumentId id : ids) {
            if (id.venue() == Venue.BETFAIR) {
                hasBetfair = true;
            } else if (!id.symbol().startsWith("_")) {
                registry.register(id, BinanceDecoder.DEFAULT_SCALE, BinanceDecoder.DEFAULT_SCALE);
            }
        }
        List<Consumer<RoutesConfig>> routes = new ArrayList<>();
        if (hasBetfair) {
            routes.add(r -> BetfairRoutes.install(r, betfair, config));
            registry.setBetfairStatus(() -> new BookRegistry.FeedStatus(true, betfair.markets().size()));
        }
        try {
            return new ReplayFeed(registry, betfair, LadderServer.start(registry, config, routes));
        } catch (IOException | RuntimeException e) {
            betfair.close();
            throw e;
        }
    }

    public int port() {
        return server.port();
    }

    /** Live-stream clients connected to the books now. */
    public int streamClients() {
        io.micrometer.core.instrument.Gauge g = registry.metrics().registry().find("ladder.stream.clients").gauge();
        return g == null ? 0 : (int) g.value();
    }

    BookRegistry registry() {
        return registry;
    }

    BetfairServeSupport betfair() {
        return betfair;
    }

    /** Replays {@code ids} as {@link ReplayCommand#replay} does, writing into the served books and markets. */
    public JournalReplay.Result replay(JournalReader reader, List<InstrumentId> ids, long fromNs, long toNs, double speed,
                                ProgressMeter progress) throws IOException, InterruptedException {
        return JournalReplay.replay(reader, ids, fromNs, toNs, speed, progress, this::targetFor);
    }

    /** The target that writes {@code id}'s records into what is served. */
    ReplayTarget targetFor(InstrumentId id) {
        return switch (id.venue()) {
            case BINANCE, BINANCE_FUTURES -> {
                LiveBook live = registry.find(id).orElse(null);
                yield live == null ? new CountingTarget() : new LiveBinanceTarget(id, live, registry.metrics());
            }
            case BETFAIR -> new BetfairTarget(betfair, registry.metrics());
        };
    }

    /** Ends the live streams and stops the server. */
    @Override
    public void close() {
        server.close();
        betfair.close();
    }

    /**
     * A {@link BinanceBookTarget} whose sync mirrors into a {@link LiveBook}: loaded
     * snapshots as snapshots, applied diffs as diffs (the changed levels, found by walking both books),
     * sync events as the live feed maps them.
     */
    static final class LiveBinanceTarget implements ReplayTarget, SyncListener, DescribedTarget {
        private final InstrumentId id;
        private final LiveBook live;
        private final LadderMetrics metrics;
        private final BinanceBookTarget inner;

        public LiveBinanceTarget(InstrumentId id, LiveBook live, LadderMetrics metrics) {
            this.id = id;
            this.live = live;
            this.metrics = metrics;
            this.inner = new BinanceBookTarget(id.symbol(), id.venue() == Venue.BINANCE_FUTURES, this);
        }

        BinanceBookTarget inner() {
            return inner;
        }

        @Override
        public void reset() {
            inner.reset();
        }

        @Override
        public void restore(JournalCursor book) {
            inner.restore(book);
            publishRestored();
        }

        @Override
        public void apply(JournalCursor record) {
            if (record.kind() == RecordKind.MESSAGE) {
                metrics.message(id.venue());
            }
            long before = inner.malformed();
            inner.apply(record);
            if (inner.malformed() != before) {
                metrics.malformed(id.venue());
            }
        }

        /**
         * A record read from Kafka ({@code marker} null for a raw frame), applied as {@link #apply} and
         * {@link #onBook} apply the same record from a journal.
         */
        void applyRecord(String marker, byte[] payload, long receiveNanos) {
            long before = inner.malformed();
            if (marker == null) {
                metrics.message(id.venue());
                inner.onMessage(payload, 0, payload.length, receiveNanos);
            } else {
                switch (marker) {
                    case "snapshot" -> inner.onSnapshot(new String(payload, java.nio.charset.StandardCharsets.UTF_8), receiveNanos);
                    case "resync" -> inner.onResync(new String(payload, java.nio.charset.StandardCharsets.UTF_8), receiveNanos);
                    case "book" -> {
                        if (!inner.isSynced()) {
                            inner.restore(payload, 0, payload.length, receiveNanos);
                            publishRestored();
                        }
                    }
                    default -> {
                        // gaps and reconnects: the sync works them out again by itself
                    }
                }
            }
            if (inner.malformed() != before) {
                metrics.malformed(id.venue());
            }
        }

        /** A {@code #book} line met during the replay (see {@link BinanceBookTarget#onBook}). */
        @Override
        public boolean onBook(JournalCursor c) {
            if (inner.onBook(c)) {
                publishRestored();
                return true;
            }
            return false;
        }

        @Override
        public String describe(InstrumentId id, long records) {
            return inner.describe(id, records);
        }

        /** A restored {@code #book} is the book as it was: publish it as a snapshot at its update id. */
        private void publishRestored() {
            try {
                live.applySnapshotFrom(inner.book(), inner.lastUpdateId(), inner.exchangeTimeMillis(), inner.receiveNanos());
            } catch (RuntimeException e) {
                failed(e);
            }
        }

        @Override
        public void onSyncEvent(SyncEvent event) {
            live.onSyncEvent(event.kind());
        }

        @Override
        public void onSnapshotLoaded(DepthSync sync, DepthSnapshot snapshot, long receiveTime) {
            try {
                live.applySnapshotFrom(inner.book(), snapshot.lastUpdateId(), 0, receiveTime);
            } catch (RuntimeException e) {
                failed(e);
            }
        }

        @Override
        public void onDiffApplied(DepthSync sync, DepthUpdate diff, long receiveTime) {
            try {
                live.applyDiffFrom(inner.book(), diff.firstUpdateId(), diff.finalUpdateId(),
                        diff.eventTime() == DepthUpdate.NONE ? 0 : diff.eventTime(), receiveTime);
            } catch (RuntimeException e) {
                failed(e);
            }
        }

        private void failed(RuntimeException e) {
            metrics.malformed(id.venue());
            log.warn("could not mirror {}: {}", id, e.toString());
        }
    }

    /** Feeds a Betfair stream's raw lines into the served market cache; a line that does not apply is counted malformed. */
    static final class BetfairTarget implements ReplayTarget, DescribedTarget {
        private final BetfairServeSupport support;
        private final LadderMetrics metrics;

        public BetfairTarget(BetfairServeSupport support, LadderMetrics metrics) {
            this.support = support;
            this.metrics = metrics;
        }

        @Override
        public String describe(InstrumentId id, long records) {
            return id + " records=" + records + " (fed to the served market cache: /api/markets)";
        }

        @Override
        public void reset() {
        }

        @Override
        public void restore(JournalCursor book) {
        }

        @Override
        public void apply(JournalCursor record) {
            if (record.kind() != RecordKind.MESSAGE) {
                return;
            }
            metrics.message(Venue.BETFAIR);
            try {
                support.apply(record.payloadString());
            } catch (IOException | RuntimeException e) {
                metrics.malformed(Venue.BETFAIR);
            }
        }
    }
}
