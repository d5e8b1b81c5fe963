package dev.ladder.betfair;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.book.ladder.SpPrice;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A deliberately simple market cache over Jackson trees, BigDecimals and TreeMaps: the oracle the
 * fast cache is checked against. Same rules, written the obvious way.
 */
final class ReferenceMarketCache {
    static final class Runner {
        final Map<String, TreeMap<BigDecimal, BigDecimal>> byPrice = new LinkedHashMap<>();
        final Map<String, TreeMap<Integer, BigDecimal[]>> byLevel = new LinkedHashMap<>();
        BigDecimal ltp;
        BigDecimal tv = BigDecimal.ZERO;
        String spn;
        String spf;
        String status;

        Runner() {
            for (String k : List.of("atb", "atl", "trd", "spb", "spl")) {
                byPrice.put(k, new TreeMap<>());
            }
            for (String k : List.of("batb", "batl", "bdatb", "bdatl")) {
                byLevel.put(k, new TreeMap<>());
            }
        }
    }

    static final class Market {
        final Map<String, Runner> runners = new LinkedHashMap<>();
        String status;
        boolean inPlay;
        BigDecimal tv = BigDecimal.ZERO;
    }

    final Map<String, Market> markets = new LinkedHashMap<>();
    private final boolean cumulativeRunnerTv;

    ReferenceMarketCache(boolean cumulativeRunnerTv) {
        this.cumulativeRunnerTv = cumulativeRunnerTv;
    }

    static String key(JsonNode idNode, JsonNode hcNode) {
        BigDecimal hc = hcNode == null || hcNode.isNull() ? BigDecimal.ZERO : hcNode.decimalValue();
        return idNode.asLong() + "/" + hc.stripTrailingZeros().toPlainString();
    }

    void apply(JsonNode message) {
        for (JsonNode mc : message.path("mc")) {
            String id = mc.get("id").asText();
            Market m = markets.get(id);
            JsonNode def = mc.get("marketDefinition");
            if (m == null || mc.path("img").asBoolean(false)) {
                Market fresh = new Market();
                if (m != null && def == null) {
                    fresh.status = m.status;
                    fresh.inPlay = m.inPlay;
                    m.runners.forEach((k, r) -> {
                        Runner n = new Runner();
                        n.status = r.status;
                        fresh.runners.put(k, n);
                    });
                }
                m = fresh;
                markets.put(id, m);
            }
            if (def != null) {
                m.status = def.path("status").asText();
                m.inPlay = def.path("inPlay").asBoolean();
                for (JsonNode rd : def.path("runners")) {
                    m.runners.computeIfAbsent(key(rd.get("id"), rd.get("hc")), k -> new Runner()).status =
                            rd.path("status").asText();
                }
            }
            if (mc.has("tv")) {
                m.tv = mc.get("tv").decimalValue();
            }
            for (JsonNode rc : mc.path("rc")) {
                Runner r = m.runners.computeIfAbsent(key(rc.get("id"), rc.get("hc")), k -> new Runner());
                if (rc.has("ltp")) {
                    r.ltp = rc.get("ltp").decimalValue();
                }
                if (rc.has("tv") && !cumulativeRunnerTv) {
                    r.tv = rc.get("tv").decimalValue();
                }
                if (rc.hasNonNull("spn")) {
                    r.spn = asSent(rc.get("spn"));
                }
                if (rc.hasNonNull("spf")) {
                    r.spf = asSent(rc.get("spf"));
                }
                for (var e : r.byPrice.entrySet()) {
                    JsonNode pairs = rc.get(e.getKey());
                    if (pairs == null) {
                        continue;
                    }
                    if (e.getKey().equals("trd") && pairs.isEmpty()) {
                        e.getValue().clear();
                    }
                    for (JsonNode p : pairs) {
                        BigDecimal price = p.get(0).decimalValue().stripTrailingZeros();
                        if (p.get(1).decimalValue().signum() == 0) {
                            e.getValue().remove(price);
                        } else {
                            e.getValue().put(price, p.get(1).decimalValue());
                        }
                    }
                }
                for (var e : r.byLevel.entrySet()) {
                    for (JsonNode p : rc.path(e.getKey())) {
                        int level = p.get(0).asInt();
                        if (p.get(2).decimalValue().signum() == 0) {
                            e.getValue().remove(level);
                        } else {
                            e.getValue().put(level, new BigDecimal[] {p.get(1).decimalValue(), p.get(2).decimalValue()});
                        }
                    }
                }
                if (rc.has("trd") && cumulativeRunnerTv) {
                    r.tv = r.byPrice.get("trd").values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
                }
            }
        }
    }

