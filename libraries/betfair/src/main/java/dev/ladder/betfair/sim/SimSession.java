package dev.ladder.betfair.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.betfair.MarketDataFilter;
import dev.ladder.betfair.MarketFilter;
import dev.ladder.betfair.StreamFraming;
import dev.ladder.betfair.StreamJson;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One client connection to the simulator: a reader (virtual) thread that answers requests and a
 * sender (virtual) thread that streams change messages with conflation, segmentation and
 * heartbeats. Writes are serialised per line.
 */
final class SimSession {
    /** An active market subscription; {@code known} is guarded by the exchange lock. */
    record Subscription(int id, MarketFilter filter, MarketDataFilter dataFilter, long heartbeatMs, long conflateMs,
                        boolean segmentation, Set<String> known) {
    }

    private record Raw(String line, boolean closeAfter) {
    }

    private final BetfairSimulator sim;
    private final Socket socket;
    private final OutputStream out;
    final String connectionId;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private volatile Subscription subscription;
    private volatile boolean authenticated;
    private volatile boolean closed;
    private volatile long stallUntilNanos;

    SimSession(BetfairSimulator sim, Socket socket, String connectionId) throws IOException {
        this.sim = sim;
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        this.connectionId = connectionId;
    }

    Subscription subscription() {
        return subscription;
    }

    boolean isAuthenticated() {
        return authenticated;
    }

    void activate(Subscription s) {
        subscription = s;
    }

    void offer(Object item) {
        queue.offer(item);
    }

    /** Stops sending anything (heartbeats too) for the given time, keeping the socket open. */
    void stall(long nanos) {
        stallUntilNanos = System.nanoTime() + nanos;
    }

    /** Queues a raw line after anything already queued (the sender writes it). */
    void sendLater(String line, boolean closeAfter) {
        queue.offer(new Raw(line, closeAfter));
    }

    void start() {
        Thread.ofVirtual().name("betfair-sim-read-" + connectionId).start(this::readLoop);
        Thread.ofVirtual().name("betfair-sim-send-" + connectionId).start(this::sendLoop);
    }

    void close() {
        closed = true;
        queue.offer(new Raw(null, true));
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
        sim.exchange().remove(this);
    }

    private void write(String line) throws IOException {
        synchronized (out) {
            StreamFraming.writeLine(out, line);
        }
    }

    private void readLoop() {
        try {
            write("{\"op\":\"connection\",\"connectionId\":\"" + connectionId + "\"}");
            socket.setSoTimeout((int) sim.config().authTimeout().toMillis());
            StreamFraming framing = new StreamFraming(socket.getInputStream(), 1 << 20);
            while (!closed) {
                String line;
                try {
                    line = framing.readLine();
                } catch (SocketTimeoutException e) {
                    fail(null, "TIMEOUT", "no authentication within " + sim.config().authTimeout().toMillis() + " ms");
                    return;
                }
                if (line == null) {
                    return;
                }
                sim.requests.incrementAndGet();
                handle(line);
            }
        } catch (IOException e) {
            // connection gone
        } finally {
            close();
        }
    }

    private void handle(String line) throws IOException {
        ObjectNode req;
        try {
            req = StreamJson.parseObject(line);
        } catch (IOException e) {
            sim.badRequests.incrementAndGet();
            fail(null, "INVALID_INPUT", "could not deserialize the message");
            return;
        }
        JsonNode idNode = req.get("id");
        Integer id = idNode != null && idNode.canConvertToInt() ? idNode.intValue() : null;
        String op = req.path("op").asText("");
        switch (op) {
            case "authentication" -> authenticate(req, id);
            case "heartbeat" -> {
                if (requireAuth(id)) {
                    success(id);
                }
            }
            case "marketSubscription" -> {
                if (requireAuth(id)) {
                    subscribe(req, id);
                }
            }
            case "orderSubscription" -> {
                if (requireAuth(id)) {
                    success(id);
                    String clk = sim.exchange().clk(sim.exchange().seq());
                    write("{\"op\":\"ocm\"" + idField(id) + ",\"initialClk\":\"" + clk + "\",\"clk\":\"" + clk
                            + "\",\"pt\":" + sim.clock().epochMillis() + ",\"ct\":\"SUB_IMAGE\",\"oc\":[]}");
                }
            }
            default -> {
                sim.badRequests.incrementAndGet();
                fail(id, "INVALID_INPUT", "unknown op '" + op + "'");
            }
        }
    }

    private boolean requireAuth(Integer id) throws IOException {
        if (authenticated) {
            return true;
        }
        fail(id, "NOT_AUTHORIZED", "authenticate first");
        return false;
    }

