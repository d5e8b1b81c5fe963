package dev.ladder.binance.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ladder.book.OrderBook;
import dev.ladder.core.Clock;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Binance-compatible market-data server for tests, demos and third-party clients, fed by a seeded
 * random {@link MarketModel} or by a replayed capture ({@link SimulatorConfig#replayFiles()}).
 *
 * <p>Served (spot; futures replaces {@code /api/v3} with {@code /fapi/v1}):
 * <ul>
 *   <li>{@code GET /api/v3/depth?symbol=S&limit=N}: the simulator's own book, best first, at most
 *       {@code limit} levels (default 100, at most 5000; futures 1000), with {@code lastUpdateId}.
 *       Weight as on Binance (by limit); the used weight is in {@code X-MBX-USED-WEIGHT-1M}; past
 *       {@link SimulatorConfig#weightLimitPerMinute()} the answer is 429 with {@code Retry-After}.
 *       A missing or unknown symbol answers 400 with Binance's error JSON ({@code -1102}, {@code -1121}).
 *   <li>{@code GET /api/v3/exchangeInfo}, {@code /api/v3/ping}, {@code /api/v3/time}.
 *   <li>WebSocket {@code /ws/<stream>} (raw payloads), {@code /ws} and
 *       {@code /stream?streams=a/b} (combined envelope {@code {"stream":..,"data":..}}), with
 *       {@code SUBSCRIBE}/{@code UNSUBSCRIBE}/{@code LIST_SUBSCRIPTIONS} frames answered
 *       {@code {"result":null,"id":N}}; unknown streams are accepted and stay silent, as on Binance.
 *       The same endpoints answer under {@code /public} and {@code /market} (Binance's newer futures
 *       routing, used by ccxt: {@code /public/ws/...}).
 *       Streams: {@code <sym>@depth}, {@code <sym>@depth@100ms} (any {@code @depth@<N>ms}),
 *       {@code <sym>@bookTicker}, {@code <sym>@trade}. The server pings every
 *       {@link SimulatorConfig#pingInterval()} and closes each websocket after
 *       {@link SimulatorConfig#connectionLifetime()} (Binance: 24 h).
 *   <li>Control API for scripts: {@code POST /sim/pause}, {@code /sim/resume}, {@code /sim/close},
 *       {@code /sim/stall?ms=N}, {@code /sim/reject?count=N&status=429&retryAfter=S},
 *       {@code /sim/faults?drop=&duplicate=&reorder=&malformed=&delayMs=}; {@code GET /sim/state}.
 * </ul>
 *
 * <p>Quiescent points for tests: {@link #pause()} stops the model, publishes every pending
 * aggregated diff and releases diffs held back for reordering; after it, {@link #lastUpdateId} and
 * {@link #book} no longer change until {@link #resume()} or {@link #step()}.
 *
 * <p>Threads: the model ticks on one scheduler thread; REST and websocket handlers run on Jetty's
 * threads; all of them meet under one lock, so a snapshot is always the book at one update id.
 * All public methods are thread-safe.
 */
public final class BinanceSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BinanceSimulator.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SimulatorConfig config;
    private final Clock clock;
    private final Object lock = new Object();
    private final Map<String, SimBook> books = new LinkedHashMap<>();
    private final Map<WsContext, SimSession> sessions = new ConcurrentHashMap<>();
    private final MarketModel model;
    private final SplittableRandom faultRandom;
    private final DepthUpdateEncoder encoder = new DepthUpdateEncoder(MarketModel.SCALE);
    private final ScheduledExecutorService ticker;
    private final ScheduledExecutorService sender;
    private final long tickMillis;
    private final Javalin app;
    private final boolean isFutures;
    private final String restPrefix;
    private CaptureFeed replay;

    private volatile FaultConfig faults;
    private volatile boolean isPaused;
    private volatile long stallUntilNanos;
    private long tickCount;
    private ScheduledFuture<?> tickTask;

    private final AtomicInteger rejectRemaining = new AtomicInteger();
    private volatile int rejectStatus = 429;
    private volatile int rejectRetryAfterSeconds = 1;
    private long weightWindowMinute = -1;
    private int weightUsed;

    private final AtomicLong restRequests = new AtomicLong();
    private final AtomicLong restRejected = new AtomicLong();
    private final AtomicLong messagesSent = new AtomicLong();
    private final AtomicLong connectionsOpened = new AtomicLong();
    private final AtomicLong connectionsClosedByFault = new AtomicLong();
    private final AtomicLong diffsDropped = new AtomicLong();
    private final AtomicLong diffsDuplicated = new AtomicLong();
    private final AtomicLong diffsReordered = new AtomicLong();
    private final AtomicLong malformedSent = new AtomicLong();
    private final AtomicLong pingsSent = new AtomicLong();
    private final AtomicLong connectionsExpired = new AtomicLong();

    private BinanceSimulator(SimulatorConfig config, Clock clock) throws IOException {
        this.config = config;
        this.clock = clock;
        this.isFutures = config.isFutures();
        this.restPrefix = isFutures ? "/fapi/v1" : "/api/v3";
        this.model = new MarketModel(config.seed(), config.levelsPerSide());
        this.faultRandom = new SplittableRandom(config.seed() ^ 0x5DEECE66DL);
        this.faults = config.faults();
        this.tickMillis = config.tick().toMillis();
        this.isPaused = config.isStartPaused();
        if (config.replayFiles().isEmpty()) {
            long id = 1_000_000L;
            for (String s : config.symbols()) {
                SimBook b = new SimBook(s);
                model.seed(b, id);
                id += 7_000_000L;
                books.put(s, b);
            }
        } else {
            replay = new CaptureFeed(config.replayFiles(), config.replaySpeed(), clock);
            for (SimBook b : replay.books()) {
                books.put(b.symbol, b);
            }
        }
        this.ticker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("binance-sim-tick").daemon().factory());
        this.sender = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("binance-sim-send").daemon().factory());
        this.app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.host = config.host();
            cfg.jetty.port = config.port();
            cfg.routes.get(restPrefix + "/depth", this::depth);
            cfg.routes.get(restPrefix + "/exchangeInfo", this::exchangeInfo);
            cfg.routes.get(restPrefix + "/ping", ctx -> ctx.contentType("application/json").result("{}"));
            cfg.routes.get(restPrefix + "/time", ctx -> ctx.contentType("application/json")
                    .result("{\"serverTime\":" + clock.epochMillis() + "}"));
            cfg.routes.before("/sim/*", ctx -> {
                if (!config.hasFaultRoutes() && !"GET".equals(ctx.method().name()) && !"HEAD".equals(ctx.method().name())) {
                    ctx.status(403).result("the simulator's control and fault routes are off: start it with --faults"
                            + " (SimulatorConfig.withFaultRoutes(true)) to use " + ctx.path());
                    ctx.skipRemainingHandlers();
                }
            });
            cfg.routes.post("/sim/pause", ctx -> {
                pause();
                ctx.result("paused");
            });
            cfg.routes.post("/sim/resume", ctx -> {
                resume();
                ctx.result("resumed");
            });
            cfg.routes.post("/sim/close", ctx -> ctx.result("closed " + closeConnections()));
            cfg.routes.post("/sim/stall", ctx -> {
                stall(Duration.ofMillis(Long.parseLong(param(ctx, "ms", "5000"))));
                ctx.result("stalled");
            });
            cfg.routes.post("/sim/reject", ctx -> {
                rejectRest(Integer.parseInt(param(ctx, "count", "1")), Integer.parseInt(param(ctx, "status", "429")),
                        Integer.parseInt(param(ctx, "retryAfter", "1")));
                ctx.result("rejecting");
            });
            cfg.routes.post("/sim/faults", ctx -> {
                faults(new FaultConfig(Double.parseDouble(param(ctx, "drop", "0")),
                        Double.parseDouble(param(ctx, "duplicate", "0")), Double.parseDouble(param(ctx, "reorder", "0")),
                        Double.parseDouble(param(ctx, "malformed", "0")),
                        Duration.ofMillis(Long.parseLong(param(ctx, "delayMs", "0")))));
                ctx.result(faults().toString());
            });
            cfg.routes.get("/sim/state", ctx -> ctx.json(state()));
            cfg.routes.exception(NumberFormatException.class, (e, ctx) -> ctx.status(400).result("bad number: " + e.getMessage()));
            cfg.routes.exception(IllegalArgumentException.class, (e, ctx) -> ctx.status(400).result(e.getMessage()));
            for (String prefix : new String[] {"", "/public", "/market"}) {
                cfg.routes.ws(prefix + "/ws", ws -> socket(ws, false));
                cfg.routes.ws(prefix + "/ws/{stream}", ws -> socket(ws, false));
                cfg.routes.ws(prefix + "/stream", ws -> socket(ws, true));
            }
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            ticker.shutdownNow();
            sender.shutdownNow();
            throw new IOException("simulator could not listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        tickTask = ticker.scheduleAtFixedRate(this::tickSafely, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
        long ping = config.pingInterval().toMillis();
        sender.scheduleAtFixedRate(this::pingAll, ping, ping, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts a simulator and returns once it listens.
     *
     * @throws IOException when the port cannot be bound or a replay file cannot be read
     */
    public static BinanceSimulator start(SimulatorConfig config, Clock clock) throws IOException {
        return new BinanceSimulator(config, clock);
    }

    /** The port it listens on (the chosen one when the configuration said 0). */
    public int port() {
        return app.port();
    }

    /** {@code http://host:port}: the REST base URL to give a client. */
    public URI restBaseUri() {
        return URI.create("http://" + hostForUri() + ":" + port());
    }

    /** {@code ws://host:port}: the websocket base URL ({@code /ws/...}, {@code /stream?...} go after it). */
    public URI wsBaseUri() {
        return URI.create("ws://" + hostForUri() + ":" + port());
    }

    public SimulatorConfig config() {
        return config;
    }

    /** The symbols served, upper case, in configuration (or capture) order. */
    public List<String> symbols() {
        synchronized (lock) {
            return List.copyOf(books.keySet());
        }
    }

    /** The update id of the simulator's book for {@code symbol}. @throws IllegalArgumentException for an unknown symbol */
    public long lastUpdateId(String symbol) {
        synchronized (lock) {
            return simBook(symbol).lastUpdateId;
        }
    }

    /** A copy of the simulator's full book for {@code symbol}. @throws IllegalArgumentException for an unknown symbol */
    public OrderBook book(String symbol) {
        synchronized (lock) {
            return simBook(symbol).book.copy();
        }
    }

    /**
     * {@code true} when this simulator replays captures and has played them to the end (its books no
     * longer change); {@code false} while replaying and for the market model.
     */
    public boolean isReplayDone() {
        synchronized (lock) {
            return replay != null && replay.isDone();
        }
    }

    /** Depth diffs and other payloads replayed so far (0 for the market model). */
    public long replayedMessages() {
        synchronized (lock) {
            return replay == null ? 0 : replay.replayed();
        }
    }

    /** Stops the model at a quiescent point (see the class comment). Idempotent. */
    public void pause() {
        synchronized (lock) {
            isPaused = true;
            flushAll();
        }
        for (SimSession s : sessions.values()) {
            s.releaseHeld(this);
        }
    }

    /** Lets the model move again. Idempotent. */
    public void resume() {
        isPaused = false;
    }

    public boolean isPaused() {
        return isPaused;
    }

    /** Moves the model one tick (normally while paused) and publishes what it produced. */
    public void step() {
        tick(true);
    }

    /** Replaces the continuous faults at once for every connection. */
    public void faults(FaultConfig f) {
        this.faults = java.util.Objects.requireNonNull(f, "faults");
    }

    public FaultConfig faults() {
        return faults;
    }

    /** Closes every websocket now (status 1001, "simulated close"); returns how many. */
    public int closeConnections() {
        int n = 0;
        for (WsContext ctx : List.copyOf(sessions.keySet())) {
            sessions.remove(ctx);
            try {
                ctx.closeSession(1001, "simulated close");
            } catch (RuntimeException e) {
                LOG.debug("close failed", e);
            }
            n++;
        }
        connectionsClosedByFault.addAndGet(n);
        return n;
    }

    /**
     * Delays everything sent from now on to the websockets open now by {@code d} (on top of the delay
     * fault), in order; connections opened later are not affected. Models an old connection that
     * lags behind a new one (e.g. during a client's planned switchover).
     */
    public void lagOpenConnections(Duration d) {
        for (SimSession s : sessions.values()) {
            s.lagNanos = Math.max(0, d.toNanos());
        }
    }

    private void expire(WsContext ctx) {
        if (sessions.remove(ctx) != null) {
            connectionsExpired.incrementAndGet();
            try {
                ctx.closeSession(1001, "connection lifetime reached");
            } catch (RuntimeException e) {
                LOG.debug("close failed", e);
            }
        }
    }

    /** Sends nothing on any websocket (no data, no pings) for {@code d}; what the model produces meanwhile is lost. */
    public void stall(Duration d) {
        stallUntilNanos = System.nanoTime() + d.toNanos();
    }

    /**
     * Answers the next {@code count} REST requests with {@code status} (429 or 418) and a
     * {@code Retry-After} of {@code retryAfterSeconds}, as Binance does when a limit is broken.
     */
    public void rejectRest(int count, int status, int retryAfterSeconds) {
        if (status != 429 && status != 418) {
            throw new IllegalArgumentException("status must be 429 or 418: " + status);
        }
        rejectStatus = status;
        rejectRetryAfterSeconds = Math.max(0, retryAfterSeconds);
        rejectRemaining.set(Math.max(0, count));
    }

    /** Open websocket connections now. */
    public int connectionCount() {
        return sessions.size();
    }

    /** Counters since start. */
    public Stats stats() {
        return new Stats(connectionsOpened.get(), sessions.size(), connectionsClosedByFault.get(), messagesSent.get(),
                restRequests.get(), restRejected.get(), diffsDropped.get(), diffsDuplicated.get(), diffsReordered.get(),
                malformedSent.get(), pingsSent.get(), connectionsExpired.get());
    }

    /**
     * Counters of a simulator.
     *
     * @param connectionsOpened    websockets accepted since start
     * @param connectionsOpen      websockets open now
     * @param connectionsClosed    websockets closed by {@link #closeConnections()}
     * @param messagesSent         websocket text frames sent (including subscription answers)
     * @param restRequests         REST requests answered (including rejected ones)
     * @param restRejected         REST requests answered 429/418
     * @param diffsDropped         depth diffs dropped by the drop fault
     * @param diffsDuplicated      depth diffs sent twice
     * @param diffsReordered       depth diffs held back and sent after the next one
     * @param malformedSent        garbage frames sent
     * @param pingsSent            ping frames sent
     * @param connectionsExpired   websockets closed because they reached {@link SimulatorConfig#connectionLifetime()}
     */
    public record Stats(long connectionsOpened, long connectionsOpen, long connectionsClosed, long messagesSent,
                        long restRequests, long restRejected, long diffsDropped, long diffsDuplicated,
                        long diffsReordered, long malformedSent, long pingsSent, long connectionsExpired) {
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        sender.shutdownNow();
        if (replay != null) {
            replay.close();
        }
        app.stop();
    }

    // ---------------------------------------------------------------- model ticks

    private void tickSafely() {
        try {
            tick(false);
        } catch (RuntimeException e) {
            LOG.warn("simulator tick failed", e);
        }
    }

    private void tick(boolean force) {
        synchronized (lock) {
            List<Outgoing> out = new ArrayList<>();
            if (isPaused && !force) {
                return;
            }
            tickCount++;
            long now = clock.epochMillis();
            if (replay != null) {
                replay.advance(this::replayDiff, this::replayRaw, out, now);
            } else {
                for (SimBook b : books.values()) {
                    SimBook.Diff d = model.next(b, (price, qty, buyerIsMaker) -> {
                        b.lastTradeId++;
                        String stream = b.symbol.toLowerCase(Locale.ROOT) + "@trade";
                        out.add(new Outgoing(stream, encoder.trade(new StringBuilder(160), b.symbol, now, b.lastTradeId,
                                price, qty, now, buyerIsMaker).toString(), false));
                    });
                    if (!d.isEmpty()) {
                        b.apply(d);
                        bookTicker(b, now, out);
                    }
                }
            }
            for (SimBook b : books.values()) {
                for (SimBook.Aggregator a : b.aggregators) {
                    if (tickCount % a.intervalTicks == 0) {
                        publishAggregate(b, a, now, out);
                    }
                }
            }
            publish(out);
        }
    }

    /** Applies one diff from a replayed capture (called under the lock). */
    private void replayDiff(SimBook b, SimBook.Diff d, long now, List<Outgoing> out) {
        b.apply(d);
        bookTicker(b, now, out);
    }

    /** Forwards a replayed non-depth payload (bookTicker, trade) as it was recorded (called under the lock). */
    private void replayRaw(String stream, String payload, List<Outgoing> out) {
        out.add(new Outgoing(stream, payload, false));
    }

    private void bookTicker(SimBook b, long now, List<Outgoing> out) {
        OrderBook book = b.book;
        long bp = book.bestPrice(dev.ladder.core.Side.BID);
        long ap = book.bestPrice(dev.ladder.core.Side.ASK);
        long bs = book.bestSize(dev.ladder.core.Side.BID);
        long as = book.bestSize(dev.ladder.core.Side.ASK);
        if (bp == OrderBook.NO_PRICE || ap == OrderBook.NO_PRICE) {
            return;
        }
        if (bp != b.bookTickerBidPrice || ap != b.bookTickerAskPrice || bs != b.bookTickerBidSize || as != b.bookTickerAskSize) {
            b.bookTickerBidPrice = bp;
            b.bookTickerAskPrice = ap;
            b.bookTickerBidSize = bs;
            b.bookTickerAskSize = as;
            String stream = b.symbol.toLowerCase(Locale.ROOT) + "@bookTicker";
            out.add(new Outgoing(stream, encoder.bookTicker(new StringBuilder(200), b.symbol, b.lastUpdateId, bp, bs, ap, as,
                    isFutures, now).toString(), false));
        }
    }

    private void publishAggregate(SimBook b, SimBook.Aggregator a, long now, List<Outgoing> out) {
        SimBook.Diff d = a.take();
        if (d == null) {
            return;
        }
        int nb = d.bids.size();
        int na = d.asks.size();
        long[] prices = new long[nb + na];
        long[] sizes = new long[nb + na];
        int i = 0;
        for (Map.Entry<Long, Long> e : d.bids.entrySet()) {
            prices[i] = e.getKey();
            sizes[i++] = e.getValue();
        }
        for (Map.Entry<Long, Long> e : d.asks.entrySet()) {
            prices[i] = e.getKey();
            sizes[i++] = e.getValue();
        }
        String payload = encoder.depthUpdate(new StringBuilder(64 + 48 * (nb + na)), b.symbol, now, now, d.firstId, d.finalId,
                a.previousFinalId, isFutures, prices, sizes, nb, na).toString();
        a.previousFinalId = d.finalId;
        for (String stream : streamNames(b.symbol, a.intervalMillis)) {
            out.add(new Outgoing(stream, payload, true));
        }
    }

    /** The stream names that publish every {@code ms} for {@code symbol}. */
    private List<String> streamNames(String symbol, long ms) {
        String sym = symbol.toLowerCase(Locale.ROOT);
        List<String> names = new ArrayList<>(2);
        names.add(sym + "@depth@" + ms + "ms");
        if (ms == defaultDepthMillis()) {
            names.add(sym + "@depth");
        }
        return names;
    }

    private long defaultDepthMillis() {
        return isFutures ? 250 : 1000;
    }

    private void flushAll() {
        List<Outgoing> out = new ArrayList<>();
        long now = clock.epochMillis();
        for (SimBook b : books.values()) {
            for (SimBook.Aggregator a : b.aggregators) {
                publishAggregate(b, a, now, out);
            }
        }
        publish(out);
    }

    // ---------------------------------------------------------------- websocket side

    private record Outgoing(String stream, String payload, boolean isDepth) {
    }

    private void publish(List<Outgoing> out) {
        if (out.isEmpty() || sessions.isEmpty() || System.nanoTime() < stallUntilNanos) {
            return;
        }
        FaultConfig f = faults;
        for (SimSession s : sessions.values()) {
            for (Outgoing o : out) {
                if (s.streams.contains(o.stream)) {
                    deliver(s, o, f);
                }
            }
        }
    }

    private void deliver(SimSession s, Outgoing o, FaultConfig f) {
        String frame = s.isCombined ? DepthUpdateEncoder.combined(o.stream, o.payload) : o.payload;
        if (!o.isDepth || f.isNone()) {
            String held = o.isDepth ? s.takeHeld(o.stream) : null;
            send(s, frame, f.delay());
            if (held != null) {
                send(s, held, f.delay());
            }
            return;
        }
        double drop;
        double dup;
        double reorder;
        double malformed;
        synchronized (faultRandom) {
            drop = faultRandom.nextDouble();
            dup = faultRandom.nextDouble();
            reorder = faultRandom.nextDouble();
            malformed = faultRandom.nextDouble();
        }
        if (malformed < f.malformedProbability()) {
            malformedSent.incrementAndGet();
            send(s, frame.substring(0, frame.length() / 2), f.delay());
        }
        if (drop < f.dropProbability()) {
            diffsDropped.incrementAndGet();
            return;
        }
        String held = s.takeHeld(o.stream);
        if (held == null && reorder < f.reorderProbability()) {
            diffsReordered.incrementAndGet();
            s.hold(o.stream, frame);
            return;
        }
        send(s, frame, f.delay());
        if (held != null) {
            send(s, held, f.delay());
        }
        if (dup < f.duplicateProbability()) {
            diffsDuplicated.incrementAndGet();
            send(s, frame, f.delay());
        }
    }

    private void send(SimSession s, String frame, Duration delay) {
        long nanos = delay.toNanos() + s.lagNanos;
        if (nanos == 0) {
            sendNow(s, frame);
        } else {
            sender.schedule(() -> sendNow(s, frame), nanos, TimeUnit.NANOSECONDS);
        }
    }

    private void sendNow(SimSession s, String frame) {
        if (!sessions.containsKey(s.ctx)) {
            return;
        }
        try {
            synchronized (s) {
                s.ctx.send(frame);
            }
            messagesSent.incrementAndGet();
        } catch (RuntimeException e) {
            LOG.debug("send failed", e);
        }
    }

    private void pingAll() {
        if (System.nanoTime() < stallUntilNanos) {
            return;
        }
        for (SimSession s : sessions.values()) {
            try {
                synchronized (s) {
                    s.ctx.sendPing(ByteBuffer.wrap(Long.toString(clock.epochMillis()).getBytes(StandardCharsets.US_ASCII)));
                }
                pingsSent.incrementAndGet();
            } catch (RuntimeException e) {
                LOG.debug("ping failed", e);
            }
        }
    }

    private void socket(WsConfig ws, boolean isCombinedPath) {
        ws.onConnect(ctx -> {
            ctx.session.setIdleTimeout(Duration.ofHours(2));
            String single = ctx.pathParamMap().get("stream");
            String streamsParam = ctx.queryParam("streams");
            boolean isCombined = isCombinedPath || (single == null && streamsParam != null);
            SimSession s = new SimSession(ctx, isCombined);
            if (single != null) {
                subscribe(s, List.of(single));
            }
            if (streamsParam != null) {
                subscribe(s, List.of(streamsParam.split("/")));
            }
            sessions.put(ctx, s);
            connectionsOpened.incrementAndGet();
            sender.schedule(() -> expire(ctx), config.connectionLifetime().toNanos(), TimeUnit.NANOSECONDS);
        });
        ws.onMessage(ctx -> {
            SimSession s = sessions.get(ctx);
            if (s != null) {
                control(s, ctx.message());
            }
        });
        ws.onClose(ctx -> sessions.remove(ctx));
        ws.onError(ctx -> sessions.remove(ctx));
    }

    private void control(SimSession s, String text) {
        JsonNode n;
        try {
            n = JSON.readTree(text);
        } catch (IOException e) {
            sendNow(s, "{\"code\":3,\"msg\":\"Invalid JSON: expected value at line 1 column 1\"}");
            return;
        }
        JsonNode idNode = n.get("id");
        String id = idNode == null || idNode.isNull() ? "null" : idNode.toString();
        String method = n.path("method").asText("");
        List<String> params = new ArrayList<>();
        for (JsonNode p : n.path("params")) {
            params.add(p.asText());
        }
        switch (method) {
            case "SUBSCRIBE" -> {
                subscribe(s, params);
                sendNow(s, "{\"result\":null,\"id\":" + id + "}");
            }
            case "UNSUBSCRIBE" -> {
                for (String p : params) {
                    s.streams.remove(p);
                }
                sendNow(s, "{\"result\":null,\"id\":" + id + "}");
            }
            case "LIST_SUBSCRIPTIONS" -> {
                StringBuilder sb = new StringBuilder("{\"result\":[");
                int i = 0;
                for (String st : s.streams) {
                    sb.append(i++ > 0 ? "," : "").append('"').append(st).append('"');
                }
                sendNow(s, sb.append("],\"id\":").append(id).append('}').toString());
            }
            case "SET_PROPERTY", "GET_PROPERTY" -> sendNow(s, "{\"result\":" + (method.equals("GET_PROPERTY") ? String.valueOf(s.isCombined) : "null") + ",\"id\":" + id + "}");
            default -> sendNow(s, "{\"code\":2,\"msg\":\"Invalid request: unknown variant " + method.replace("\"", "")
                    + ", expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY`\",\"id\":" + id + "}");
        }
    }

    private void subscribe(SimSession s, List<String> streams) {
        synchronized (lock) {
            for (String raw : streams) {
                String stream = raw.trim();
                if (stream.isEmpty()) {
                    continue;
                }
                int at = stream.indexOf('@');
                if (at > 0) {
                    String sym = stream.substring(0, at).toLowerCase(Locale.ROOT);
                    String kind = stream.substring(at + 1);
                    stream = sym + "@" + kind;
                    SimBook b = books.get(sym.toUpperCase(Locale.ROOT));
                    Integer ms = depthMillis(kind);
                    if (b != null && ms != null) {
                        b.aggregator(ms, (int) Math.max(1, ms / tickMillis));
                    }
                }
                s.streams.add(stream);
            }
        }
    }

    /** The interval of a depth-diff stream kind ({@code depth}, {@code depth@100ms}), or null for other kinds. */
    private Integer depthMillis(String kind) {
        if (kind.equals("depth")) {
            return (int) defaultDepthMillis();
        }
        if (kind.startsWith("depth@") && kind.endsWith("ms")) {
            try {
                return Integer.parseInt(kind.substring(6, kind.length() - 2));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** One websocket connection's subscriptions and held-back (reordered) frames. */
    private static final class SimSession {
        final WsContext ctx;
        final boolean isCombined;
        volatile long lagNanos;
        final Set<String> streams = ConcurrentHashMap.newKeySet();
        private final Map<String, String> held = new HashMap<>();

        SimSession(WsContext ctx, boolean isCombined) {
            this.ctx = ctx;
            this.isCombined = isCombined;
        }

        synchronized void hold(String stream, String frame) {
            held.put(stream, frame);
        }

        synchronized String takeHeld(String stream) {
            return held.remove(stream);
        }

        void releaseHeld(BinanceSimulator sim) {
            List<String> frames;
            synchronized (this) {
                frames = new ArrayList<>(held.values());
                held.clear();
            }
            for (String f : frames) {
                sim.send(this, f, sim.faults.delay());
            }
        }
    }

    // ---------------------------------------------------------------- REST side

    private void depth(Context ctx) {
        String symbol = ctx.queryParam("symbol");
        if (symbol == null || symbol.isBlank()) {
            error(ctx, 400, -1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.");
            return;
        }
        int limit = 100;
        String limitText = ctx.queryParam("limit");
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                error(ctx, 400, -1100, "Illegal characters found in parameter 'limit'; legal range is '^[0-9]{1,20}$'.");
                return;
            }
        }
        if (limit < 1) {
            error(ctx, 400, -1100, "Illegal characters found in parameter 'limit'; legal range is '^[0-9]{1,20}$'.");
            return;
        }
        limit = Math.min(limit, isFutures ? 1000 : 5000);
        if (!admit(ctx, depthWeight(limit, isFutures))) {
            return;
        }
        String body;
        synchronized (lock) {
            SimBook b = books.get(symbol.toUpperCase(Locale.ROOT));
            if (b == null) {
                body = null;
            } else {
                body = encoder.snapshot(new StringBuilder(96 + 80 * Math.min(limit, b.book.depth(dev.ladder.core.Side.BID)) * 2),
                        b.book, b.lastUpdateId, limit, isFutures, clock.epochMillis()).toString();
            }
        }
        if (body == null) {
            error(ctx, 400, -1121, "Invalid symbol.");
            return;
        }
        ctx.contentType("application/json").result(body);
    }

    /** Binance's weight of a depth request with this limit (spot: 5/25/50/250; futures 2/5/10/20). */
    static int depthWeight(int limit, boolean futures) {
        if (futures) {
            return limit <= 50 ? 2 : limit <= 100 ? 5 : limit <= 500 ? 10 : 20;
        }
        return limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250;
    }

    private void exchangeInfo(Context ctx) {
        if (!admit(ctx, isFutures ? 1 : 20)) {
            return;
        }
        StringBuilder sb = new StringBuilder(512);
        sb.append("{\"timezone\":\"UTC\",\"serverTime\":").append(clock.epochMillis())
                .append(",\"rateLimits\":[{\"rateLimitType\":\"REQUEST_WEIGHT\",\"interval\":\"MINUTE\",\"intervalNum\":1,\"limit\":")
                .append(config.weightLimitPerMinute())
                .append("},{\"rateLimitType\":\"ORDERS\",\"interval\":\"SECOND\",\"intervalNum\":10,\"limit\":100}")
                .append(",{\"rateLimitType\":\"RAW_REQUESTS\",\"interval\":\"MINUTE\",\"intervalNum\":5,\"limit\":61000}]")
                .append(",\"exchangeFilters\":[],\"symbols\":[");
        synchronized (lock) {
            int i = 0;
            for (SimBook b : books.values()) {
                if (i++ > 0) {
                    sb.append(',');
                }
                symbolInfo(sb, b);
            }
        }
        sb.append("]}");
        ctx.contentType("application/json").result(sb.toString());
    }

    private void symbolInfo(StringBuilder sb, SimBook b) {
        String[] assets = splitSymbol(b.symbol);
        String tick = dev.ladder.core.Decimals.format(b.tickSize, MarketModel.SCALE);
        String step = dev.ladder.core.Decimals.format(b.lotSize, MarketModel.SCALE);
        sb.append("{\"symbol\":\"").append(b.symbol).append("\",\"status\":\"TRADING\",\"baseAsset\":\"").append(assets[0])
                .append("\",\"baseAssetPrecision\":8,\"quoteAsset\":\"").append(assets[1])
                .append("\",\"quotePrecision\":8,\"quoteAssetPrecision\":8,\"baseCommissionPrecision\":8,\"quoteCommissionPrecision\":8");
        if (isFutures) {
            sb.append(",\"pair\":\"").append(b.symbol).append("\",\"contractType\":\"PERPETUAL\",\"deliveryDate\":4133404800000")
                    .append(",\"onboardDate\":1569398400000,\"marginAsset\":\"").append(assets[1])
                    .append("\",\"pricePrecision\":8,\"quantityPrecision\":8,\"underlyingType\":\"COIN\",\"settlePlan\":0")
                    .append(",\"triggerProtect\":\"0.0500\",\"timeInForce\":[\"GTC\",\"IOC\",\"FOK\",\"GTX\"]");
        }
        sb.append(",\"orderTypes\":[\"LIMIT\",\"LIMIT_MAKER\",\"MARKET\",\"STOP_LOSS_LIMIT\",\"TAKE_PROFIT_LIMIT\"]")
                .append(",\"icebergAllowed\":true,\"ocoAllowed\":true,\"otoAllowed\":true,\"quoteOrderQtyMarketAllowed\":true")
                .append(",\"allowTrailingStop\":true,\"cancelReplaceAllowed\":true,\"isSpotTradingAllowed\":").append(!isFutures)
                .append(",\"isMarginTradingAllowed\":false,\"filters\":[{\"filterType\":\"PRICE_FILTER\",\"minPrice\":\"")
                .append(tick).append("\",\"maxPrice\":\"1000000.00000000\",\"tickSize\":\"").append(tick)
                .append("\"},{\"filterType\":\"LOT_SIZE\",\"minQty\":\"").append(step)
                .append("\",\"maxQty\":\"9000000.00000000\",\"stepSize\":\"").append(step)
                .append("\"},{\"filterType\":\"MIN_NOTIONAL\",\"minNotional\":\"5.00000000\",\"notional\":\"5.00000000\"}]")
                .append(",\"permissions\":[],\"permissionSets\":[[\"SPOT\"]],\"defaultSelfTradePreventionMode\":\"EXPIRE_MAKER\"")
                .append(",\"allowedSelfTradePreventionModes\":[\"EXPIRE_TAKER\",\"EXPIRE_MAKER\",\"EXPIRE_BOTH\"]}");
    }

    static String[] splitSymbol(String symbol) {
        for (String quote : new String[] {"USDT", "USDC", "FDUSD", "BUSD", "TUSD", "BTC", "ETH", "BNB", "EUR", "TRY"}) {
            if (symbol.endsWith(quote) && symbol.length() > quote.length()) {
                return new String[] {symbol.substring(0, symbol.length() - quote.length()), quote};
            }
        }
        int cut = Math.min(3, symbol.length() - 1);
        return new String[] {symbol.substring(0, Math.max(1, cut)), symbol.substring(Math.max(1, cut))};
    }

    /**
     * Counts {@code weight} against this minute's budget and answers 429/418 itself when a rejection
     * is pending or the budget is spent.
     */
    private boolean admit(Context ctx, int weight) {
        restRequests.incrementAndGet();
        if (rejectRemaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
            restRejected.incrementAndGet();
            ctx.header("Retry-After", Integer.toString(rejectRetryAfterSeconds));
            error(ctx, rejectStatus, -1003, "Way too many requests; simulated "
                    + (rejectStatus == 418 ? "IP ban." : "rate limit."));
            return false;
        }
        long nowMillis = clock.epochMillis();
        long minute = nowMillis / 60_000L;
        int used;
        boolean isOver;
        synchronized (lock) {
            if (minute != weightWindowMinute) {
                weightWindowMinute = minute;
                weightUsed = 0;
            }
            isOver = weightUsed + weight > config.weightLimitPerMinute();
            if (!isOver) {
                weightUsed += weight;
            }
            used = weightUsed;
        }
        ctx.header("X-MBX-USED-WEIGHT-1M", Integer.toString(used));
        if (isOver) {
            restRejected.incrementAndGet();
            long retry = Math.max(1, (60_000L - nowMillis % 60_000L + 999) / 1000);
            ctx.header("Retry-After", Long.toString(retry));
            error(ctx, 429, -1003, "Too much request weight used; current limit is " + config.weightLimitPerMinute()
                    + " request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.");
            return false;
        }
        return true;
    }

    private static void error(Context ctx, int status, int code, String msg) {
        ctx.status(status).contentType("application/json")
                .result("{\"code\":" + code + ",\"msg\":\"" + msg.replace("\"", "'") + "\"}");
    }

    private static String param(Context ctx, String name, String dflt) {
        String v = ctx.queryParam(name);
        return v == null || v.isBlank() ? dflt : v;
    }

    private Map<String, Object> state() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("venue", config.venue().id());
        m.put("paused", isPaused);
        m.put("faults", faults.toString());
        m.put("stats", stats());
        Map<String, Long> ids = new LinkedHashMap<>();
        synchronized (lock) {
            for (SimBook b : books.values()) {
                ids.put(b.symbol, b.lastUpdateId);
            }
        }
        m.put("lastUpdateIds", ids);
        return m;
    }

    private SimBook simBook(String symbol) {
        SimBook b = books.get(symbol.toUpperCase(Locale.ROOT));
        if (b == null) {
            throw new IllegalArgumentException("unknown symbol " + symbol + " (served: " + books.keySet() + ")");
        }
        return b;
    }

    private String hostForUri() {
        String h = config.host();
        if (h.equals("0.0.0.0")) {
            return "127.0.0.1";
        }
        return h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h;
    }
}
