package dev.ladder.catalog;

import dev.ladder.betfair.BetfairCacheListener;
import dev.ladder.betfair.BetfairMarket;
import dev.ladder.betfair.BetfairMarketDefinition;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the catalog up to date from a live Betfair stream: a {@link BetfairCacheListener} for the
 * market cache that notes each market whose definition changed (a new definition object) and applies
 * the latest definitions on its own thread through {@link BetfairCatalogMapper#applyDefinitions}, so
 * the stream's writer thread never waits for the database. Definitions of one market that arrive
 * faster than they are applied are coalesced (the latest wins). A database error is logged and
 * counted, and the definitions are tried again with the next change.
 *
 * <p>A cache has one listener: a server that already listens should call {@link #onMarketChange} from
 * its own listener. Thread-safe; {@link #close()} applies what is pending and stops the thread.
 */
public final class BetfairCatalogFeed implements BetfairCacheListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BetfairCatalogFeed.class);

    private final BetfairCatalogMapper mapper;
    private final Map<String, BetfairMarketDefinition> lastSeen = new HashMap<>();
    private final LinkedHashMap<String, BetfairMarketDefinition> pending = new LinkedHashMap<>();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final Thread worker;
    private boolean closed;

    public BetfairCatalogFeed(BetfairCatalogMapper mapper) {
        this.mapper = mapper;
        this.worker = Thread.ofPlatform().name("catalog-betfair-feed").daemon(true).start(this::loop);
    }

    /** Called on the cache's writer thread: notes the market when its definition changed. Never throws. */
    @Override
    public void onMarketChange(BetfairMarket market, boolean image) {
        BetfairMarketDefinition d = market.definition();
        if (d == null || d.eventId() == null || d.eventTypeId() == null) {
            return;
        }
        synchronized (this) {
            if (lastSeen.get(market.id()) == d) {
                return;
            }
            lastSeen.put(market.id(), d);
            pending.put(market.id(), d);
            notifyAll();
        }
    }

    @Override
    public void onMarketEvicted(String marketId) {
        synchronized (this) {
            lastSeen.remove(marketId);
        }
    }

    /** Market definitions applied so far. */
    public long applied() {
        return applied.get();
    }

    /** Batches that failed with a database error. */
    public long failures() {
        return failures.get();
    }

    private void loop() {
        while (true) {
            Map<String, BetfairMarketDefinition> batch;
            synchronized (this) {
                while (pending.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (pending.isEmpty()) {
                    return;
                }
                batch = new LinkedHashMap<>(pending);
                pending.clear();
            }
            try {
                mapper.applyDefinitions(batch);
                applied.addAndGet(batch.size());
            } catch (SQLException | RuntimeException e) {
                failures.incrementAndGet();
                LOG.warn("catalog: {} Betfair market definitions not applied: {}", batch.size(), e.toString());
                synchronized (this) {
                    for (String id : batch.keySet()) {
                        lastSeen.remove(id);
                    }
                }
            }
        }
    }

    /** Applies what is pending, then stops. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            worker.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
