package dev.ladder.betfair.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.betfair.MarketDataFilter;
import dev.ladder.betfair.StreamJson;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The simulator's view of one market, in exact decimals straight from the JSON: either the full
 * state (image mode: size 0 removes) or an accumulation of deltas to send later (delta mode: size 0
 * is kept, because it tells the client to remove). An empty {@code trd} array empties the traded
 * ladder (as betfairlightweight and our cache read it); other empty arrays change nothing. Accumulating several changes into one delta is
 * how the simulator conflates and how it answers a re-subscription with the changes since a clk.
 * Owned by whoever holds the simulator's exchange lock or by one session thread; not thread-safe.
 */
final class SimMarket {
    private static final String[] PRICE_LADDERS = {"atb", "atl", "trd", "spb", "spl"};
    private static final String[] LEVEL_LADDERS = {"batb", "batl", "bdatb", "bdatl"};

    final String id;
    private final boolean deltaMode;
    private boolean img;
    private ObjectNode definition;
    private JsonNode tv;
    private final LinkedHashMap<String, Runner> runners = new LinkedHashMap<>();
    private int merged;

    SimMarket(String id, boolean deltaMode) {
        this.id = id;
        this.deltaMode = deltaMode;
    }

    /** The current definition, or {@code null}. */
    ObjectNode definition() {
        return definition;
    }

    /** The market's traded volume as last sent ({@code tv}), or {@code null}. */
    JsonNode tv() {
        return tv;
    }

    /** How many changes were merged into this accumulator. */
    int merged() {
        return merged;
    }

    boolean isEmpty() {
        return !img && definition == null && tv == null && runners.isEmpty();
    }

    /** The runners in first-seen order. */
    Iterable<Runner> runners() {
        return runners.values();
    }

    Runner runner(long selectionId) {
        for (Runner r : runners.values()) {
            if (r.id == selectionId) {
                return r;
            }
        }
        return null;
    }

    /** Applies one {@code mc[]} entry. */
    void apply(JsonNode mc) {
        merged++;
        if (mc.path("img").asBoolean(false)) {
            img = true;
            runners.clear();
            tv = null;
            if (deltaMode) {
                definition = null;
            }
        }
        JsonNode def = mc.get("marketDefinition");
        if (def != null && def.isObject()) {
            definition = (ObjectNode) def;
        }
        JsonNode t = mc.get("tv");
        if (t != null && !t.isNull()) {
            tv = t;
        }
        JsonNode rc = mc.get("rc");
        if (rc != null && rc.isArray()) {
            for (JsonNode r : rc) {
                JsonNode idNode = r.get("id");
                if (idNode == null || !idNode.canConvertToLong()) {
                    continue;
                }
                runner(idNode.longValue(), r.get("hc")).apply(r, storeZeros());
            }
        }
    }

    /** Appends the whole of {@code other} (an accumulator) as a later change. */
    void merge(SimMarket other) {
        if (other.img) {
            img = true;
            runners.clear();
            tv = null;
            definition = null;
        }
        if (other.definition != null) {
            definition = other.definition;
        }
        if (other.tv != null) {
            tv = other.tv;
        }
        for (Runner o : other.runners.values()) {
            runner(o.id, o.hc).merge(o, storeZeros());
        }
        merged += Math.max(1, other.merged);
    }

    private boolean storeZeros() {
        return deltaMode && !img;
    }

    private Runner runner(long selectionId, JsonNode hc) {
        BigDecimal h = hc == null || hc.isNull() || !hc.isNumber() ? null : hc.decimalValue().stripTrailingZeros();
        return runner(selectionId, h);
    }

    private Runner runner(long selectionId, BigDecimal hc) {
        String key = selectionId + "|" + (hc == null ? "" : hc.toPlainString());
        return runners.computeIfAbsent(key, k -> new Runner(selectionId, hc));
    }

    /** A full image of this market ({@code img:true}) under the data filter. */
    ObjectNode toImage(MarketDataFilter filter) {
        return write(filter, true, false);
    }

