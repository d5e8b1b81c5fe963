package dev.ladder.betfair;

import dev.ladder.betfair.sim.BetfairSimulator;
import dev.ladder.book.ladder.LevelLadder;
import dev.ladder.book.ladder.PriceSizeLadder;
import dev.ladder.book.ladder.RunnerLadder;
import dev.ladder.book.ladder.SpPrice;
import dev.ladder.core.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A stream client wired to the team's market cache, recording everything its listener hears. */
public final class StreamHarness implements AutoCloseable {
    final BetfairMarketCache cache = new BetfairMarketCache(BetfairCacheConfig.keepAll());
    final BetfairStreamDecoder decoder = new BetfairStreamDecoder(cache);
    final List<String> raw = new CopyOnWriteArrayList<>();
    final List<MarketChangeEvent> changes = new CopyOnWriteArrayList<>();
    final List<StreamStatus> statuses = new CopyOnWriteArrayList<>();
    final List<StreamConnectionEvent> events = new CopyOnWriteArrayList<>();
    final List<String> badReasons = new CopyOnWriteArrayList<>();
    final List<Integer> marketsPerApply = new CopyOnWriteArrayList<>();
    final BetfairStreamClient client;

    StreamHarness(BetfairStreamConfig config, SessionProvider sessions) {
        MarketChangeApplier toCache = MarketChangeApplier.toCache(decoder, cache);
        MarketChangeApplier applier = new MarketChangeApplier() {
            @Override
            public void apply(String json, long t) throws Exception {
                toCache.apply(json, t);
                marketsPerApply.add(decoder.marketChangeCount());
            }

            @Override
            public java.util.Map<BadFields.Kind, Long> badFields() {
                return toCache.badFields();
            }
        };
        client = new BetfairStreamClient(config, sessions, applier, new BetfairStreamListener() {
            @Override
            public void onRawLine(String line, long receiveEpochNanos) {
                raw.add(line);
            }

            @Override
            public void onMarketChanges(MarketChangeEvent event) {
                changes.add(event);
            }

            @Override
            public void onStatus(StreamStatus status) {
                statuses.add(status);
            }

            @Override
            public void onConnection(StreamConnectionEvent event) {
                events.add(event);
            }

            @Override
            public void onBadLine(String line, String reason) {
                badReasons.add(reason);
            }
        }, Clock.system());
    }

    static StreamHarness local(BetfairSimulator sim, MarketSubscription sub) throws Exception {
        StreamHarness h = new StreamHarness(BetfairStreamConfig.local("127.0.0.1", sim.port(), sub),
                SessionProvider.fixed("app", "session"));
        h.client.start();
        return h;
    }

    long count(StreamConnectionEvent.Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).count();
    }

    long changesOfType(String ct) {
        return changes.stream().filter(e -> ct.equals(e.changeType())).count();
    }

    List<Long> reconnectDelays() {
        List<Long> out = new ArrayList<>();
        for (StreamConnectionEvent e : events) {
            if (e.kind() == StreamConnectionEvent.Kind.RECONNECT_SCHEDULED) {
                out.add(e.delayMillis());
            }
        }
        return out;
    }

    /** The cached market in the simulator's canonical text, or {@code null}. */
    String state(String marketId) {
        synchronized (cache) {
            BetfairMarket m = cache.market(marketId);
            return m == null ? null : canonical(m);
        }
    }

    /** {@code m} in the simulator's canonical text (see {@code SimMarket#canonical}), for comparing the two. */
    public static String canonical(BetfairMarket m) {
        StringBuilder sb = new StringBuilder();
        sb.append(m.id()).append(" tv=").append(BetfairBookJson.decimal(m.tv())).append('\n');
        List<RunnerLadder> sorted = new ArrayList<>(m.runners());
        sorted.sort(java.util.Comparator.comparingLong(RunnerLadder::selectionId).thenComparingLong(RunnerLadder::handicap));
        for (RunnerLadder r : sorted) {
            if (!hasData(r)) {
                continue;
            }
            sb.append(" runner ").append(r.selectionId())
                    .append(r.handicap() == 0 ? "" : "/" + BetfairBookJson.decimal(r.handicap()))
                    .append(" ltp=").append(price(r.ltp())).append(" tv=").append(BetfairBookJson.decimal(r.tv()))
                    .append(" spn=").append(sp(r.spNear())).append(" spf=").append(sp(r.spFar())).append('\n');
            ladder(sb, "atb", r.atb(), false);
            ladder(sb, "atl", r.atl(), false);
            ladder(sb, "trd", r.trd(), false);
            ladder(sb, "spb", r.spb(), true);
            ladder(sb, "spl", r.spl(), true);
            levels(sb, "batb", r.batb());
            levels(sb, "batl", r.batl());
            levels(sb, "bdatb", r.bdatb());
            levels(sb, "bdatl", r.bdatl());
        }
        return sb.toString();
    }

    private static boolean hasData(RunnerLadder r) {
        return r.ltp() != RunnerLadder.NO_PRICE || r.spNear() != SpPrice.NONE || r.spFar() != SpPrice.NONE
                || r.tv() != 0 || !r.atb().isEmpty() || !r.atl().isEmpty() || !r.trd().isEmpty()
                || !r.spb().isEmpty() || !r.spl().isEmpty() || !r.batb().isEmpty() || !r.batl().isEmpty()
                || !r.bdatb().isEmpty() || !r.bdatl().isEmpty();
    }

    private static String price(long p) {
        String s = BetfairBookJson.price(p);
        return s == null ? "-" : s;
    }

    private static String sp(long v) {
        String s = BetfairBookJson.spPrice(v);
        return s == null ? "-" : s;
    }

    private static void ladder(StringBuilder sb, String name, PriceSizeLadder l, boolean sp) {
        TreeMap<Long, Long> m = new TreeMap<>();
        for (int i = 0; i < l.depth(); i++) {
            m.put(l.price(i), l.size(i));
        }
        sb.append("  ").append(name).append(':');
        for (Map.Entry<Long, Long> e : m.entrySet()) {
            if (e.getValue() != 0) {
                sb.append(' ').append(sp ? BetfairBookJson.spPrice(e.getKey()) : BetfairBookJson.decimal(e.getKey())).append('=')
                        .append(BetfairBookJson.decimal(e.getValue()));
            }
        }
        sb.append('\n');
    }

    private static void levels(StringBuilder sb, String name, LevelLadder l) {
        sb.append("  ").append(name).append(':');
        TreeMap<Integer, String> m = new TreeMap<>();
        for (int i = 0; i < l.count(); i++) {
            if (l.sizeAt(i) != 0) {
                m.put(l.levelAt(i), BetfairBookJson.decimal(l.priceAt(i)) + "=" + BetfairBookJson.decimal(l.sizeAt(i)));
            }
        }
        m.forEach((k, v) -> sb.append(' ').append(k).append('@').append(v));
        sb.append('\n');
    }

    static Duration timeout() {
        return Duration.ofSeconds(30);
    }

    @Override
    public void close() {
        client.close();
    }
}
