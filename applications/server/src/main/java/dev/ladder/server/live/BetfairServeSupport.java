package dev.ladder.server.live;

import dev.ladder.betfair.BetfairCacheConfig;
import dev.ladder.betfair.BetfairCacheListener;
import dev.ladder.betfair.BetfairMarket;
import dev.ladder.betfair.BetfairMarketCache;
import dev.ladder.betfair.BetfairStreamClient;
import dev.ladder.betfair.BetfairStreamConfig;
import dev.ladder.betfair.BetfairStreamDecoder;
import dev.ladder.betfair.BetfairStreamListener;
import dev.ladder.betfair.MarketChangeApplier;
import dev.ladder.betfair.SessionProvider;
import dev.ladder.core.Clock;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The Betfair markets the HTTP API serves: one {@link BetfairMarketCache} written by one thread (a
 * stream client's reader via {@link #applier()}, or a replay via {@link #apply}) and read by request
 * threads through copies taken under the same lock, so a reader never sees half a message.
 *
 * <p>Live watchers of a market get a conflated wake-up after each message that changed it: a slow
 * watcher never builds a backlog, it just renders the latest state when it gets round to it. A
 * market evicted from the cache (closed, after the grace period) wakes its watchers one last time.
 */
public final class BetfairServeSupport implements AutoCloseable {
    /** A live watcher of one market: a one-slot conflating signal. */
    public static final class Watcher {
        private final ArrayBlockingQueue<Boolean> signal = new ArrayBlockingQueue<>(1);
        private volatile boolean closed;

        void wake() {
            signal.offer(Boolean.TRUE);
        }

        /** Waits up to {@code millis} for a change; {@code false} on timeout. */
        public boolean await(long millis) throws InterruptedException {
            return signal.poll(millis, TimeUnit.MILLISECONDS) != null;
        }

        public boolean isClosed() {
            return closed;
        }

        void close() {
            closed = true;
            wake();
        }
    }

    private final BetfairMarketCache cache;
    private final BetfairStreamDecoder decoder;
    private final MarketChangeApplier applier;
    private final Map<String, List<Watcher>> watchers = new ConcurrentHashMap<>();
    private final List<BetfairStreamClient> clients = new CopyOnWriteArrayList<>();
    private final List<BetfairCacheListener> listeners = new CopyOnWriteArrayList<>();

    public BetfairServeSupport(BetfairCacheConfig config) {
        this.cache = new BetfairMarketCache(config);
        this.decoder = new BetfairStreamDecoder(cache);
        this.applier = MarketChangeApplier.toCache(decoder, cache);
        cache.listener(new BetfairCacheListener() {
            @Override
            public void onMarketChange(BetfairMarket market, boolean image) {
                wake(market.id());
                for (BetfairCacheListener l : listeners) {
                    l.onMarketChange(market, image);
                }
            }

            @Override
            public void onMarketEvicted(String marketId) {
                wake(marketId);
                for (BetfairCacheListener l : listeners) {
                    l.onMarketEvicted(marketId);
                }
            }
        });
    }

    /**
     * Also tells {@code l} of every market change and eviction, on the cache's writer thread under its
     * lock (e.g. the catalog feed, which hands definitions to its own thread). It must not block or throw.
     */
    public void addListener(BetfairCacheListener l) {
        listeners.add(l);
    }

    private void wake(String marketId) {
        List<Watcher> list = watchers.get(marketId);
        if (list != null) {
            for (Watcher w : list) {
                w.wake();
            }
        }
    }

    /**
     * Applies one stream message (an mcm line; other ops are read and ignored).
     *
     * @throws IOException when the line is malformed (nothing was applied)
     */
    public void apply(String line) throws IOException {
        try {
            applier.apply(line, 0);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    /** The applier to hand to a {@link BetfairStreamClient} (a SUB_IMAGE replaces the whole cache). */
    MarketChangeApplier applier() {
        return applier;
    }

    /**
     * Starts a stream client that feeds this cache; it is closed with this object.
     *
     * @throws IOException when the client's trust store is unusable
     */
    public BetfairStreamClient connect(BetfairStreamConfig config, SessionProvider sessions, BetfairStreamListener listener,
                                Clock clock) throws IOException {
        BetfairStreamClient c = new BetfairStreamClient(config, sessions, applier(), listener, clock);
        clients.add(c);
        c.start();
        return c;
    }

    /** Copies of every market, in first-seen order. */
    public List<BetfairMarket> markets() {
        synchronized (cache) {
            List<BetfairMarket> out = new ArrayList<>(cache.size());
            for (BetfairMarket m : cache.markets()) {
                out.add(m.copy());
            }
            return out;
        }
    }

    /** A copy of one market, or {@code null} when unknown (or evicted). */
    public BetfairMarket market(String marketId) {
        synchronized (cache) {
            BetfairMarket m = cache.market(marketId);
            return m == null ? null : m.copy();
        }
    }

    public Watcher watch(String marketId) {
        Watcher w = new Watcher();
        watchers.computeIfAbsent(marketId, k -> new CopyOnWriteArrayList<>()).add(w);
        return w;
    }

    public void unwatch(String marketId, Watcher w) {
        List<Watcher> list = watchers.get(marketId);
        if (list != null) {
            list.remove(w);
        }
    }

    /** Closes the stream clients and ends every watcher. */
    @Override
    public void close() {
        clients.forEach(BetfairStreamClient::close);
        watchers.values().forEach(l -> l.forEach(Watcher::close));
    }
}