    private void authenticate(ObjectNode req, Integer id) throws IOException {
        BetfairSimulatorConfig c = sim.config();
        String appKey = req.path("appKey").asText("");
        String session = req.path("session").asText("");
        String forced = sim.forcedAuthError();
        String code = null;
        if (forced != null) {
            code = forced;
        } else if (appKey.isEmpty()) {
            code = "NO_APP_KEY";
        } else if (c.appKey() != null && !c.appKey().equals(appKey)) {
            code = "INVALID_APP_KEY";
        } else if (session.isEmpty()) {
            code = "NO_SESSION";
        } else if (c.sessionToken() != null && !c.sessionToken().equals(session)) {
            code = "INVALID_SESSION_INFORMATION";
        }
        if (code != null) {
            sim.authFailures.incrementAndGet();
            fail(id, code, "authentication refused");
            return;
        }
        authenticated = true;
        socket.setSoTimeout(0);
        write("{\"op\":\"status\"" + idField(id) + ",\"statusCode\":\"SUCCESS\",\"connectionClosed\":false,"
                + "\"connectionsAvailable\":9,\"connectionId\":\"" + connectionId + "\"}");
    }

    private void subscribe(ObjectNode req, Integer id) throws IOException {
        long hb = req.path("heartbeatMs").canConvertToLong() ? req.get("heartbeatMs").longValue() : 5000;
        hb = Math.max(sim.config().minHeartbeatMs(), Math.min(30_000, hb));
        long conflate = req.path("conflateMs").canConvertToLong() ? Math.max(0, req.get("conflateMs").longValue()) : 0;
        Subscription sub = new Subscription(id == null ? 0 : id, MarketFilter.fromJson(req.get("marketFilter")),
                MarketDataFilter.fromJson(req.get("marketDataFilter")), hb, conflate,
                req.path("segmentationEnabled").asBoolean(true), new HashSet<>());
        Long from = null;
        String clk = text(req, "clk");
        if (clk == null) {
            clk = text(req, "initialClk");
        }
        if (clk != null) {
            from = sim.exchange().parseClk(clk);
            if (from == null) {
                fail(id, "INVALID_CLOCK", "unknown clk '" + clk + "'");
                return;
            }
        }
        String refused = sim.exchange().check(sub, from);
        if (refused != null) {
            boolean close = !"SUBSCRIPTION_LIMIT_EXCEEDED".equals(refused);
            write(failure(id, refused, "subscription refused", close));
            if (close) {
                close();
            }
            return;
        }
        // the status goes out first; the exchange queues the image behind it
        success(id);
        sim.exchange().subscribe(this, sub, from, sim.clock().epochMillis());
    }

    private static String text(ObjectNode o, String f) {
        JsonNode v = o.get(f);
        return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
    }

    private void success(Integer id) throws IOException {
        write("{\"op\":\"status\"" + idField(id) + ",\"statusCode\":\"SUCCESS\",\"connectionClosed\":false}");
    }

    /** The {@code id} field echoing a request's id, or nothing when the request had none (never {@code "id":null}). */
    private static String idField(Integer id) {
        return id == null ? "" : ",\"id\":" + id;
    }

    static String failure(Integer id, String code, String message, boolean closed) {
        ObjectNode o = StreamJson.object();
        o.put("op", "status");
        if (id != null) {
            o.put("id", id);
        }
        o.put("statusCode", "FAILURE");
        o.put("errorCode", code);
        o.put("errorMessage", message);
        o.put("connectionClosed", closed);
        return StreamJson.write(o);
    }

    private void fail(Integer id, String code, String message) throws IOException {
        try {
            write(failure(id, code, message, true));
        } finally {
            close();
        }
    }

