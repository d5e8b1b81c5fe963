package dev.ladder.catalog;

import dev.ladder.betfair.api.BettingApiAnswer;
import dev.ladder.betfair.api.BettingApiClient;
import dev.ladder.betfair.api.BettingMarketFilter;
import dev.ladder.betfair.api.MarketCatalogue;
import dev.ladder.betfair.api.MarketProjection;
import dev.ladder.betfair.api.MarketSort;
import dev.ladder.core.Clock;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the catalog's racing up to date from Betfair's Betting API: finds races with listEvents and a
 * market listing, fetches each race's markets with listMarketCatalogue (runners, metadata, description,
 * event) and hands every answer to the {@link BetfairCatalogMapper}, then refreshes each race on a
 * schedule set by the time left to its start ({@link CatalogPollerConfig#intervalFor}): hourly beyond a
 * day, every 15 minutes within a day, every 5 minutes within an hour, every 30 s within 5 minutes and
 * after the start, until the catalog says the race is FINAL or ABANDONED (results come from the stream,
 * {@link BetfairCatalogFeed}: Betfair's catalogue does not list closed markets) or the give-up time has
 * passed. All intervals are configurable.
 *
 * <p>A round ({@link #tick()}) does, at the clock's now:
 * <ol>
 *   <li>Discovery, when due (at the first round, then every {@code discoveryInterval}): per event type,
 *       listEvents (applied: meetings appear at once) and a light listMarketCatalogue (EVENT and
 *       MARKET_START_TIME only, 1000 markets per call; a full answer is split by halving the time window)
 *       over markets starting from {@code giveUpAfterStart} ago to {@code lookahead} ahead, filtered by
 *       the configured countries and market types. A market not seen before makes its race due at once;
 *       a market whose start moved moves to the race of its new start.</li>
 *   <li>Refresh: the due races, soonest first, their markets packed into calls of at most
 *       {@code maxMarketsPerCall} markets with every projection. A race is rescheduled when all its
 *       markets' calls succeeded.</li>
 * </ol>
 * A failed call (any {@link IOException}: an APINGException code, HTTP status, timeout) or catalog write
 * is counted, logged (once per distinct message) and kept in {@link CatalogPollerStats#lastError()};
 * what it covered stays due and is retried on the next round. A round never throws.
 *
 * <p>For an event type without races (anything but 7 and 4339) each market is followed alone until its
 * start. Threads: {@link #start()} runs rounds every {@code tick} on a daemon thread named
 * {@code catalog-poller}; {@link #tick()} may also be called directly (tests, with a ManualClock), one
 * round at a time. {@link #stats()} and {@link #races()} never block. Thread-safe.
 */
public final class CatalogPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CatalogPoller.class);
    private static final Set<MarketProjection> FULL = EnumSet.of(MarketProjection.EVENT, MarketProjection.EVENT_TYPE,
            MarketProjection.MARKET_START_TIME, MarketProjection.MARKET_DESCRIPTION, MarketProjection.RUNNER_DESCRIPTION,
            MarketProjection.RUNNER_METADATA);
    private static final Set<MarketProjection> LIGHT = EnumSet.of(MarketProjection.EVENT, MarketProjection.MARKET_START_TIME);
    private static final int LIGHT_MAX = 1000;
    private static final Duration MIN_WINDOW = Duration.ofMinutes(1);

    /** A followed race (or market); guarded by the round lock. */
    private static final class Tracked {
        final String key;
        final String eventTypeId;
        final boolean isRace;
        final Instant start;
        final LinkedHashSet<String> marketIds = new LinkedHashSet<>();
        Instant nextDue;
        Instant lastRefresh;
        long refreshes;
        long failures;

        Tracked(String key, String eventTypeId, boolean isRace, Instant start, Instant nextDue) {
            this.key = key;
            this.eventTypeId = eventTypeId;
            this.isRace = isRace;
            this.start = start;
            this.nextDue = nextDue;
        }

        PolledRace view() {
            return new PolledRace(key, eventTypeId, start, List.copyOf(marketIds), nextDue, lastRefresh, refreshes, failures);
        }
    }

    /** One refresh call: the markets asked and the races they belong to. */
    private record Chunk(List<String> marketIds, List<Tracked> races) {
    }

    @FunctionalInterface
    private interface ApiCall {
        BettingApiAnswer call() throws IOException;
    }

    private final Catalog catalog;
    private final BettingApiClient client;
    private final CatalogPollerConfig config;
    private final Clock clock;
    private final Object roundLock = new Object();
    private final Object sleepLock = new Object();
    private final Map<String, Tracked> tracked = new LinkedHashMap<>();
    private final Map<String, String> keyOfMarket = new HashMap<>();
    private final Map<String, Instant> done = new HashMap<>();
    private Instant nextDiscovery;

    private final AtomicLong ticks = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong failedCalls = new AtomicLong();
    private final AtomicLong discoveries = new AtomicLong();
    private final AtomicLong raceRefreshes = new AtomicLong();
    private final AtomicLong eventsApplied = new AtomicLong();
    private final AtomicLong marketsApplied = new AtomicLong();
    private final AtomicLong skippedEntries = new AtomicLong();
    private final AtomicLong badEntries = new AtomicLong();
    private final AtomicLong racesFinished = new AtomicLong();
    private final AtomicLong racesGivenUp = new AtomicLong();
    private volatile Instant lastSuccess;
    private volatile String lastError;
    private volatile List<PolledRace> snapshot = List.of();
    private Thread thread;
    private volatile boolean closed;

    /**
     * A poller that has not run yet: call {@link #start()}, or {@link #tick()} to run rounds yourself.
     *
     * @param client its calls run on the poller's thread
     * @param clock  decides what is due (and stamps {@code lastSuccess})
     */
    public CatalogPoller(Catalog catalog, BettingApiClient client, CatalogPollerConfig config, Clock clock) {
        this.catalog = catalog;
        this.client = client;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Starts rounds every {@code tick} on a daemon thread (the first at once).
     *
     * @throws IllegalStateException when already started or closed
     */
    public synchronized void start() {
        if (thread != null || closed) {
            throw new IllegalStateException(closed ? "closed" : "already started");
        }
        thread = Thread.ofPlatform().daemon(true).name("catalog-poller").start(this::loop);
    }

    private void loop() {
        while (!closed) {
            tick();
            synchronized (sleepLock) {
                if (closed) {
                    return;
                }
                try {
                    sleepLock.wait(Math.max(1, config.tick().toMillis()));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    /** Stops the thread (a call in flight is cut short) and waits for it up to 10 s. Idempotent. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            t = thread;
        }
        synchronized (sleepLock) {
            sleepLock.notifyAll();
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The counters; never blocks. */
    public CatalogPollerStats stats() {
        return new CatalogPollerStats(ticks.get(), calls.get(), failedCalls.get(), discoveries.get(), raceRefreshes.get(),
                eventsApplied.get(), marketsApplied.get(), skippedEntries.get(), badEntries.get(), snapshot.size(),
                racesFinished.get(), racesGivenUp.get(), lastSuccess, lastError);
    }

    /** The races followed as of the end of the last round, by start then id; never blocks. */
    public List<PolledRace> races() {
        return snapshot;
    }

    /** The configuration. */
    public CatalogPollerConfig config() {
        return config;
    }

    /** One round at the clock's now (see the class comment). Never throws; errors are counted. */
    public void tick() {
        synchronized (roundLock) {
            ticks.incrementAndGet();
            Instant now = Instant.ofEpochSecond(0, clock.epochNanos());
            try {
                if (nextDiscovery == null || !now.isBefore(nextDiscovery)) {
                    if (discover(now)) {
                        nextDiscovery = now.plus(config.discoveryInterval());
                        discoveries.incrementAndGet();
                    }
                }
                refresh(now);
                prune(now);
            } catch (RuntimeException e) {
                error("catalog poller round failed: " + e);
            } finally {
                List<PolledRace> views = new ArrayList<>();
                for (Tracked t : tracked.values()) {
                    views.add(t.view());
                }
                views.sort(Comparator.comparing(PolledRace::startTime).thenComparing(PolledRace::id));
                snapshot = List.copyOf(views);
            }
        }
    }

    // ---- discovery ----

    private boolean discover(Instant now) {
        Instant from = now.minus(config.giveUpAfterStart());
        Instant to = now.plus(config.lookahead());
        for (String et : config.eventTypeIds()) {
            BettingMarketFilter filter = BettingMarketFilter.eventTypes(et).withCountries(config.countries())
                    .withMarketTypes(config.marketTypes()).withStartBetween(from, to);
            BettingApiAnswer events = call(() -> client.listEvents(filter));
            if (events == null) {
                return false;
            }
            badEntries.addAndGet(events.errors().size());
            try {
                BetfairCatalogMapper.Outcome o = catalog.betfair().applyEvents(events.events(), et);
                eventsApplied.addAndGet(events.events().size() - o.skipped().size());
                skipped(o);
            } catch (SQLException e) {
                error("catalog: listEvents answer for event type " + et + " not applied: " + e.getMessage());
                return false;
            }
            if (!list(et, filter, from, to, now)) {
                return false;
            }
        }
        return true;
    }

    /** Lists the markets starting in {@code [from, to]}, halving the window while an answer is full. */
    private boolean list(String et, BettingMarketFilter base, Instant from, Instant to, Instant now) {
        BettingMarketFilter filter = base.withStartBetween(from, to);
        BettingApiAnswer a = call(() -> client.listMarketCatalogue(filter, LIGHT, MarketSort.FIRST_TO_START, LIGHT_MAX));
        if (a == null) {
            return false;
        }
        badEntries.addAndGet(a.errors().size());
        if (a.marketCatalogues().size() >= LIGHT_MAX && Duration.between(from, to).compareTo(MIN_WINDOW) > 0) {
            Instant mid = from.plus(Duration.between(from, to).dividedBy(2));
            return list(et, base, from, mid, now) && list(et, base, mid, to, now);
        }
        if (a.marketCatalogues().size() >= LIGHT_MAX) {
            LOG.warn("catalog poller: more than {} markets start between {} and {}; some are not followed", LIGHT_MAX, from, to);
        }
        for (MarketCatalogue mc : a.marketCatalogues()) {
            track(et, mc, now);
        }
        return true;
    }

    private void track(String et, MarketCatalogue mc, Instant now) {
        Instant start = mc.marketStartTime() == null ? null : parse(mc.marketStartTime());
        if (start == null || mc.event() == null) {
            badEntries.incrementAndGet();
            LOG.warn("catalog poller: market {} listed without a start time or event; not followed", mc.marketId());
            return;
        }
        boolean race = BetfairCatalogMapper.raceType(et, null) != null;
        String key = race ? Times.raceId(mc.event().id(), start) : mc.marketId();
        if (done.containsKey(key)) {
            return;
        }
        String old = keyOfMarket.get(mc.marketId());
        if (old != null && !old.equals(key)) {
            Tracked moved = tracked.get(old);
            if (moved != null) {
                moved.marketIds.remove(mc.marketId());
                if (moved.marketIds.isEmpty()) {
                    tracked.remove(old);
                }
            }
        }
        Tracked t = tracked.computeIfAbsent(key, k -> new Tracked(k, et, race, start, now));
        if (t.marketIds.add(mc.marketId()) && t.nextDue.isAfter(now)) {
            t.nextDue = now;
        }
        keyOfMarket.put(mc.marketId(), key);
    }

    // ---- refresh ----

    private void refresh(Instant now) {
        List<Tracked> due = new ArrayList<>();
        for (Tracked t : tracked.values()) {
            if (!t.nextDue.isAfter(now)) {
                due.add(t);
            }
        }
        if (due.isEmpty()) {
            return;
        }
        Map<String, RaceStatus> statuses;
        try {
            statuses = catalog.queries().raceStatuses(due.stream().filter(t -> t.isRace).map(t -> t.key).toList());
        } catch (SQLException e) {
            error("catalog: race statuses not read: " + e.getMessage());
            return;
        }
        List<Tracked> live = new ArrayList<>();
        for (Tracked t : due) {
            RaceStatus s = statuses.get(t.key);
            if (t.isRace && (s == RaceStatus.FINAL || s == RaceStatus.ABANDONED)) {
                stop(t);
                racesFinished.incrementAndGet();
                LOG.debug("catalog poller: race {} is {}; no longer polled", t.key, s);
            } else if (!t.isRace && !now.isBefore(t.start)) {
                stop(t);
                racesFinished.incrementAndGet();
            } else if (now.isAfter(t.start.plus(config.giveUpAfterStart()))) {
                stop(t);
                racesGivenUp.incrementAndGet();
                LOG.info("catalog poller: race {} has no result {} after its start; no longer polled", t.key,
                        config.giveUpAfterStart());
            } else {
                live.add(t);
            }
        }
        live.sort(Comparator.comparing((Tracked t) -> t.nextDue).thenComparing(t -> t.start).thenComparing(t -> t.key));
        Map<Tracked, int[]> pending = new IdentityHashMap<>();
        for (Chunk c : chunks(live, pending)) {
            BettingApiAnswer a = call(() -> client.listMarketCatalogue(BettingMarketFilter.markets(c.marketIds()), FULL,
                    MarketSort.FIRST_TO_START, c.marketIds().size()));
            boolean ok = a != null;
            if (ok) {
                badEntries.addAndGet(a.errors().size());
                try {
                    BetfairCatalogMapper.Outcome o = catalog.betfair().applyCatalogues(a.marketCatalogues());
                    marketsApplied.addAndGet(a.marketCatalogues().size() - o.skipped().size());
                    skipped(o);
                } catch (SQLException e) {
                    error("catalog: listMarketCatalogue answer not applied: " + e.getMessage());
                    ok = false;
                }
            }
            for (Tracked t : c.races()) {
                int[] left = pending.get(t);
                if (!ok) {
                    if (left[1] == 0) {
                        t.failures++;
                    }
                    left[1] = 1;
                } else if (--left[0] == 0 && left[1] == 0) {
                    t.lastRefresh = now;
                    t.refreshes++;
                    raceRefreshes.incrementAndGet();
                    t.nextDue = now.plus(config.intervalFor(Duration.between(now, t.start)));
                }
            }
        }
    }

    /** Packs the races' markets into calls of at most maxMarketsPerCall; {@code pending} gets each race's call count. */
    private List<Chunk> chunks(List<Tracked> races, Map<Tracked, int[]> pending) {
        int max = config.maxMarketsPerCall();
        List<Chunk> out = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<Tracked> members = new ArrayList<>();
        for (Tracked t : races) {
            List<String> markets = List.copyOf(t.marketIds);
            pending.put(t, new int[]{0, 0});
            if (ids.size() + markets.size() > max && !ids.isEmpty()) {
                out.add(new Chunk(List.copyOf(ids), List.copyOf(members)));
                ids.clear();
                members.clear();
            }
            for (String m : markets) {
                if (ids.size() == max) {
                    out.add(new Chunk(List.copyOf(ids), List.copyOf(members)));
                    ids.clear();
                    members.clear();
                }
                if (members.isEmpty() || members.getLast() != t) {
                    members.add(t);
                    pending.get(t)[0]++;
                }
                ids.add(m);
            }
        }
        if (!ids.isEmpty()) {
            out.add(new Chunk(List.copyOf(ids), List.copyOf(members)));
        }
        return out;
    }

    private void stop(Tracked t) {
        tracked.remove(t.key);
        for (String m : t.marketIds) {
            keyOfMarket.remove(m);
        }
        done.put(t.key, t.start);
    }

    /** Forgets finished races that discovery can no longer list. */
    private void prune(Instant now) {
        Instant horizon = now.minus(config.giveUpAfterStart()).minus(Duration.ofDays(1));
        for (Iterator<Map.Entry<String, Instant>> it = done.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue().isBefore(horizon)) {
                it.remove();
            }
        }
    }

    // ---- helpers ----

    private BettingApiAnswer call(ApiCall c) {
        calls.incrementAndGet();
        try {
            BettingApiAnswer a = c.call();
            lastSuccess = Instant.ofEpochSecond(0, clock.epochNanos());
            lastError = null;
            return a;
        } catch (IOException | RuntimeException e) {
            failedCalls.incrementAndGet();
            error(e instanceof IOException ? e.getMessage() : e.toString());
            return null;
        }
    }

    private void error(String message) {
        if (!message.equals(lastError) && !closed) {
            LOG.warn("catalog poller: {} (retried on the next round)", message);
        }
        lastError = message;
    }

    private void skipped(BetfairCatalogMapper.Outcome o) {
        skippedEntries.addAndGet(o.skipped().size());
        for (String s : o.skipped()) {
            LOG.warn("catalog poller: skipped {}", s);
        }
    }

    private static Instant parse(String iso) {
        try {
            return Times.parse(iso);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
