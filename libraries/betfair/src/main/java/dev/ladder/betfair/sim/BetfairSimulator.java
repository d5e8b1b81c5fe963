package dev.ladder.betfair.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.betfair.StreamJson;
import dev.ladder.core.Clock;
import dev.ladder.files.DataFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Betfair-compatible Exchange Stream server for tests and demos: plain TCP or TLS, CRLF JSON.
 *
 * <p>Protocol: on connect it sends {@code {"op":"connection","connectionId":...}}; every request gets
 * a status with its id. Authentication checks app key and session against the configuration (or
 * accepts any non-empty pair); a bad pair answers NO_APP_KEY / INVALID_APP_KEY / NO_SESSION /
 * INVALID_SESSION_INFORMATION with {@code connectionClosed:true} and closes. No authentication within
 * the configured time answers TIMEOUT. Unparseable input answers INVALID_INPUT and closes; requests
 * before authentication answer NOT_AUTHORIZED and close. A marketSubscription applies its market
 * filter to the markets the simulator has (and to markets that appear later), its data filter to
 * the fields and ladder depth, conflates to {@code conflateMs}, sends {@code ct=HEARTBEAT} after
 * {@code heartbeatMs} without data (bounded below by the configured minimum), splits large messages
 * into SEG_START/SEG/SEG_END when segmentation is enabled, and answers a subscription carrying
 * {@code clk} with a RESUB_DELTA of the changes since (whole images for markets the bounded log no
 * longer covers; a clk from the future or not a number answers INVALID_CLOCK). More matching markets
 * than the limit answer SUBSCRIPTION_LIMIT_EXCEEDED and keep the connection.
 *
 * <p>Markets come from {@link #publish} (an mcm line's market changes), from historical files
 * ({@link #replay}), from a {@link SimMarketModel} or from races ({@link #addRace}, {@link #addRaces}
 * with {@link SimRacing#day}: WIN and PLACE markets that go off and settle by the simulator's clock).
 * A {@link BettingApiSimulator} answers the Betting API's catalogue calls for the same markets. Faults: {@link #disconnectAll},
 * {@link #stallAll}, {@link #failAuthentication}, {@link #sendGarbage}, {@link #injectStatus},
 * {@link #stream503}.
 *
 * <p>Threads: an acceptor thread, two virtual threads per connection, one per replay. All public
 * methods are thread-safe.
 */
public final class BetfairSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BetfairSimulator.class);

    private final BetfairSimulatorConfig config;
    private final Clock clock;
    private final SimExchange exchange;
    private final List<Thread> replays = new CopyOnWriteArrayList<>();
    private final List<SimMarketModel> models = new ArrayList<>();
    private final Map<String, SimMarketModel> modelsById = new HashMap<>();
    private final List<SimRace> races = new ArrayList<>();
    private final AtomicLong connectionSeq = new AtomicLong();
    private ServerSocket server;
    private Thread acceptor;
    private volatile boolean closed;
    private volatile String forcedAuthError;
    private volatile boolean stream503;

    final AtomicLong connectionsAccepted = new AtomicLong();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong badRequests = new AtomicLong();
    final AtomicLong authFailures = new AtomicLong();
    final AtomicLong changeMessagesSent = new AtomicLong();
    final AtomicLong segmentsSent = new AtomicLong();
    final AtomicLong heartbeatsSent = new AtomicLong();

    /** A simulator that is not yet listening; call {@link #start()}. */
    public BetfairSimulator(BetfairSimulatorConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.exchange = new SimExchange(config.logCapacity(), config.maxMarketsPerSubscription());
    }

    /**
     * Binds and starts accepting.
     *
     * @throws IOException when the port is taken or the key store is unusable
     */
    public synchronized BetfairSimulator start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        InetAddress addr = InetAddress.getByName(config.host());
        server = config.keyStore() == null ? new ServerSocket(config.port(), 128, addr)
                : sslContext().getServerSocketFactory().createServerSocket(config.port(), 128, addr);
        acceptor = Thread.ofPlatform().daemon(true).name("betfair-sim-accept-" + port()).start(this::acceptLoop);
        LOG.info("Betfair stream simulator on {}:{}{}", config.host(), port(), config.keyStore() == null ? "" : " (TLS)");
        return this;
    }

    private SSLContext sslContext() throws IOException {
        try (InputStream in = Files.newInputStream(config.keyStore())) {
            char[] pw = config.keyStorePassword() == null ? new char[0] : config.keyStorePassword().toCharArray();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, pw);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("sim.betfair.keyStore " + config.keyStore() + " unusable: " + e.getMessage(), e);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                connectionsAccepted.incrementAndGet();
                String id = String.format("sim-%03d-%d", connectionSeq.incrementAndGet(), clock.epochMillis());
                SimSession session = new SimSession(this, s, id);
                exchange.add(session);
                session.start();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("Betfair simulator accept failed: {}", e.toString());
                }
            }
        }
    }

    /** The bound port. */
    public int port() {
        return server.getLocalPort();
    }

    BetfairSimulatorConfig config() {
        return config;
    }

    Clock clock() {
        return clock;
    }

    SimExchange exchange() {
        return exchange;
    }

    String forcedAuthError() {
        return forcedAuthError;
    }

    boolean isStream503() {
        return stream503;
    }

    /**
     * Applies the market changes of one {@code mcm} line (its {@code mc[]}, publish time {@code pt})
     * and streams them to the subscribers. Lines of another op, or without {@code mc}, are ignored.
     *
     * @throws IOException when the line is not a JSON object
     */
    public void publish(String mcmLine) throws IOException {
        ObjectNode o = StreamJson.parseObject(mcmLine);
        JsonNode mc = o.get("mc");
        if (!"mcm".equals(o.path("op").asText("mcm")) || mc == null || !mc.isArray()) {
            return;
        }
        List<JsonNode> list = new ArrayList<>();
        mc.forEach(list::add);
        long pt = o.path("pt").canConvertToLong() ? o.get("pt").longValue() : clock.epochMillis();
        exchange.publish(list, pt);
    }

    /** Publishes market changes built by a model. */
    void publishChanges(List<JsonNode> changes, long pt) {
        exchange.publish(changes, pt);
    }

    /**
     * Replays a historical file (one mcm per line; plain, gzip, bzip2 or zstd, or a tar of those whose
     * entries are replayed one after another; found by content, see {@link DataFile}) on a background thread: the
     * first line at once, then each following one after the difference of their {@code pt} divided
     * by {@code speed} ({@code speed <= 0} or infinite: as fast as possible). With
     * {@code waitForSubscriber} the lines after the first wait until some connection subscribes.
     * Unreadable lines are logged and skipped.
     *
     * @return the replay thread (it ends at the end of the file)
     */
    public Thread replay(Path file, double speed, boolean waitForSubscriber) {
        Thread t = Thread.ofVirtual().name("betfair-sim-replay-" + file.getFileName()).start(() -> {
            try (BufferedReader r = open(file)) {
                String line;
                long lastPt = -1;
                boolean first = true;
                while (!closed && (line = r.readLine()) != null) {
                    if (line.isBlank()) {
                        continue;
                    }
                    long pt = ptOf(line);
                    if (!first) {
                        if (waitForSubscriber) {
                            while (!closed && !hasSubscriber()) {
                                Thread.sleep(20);
                            }
                        }
                        if (speed > 0 && !Double.isInfinite(speed) && lastPt > 0 && pt > lastPt) {
                            Thread.sleep(Duration.ofNanos((long) ((pt - lastPt) * 1_000_000L / speed)));
                        }
                    }
                    try {
                        publish(line);
                    } catch (IOException e) {
                        LOG.warn("replay {}: skipped bad line: {}", file, e.getMessage());
                    }
                    if (pt > 0) {
                        lastPt = pt;
                    }
                    first = false;
                }
            } catch (IOException e) {
                LOG.warn("replay {} failed: {}", file, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        replays.add(t);
        return t;
    }

    /** Loads a whole historical file synchronously (as fast as possible). */
    public void load(Path file) throws IOException {
        try (BufferedReader r = open(file)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    publish(line);
                }
            }
        }
    }

    /** The lines of a historical file, opened by {@link DataFile} (compression and tar found by content). */
    static BufferedReader open(Path file) throws IOException {
        return new BufferedReader(new InputStreamReader(DataFile.openConcatenated(file), StandardCharsets.UTF_8), 256 * 1024);
    }

    private static long ptOf(String line) {
        int i = line.indexOf("\"pt\":");
        if (i < 0) {
            return -1;
        }
        int j = i + 5;
        long v = 0;
        boolean any = false;
        while (j < line.length() && Character.isDigit(line.charAt(j))) {
            v = v * 10 + (line.charAt(j++) - '0');
            any = true;
        }
        return any ? v : -1;
    }

    /**
     * Adds a model market: publishes its image now; {@link #stepModels()} moves it on.
     *
     * @throws IllegalArgumentException when a model of that market id was added before
     */
    public synchronized void addModel(SimMarketModel model) {
        if (modelsById.putIfAbsent(model.marketId(), model) != null) {
            throw new IllegalArgumentException("market " + model.marketId() + " already has a model");
        }
        models.add(model);
        exchange.publish(List.of(model.image()), clock.epochMillis());
    }

    /**
     * Adds a race: its WIN market and, when it has one, its PLACE market as models (ladders
     * {@code depth} ticks deep, suspensions before the off with {@code suspendProbability} per step),
     * published at once. They go off and settle by this simulator's clock as {@link #stepModels()}
     * runs; the {@link BettingApiSimulator} lists them while they are open.
     *
     * @throws IllegalArgumentException when one of its market ids already has a model (nothing is added)
     */
    public synchronized void addRace(SimRace race, int depth, double suspendProbability) {
        for (String id : race.marketIds()) {
            if (modelsById.containsKey(id)) {
                throw new IllegalArgumentException("market " + id + " already has a model");
            }
        }
        races.add(race);
        addModel(new SimMarketModel(race, "WIN", depth, suspendProbability));
        if (race.placeMarketId() != null) {
            addModel(new SimMarketModel(race, "PLACE", depth, suspendProbability));
        }
    }

    /** Adds races (e.g. {@link SimRacing#day}) with ladders 10 ticks deep and a 1% chance of a suspension per step. */
    public synchronized void addRaces(List<SimRace> list) {
        for (SimRace r : list) {
            addRace(r, 10, 0.01);
        }
    }

    /** The races added, in the order added. */
    public synchronized List<SimRace> races() {
        return List.copyOf(races);
    }

    /** The model of a market, or {@code null} (a replayed or published market has none). */
    synchronized SimMarketModel model(String marketId) {
        return modelsById.get(marketId);
    }

    /**
     * Moves every open model market one step at this simulator's clock (race markets go off and settle
     * by it) and publishes the changes as one message.
     *
     * @return how many markets changed
     */
    public synchronized int stepModels() {
        List<JsonNode> changes = new ArrayList<>();
        long now = clock.epochMillis();
        for (SimMarketModel m : models) {
            JsonNode c = m.step(now);
            if (c != null) {
                changes.add(c);
            }
        }
        exchange.publish(changes, clock.epochMillis());
        return changes.size();
    }

    /** Steps the models every {@code interval} on a background thread until closed. */
    public void runModels(Duration interval) {
        Thread t = Thread.ofVirtual().name("betfair-sim-models").start(() -> {
            while (!closed) {
                try {
                    Thread.sleep(interval);
                } catch (InterruptedException e) {
                    return;
                }
                stepModels();
            }
        });
        replays.add(t);
    }

    /** Whether some connection holds a market subscription. */
    public boolean hasSubscriber() {
        for (SimSession s : exchange.sessions()) {
            if (s.subscription() != null) {
                return true;
            }
        }
        return false;
    }

    /** Markets known, in first-seen order. */
    public List<String> marketIds() {
        return exchange.marketIds();
    }

    /** The current clk token (the sequence of the last published message, tagged with this instance). */
    public String clk() {
        return exchange.clk(exchange.seq());
    }

    /**
     * A normalised text of a market's state (sorted ladders, exact decimals) for comparisons, or
     * {@code null} for an unknown market.
     */
    public String marketState(String marketId) {
        return exchange.canonical(marketId);
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** Open connections. */
    public int connections() {
        return exchange.sessions().size();
    }

    /** Connections accepted since start. */
    public long connectionsAccepted() {
        return connectionsAccepted.get();
    }

    /** Authentication requests refused. */
    public long authFailures() {
        return authFailures.get();
    }

    /** Change messages sent (a segmented one counts once), heartbeats not included. */
    public long changeMessagesSent() {
        return changeMessagesSent.get();
    }

    /** Segment lines sent. */
    public long segmentsSent() {
        return segmentsSent.get();
    }

    /** Heartbeat change messages sent. */
    public long heartbeatsSent() {
        return heartbeatsSent.get();
    }

    /** Fault: closes every connection at once, without a status. */
    public void disconnectAll() {
        for (SimSession s : List.copyOf(exchange.sessions())) {
            s.close();
        }
    }

    /** Fault: current connections send nothing (no heartbeats either) for {@code d}; sockets stay open. */
    public void stallAll(Duration d) {
        for (SimSession s : exchange.sessions()) {
            s.stall(d.toNanos());
        }
    }

    /**
     * Fault: authentication answers this error code (e.g. INVALID_SESSION_INFORMATION) whatever the
     * credentials; {@code null} restores normal checking.
     */
    public void failAuthentication(String errorCode) {
        forcedAuthError = errorCode;
    }

    /** Fault: sends a raw line (e.g. not JSON) to every subscribed connection, in order with its data. */
    public void sendGarbage(String line) {
        for (SimSession s : exchange.sessions()) {
            if (s.subscription() != null) {
                s.sendLater(line, false);
            }
        }
    }

    /**
     * Fault: sends a status FAILURE with {@code errorCode} (carrying the subscription's id) to every
     * subscribed connection, closing it afterwards when {@code closeConnection}.
     */
    public void injectStatus(String errorCode, boolean closeConnection) {
        for (SimSession s : exchange.sessions()) {
            SimSession.Subscription sub = s.subscription();
            if (sub != null) {
                s.sendLater(SimSession.failure(sub.id(), errorCode, "injected by the simulator", closeConnection),
                        closeConnection);
            }
        }
    }

    /** Fault: flags change messages and heartbeats with {@code status:503} while on. */
    public void stream503(boolean on) {
        stream503 = on;
    }

    /** Stops listening, closes connections and replays. Idempotent. */
    @Override
    public void close() {
        closed = true;
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException ignored) {
            // closing
        }
        disconnectAll();
        replays.forEach(Thread::interrupt);
        if (acceptor != null) {
            try {
                acceptor.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