    /**
     * This accumulator as one change under the data filter, or {@code null} when nothing of it
     * survives the filter. {@code con} is set when more than one change was merged.
     */
    ObjectNode toChange(MarketDataFilter filter) {
        return write(filter, img, merged > 1);
    }

    private ObjectNode write(MarketDataFilter f, boolean asImage, boolean conflated) {
        ObjectNode o = StreamJson.object();
        o.put("id", id);
        boolean content = false;
        if (asImage) {
            o.put("img", true);
            content = true;
        }
        if (conflated) {
            o.put("con", true);
        }
        if (definition != null && f.wants(MarketDataFilter.Field.EX_MARKET_DEF)) {
            o.set("marketDefinition", definition);
            content = true;
        }
        if (tv != null && f.wants(MarketDataFilter.Field.EX_TRADED_VOL)) {
            o.set("tv", tv);
            content = true;
        }
        ArrayNode rc = StreamJson.array();
        for (Runner r : runners.values()) {
            r.write(rc, f);
        }
        if (!rc.isEmpty()) {
            o.set("rc", rc);
            content = true;
        }
        return content ? o : null;
    }

    /**
     * A normalised text of the state (decimals without trailing zeros, ladders sorted, zero sizes
     * dropped) for comparing two views of the same market in tests.
     */
    String canonical() {
        StringBuilder sb = new StringBuilder();
        sb.append(id).append(" tv=").append(tv == null ? "0" : norm(tv)).append('\n');
        runners.values().stream().filter(Runner::hasData).sorted(java.util.Comparator.comparingLong((Runner r) -> r.id)
                        .thenComparing(r -> r.hc == null ? BigDecimal.ZERO : r.hc)).forEach(r -> r.canonical(sb));
        return sb.toString();
    }

    static String norm(JsonNode v) {
        if (v == null || v.isNull()) {
            return "-";
        }
        return v.isNumber() ? v.decimalValue().stripTrailingZeros().toPlainString() : v.asText();
    }

    /** One runner's prices. */
    static final class Runner {
        final long id;
        final BigDecimal hc;
        final Map<String, TreeMap<BigDecimal, BigDecimal>> prices = new LinkedHashMap<>();
        final Map<String, TreeMap<Integer, BigDecimal[]>> levels = new LinkedHashMap<>();
        final Map<String, Boolean> cleared = new LinkedHashMap<>();
        JsonNode ltp;
        JsonNode tv;
        JsonNode spn;
        JsonNode spf;

        Runner(long id, BigDecimal hc) {
            this.id = id;
            this.hc = hc;
        }

        TreeMap<BigDecimal, BigDecimal> ladder(String name) {
            return prices.computeIfAbsent(name, k -> new TreeMap<>());
        }

        TreeMap<Integer, BigDecimal[]> levelLadder(String name) {
            return levels.computeIfAbsent(name, k -> new TreeMap<>());
        }

        void apply(JsonNode r, boolean keepZeros) {
            for (String name : PRICE_LADDERS) {
                JsonNode a = r.get(name);
                if (a == null || !a.isArray()) {
                    continue;
                }
                TreeMap<BigDecimal, BigDecimal> m = ladder(name);
                if (a.isEmpty() && "trd".equals(name)) {
                    m.clear();
                    if (keepZeros) {
                        cleared.put(name, true);
                    }
                    continue;
                }
                for (JsonNode pv : a) {
                    if (pv.size() < 2 || !pv.get(0).isNumber() || !pv.get(1).isNumber()) {
                        continue;
                    }
                    BigDecimal p = pv.get(0).decimalValue().stripTrailingZeros();
                    BigDecimal s = pv.get(1).decimalValue();
                    if (s.signum() == 0 && !keepZeros) {
                        m.remove(p);
                    } else {
                        m.put(p, s);
                    }
                }
            }
            for (String name : LEVEL_LADDERS) {
                JsonNode a = r.get(name);
                if (a == null || !a.isArray()) {
                    continue;
                }
                TreeMap<Integer, BigDecimal[]> m = levelLadder(name);
                for (JsonNode lpv : a) {
                    if (lpv.size() < 3 || !lpv.get(0).canConvertToInt() || !lpv.get(1).isNumber()
                            || !lpv.get(2).isNumber()) {
                        continue;
                    }
                    int level = lpv.get(0).intValue();
                    BigDecimal p = lpv.get(1).decimalValue();
                    BigDecimal s = lpv.get(2).decimalValue();
                    if (s.signum() == 0 && !keepZeros) {
                        m.remove(level);
                    } else {
                        m.put(level, new BigDecimal[] {p, s});
                    }
                }
            }
            ltp = pick(r, "ltp", ltp);
            tv = pick(r, "tv", tv);
            spn = pick(r, "spn", spn);
            spf = pick(r, "spf", spf);
        }

