package dev.ladder.binance;

import dev.ladder.book.OrderBook;
import dev.ladder.core.Clock;
import dev.ladder.core.InstrumentId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A live Binance market-data client: keeps exact local order books for many symbols from combined
 * websocket depth streams plus REST snapshots, spot or USD-M futures.
 *
 * <p><b>Connections.</b> Symbols are split into shards of at most
 * {@link BinanceConfig#maxStreamsPerConnection()} streams; each shard has one websocket
 * ({@code <ws base>/stream?streams=...}, further streams subscribed with {@code SUBSCRIBE} frames
 * when the URL would be long) and one writer thread that owns the shard's books. A lost connection
 * marks its books unsynced (RESET), is retried with exponential backoff and jitter, and every book
 * is resynced from a new snapshot. A connection that received nothing, not even a ping, for
 * {@link BinanceConfig#staleTimeout()} is dropped and retried. Pings are answered by the JDK's
 * websocket (pong with the ping's payload).
 *
 * <p><b>Planned reconnect.</b> After {@link BinanceConfig#plannedReconnectInterval()} (Binance
 * closes connections at 24 h) a new connection opens beside the old one. Per book, the new
 * connection's diffs are dropped while the old one already covered them, buffered while they are
 * ahead of it, and the book switches to the new connection at the first diff that continues it
 * exactly, so the book never misses an update. When every book switched, or after
 * {@link BinanceConfig#switchoverTimeout()} (quiet books that saw no continuing diff), the old
 * connection is closed; a straggler's next diff on the new connection is checked like any other,
 * so a discontinuity there shows as a gap and a resync, never as a silent hole.
 *
 * <p><b>Sync.</b> Each book runs a {@link DepthSync} (Binance's rules; a gap makes the book stale
 * and fetches a new snapshot). A book asks for its snapshot once its first diff is buffered (so the
 * snapshot never predates the stream; a book that stays quiet for 2 s asks anyway). Snapshots are
 * fetched by one REST thread, paced so that the request
 * weight (depth weight by limit, as documented by Binance) stays inside
 * {@link BinanceConfig#weightBudgetPercent()} of the per-minute limit; the server's
 * {@code X-MBX-USED-WEIGHT-1M} is taken into account, and after a 429/418 nothing is sent until its
 * {@code Retry-After} has passed.
 *
 * <p><b>Readers.</b> Listener calls happen on the writer thread right after a whole message was
 * applied (see {@link BinanceListener}). Other threads read a book with {@link #readBook} (runs a
 * function under the book's lock: the writer never changes the book meanwhile) or
 * {@link #copyBook} (a consistent copy with its update id). Never keep the {@link OrderBook}
 * handed to a listener or to {@link #readBook}.
 *
 * <p>Time: receive times come from the injected {@link Clock} ({@link Clock#epochNanos()}); timers
 * (backoff, stale, planned reconnect) use {@link Clock#monotonicNanos()}.
 */
public final class BinanceClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BinanceClient.class);
    private static final int MAX_URL_STREAM_CHARS = 1500;
    private static final int SUBSCRIBE_BATCH = 100;
    private static final int MAX_PENDING = 2000;
    /** A book that saw no diff this long after its connection opened fetches its snapshot anyway. */
    private static final long QUIET_CHECK_NANOS = 2_000_000_000L;

    private final BinanceConfig config;
    private final Clock clock;
    private final BinanceListener listener;
    private final HttpClient http;
    private final WeightLimiter limiter;
    private final Map<String, SymbolState> symbols = new LinkedHashMap<>();
    private final List<Shard> shards = new ArrayList<>();
    private final LinkedBlockingQueue<FetchRequest> fetches = new LinkedBlockingQueue<>();
    private final String depthPath;
    private Thread fetcher;
    private volatile boolean isClosed;
    private boolean isStarted;

    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong gaps = new AtomicLong();
    private final AtomicLong resyncs = new AtomicLong();
    private final AtomicLong staleSnapshots = new AtomicLong();
    private final AtomicLong resets = new AtomicLong();
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong plannedReconnects = new AtomicLong();
    private final AtomicLong disconnects = new AtomicLong();
    private final AtomicLong staleConnections = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong snapshotRequests = new AtomicLong();
    private final AtomicLong snapshotFailures = new AtomicLong();
    private final AtomicLong listenerErrors = new AtomicLong();
    private final AtomicLong switchoverBuffered = new AtomicLong();

    /**
     * A client that has not connected yet ({@link #start()} connects).
     *
     * @param listener receives books and events; {@link BinanceListener#NONE} for none
     */
    public BinanceClient(BinanceConfig config, Clock clock, BinanceListener listener) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = listener == null ? BinanceListener.NONE : listener;
        this.http = HttpClient.newBuilder().connectTimeout(config.connectTimeout()).build();
        this.limiter = new WeightLimiter(Math.max(1, config.weightLimitPerMinute() * config.weightBudgetPercent() / 100));
        this.depthPath = config.isFutures() ? "/fapi/v1/depth" : "/api/v3/depth";
        int perSymbol = 1 + (config.isBookTicker() ? 1 : 0) + (config.isTrades() ? 1 : 0);
        int perShard = Math.max(1, config.maxStreamsPerConnection() / perSymbol);
        Shard shard = null;
        for (String s : config.symbols()) {
            if (shard == null || shard.symbols.size() == perShard) {
                shard = new Shard(shards.size());
                shards.add(shard);
            }
            SymbolState st = new SymbolState(s, shard);
            shard.symbols.add(st);
            symbols.put(s, st);
        }
    }

    /** Opens the connections and starts fetching snapshots. Idempotent. */
    public synchronized void start() {
        if (isStarted || isClosed) {
            return;
        }
        isStarted = true;
        fetcher = Thread.ofPlatform().name("binance-rest").daemon().start(this::fetchLoop);
        for (Shard s : shards) {
            s.thread = Thread.ofPlatform().name("binance-writer-" + s.index).daemon().start(s::run);
        }
    }

    /** Closes every connection and stops the threads. Books keep their last content. Idempotent. */
    @Override
    public void close() {
        isClosed = true;
        for (Shard s : shards) {
            if (s.thread != null) {
                s.thread.interrupt();
            }
        }
        if (fetcher != null) {
            fetcher.interrupt();
        }
        for (Shard s : shards) {
            try {
                if (s.thread != null) {
                    s.thread.join(5000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        http.shutdownNow();
    }

    public BinanceConfig config() {
        return config;
    }

    /** The instruments, in configuration order. */
    public List<InstrumentId> instruments() {
        return symbols.values().stream().map(s -> s.id).toList();
    }

    /**
     * Runs {@code reader} on {@code symbol}'s book under its lock (the writer waits meanwhile), and
     * returns what it returns. The book must not escape the call.
     *
     * @throws IllegalArgumentException for a symbol the client does not follow
     */
    public <T> T readBook(String symbol, Function<OrderBook, T> reader) {
        SymbolState s = state(symbol);
        synchronized (s) {
            return reader.apply(s.book);
        }
    }

    /**
     * A consistent copy of {@code symbol}'s book with its update id and sync state.
     *
     * @throws IllegalArgumentException for a symbol the client does not follow
     */
    public BookView copyBook(String symbol) {
        SymbolState s = state(symbol);
        synchronized (s) {
            return new BookView(s.id, s.book.copy(), s.sync.lastUpdateId(), s.sync.isSynced(), s.lastEventTime, s.lastReceiveNanos);
        }
    }

    /** The update id {@code symbol}'s book reflects (-1 before the first snapshot). */
    public long lastUpdateId(String symbol) {
        SymbolState s = state(symbol);
        synchronized (s) {
            return s.sync.lastUpdateId();
        }
    }

    /** {@code true} when {@code symbol}'s book is valid (synced and no gap since). */
    public boolean isSynced(String symbol) {
        SymbolState s = state(symbol);
        synchronized (s) {
            return s.sync.isSynced();
        }
    }

    /**
     * A consistent copy of a book.
     *
     * @param id             the instrument
     * @param book           a private copy, free to keep
     * @param lastUpdateId   the update id it reflects (-1 before the first snapshot)
     * @param isSynced       {@code false} while awaiting a snapshot (after a gap or a disconnect)
     * @param eventTime      exchange time of the last applied diff (epoch ms), 0 before any
     * @param receiveNanos   receive time of the last applied message, 0 before any
     */
    public record BookView(InstrumentId id, OrderBook book, long lastUpdateId, boolean isSynced, long eventTime,
                           long receiveNanos) {
    }

    /** Opens a replacement connection for every shard now, as the planned reconnect does (for tests and operators). */
    public void plannedReconnectNow() {
        for (Shard s : shards) {
            s.queue.add(new Command(s::startPlanned));
        }
    }

    /**
     * Counters since start.
     *
     * @param messages          websocket frames received
     * @param malformed         frames that could not be decoded
     * @param gaps              sequence gaps detected
     * @param resyncs           books resynced after a gap, a reset or a too-old snapshot
     * @param staleSnapshots    snapshots rejected as older than the buffered diffs
     * @param resets            books reset by a disconnect or a failed switchover
     * @param connects          websocket connections opened
     * @param reconnects        unplanned reconnections that succeeded
     * @param plannedReconnects planned replacements completed (switched over)
     * @param disconnects       connections lost (including stale ones)
     * @param staleConnections  connections dropped for receiving nothing
     * @param rateLimited       REST answers 429 or 418
     * @param snapshotRequests  REST snapshot requests sent
     * @param snapshotFailures  REST snapshot requests that failed (other than 429/418)
     * @param weightUsed        REST weight spent since start (our count)
     * @param listenerErrors    exceptions thrown by the listener (logged and swallowed)
     * @param droppedDiffs      diffs dropped as already covered (duplicates, diffs older than a snapshot)
     * @param appliedDiffs      diffs applied to books
     * @param switchoverBuffered diffs from a replacement connection held because they were ahead of the old one
     */
    public record Stats(long messages, long malformed, long gaps, long resyncs, long staleSnapshots, long resets,
                        long connects, long reconnects, long plannedReconnects, long disconnects, long staleConnections,
                        long rateLimited, long snapshotRequests, long snapshotFailures, long weightUsed,
                        long listenerErrors, long droppedDiffs, long appliedDiffs, long switchoverBuffered) {
    }

    /** Counters since start (the per-book ones summed under each book's lock). */
    public Stats stats() {
        long dropped = 0;
        long applied = 0;
        for (SymbolState s : symbols.values()) {
            synchronized (s) {
                dropped += s.sync.dropped();
                applied += s.sync.applied();
            }
        }
        return new Stats(messages.get(), malformed.get(), gaps.get(), resyncs.get(), staleSnapshots.get(), resets.get(),
                connects.get(), reconnects.get(), plannedReconnects.get(), disconnects.get(), staleConnections.get(),
                rateLimited.get(), snapshotRequests.get(), snapshotFailures.get(), limiter.totalWeight(),
                listenerErrors.get(), dropped, applied, switchoverBuffered.get());
    }

    private SymbolState state(String symbol) {
        SymbolState s = symbols.get(symbol.toUpperCase(Locale.ROOT));
        if (s == null) {
            throw new IllegalArgumentException("not following " + symbol + " (following " + symbols.keySet() + ")");
        }
        return s;
    }

    private void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            listenerErrors.incrementAndGet();
            LOG.warn("listener failed", e);
        }
    }

    // ------------------------------------------------------------------ per-symbol state

    /** One book: its sync, the connection currently feeding it, diffs waiting during a switchover. */
    private final class SymbolState implements SyncListener {
        final String symbol;
        final InstrumentId id;
        final Shard shard;
        final OrderBook book;
        final DepthSync sync;
        final ArrayDeque<Pending> pending = new ArrayDeque<>();
        Conn source;
        volatile boolean isFetchQueued;
        long lastEventTime;
        long lastReceiveNanos;

        SymbolState(String symbol, Shard shard) {
            this.symbol = symbol;
            this.id = InstrumentId.of(config.venue(), symbol);
            this.shard = shard;
            this.book = new OrderBook(BinanceDecoder.DEFAULT_SCALE, BinanceDecoder.DEFAULT_SCALE);
            this.sync = new DepthSync(symbol, config.isFutures(), book, this);
        }

        @Override
        public void onSyncEvent(SyncEvent event) {
            switch (event.kind()) {
                case GAP, DIVERGED -> gaps.incrementAndGet();
                case RESYNCED -> resyncs.incrementAndGet();
                case SNAPSHOT_TOO_OLD -> staleSnapshots.incrementAndGet();
                case RESET -> resets.incrementAndGet();
                default -> {
                }
            }
            safely(() -> listener.onSyncEvent(id, event));
        }

        @Override
        public void onDiffApplied(DepthSync s, DepthUpdate diff, long receiveTime) {
            lastEventTime = diff.eventTime();
            lastReceiveNanos = receiveTime;
            try {
                listener.onBookUpdate(id, book, diff.firstUpdateId(), diff.finalUpdateId(), diff.eventTime(), receiveTime);
            } catch (RuntimeException e) {
                listenerErrors.incrementAndGet();
                LOG.warn("listener failed", e);
            }
        }

        @Override
        public void onSnapshotLoaded(DepthSync s, DepthSnapshot snapshot, long receiveTime) {
            lastReceiveNanos = receiveTime;
            safely(() -> listener.onSnapshot(id, book, snapshot.lastUpdateId(), receiveTime));
        }
    }

    private record Pending(DepthUpdate diff, long receiveNanos) {
    }

    // ------------------------------------------------------------------ shard: connections and the writer thread

    private record Frame(Conn conn, String text, long receiveNanos) {
    }

    private record Opened(Conn conn) {
    }

    private record Closed(Conn conn, String reason) {
    }

    private record SnapshotReady(SymbolState symbol, DepthSnapshot snapshot, long receiveNanos) {
    }

    private record SnapshotAbandoned(SymbolState symbol) {
    }

    private record Command(Runnable action) {
    }

    /** A group of symbols on one connection (two during a planned switchover), owned by one writer thread. */
    private final class Shard {
        final int index;
        final List<SymbolState> symbols = new ArrayList<>();
        final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        final BinanceDecoder decoder = new BinanceDecoder();
        final Backoff backoff;
        Thread thread;
        Conn active;
        Conn candidate;
        long generation;
        int failedAttempts;
        long reconnectAtNanos;
        long switchoverDeadlineNanos;
        long lastQuietCheckNanos;
        boolean isPlannedSwitch;

        Shard(int index) {
            this.index = index;
            this.backoff = new Backoff(config.backoffInitial().toMillis(), config.backoffMax().toMillis(), 31L * index + 7);
        }

        void run() {
            active = connect();
            try {
                while (!isClosed) {
                    Object e = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (e != null) {
                        handle(e);
                    }
                    housekeeping();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeQuietly(active, "client closed");
                closeQuietly(candidate, "client closed");
            }
        }

        private void handle(Object e) {
            try {
                switch (e) {
                    case Frame f -> onFrame(f);
                    case Opened o -> onOpened(o.conn());
                    case Closed c -> onClosed(c.conn(), c.reason());
                    case SnapshotReady r -> onSnapshot(r);
                    case SnapshotAbandoned a -> {
                        a.symbol().isFetchQueued = false;
                        requestSnapshotIfNeeded(a.symbol(), 1000);
                    }
                    case Command c -> c.action().run();
                    default -> LOG.warn("unknown event {}", e);
                }
            } catch (RuntimeException ex) {
                LOG.error("writer {} failed on {}", index, e.getClass().getSimpleName(), ex);
            }
        }

        // ---------------------------------------------------------- frames

        private void onFrame(Frame f) {
            Conn c = f.conn();
            if (c != active && c != candidate) {
                return;
            }
            messages.incrementAndGet();
            if (c == active && failedAttempts > 0) {
                failedAttempts = 0;
            }
            safely(() -> listener.onRawMessage(c.name, f.text(), f.receiveNanos()));
            BinanceMessageType type;
            try {
                type = decoder.decode(f.text());
            } catch (BinanceFormatException ex) {
                malformed.incrementAndGet();
                safely(() -> listener.onMalformed(c.name, ex.getMessage(), f.text(), f.receiveNanos()));
                return;
            }
            switch (type) {
                case DEPTH_UPDATE -> {
                    DepthUpdate d = decoder.depthUpdate();
                    SymbolState s = BinanceClient.this.symbols.get(d.symbol());
                    if (s != null && s.shard == this) {
                        onDiff(s, c, d, f.receiveNanos());
                    }
                }
                case BOOK_TICKER -> {
                    BookTicker t = decoder.bookTicker();
                    SymbolState s = BinanceClient.this.symbols.get(t.symbol());
                    if (s != null && s.source == c) {
                        safely(() -> listener.onBookTicker(s.id, t, f.receiveNanos()));
                    }
                }
                case TRADE -> {
                    Trade t = decoder.trade();
                    SymbolState s = BinanceClient.this.symbols.get(t.symbol());
                    if (s != null && s.source == c) {
                        safely(() -> listener.onTrade(s.id, t, f.receiveNanos()));
                    }
                }
                default -> {
                }
            }
        }

        private void onDiff(SymbolState s, Conn c, DepthUpdate d, long receiveNanos) {
            synchronized (s) {
                if (c == s.source) {
                    s.sync.onDiff(d, receiveNanos);
                    if (!s.pending.isEmpty()) {
                        drainPending(s);
                    }
                } else if (c == candidate && s.source != candidate) {
                    if (s.source == null || !s.sync.isSynced()) {
                        switchSymbol(s);
                        s.pending.clear();
                        s.sync.onDiff(d, receiveNanos);
                    } else if (d.finalUpdateId() <= s.sync.lastUpdateId()) {
                        return;
                    } else if (continues(s, d)) {
                        switchSymbol(s);
                        s.sync.onDiff(d, receiveNanos);
                        feedPending(s);
                    } else if (s.pending.size() < MAX_PENDING) {
                        switchoverBuffered.incrementAndGet();
                        s.pending.add(new Pending(new DepthUpdate().copyFrom(d), receiveNanos));
                    } else {
                        switchSymbol(s);
                        feedPending(s);
                        s.sync.onDiff(d, receiveNanos);
                    }
                }
            }
            requestSnapshotIfNeeded(s, 0);
            maybeFinishSwitchover();
        }

        /** True when {@code d} (from the new connection) continues the book exactly. */
        private boolean continues(SymbolState s, DepthUpdate d) {
            long last = s.sync.lastUpdateId();
            if (config.isFutures() && d.hasPreviousFinalUpdateId() && d.previousFinalUpdateId() == last) {
                return true;
            }
            return d.firstUpdateId() <= last + 1 && d.finalUpdateId() >= last + 1;
        }

        /** After the old connection moved the book on: drop covered pending diffs, switch if the next one continues. */
        private void drainPending(SymbolState s) {
            while (!s.pending.isEmpty() && s.pending.peekFirst().diff().finalUpdateId() <= s.sync.lastUpdateId()) {
                s.pending.pollFirst();
            }
            if (!s.pending.isEmpty() && s.sync.isSynced() && continues(s, s.pending.peekFirst().diff())) {
                switchSymbol(s);
                feedPending(s);
            }
        }

        private void feedPending(SymbolState s) {
            while (!s.pending.isEmpty()) {
                Pending p = s.pending.pollFirst();
                s.sync.onDiff(p.diff(), p.receiveNanos());
            }
        }

        private void switchSymbol(SymbolState s) {
            s.source = candidate;
        }

        private void maybeFinishSwitchover() {
            if (candidate == null || !candidate.isOpen) {
                return;
            }
            for (SymbolState s : symbols) {
                if (s.source != candidate) {
                    return;
                }
            }
            finishSwitchover();
        }

        private void finishSwitchover() {
            Conn old = active;
            active = candidate;
            candidate = null;
            for (SymbolState s : symbols) {
                synchronized (s) {
                    s.source = active;
                    s.pending.clear();
                }
            }
            if (isPlannedSwitch) {
                plannedReconnects.incrementAndGet();
            }
            isPlannedSwitch = false;
            closeQuietly(old, "switched over");
            event(ConnectionEvent.Kind.SWITCHED_OVER, active, 0, 0, "old connection " + (old == null ? "-" : old.name) + " closed");
        }

        // ---------------------------------------------------------- snapshots

        private void onSnapshot(SnapshotReady r) {
            SymbolState s = r.symbol();
            s.isFetchQueued = false;
            boolean isLoaded;
            synchronized (s) {
                isLoaded = s.source != null && s.sync.needsSnapshot() && s.sync.onSnapshot(r.snapshot(), r.receiveNanos());
            }
            requestSnapshotIfNeeded(s, isLoaded ? 0 : 250);
        }

        /**
         * Queues a snapshot fetch when the book needs one and a diff is already buffered (so the
         * snapshot cannot predate the stream); quiet books are covered by {@link #housekeeping()}.
         */
        private void requestSnapshotIfNeeded(SymbolState s, long delayMillis) {
            requestSnapshot(s, delayMillis, false);
        }

        private void requestSnapshot(SymbolState s, long delayMillis, boolean isQuiet) {
            if (s.source != null && s.source.isOpen && s.sync.needsSnapshot() && !s.isFetchQueued
                    && (isQuiet || s.sync.buffered() > 0)) {
                s.isFetchQueued = true;
                fetches.add(new FetchRequest(s, clock.monotonicNanos() + delayMillis * 1_000_000L));
            }
        }

        // ---------------------------------------------------------- connection lifecycle

        private Conn connect() {
            generation++;
            Conn c = new Conn(this, index + "#" + generation);
            List<String> streams = streams();
            StringBuilder url = new StringBuilder(config.wsBaseUri().toString());
            while (url.length() > 0 && url.charAt(url.length() - 1) == '/') {
                url.setLength(url.length() - 1);
            }
            url.append("/stream?streams=");
            int inUrl = 0;
            int chars = 0;
            for (String st : streams) {
                if (inUrl > 0 && chars + st.length() + 1 > MAX_URL_STREAM_CHARS) {
                    break;
                }
                url.append(inUrl > 0 ? "/" : "").append(st);
                chars += st.length() + 1;
                inUrl++;
            }
            c.laterStreams = streams.subList(inUrl, streams.size());
            c.openedNanos = clock.monotonicNanos();
            c.lastActivityNanos = c.openedNanos;
            http.newWebSocketBuilder().connectTimeout(config.connectTimeout())
                    .buildAsync(URI.create(url.toString()), c)
                    .whenComplete((ws, ex) -> {
                        if (ex != null) {
                            queue.add(new Closed(c, "connect failed: " + rootMessage(ex)));
                        }
                    });
            return c;
        }

        private List<String> streams() {
            List<String> out = new ArrayList<>();
            for (SymbolState s : symbols) {
                String sym = s.symbol.toLowerCase(Locale.ROOT);
                out.add(sym + "@" + config.depthStream());
                if (config.isBookTicker()) {
                    out.add(sym + "@bookTicker");
                }
                if (config.isTrades()) {
                    out.add(sym + "@trade");
                }
            }
            return out;
        }

        private void onOpened(Conn c) {
            if (c != active && c != candidate) {
                closeQuietly(c, "not needed");
                return;
            }
            c.isOpen = true;
            c.openedNanos = clock.monotonicNanos();
            c.lastActivityNanos = c.openedNanos;
            subscribeRest(c);
            connects.incrementAndGet();
            event(ConnectionEvent.Kind.CONNECTED, c, 0, 0, c.laterStreams.isEmpty() ? "subscribed in URL"
                    : "subscribed " + c.laterStreams.size() + " streams by frame");
            if (c == active) {
                if (generation > 1) {
                    reconnects.incrementAndGet();
                }
                for (SymbolState s : symbols) {
                    synchronized (s) {
                        s.source = c;
                        s.pending.clear();
                    }
                    requestSnapshotIfNeeded(s, 0);
                }
            } else {
                switchoverDeadlineNanos = clock.monotonicNanos() + config.switchoverTimeout().toNanos();
            }
        }

        private void subscribeRest(Conn c) {
            List<String> rest = c.laterStreams;
            int id = 1;
            for (int i = 0; i < rest.size(); i += SUBSCRIBE_BATCH) {
                List<String> batch = rest.subList(i, Math.min(rest.size(), i + SUBSCRIBE_BATCH));
                StringBuilder sb = new StringBuilder("{\"method\":\"SUBSCRIBE\",\"params\":[");
                for (int j = 0; j < batch.size(); j++) {
                    sb.append(j > 0 ? "," : "").append('"').append(batch.get(j)).append('"');
                }
                sb.append("],\"id\":").append(id++).append('}');
                try {
                    c.ws.sendText(sb.toString(), true).get(10, TimeUnit.SECONDS);
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (Exception e) {
                    LOG.warn("subscribe on {} failed: {}", c.name, rootMessage(e));
                    return;
                }
            }
        }

        private void onClosed(Conn c, String reason) {
            if (c != active && c != candidate) {
                return;
            }
            boolean wasOpen = c.isOpen;
            c.isOpen = false;
            if (wasOpen) {
                disconnects.incrementAndGet();
            }
            event(ConnectionEvent.Kind.DISCONNECTED, c, 0, 0, reason);
            long now = clock.epochNanos();
            if (c == candidate) {
                candidate = null;
                isPlannedSwitch = false;
                for (SymbolState s : symbols) {
                    synchronized (s) {
                        s.pending.clear();
                        if (s.source == c) {
                            s.source = active;
                            s.sync.reset(now);
                        }
                    }
                    requestSnapshotIfNeeded(s, 0);
                }
                return;
            }
            if (candidate != null && candidate.isOpen) {
                for (SymbolState s : symbols) {
                    synchronized (s) {
                        if (s.source != candidate) {
                            switchSymbol(s);
                            feedPending(s);
                        }
                    }
                    requestSnapshotIfNeeded(s, 0);
                }
                active = null;
                finishSwitchover();
                return;
            }
            closeQuietly(candidate, "primary lost");
            candidate = null;
            active = null;
            for (SymbolState s : symbols) {
                synchronized (s) {
                    s.source = null;
                    s.pending.clear();
                    s.isFetchQueued = false;
                    if (!s.sync.needsSnapshot() || s.sync.buffered() > 0) {
                        s.sync.reset(now);
                    }
                }
            }
            failedAttempts++;
            long delay = backoff.delayMillis(failedAttempts);
            reconnectAtNanos = clock.monotonicNanos() + delay * 1_000_000L;
            event(ConnectionEvent.Kind.RECONNECT_SCHEDULED, c, failedAttempts, delay, reason);
        }

        void startPlanned() {
            if (candidate != null || active == null || !active.isOpen) {
                return;
            }
            isPlannedSwitch = true;
            candidate = connect();
            event(ConnectionEvent.Kind.PLANNED_RECONNECT, candidate, 0, 0, "planned replacement of " + active.name);
        }

        private void housekeeping() {
            long now = clock.monotonicNanos();
            if (now - lastQuietCheckNanos >= QUIET_CHECK_NANOS) {
                lastQuietCheckNanos = now;
                for (SymbolState s : symbols) {
                    if (s.source != null && now - s.source.openedNanos >= QUIET_CHECK_NANOS) {
                        requestSnapshot(s, 0, true);
                    }
                }
            }
            if (active == null) {
                if (now >= reconnectAtNanos) {
                    active = connect();
                }
                return;
            }
            if (active.isOpen && now - active.lastActivityNanos > config.staleTimeout().toNanos()) {
                staleConnections.incrementAndGet();
                Conn c = active;
                c.abort();
                onClosed(c, "stale: nothing received for " + config.staleTimeout().toMillis() + " ms");
                return;
            }
            if (!active.isOpen && now - active.openedNanos > config.connectTimeout().toNanos() * 2) {
                Conn c = active;
                c.abort();
                onClosed(c, "connect timed out");
                return;
            }
            if (candidate != null) {
                if (candidate.isOpen && now - candidate.lastActivityNanos > config.staleTimeout().toNanos()) {
                    Conn c = candidate;
                    c.abort();
                    onClosed(c, "stale replacement");
                } else if (candidate.isOpen && now > switchoverDeadlineNanos) {
                    for (SymbolState s : symbols) {
                        synchronized (s) {
                            if (s.source != candidate) {
                                switchSymbol(s);
                                feedPending(s);
                            }
                        }
                    }
                    finishSwitchover();
                    for (SymbolState s : symbols) {
                        requestSnapshotIfNeeded(s, 0);
                    }
                }
                return;
            }
            if (active.isOpen && now - active.openedNanos >= config.plannedReconnectInterval().toNanos()) {
                startPlanned();
            }
        }

        private void event(ConnectionEvent.Kind kind, Conn c, int attempt, long delay, String reason) {
            ConnectionEvent ev = new ConnectionEvent(kind, c == null ? index + "#-" : c.name, attempt, delay, reason, clock.epochNanos());
            LOG.debug("{}", ev);
            safely(() -> listener.onConnectionEvent(ev));
        }

        private void closeQuietly(Conn c, String reason) {
            if (c != null) {
                c.close(reason);
            }
        }
    }

    /** One websocket; its callbacks only enqueue work for the shard's writer thread. */
    private final class Conn implements WebSocket.Listener {
        final Shard shard;
        final String name;
        final StringBuilder partial = new StringBuilder();
        volatile WebSocket ws;
        volatile boolean isOpen;
        volatile long lastActivityNanos;
        volatile long openedNanos;
        List<String> laterStreams = List.of();

        Conn(Shard shard, String name) {
            this.shard = shard;
            this.name = name;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            this.ws = webSocket;
            lastActivityNanos = clock.monotonicNanos();
            shard.queue.add(new Opened(this));
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            lastActivityNanos = clock.monotonicNanos();
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                shard.queue.add(new Frame(this, text, clock.epochNanos()));
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            lastActivityNanos = clock.monotonicNanos();
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            lastActivityNanos = clock.monotonicNanos();
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            lastActivityNanos = clock.monotonicNanos();
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            shard.queue.add(new Closed(this, "closed by server: " + statusCode + " " + reason));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            shard.queue.add(new Closed(this, "error: " + rootMessage(error)));
        }

        void close(String reason) {
            isOpen = false;
            WebSocket w = ws;
            if (w != null) {
                try {
                    w.sendClose(WebSocket.NORMAL_CLOSURE, reason).orTimeout(2, TimeUnit.SECONDS)
                            .whenComplete((x, e) -> w.abort());
                } catch (RuntimeException e) {
                    w.abort();
                }
            }
        }

        void abort() {
            isOpen = false;
            WebSocket w = ws;
            if (w != null) {
                w.abort();
            }
        }
    }

    // ------------------------------------------------------------------ REST snapshots

    private record FetchRequest(SymbolState symbol, long notBeforeNanos) {
    }

    private void fetchLoop() {
        BinanceDecoder decoder = new BinanceDecoder();
        try {
            while (!isClosed) {
                FetchRequest r = fetches.take();
                long wait = r.notBeforeNanos() - clock.monotonicNanos();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                fetch(r.symbol(), decoder);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void fetch(SymbolState s, BinanceDecoder decoder) throws InterruptedException {
        int limit = config.snapshotLimit();
        int weight = WeightLimiter.depthWeight(limit, config.isFutures());
        while (true) {
            long wait = limiter.acquire(weight, clock.epochMillis());
            if (wait == 0) {
                break;
            }
            Thread.sleep(Math.min(wait, 1000));
            if (isClosed) {
                return;
            }
        }
        URI uri = URI.create(stripSlash(config.restBaseUri().toString()) + depthPath + "?symbol=" + s.symbol + "&limit=" + limit);
        snapshotRequests.incrementAndGet();
        HttpResponse<String> resp;
        try {
            resp = http.send(HttpRequest.newBuilder(uri).timeout(config.connectTimeout().multipliedBy(3)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            snapshotFailures.incrementAndGet();
            LOG.debug("snapshot {} failed: {}", s.symbol, e.toString());
            s.shard.queue.add(new SnapshotAbandoned(s));
            return;
        }
        long receiveNanos = clock.epochNanos();
        long nowMillis = clock.epochMillis();
        resp.headers().firstValue("X-MBX-USED-WEIGHT-1M").ifPresent(v -> {
            try {
                limiter.serverUsed(Integer.parseInt(v.trim()), nowMillis);
            } catch (NumberFormatException e) {
                LOG.debug("bad weight header {}", v);
            }
        });
        int status = resp.statusCode();
        if (status == 429 || status == 418) {
            long retryMillis = resp.headers().firstValue("Retry-After").map(BinanceClient::parseRetryAfter).orElse(60_000L);
            limiter.blockFor(retryMillis, nowMillis);
            rateLimited.incrementAndGet();
            safely(() -> listener.onRateLimited(status, retryMillis, receiveNanos));
            fetches.add(new FetchRequest(s, 0));
            return;
        }
        if (status != 200) {
            snapshotFailures.incrementAndGet();
            LOG.warn("snapshot {} answered {}: {}", s.symbol, status, abbreviate(resp.body()));
            fetches.add(new FetchRequest(s, clock.monotonicNanos() + (status >= 500 ? 1_000_000_000L : 30_000_000_000L)));
            return;
        }
        String body = resp.body();
        safely(() -> listener.onRawSnapshot(s.id, body, receiveNanos));
        DepthSnapshot snap;
        try {
            snap = new DepthSnapshot().copyFrom(decoder.decodeSnapshot(body, s.symbol));
        } catch (BinanceFormatException e) {
            malformed.incrementAndGet();
            safely(() -> listener.onMalformed("rest:" + s.symbol, e.getMessage(), body, receiveNanos));
            s.shard.queue.add(new SnapshotAbandoned(s));
            return;
        }
        s.shard.queue.add(new SnapshotReady(s, snap, receiveNanos));
    }

    /** Retry-After in seconds (Binance); anything unreadable counts as 60 s. */
    static long parseRetryAfter(String v) {
        try {
            return Math.max(0, Long.parseLong(v.trim())) * 1000L;
        } catch (NumberFormatException e) {
            return 60_000L;
        }
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 200 ? s.substring(0, 200) + "..." : s;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }
}