    private void sendLoop() {
        Map<String, SimMarket> acc = new LinkedHashMap<>();
        int accId = -1;
        long accSeq = 0;
        long accPt = 0;
        String accCt = null;
        long flushAt = Long.MAX_VALUE;
        long lastSent = System.nanoTime();
        long clk = -1;
        try {
            while (!closed) {
                long stall = stallUntilNanos - System.nanoTime();
                if (stall > 0) {
                    Thread.sleep(Math.max(1, stall / 1_000_000L));
                    lastSent = System.nanoTime();
                    continue;
                }
                Subscription sub = subscription;
                long now = System.nanoTime();
                long hbNanos = sub == null ? Long.MAX_VALUE / 4 : sub.heartbeatMs() * 1_000_000L;
                long wait = Math.min(flushAt, lastSent + hbNanos) - now;
                Object item = wait <= 0 ? queue.poll() : queue.poll(Math.min(wait, 1_000_000_000L), TimeUnit.NANOSECONDS);
                sub = subscription;
                if (item instanceof Raw raw) {
                    if (raw.line() == null) {
                        return;
                    }
                    if (!acc.isEmpty() && sub != null && sub.id() == accId) {
                        clk = accSeq;
                        flush(sub, acc, accSeq, accPt, accCt, false);
                    }
                    acc.clear();
                    flushAt = Long.MAX_VALUE;
                    write(raw.line());
                    lastSent = System.nanoTime();
                    if (raw.closeAfter()) {
                        close();
                        return;
                    }
                    continue;
                }
                if (item instanceof SimExchange.Batch b) {
                    if (sub == null || b.subscriptionId() != sub.id()) {
                        continue;
                    }
                    if (accId != b.subscriptionId()) {
                        acc.clear();
                        accId = b.subscriptionId();
                        flushAt = Long.MAX_VALUE;
                    }
                    if (b.ct() != null) {
                        acc.clear();
                    }
                    for (JsonNode mc : b.changes()) {
                        String mid = mc.path("id").asText();
                        acc.computeIfAbsent(mid, k -> new SimMarket(k, true)).apply(mc);
                    }
                    accSeq = b.seq();
                    accPt = b.pt();
                    if (b.ct() != null) {
                        accCt = b.ct();
                    }
                    if (b.ct() != null || sub.conflateMs() == 0) {
                        clk = accSeq;
                        flush(sub, acc, accSeq, accPt, accCt, b.ct() != null);
                        accCt = null;
                        lastSent = System.nanoTime();
                        flushAt = Long.MAX_VALUE;
                    } else if (flushAt == Long.MAX_VALUE) {
                        flushAt = System.nanoTime() + sub.conflateMs() * 1_000_000L;
                    }
                    continue;
                }
                now = System.nanoTime();
                if (sub != null && !acc.isEmpty() && now >= flushAt) {
                    clk = accSeq;
                    flush(sub, acc, accSeq, accPt, accCt, false);
                    accCt = null;
                    lastSent = now;
                    flushAt = Long.MAX_VALUE;
                } else if (sub != null && now - lastSent >= hbNanos) {
                    String status = sim.isStream503() ? ",\"status\":503" : "";
                    write("{\"op\":\"mcm\",\"id\":" + sub.id() + ",\"clk\":\"" + sim.exchange().clk(Math.max(clk, 0)) + "\",\"pt\":"
                            + sim.clock().epochMillis() + status + ",\"ct\":\"HEARTBEAT\"}");
                    sim.heartbeatsSent.incrementAndGet();
                    lastSent = now;
                }
            }
        } catch (IOException | InterruptedException e) {
            close();
        }
    }

    private void flush(Subscription sub, Map<String, SimMarket> acc, long seq, long pt, String ct, boolean first)
            throws IOException {
        List<String> parts = new ArrayList<>();
        int total = 0;
        for (SimMarket m : acc.values()) {
            ObjectNode c = m.toChange(sub.dataFilter());
            if (c != null) {
                String s = StreamJson.write(c);
                parts.add(s);
                total += s.length() + 1;
            }
        }
        acc.clear();
        if (parts.isEmpty() && ct == null) {
            return;
        }
        String clk = sim.exchange().clk(seq);
        StringBuilder head = new StringBuilder(128);
        head.append("{\"op\":\"mcm\",\"id\":").append(sub.id());
        if (first) {
            head.append(",\"initialClk\":\"").append(clk).append('"');
        }
        if (ct != null) {
            head.append(",\"ct\":\"").append(ct).append('"');
            head.append(",\"conflateMs\":").append(sub.conflateMs());
            head.append(",\"heartbeatMs\":").append(sub.heartbeatMs());
        }
        if (sim.isStream503()) {
            head.append(",\"status\":503");
        }
        head.append(",\"pt\":").append(pt > 0 ? pt : sim.clock().epochMillis());
        int limit = sim.config().segmentBytes();
        if (!sub.segmentation() || total <= limit || parts.size() < 2) {
            write(head + ",\"clk\":\"" + clk + "\",\"mc\":[" + String.join(",", parts) + "]}");
            sim.changeMessagesSent.incrementAndGet();
            return;
        }
        List<List<String>> segments = new ArrayList<>();
        List<String> cur = new ArrayList<>();
        int size = 0;
        for (String p : parts) {
            if (!cur.isEmpty() && size + p.length() > limit) {
                segments.add(cur);
                cur = new ArrayList<>();
                size = 0;
            }
            cur.add(p);
            size += p.length() + 1;
        }
        segments.add(cur);
        for (int i = 0; i < segments.size(); i++) {
            String type = i == 0 ? "SEG_START" : i == segments.size() - 1 ? "SEG_END" : "SEG";
            StringBuilder line = new StringBuilder(head);
            line.append(",\"segmentType\":\"").append(type).append('"');
            if (i == segments.size() - 1) {
                line.append(",\"clk\":\"").append(clk).append('"');
            }
            line.append(",\"mc\":[").append(String.join(",", segments.get(i))).append("]}");
            write(line.toString());
            sim.segmentsSent.incrementAndGet();
        }
        sim.changeMessagesSent.incrementAndGet();
    }
}