        void merge(Runner o, boolean keepZeros) {
            for (Map.Entry<String, Boolean> c : o.cleared.entrySet()) {
                ladder(c.getKey()).clear();
                if (keepZeros) {
                    cleared.put(c.getKey(), true);
                }
            }
            for (Map.Entry<String, TreeMap<BigDecimal, BigDecimal>> e : o.prices.entrySet()) {
                TreeMap<BigDecimal, BigDecimal> m = ladder(e.getKey());
                for (Map.Entry<BigDecimal, BigDecimal> pv : e.getValue().entrySet()) {
                    if (pv.getValue().signum() == 0 && !keepZeros) {
                        m.remove(pv.getKey());
                    } else {
                        m.put(pv.getKey(), pv.getValue());
                    }
                }
            }
            for (Map.Entry<String, TreeMap<Integer, BigDecimal[]>> e : o.levels.entrySet()) {
                TreeMap<Integer, BigDecimal[]> m = levelLadder(e.getKey());
                for (Map.Entry<Integer, BigDecimal[]> lv : e.getValue().entrySet()) {
                    if (lv.getValue()[1].signum() == 0 && !keepZeros) {
                        m.remove(lv.getKey());
                    } else {
                        m.put(lv.getKey(), lv.getValue());
                    }
                }
            }
            ltp = o.ltp != null ? o.ltp : ltp;
            tv = o.tv != null ? o.tv : tv;
            spn = o.spn != null ? o.spn : spn;
            spf = o.spf != null ? o.spf : spf;
        }

        private static JsonNode pick(JsonNode r, String name, JsonNode old) {
            JsonNode v = r.get(name);
            return v == null || v.isNull() ? old : v;
        }

        void write(ArrayNode rc, MarketDataFilter f) {
            ObjectNode clears = null;
            ObjectNode o = StreamJson.object();
            for (Map.Entry<String, TreeMap<BigDecimal, BigDecimal>> e : prices.entrySet()) {
                String name = e.getKey();
                if (!wants(f, name)) {
                    continue;
                }
                if (cleared.containsKey(name)) {
                    if (clears == null) {
                        clears = head();
                    }
                    clears.putArray(name);
                }
                if (!e.getValue().isEmpty()) {
                    ArrayNode a = o.putArray(name);
                    for (Map.Entry<BigDecimal, BigDecimal> pv : e.getValue().entrySet()) {
                        a.addArray().add(pv.getKey()).add(pv.getValue());
                    }
                }
            }
            int depth = f.levels();
            for (Map.Entry<String, TreeMap<Integer, BigDecimal[]>> e : levels.entrySet()) {
                if (!wants(f, e.getKey())) {
                    continue;
                }
                ArrayNode a = null;
                for (Map.Entry<Integer, BigDecimal[]> lv : e.getValue().entrySet()) {
                    if (lv.getKey() >= depth) {
                        continue;
                    }
                    if (a == null) {
                        a = o.putArray(e.getKey());
                    }
                    a.addArray().add(lv.getKey()).add(lv.getValue()[0]).add(lv.getValue()[1]);
                }
            }
            putIf(o, f, "ltp", ltp);
            putIf(o, f, "tv", tv);
            putIf(o, f, "spn", spn);
            putIf(o, f, "spf", spf);
            if (clears != null) {
                rc.add(clears);
            }
            if (o.size() > 0) {
                ObjectNode withId = head();
                withId.setAll(o);
                rc.add(withId);
            }
        }