    /** Differences between this model and the fast cache, as readable lines (empty when equal). */
    List<String> diff(BetfairMarketCache cache) {
        List<String> out = new ArrayList<>();
        if (cache.size() != markets.size()) {
            out.add("market count " + cache.size() + " vs " + markets.size());
        }
        for (var me : markets.entrySet()) {
            BetfairMarket fast = cache.market(me.getKey());
            Market m = me.getValue();
            if (fast == null) {
                out.add("missing market " + me.getKey());
                continue;
            }
            check(out, me.getKey() + " status", fast.status(), m.status);
            check(out, me.getKey() + " inPlay", fast.isInPlay(), m.inPlay);
            check(out, me.getKey() + " tv", dec(fast.tv()), m.tv);
            List<String> fastKeys = new ArrayList<>();
            for (int i = 0; i < fast.runners().size(); i++) {
                var r = fast.runners().get(i);
                String k = r.selectionId() + "/" + BigDecimal.valueOf(r.handicap(), 2).stripTrailingZeros().toPlainString();
                fastKeys.add(k);
                Runner ref = m.runners.get(k);
                if (ref == null) {
                    out.add("extra runner " + k);
                    continue;
                }
                BetfairRunnerDefinition d = fast.runnerDefinition(i);
                check(out, k + " status", d == null ? null : d.status(), ref.status);
                check(out, k + " ltp", r.ltp() == dev.ladder.book.ladder.RunnerLadder.NO_PRICE ? null : dec(r.ltp()), ref.ltp);
                check(out, k + " tv", dec(r.tv()), ref.tv);
                check(out, k + " spn", SpPrice.toString(r.spNear()), ref.spn);
                check(out, k + " spf", SpPrice.toString(r.spFar()), ref.spf);
                ladder(out, k + " atb", r.atb(), ref.byPrice.get("atb").descendingMap(), false);
                ladder(out, k + " atl", r.atl(), ref.byPrice.get("atl"), false);
                ladder(out, k + " trd", r.trd(), ref.byPrice.get("trd"), false);
                ladder(out, k + " spb", r.spb(), ref.byPrice.get("spb").descendingMap(), true);
                ladder(out, k + " spl", r.spl(), ref.byPrice.get("spl"), true);
                levels(out, k + " batb", r.batb(), ref.byLevel.get("batb"));
                levels(out, k + " batl", r.batl(), ref.byLevel.get("batl"));
                levels(out, k + " bdatb", r.bdatb(), ref.byLevel.get("bdatb"));
                levels(out, k + " bdatl", r.bdatl(), ref.byLevel.get("bdatl"));
            }
            check(out, me.getKey() + " runners", fastKeys, new ArrayList<>(m.runners.keySet()));
        }
        return out;
    }

    private static BigDecimal dec(long v) {
        return BigDecimal.valueOf(v, 2);
    }

    /** A value as Betfair sent it: a number without trailing zeros, or the text ("NaN", "Infinity"). */
    static String asSent(JsonNode v) {
        if (!v.isNumber()) {
            return v.asText();
        }
        if (v.isDouble() && !Double.isFinite(v.doubleValue())) {
            return Double.isNaN(v.doubleValue()) ? "NaN" : "Infinity";
        }
        BigDecimal d = v.decimalValue().stripTrailingZeros();
        return (d.scale() < 0 ? d.setScale(0) : d).toPlainString();
    }

    private static void ladder(List<String> out, String what, dev.ladder.book.ladder.PriceSizeLadder fast,
                               Map<BigDecimal, BigDecimal> ref, boolean sp) {
        StringBuilder a = new StringBuilder();
        for (int i = 0; i < fast.depth(); i++) {
            BigDecimal price = sp ? new BigDecimal(SpPrice.toString(fast.price(i))) : dec(fast.price(i));
            a.append(price.stripTrailingZeros().toPlainString()).append('x')
                    .append(dec(fast.size(i)).stripTrailingZeros().toPlainString()).append(' ');
        }
        StringBuilder b = new StringBuilder();
        ref.forEach((p, s) -> b.append(p.stripTrailingZeros().toPlainString()).append('x')
                .append(s.stripTrailingZeros().toPlainString()).append(' '));
        check(out, what, a.toString(), b.toString());
    }

    private static void levels(List<String> out, String what, dev.ladder.book.ladder.LevelLadder fast,
                               Map<Integer, BigDecimal[]> ref) {
        StringBuilder a = new StringBuilder();
        for (int i = 0; i < fast.count(); i++) {
            a.append(fast.levelAt(i)).append(':').append(dec(fast.priceAt(i)).stripTrailingZeros().toPlainString())
                    .append('x').append(dec(fast.sizeAt(i)).stripTrailingZeros().toPlainString()).append(' ');
        }
        StringBuilder b = new StringBuilder();
        ref.forEach((l, ps) -> b.append(l).append(':').append(ps[0].stripTrailingZeros().toPlainString()).append('x')
                .append(ps[1].stripTrailingZeros().toPlainString()).append(' '));
        check(out, what, a.toString(), b.toString());
    }

    private static void check(List<String> out, String what, Object fast, Object ref) {
        boolean equal = fast instanceof BigDecimal a && ref instanceof BigDecimal b ? a.compareTo(b) == 0
                : java.util.Objects.equals(fast, ref);
        if (!equal && out.size() < 20) {
            out.add(what + ": fast " + fast + " vs reference " + ref);
        }
    }
}
