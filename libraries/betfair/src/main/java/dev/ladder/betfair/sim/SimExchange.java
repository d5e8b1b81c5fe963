package dev.ladder.betfair.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.betfair.MarketDataFilter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The simulator's markets: their state, a bounded log of the changes with their sequence numbers
 * (the clk), and the fan-out to subscribed sessions. Every method holds this object's lock, so a
 * session sees a subscription image and then exactly the changes after it.
 */
final class SimExchange {
    /** One published change with its sequence number. */
    private record Logged(long seq, String marketId, JsonNode change) {
    }

    /** What a session queue receives: market changes for one subscription. */
    record Batch(int subscriptionId, long seq, long pt, String ct, List<JsonNode> changes) {
    }

    /** The outcome of a subscription request. */
    record Subscribed(String errorCode, Batch image) {
    }

    private final Map<String, SimMarket> markets = new LinkedHashMap<>();
    private final ArrayDeque<Logged> log = new ArrayDeque<>();
    private final List<SimSession> sessions = new CopyOnWriteArrayList<>();
    private final int logCapacity;
    private final int maxMarkets;
    private final String tag = Long.toString(System.nanoTime() & 0xffffffL, 36);
    private long seq;

    SimExchange(int logCapacity, int maxMarkets) {
        this.logCapacity = logCapacity;
        this.maxMarkets = maxMarkets;
    }

    /**
     * The clk token of a sequence number: {@code <seq>.<instance tag>}, so that a clk from another
     * simulator run is recognised as foreign (INVALID_CLOCK) rather than misread.
     */
    String clk(long s) {
        return s + "." + tag;
    }

    /** The sequence number of one of this instance's clk tokens, or {@code null}. */
    Long parseClk(String clk) {
        int dot = clk.indexOf('.');
        if (dot <= 0 || !clk.substring(dot + 1).equals(tag)) {
            return null;
        }
        try {
            return Long.parseLong(clk.substring(0, dot));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    synchronized long seq() {
        return seq;
    }

    synchronized List<String> marketIds() {
        return List.copyOf(markets.keySet());
    }

    synchronized String canonical(String marketId) {
        SimMarket m = markets.get(marketId);
        return m == null ? null : m.canonical();
    }

    /** A market as the Betting API simulator reads it: its latest definition and traded volume. */
    record MarketView(String id, ObjectNode definition, JsonNode tv) {
    }

    /** Every market that has a definition, in first-seen order (definitions are never changed in place). */
    synchronized List<MarketView> views() {
        List<MarketView> out = new ArrayList<>();
        for (SimMarket m : markets.values()) {
            if (m.definition() != null) {
                out.add(new MarketView(m.id, m.definition(), m.tv()));
            }
        }
        return out;
    }

    synchronized ObjectNode definition(String marketId) {
        SimMarket m = markets.get(marketId);
        return m == null ? null : m.definition();
    }

    void add(SimSession s) {
        sessions.add(s);
    }

    void remove(SimSession s) {
        sessions.remove(s);
    }

    List<SimSession> sessions() {
        return sessions;
    }

    /** The publish time of the last change published (-1: none yet). */
    private long lastPublishTime = -1;

    /** Applies market changes ({@code mc[]} entries) as one message and streams them. */
    synchronized void publish(List<JsonNode> changes, long pt) {
        if (changes.isEmpty()) {
            return;
        }
        lastPublishTime = pt;
        seq++;
        for (JsonNode mc : changes) {
            String id = mc.path("id").asText(null);
            if (id == null) {
                continue;
            }
            markets.computeIfAbsent(id, k -> new SimMarket(k, false)).apply(mc);
            if (logCapacity > 0) {
                log.addLast(new Logged(seq, id, mc));
                if (log.size() > logCapacity) {
                    log.removeFirst();
                }
            }
        }
        for (SimSession s : sessions) {
            SimSession.Subscription sub = s.subscription();
            if (sub == null) {
                continue;
            }
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode mc : changes) {
                String id = mc.path("id").asText(null);
                SimMarket m = id == null ? null : markets.get(id);
                if (m == null || !sub.filter().matches(id, m.definition())) {
                    continue;
                }
                if (sub.known().add(id) && !mc.path("img").asBoolean(false)) {
                    out.add(m.toImage(MarketDataFilter.allFields()));
                } else {
                    out.add(mc);
                }
            }
            if (!out.isEmpty()) {
                s.offer(new Batch(sub.id(), seq, pt, null, out));
            }
        }
    }

    /** The error code refusing {@code sub} (too many markets, unknown clk), or {@code null}. */
    synchronized String check(SimSession.Subscription sub, Long fromClk) {
        int n = 0;
        for (SimMarket m : markets.values()) {
            if (sub.filter().matches(m.id, m.definition())) {
                n++;
            }
        }
        if (n > maxMarkets) {
            return "SUBSCRIPTION_LIMIT_EXCEEDED";
        }
        if (fromClk != null && (fromClk < 0 || fromClk > seq)) {
            return "INVALID_CLOCK";
        }
        return null;
    }

    /**
     * Registers {@code sub} on {@code session} and queues its image: a SUB_IMAGE of every matching
     * market, or (with {@code fromClk}) a RESUB_DELTA of the changes after that clk, with whole
     * images for markets the log no longer covers. Its publish time is that of the last change
     * published ({@code now} when none was).
     */
    synchronized Subscribed subscribe(SimSession session, SimSession.Subscription sub, Long fromClk, long now) {
        // an image describes the markets as of the last change published, so a replayed file's image
        // carries the file's publish time, not the wall clock
        long pt = lastPublishTime > 0 ? lastPublishTime : now;
        List<String> matching = new ArrayList<>();
        for (SimMarket m : markets.values()) {
            if (sub.filter().matches(m.id, m.definition())) {
                matching.add(m.id);
            }
        }
        if (matching.size() > maxMarkets) {
            return new Subscribed("SUBSCRIPTION_LIMIT_EXCEEDED", null);
        }
        if (fromClk != null && (fromClk < 0 || fromClk > seq)) {
            return new Subscribed("INVALID_CLOCK", null);
        }
        sub.known().addAll(matching);
        List<JsonNode> out = new ArrayList<>();
        String ct;
        if (fromClk == null) {
            ct = "SUB_IMAGE";
            for (String id : matching) {
                out.add(markets.get(id).toImage(MarketDataFilter.allFields()));
            }
        } else {
            ct = "RESUB_DELTA";
            boolean covered = fromClk == seq || (!log.isEmpty() && log.getFirst().seq() <= fromClk + 1);
            if (covered) {
                Map<String, SimMarket> acc = new LinkedHashMap<>();
                for (Logged l : log) {
                    if (l.seq() > fromClk && sub.known().contains(l.marketId())) {
                        acc.computeIfAbsent(l.marketId(), k -> new SimMarket(k, true)).apply(l.change());
                    }
                }
                for (SimMarket a : acc.values()) {
                    ObjectNode c = a.toChange(MarketDataFilter.allFields());
                    if (c != null) {
                        c.remove("con");
                        out.add(c);
                    }
                }
            } else {
                for (String id : matching) {
                    out.add(markets.get(id).toImage(MarketDataFilter.allFields()));
                }
            }
        }
        session.activate(sub);
        Batch b = new Batch(sub.id(), seq, pt, ct, out);
        session.offer(b);
        return new Subscribed(null, b);
    }
}