        private ObjectNode head() {
            ObjectNode h = StreamJson.object();
            h.put("id", id);
            if (hc != null) {
                h.put("hc", hc);
            }
            return h;
        }

        private static void putIf(ObjectNode o, MarketDataFilter f, String name, JsonNode v) {
            if (v != null && wants(f, name)) {
                o.set(name, v);
            }
        }

        static boolean wants(MarketDataFilter f, String field) {
            return switch (field) {
                case "atb", "atl" -> f.wants(MarketDataFilter.Field.EX_ALL_OFFERS);
                case "trd" -> f.wants(MarketDataFilter.Field.EX_TRADED);
                case "spb", "spl" -> f.wants(MarketDataFilter.Field.SP_TRADED);
                case "batb", "batl" -> f.wants(MarketDataFilter.Field.EX_BEST_OFFERS);
                case "bdatb", "bdatl" -> f.wants(MarketDataFilter.Field.EX_BEST_OFFERS_DISP);
                case "ltp" -> f.wants(MarketDataFilter.Field.EX_LTP);
                case "tv" -> f.wants(MarketDataFilter.Field.EX_TRADED_VOL);
                case "spn", "spf" -> f.wants(MarketDataFilter.Field.SP_PROJECTED);
                default -> true;
            };
        }

        boolean hasData() {
            if (ltp != null || spn != null || spf != null || (tv != null && tv.decimalValue().signum() != 0)) {
                return true;
            }
            for (TreeMap<BigDecimal, BigDecimal> m : prices.values()) {
                for (BigDecimal v : m.values()) {
                    if (v.signum() != 0) {
                        return true;
                    }
                }
            }
            for (TreeMap<Integer, BigDecimal[]> m : levels.values()) {
                for (BigDecimal[] v : m.values()) {
                    if (v[1].signum() != 0) {
                        return true;
                    }
                }
            }
            return false;
        }

        void canonical(StringBuilder sb) {
            sb.append(" runner ").append(id).append(hc == null || hc.signum() == 0 ? "" : "/" + hc.toPlainString())
                    .append(" ltp=").append(norm(ltp)).append(" tv=").append(tv == null ? "0" : norm(tv))
                    .append(" spn=").append(norm(spn)).append(" spf=").append(norm(spf)).append('\n');
            for (String name : PRICE_LADDERS) {
                TreeMap<BigDecimal, BigDecimal> m = prices.get(name);
                sb.append("  ").append(name).append(':');
                if (m != null) {
                    for (Iterator<Map.Entry<BigDecimal, BigDecimal>> it = m.entrySet().iterator(); it.hasNext(); ) {
                        Map.Entry<BigDecimal, BigDecimal> e = it.next();
                        if (e.getValue().signum() != 0) {
                            sb.append(' ').append(e.getKey().toPlainString()).append('=')
                                    .append(e.getValue().stripTrailingZeros().toPlainString());
                        }
                    }
                }
                sb.append('\n');
            }
            for (String name : LEVEL_LADDERS) {
                TreeMap<Integer, BigDecimal[]> m = levels.get(name);
                sb.append("  ").append(name).append(':');
                if (m != null) {
                    for (Map.Entry<Integer, BigDecimal[]> e : m.entrySet()) {
                        if (e.getValue()[1].signum() != 0) {
                            sb.append(' ').append(e.getKey()).append('@')
                                    .append(e.getValue()[0].stripTrailingZeros().toPlainString()).append('=')
                                    .append(e.getValue()[1].stripTrailingZeros().toPlainString());
                        }
                    }
                }
                sb.append('\n');
            }
        }
    }
}
