package dev.ladder.betfair;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.core.Clock;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Betfair Exchange Stream API market-stream client: connects (TLS or plain TCP), authenticates
 * with app key + session, holds one market subscription, and applies every whole change message to
 * a {@link MarketChangeApplier} (the market cache).
 *
 * <p>Behaviour on the edge cases:
 * <ul>
 * <li><b>Segmentation</b>: SEG_START/SEG/SEG_END lines are held until SEG_END and applied as one
 * assembled message, so a cache reader never sees half an image. A SEG or SEG_END without a
 * SEG_START is counted as bad and dropped; a disconnect mid-image drops the partial segments.</li>
 * <li><b>Heartbeat watchdog</b>: no line within 2 x heartbeatMs (the server's echoed value, else the
 * requested one) declares the connection dead; it is closed and re-opened. Before the first change
 * message the limit is handshakeTimeout. While a refused subscription leaves the connection without
 * server heartbeats, the client sends {@code op=heartbeat} every heartbeatMs and watches the answers.</li>
 * <li><b>Reconnect</b>: with exponential backoff (reconnectMin doubling to reconnectMax), then
 * re-subscribes with the last initialClk/clk so that the server answers RESUB_DELTA.</li>
 * <li><b>Status failures</b>: SUBSCRIPTION_LIMIT_EXCEEDED keeps the connection; INVALID_CLOCK drops
 * the stored clk and reconnects for a fresh image; authentication errors (NO_APP_KEY,
 * INVALID_APP_KEY, NO_SESSION, INVALID_SESSION_INFORMATION, NOT_AUTHORIZED,
 * MAX_CONNECTION_LIMIT_EXCEEDED, TOO_MANY_REQUESTS, or a failed login) back off from authBackoff,
 * doubling, and invalidate the session on NO_SESSION/INVALID_SESSION_INFORMATION; every other code
 * closes the connection and reconnects with the normal backoff.</li>
 * <li>Change messages whose id is not the current subscription's are dropped and counted; stream
 * status 503 is counted and reported, the connection kept; {@code con=true} markets are counted;
 * garbage lines are counted, reported to {@link BetfairStreamListener#onBadLine} and skipped.</li>
 * </ul>
 *
 * <p>Threads: one reader thread per client applies changes and calls the listener (the single
 * writer of the cache); a virtual watchdog thread per connection; {@link #subscribe} and
 * {@link #sendHeartbeat} may be called from any thread (the SUBSCRIBING event of a
 * {@link #subscribe} then comes from the caller's thread; every other callback from the reader).
 */
public final class BetfairStreamClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BetfairStreamClient.class);
    private static final Set<String> AUTH_ERRORS = Set.of("NO_APP_KEY", "INVALID_APP_KEY", "NO_SESSION",
            "INVALID_SESSION_INFORMATION", "NOT_AUTHORIZED", "MAX_CONNECTION_LIMIT_EXCEEDED", "TOO_MANY_REQUESTS");

    private final BetfairStreamConfig config;
    private final SessionProvider sessions;
    private final MarketChangeApplier applier;
    private final BetfairStreamListener listener;
    private final Clock clock;
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final Object writeLock = new Object();
    private final StreamHeader header = new StreamHeader();

    private volatile MarketSubscription subscription;
    private volatile int subscriptionId = -1;
    private volatile int authId = -1;
    private volatile String initialClk;
    private volatile String clk;
    private volatile Socket socket;
    private volatile OutputStream out;
    private volatile String connectionId;
    private volatile boolean closed;
    private volatile boolean subscribed;
    private volatile boolean receivingChanges;
    private volatile boolean subscriptionRefused;
    private volatile long lastLineNanos;
    private volatile long heartbeatMs;
    private volatile boolean watchdogFired;
    private Thread reader;
    private SSLContext ssl;

    private final List<String> segments = new ArrayList<>();
    private String segmentInitialClk;
    private int segmentsId;
    private int authStreak;
    private int failureStreak;

    private final AtomicLong lines = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong changeMessages = new AtomicLong();
    private final AtomicLong segmentLines = new AtomicLong();
    private final AtomicLong heartbeats = new AtomicLong();
    private final AtomicLong conflated = new AtomicLong();
    private final AtomicLong staleDropped = new AtomicLong();
    private final AtomicLong badLines = new AtomicLong();
    private final AtomicLong stream503 = new AtomicLong();
    private final AtomicLong statusFailures = new AtomicLong();
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong heartbeatTimeouts = new AtomicLong();
    private final AtomicLong authFailures = new AtomicLong();
    private final AtomicLong listenerErrors = new AtomicLong();

    /**
     * A client that is not yet connected; call {@link #start()}.
     *
     * @param applier  applies each whole change message to the cache ({@link MarketChangeApplier#none()} for none)
     * @param listener raw lines, applied changes, statuses, connection events
     * @param clock    receive times and the watchdog's interval clock
     */
    public BetfairStreamClient(BetfairStreamConfig config, SessionProvider sessions, MarketChangeApplier applier,
                               BetfairStreamListener listener, Clock clock) {
        this.config = config;
        this.sessions = sessions;
        this.applier = applier == null ? MarketChangeApplier.none() : applier;
        this.listener = listener == null ? new BetfairStreamListener() { } : listener;
        this.clock = clock;
        this.subscription = config.subscription();
        this.heartbeatMs = subscription.effectiveHeartbeatMs();
    }

    /**
     * Starts connecting on a background thread; returns at once.
     *
     * @throws IOException when the configured trust store cannot be loaded
     * @throws IllegalStateException when already started
     */
    public synchronized void start() throws IOException {
        if (reader != null) {
            throw new IllegalStateException("already started");
        }
        if (config.tls()) {
            ssl = sslContext();
        }
        reader = Thread.ofPlatform().name("betfair-stream-" + config.host() + ":" + config.port()).daemon(true)
                .start(this::run);
    }

    /**
     * Replaces the subscription (a new request id; older ids' messages are then dropped). The stored
     * clk is cleared, so the server sends a new image. When disconnected, it is used on the next
     * connect.
     *
     * @throws IOException when sending fails (the reader then reconnects with the new criteria)
     */
    public void subscribe(MarketSubscription newSubscription) throws IOException {
        synchronized (writeLock) {
            subscription = newSubscription;
            subscriptionRefused = false;
            initialClk = null;
            clk = null;
            heartbeatMs = newSubscription.effectiveHeartbeatMs();
            if (out != null && authId >= 0) {
                sendSubscription();
            }
        }
    }

    /**
     * Sends an {@code op=heartbeat} request (the server answers with a status).
     *
     * @throws IOException when not connected or the write fails
     */
    public void sendHeartbeat() throws IOException {
        synchronized (writeLock) {
            OutputStream o = out;
            if (o == null) {
                throw new IOException("not connected");
            }
            StreamFraming.writeLine(o, "{\"op\":\"heartbeat\",\"id\":" + nextId.getAndIncrement() + "}");
        }
    }

    /** Whether the current connection has a live subscription (status SUCCESS or changes arriving). */
    public boolean isSubscribed() {
        return subscribed && socket != null;
    }

    /** Betfair's id of the current (or last) connection, or {@code null}. */
    public String connectionId() {
        return connectionId;
    }

    /** The stored resume token clk, or {@code null}. */
    public String clk() {
        return clk;
    }

    /** The stored resume token initialClk, or {@code null}. */
    public String initialClk() {
        return initialClk;
    }

    /** A snapshot of the counters. */
    public BetfairStreamStats stats() {
        return new BetfairStreamStats(lines.get(), bytes.get(), changeMessages.get(), segmentLines.get(),
                heartbeats.get(), conflated.get(), staleDropped.get(), badLines.get(), stream503.get(),
                statusFailures.get(), connects.get(), heartbeatTimeouts.get(), authFailures.get(),
                listenerErrors.get(), applier.badFields());
    }

    /** Stops: closes the connection and ends the threads. Idempotent. */
    @Override
    public void close() {
        closed = true;
        closeSocket();
        Thread r;
        synchronized (this) {
            r = reader;
        }
        if (r != null && r != Thread.currentThread()) {
            r.interrupt();
            try {
                r.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        while (!closed) {
            long delay;
            try {
                connectAndRead();
                delay = backoff();
            } catch (AuthFailure e) {
                authFailures.incrementAndGet();
                delay = config.authBackoff().toMillis() << Math.min(authStreak, 4);
                authStreak++;
                disconnected("authentication failed: " + e.getMessage());
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    LOG.info("Betfair stream {}:{} disconnected: {}", config.host(), config.port(), e.toString());
                }
                delay = watchdogFired ? config.reconnectMin().toMillis() : backoff();
                disconnected(e.getMessage() == null ? e.toString() : e.getMessage());
            }
            if (closed) {
                break;
            }
            event(StreamConnectionEvent.Kind.RECONNECT_SCHEDULED, null, delay);
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
            }
        }
    }

    private long backoff() {
        if (receivingChanges) {
            failureStreak = 0;
        }
        long d = Math.min(config.reconnectMin().toMillis() << Math.min(failureStreak, 20),
                config.reconnectMax().toMillis());
        failureStreak++;
        return d;
    }

    private void disconnected(String reason) {
        closeSocket();
        segments.clear();
        segmentInitialClk = null;
        subscribed = false;
        event(StreamConnectionEvent.Kind.DISCONNECTED, reason, 0);
    }

    private void connectAndRead() throws IOException {
        event(StreamConnectionEvent.Kind.CONNECTING, config.host() + ":" + config.port(), 0);
        subscribed = false;
        receivingChanges = false;
        subscriptionRefused = false;
        watchdogFired = false;
        authId = -1;
        Socket s = open();
        socket = s;
        if (closed) {
            closeSocket();
            return;
        }
        lastLineNanos = clock.monotonicNanos();
        synchronized (writeLock) {
            out = new BufferedOutputStream(s.getOutputStream(), 8192);
        }
        startWatchdog(s);
        StreamFraming framing = new StreamFraming(s.getInputStream(), config.maxLineBytes());
        long before = 0;
        while (!closed) {
            String line = framing.readLine();
            if (line == null) {
                throw new IOException(watchdogFired ? "no message within 2 x heartbeatMs" : "server closed the connection");
            }
            long now = clock.epochNanos();
            lastLineNanos = clock.monotonicNanos();
            lines.incrementAndGet();
            long total = framing.bytesRead();
            bytes.addAndGet(total - before);
            before = total;
            handle(line, now);
        }
    }

    private Socket open() throws IOException {
        Socket raw = new Socket();
        try {
            raw.setTcpNoDelay(true);
            raw.connect(new InetSocketAddress(config.host(), config.port()), (int) config.connectTimeout().toMillis());
            if (!config.tls()) {
                return raw;
            }
            SSLSocket tls = (SSLSocket) ssl.getSocketFactory().createSocket(raw, config.host(), config.port(), true);
            SSLParameters p = tls.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(p);
            tls.setSoTimeout((int) config.connectTimeout().toMillis());
            tls.startHandshake();
            tls.setSoTimeout(0);
            return tls;
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }

    private SSLContext sslContext() throws IOException {
        try {
            if (config.trustStore() == null) {
                return SSLContext.getDefault();
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            char[] pw = config.trustStorePassword() == null ? null : config.trustStorePassword().toCharArray();
            try (InputStream in = Files.newInputStream(config.trustStore())) {
                ks.load(in, pw);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("betfair.stream.trustStore " + config.trustStore() + " unusable: " + e.getMessage(), e);
        }
    }

    private void startWatchdog(Socket s) {
        Thread.ofVirtual().name("betfair-stream-watchdog").start(() -> {
            long lastPing = clock.monotonicNanos();
            while (!closed && socket == s && !s.isClosed()) {
                boolean live = receivingChanges || subscriptionRefused;
                long limitMs = live ? 2 * heartbeatMs : config.handshakeTimeout().toMillis();
                long poll = Math.max(20, Math.min(heartbeatMs / 4, 500));
                try {
                    Thread.sleep(poll);
                } catch (InterruptedException e) {
                    return;
                }
                long now = clock.monotonicNanos();
                if (subscriptionRefused && !receivingChanges && now - lastPing >= heartbeatMs * 1_000_000L) {
                    // no subscription, so no server heartbeats: ask for a status to prove the line is alive
                    lastPing = now;
                    try {
                        sendHeartbeat();
                    } catch (IOException e) {
                        // the reader sees the broken connection
                    }
                }
                if (socket == s && now - lastLineNanos > limitMs * 1_000_000L) {
                    watchdogFired = true;
                    heartbeatTimeouts.incrementAndGet();
                    event(StreamConnectionEvent.Kind.HEARTBEAT_TIMEOUT, "no message within " + limitMs + " ms", 0);
                    try {
                        s.close();
                    } catch (IOException ignored) {
                        // closing a dead socket; the reader reports the disconnect
                    }
                    return;
                }
            }
        });
    }

    private void closeSocket() {
        Socket s = socket;
        synchronized (writeLock) {
            out = null;
        }
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    private void handle(String line, long now) throws IOException {
        try {
            listener.onRawLine(line, now);
        } catch (RuntimeException e) {
            listenerError(e);
        }
        if (line == StreamFraming.TOO_LONG) {
            bad(line, "line longer than " + config.maxLineBytes() + " bytes");
            return;
        }
        StreamHeader h = header;
        try {
            h.parse(line);
        } catch (IOException e) {
            bad(line, "not a protocol message: " + e.getMessage());
            return;
        }
        switch (h.op) {
            case "connection" -> onConnectionMessage(h);
            case "status" -> onStatusMessage(h, now);
            case "mcm" -> onChangeMessage(line, h, now);
            case "ocm" -> {
                // order stream not subscribed by this client
            }
            default -> bad(line, "unknown op " + h.op);
        }
    }

    private void onConnectionMessage(StreamHeader h) throws IOException {
        connectionId = h.connectionId;
        connects.incrementAndGet();
        event(StreamConnectionEvent.Kind.CONNECTED, h.connectionId, 0);
        String session;
        try {
            session = sessions.session();
        } catch (IOException e) {
            throw new AuthFailure("login: " + e.getMessage());
        }
        synchronized (writeLock) {
            ObjectNode auth = StreamJson.object();
            auth.put("op", "authentication");
            auth.put("id", authId = nextId.getAndIncrement());
            auth.put("appKey", sessions.appKey());
            auth.put("session", session);
            StreamFraming.writeLine(requireOut(), StreamJson.write(auth));
            sendSubscription();
        }
    }

    private void sendSubscription() throws IOException {
        int id = nextId.getAndIncrement();
        String ic = initialClk;
        String c = clk;
        String req = subscription.toRequest(id, ic, c);
        subscriptionId = id;
        subscribed = false;
        event(StreamConnectionEvent.Kind.SUBSCRIBING, ic != null && c != null ? "resume clk=" + c : "new image", 0);
        StreamFraming.writeLine(requireOut(), req);
    }

    private OutputStream requireOut() throws IOException {
        OutputStream o = out;
        if (o == null) {
            throw new IOException("connection closed");
        }
        return o;
    }

    private void onStatusMessage(StreamHeader h, long now) throws IOException {
        StreamStatus st = new StreamStatus(h.id, h.statusCode, h.errorCode, h.errorMessage, h.connectionClosed,
                h.connectionId != null ? h.connectionId : connectionId, now);
        if ("SUCCESS".equals(h.statusCode)) {
            if (h.id != null && h.id == authId) {
                authStreak = 0;
                event(StreamConnectionEvent.Kind.AUTHENTICATED, null, 0);
            } else if (h.id != null && h.id == subscriptionId) {
                subscribed = true;
                event(StreamConnectionEvent.Kind.SUBSCRIBED, null, 0);
            }
            status(st);
            return;
        }
        if (!"FAILURE".equals(h.statusCode)) {
            stream503.incrementAndGet();
            status(st);
            return;
        }
        statusFailures.incrementAndGet();
        status(st);
        String code = h.errorCode == null ? "UNKNOWN" : h.errorCode;
        if ("SUBSCRIPTION_LIMIT_EXCEEDED".equals(code) && !h.connectionClosed) {
            if (h.id == null || h.id == subscriptionId) {
                subscribed = false;
                subscriptionRefused = true;
            }
            return;
        }
        if ("INVALID_CLOCK".equals(code)) {
            initialClk = null;
            clk = null;
        }
        if (AUTH_ERRORS.contains(code)) {
            if ("NO_SESSION".equals(code) || "INVALID_SESSION_INFORMATION".equals(code)) {
                sessions.invalidate();
            }
            throw new AuthFailure(code + (h.errorMessage == null ? "" : ": " + h.errorMessage));
        }
        throw new IOException("status " + code + (h.errorMessage == null ? "" : ": " + h.errorMessage));
    }

    private void onChangeMessage(String line, StreamHeader h, long now) {
        if (h.id != null && h.id != subscriptionId) {
            staleDropped.incrementAndGet();
            return;
        }
        if (h.heartbeatMs != null && h.heartbeatMs > 0) {
            heartbeatMs = h.heartbeatMs;
        }
        receivingChanges = true;
        subscribed = true;
        conflated.addAndGet(h.conflated);
        if (h.status != null && h.status == 503) {
            stream503.incrementAndGet();
            status(new StreamStatus(h.id, "503", null, "stream data is late (status 503)", false, connectionId, now));
        }
        if ("HEARTBEAT".equals(h.ct)) {
            heartbeats.incrementAndGet();
            if (h.clk != null && segments.isEmpty()) {
                clk = h.clk;
            }
            return;
        }
        String seg = h.segmentType;
        if (seg == null) {
            if (!segments.isEmpty()) {
                bad(line, "unsegmented message inside a segmented one; partial segments dropped");
                segments.clear();
            }
            apply(line, h.ct, 1, h.initialClk, h.clk, h.pt, now);
            return;
        }
        segmentLines.incrementAndGet();
        switch (seg) {
            case "SEG_START" -> {
                if (!segments.isEmpty() && segmentsId != subscriptionId) {
                    segments.clear();
                }
                if (!segments.isEmpty()) {
                    bad(segments.getFirst(), "segmented message without SEG_END; dropped");
                    segments.clear();
                }
                segments.add(line);
                segmentsId = subscriptionId;
                segmentInitialClk = h.initialClk;
            }
            case "SEG" -> {
                if (segments.isEmpty()) {
                    bad(line, "SEG without SEG_START");
                } else {
                    segments.add(line);
                }
            }
            case "SEG_END" -> {
                if (segments.isEmpty()) {
                    bad(line, "SEG_END without SEG_START");
                    return;
                }
                segments.add(line);
                int n = segments.size();
                String assembled;
                try {
                    assembled = assemble(segments);
                } catch (IOException e) {
                    bad(line, "cannot assemble segments: " + e.getMessage());
                    segments.clear();
                    return;
                }
                String ic = h.initialClk != null ? h.initialClk : segmentInitialClk;
                String ct = h.ct;
                segments.clear();
                apply(assembled, ct, n, ic, h.clk, h.pt, now);
            }
            default -> bad(line, "unknown segmentType " + seg);
        }
    }

    /** Joins segment lines into one mcm: the first line's header, every mc, the last clk and pt. */
    static String assemble(List<String> parts) throws IOException {
        ObjectNode first = StreamJson.parseObject(parts.getFirst());
        ObjectNode result = first.deepCopy();
        result.remove("segmentType");
        ArrayNode mc = result.putArray("mc");
        for (String part : parts) {
            ObjectNode o = part == parts.getFirst() ? first : StreamJson.parseObject(part);
            JsonNode arr = o.get("mc");
            if (arr != null && arr.isArray()) {
                mc.addAll((ArrayNode) arr);
            }
            copyIfPresent(o, result, "clk");
            copyIfPresent(o, result, "pt");
            copyIfPresent(o, result, "ct");
            copyIfPresent(o, result, "initialClk");
        }
        return StreamJson.write(result);
    }

    private static void copyIfPresent(ObjectNode from, ObjectNode to, String field) {
        JsonNode v = from.get(field);
        if (v != null && !v.isNull()) {
            to.set(field, v);
        }
    }

    private void apply(String json, String ct, int segmentCount, String ic, String c, long pt, long now) {
        try {
            applier.apply(json, now);
        } catch (Exception e) {
            bad(json, "cache refused the change: " + e);
            return;
        }
        if (ic != null) {
            initialClk = ic;
        }
        if (c != null) {
            clk = c;
        }
        changeMessages.incrementAndGet();
        try {
            listener.onMarketChanges(new MarketChangeEvent(json, ct, segmentCount, c, pt, now));
        } catch (RuntimeException e) {
            listenerError(e);
        }
    }

    private void bad(String line, String reason) {
        badLines.incrementAndGet();
        LOG.debug("Betfair stream bad line ({}): {}", reason, StreamJson.abbreviate(line));
        try {
            listener.onBadLine(line, reason);
        } catch (RuntimeException e) {
            listenerError(e);
        }
    }

    private void status(StreamStatus st) {
        try {
            listener.onStatus(st);
        } catch (RuntimeException e) {
            listenerError(e);
        }
    }

    private void event(StreamConnectionEvent.Kind kind, String detail, long delay) {
        try {
            listener.onConnection(new StreamConnectionEvent(kind, connectionId, detail, delay, clock.epochNanos()));
        } catch (RuntimeException e) {
            listenerError(e);
        }
    }

    private void listenerError(RuntimeException e) {
        listenerErrors.incrementAndGet();
        LOG.warn("Betfair stream listener threw", e);
    }

    /** An authentication problem: back off longer before the next attempt. */
    private static final class AuthFailure extends IOException {
        AuthFailure(String message) {
            super(message);
        }
    }
}
