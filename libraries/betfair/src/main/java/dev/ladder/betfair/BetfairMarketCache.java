package dev.ladder.betfair;

import dev.ladder.book.ladder.RunnerLadder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state of every market of one market subscription, rebuilt from the stream's {@code mcm}
 * messages as a {@link BetfairStreamDecoder} applies them (live, or replayed from historical files).
 *
 * <p>Rules (Betfair stream specification; betfairlightweight agrees):
 * <ul>
 *   <li>{@code img: true} replaces the market: its runners and ladders and its traded volume are
 *       dropped, then rebuilt from the message (and the definition, kept from before if the image
 *       carries none). A market first seen without {@code img} is created as well (historical
 *       files have no images).</li>
 *   <li>A market definition replaces the previous one; runners it names are added when unknown, so a
 *       definition without {@code rc} (BASIC files) still lists every runner.</li>
 *   <li>Runner changes are applied in the order of {@code rc[]}, so several entries for one runner in
 *       one message merge in order. Price ladders (atb, atl, trd, spb, spl) are keyed by price, level
 *       ladders (batb, batl, bdatb, bdatl) by position; size 0 removes; {@code trd: []} empties the
 *       traded ladder. ltp, tv, spn, spf replace the previous value when present. Starting-price
 *       values (spn, spf, spb and spl prices) are kept with every digit sent, as
 *       {@link dev.ladder.book.ladder.SpPrice} encodings.</li>
 *   <li>With {@link BetfairCacheConfig#cumulativeRunnerTv()} a runner's tv is the sum of its traded
 *       ladder (for PRO files, whose runner tv is not cumulative); with
 *       {@link BetfairCacheConfig#calculateMarketTv()} the market's tv is the sum over all runners'
 *       traded ladders.</li>
 *   <li>The clocks {@code initialClk} and {@code clk} are kept as last sent (heartbeats included) for
 *       re-subscription; they are never reset by {@link #clear()}. Clocks belong to one subscription,
 *       so use one cache (and one decoder) per market subscription.</li>
 *   <li>A CLOSED market is evicted once the stream's publish time passes its last update by
 *       {@link BetfairCacheConfig#closedGraceMillis()}; the check runs every sixtieth of the grace
 *       period of publish time (at most every minute), so a market goes at most 1/60 late and memory
 *       stays bounded on long streams.</li>
 * </ul>
 * A message is applied whole: it is decoded first and applied only when it is well-formed JSON, and
 * listeners hear about it afterwards. Fields the decoder found bad (see {@link BetfairStreamDecoder})
 * never reach the cache; the rest of their message does.
 *
 * <p>Thread: one writer (the connection's or the replay's thread) calls the decoder; readers take
 * {@link BetfairMarket#copy()} under the writer's lock. Not thread-safe by itself.
 */
public final class BetfairMarketCache {
    private final BetfairCacheConfig config;
    private final LinkedHashMap<String, BetfairMarket> markets = new LinkedHashMap<>();
    private BetfairCacheListener listener;
    private final ClockToken clk = new ClockToken();
    private final ClockToken initialClk = new ClockToken();
    private long publishTime = -1;
    private long lastSweep = -1;
    private final long sweepEvery;
    private long messages;
    private long marketChanges;
    private long evicted;
    private long listenerFailures;
    private BetfairMarket[] touched = new BetfairMarket[8];
    private boolean[] touchedImage = new boolean[8];

    /** A cache with {@link BetfairCacheConfig#defaults()}. */
    public BetfairMarketCache() {
        this(BetfairCacheConfig.defaults());
    }

    public BetfairMarketCache(BetfairCacheConfig config) {
        this.config = config;
        this.sweepEvery = Math.max(1, Math.min(60_000, config.closedGraceMillis() / 60));
    }

    public BetfairCacheConfig config() {
        return config;
    }

    /** Sets (or with {@code null} removes) the one listener told after each applied message. */
    public void listener(BetfairCacheListener listener) {
        this.listener = listener;
    }

    /** The market, or {@code null} when never seen or evicted. */
    public BetfairMarket market(String marketId) {
        return markets.get(marketId);
    }

    /** Every market in first-seen order (read-only live view: copy before handing to another thread). */
    public Collection<BetfairMarket> markets() {
        return Collections.unmodifiableCollection(markets.values());
    }

    /** The number of markets held. */
    public int size() {
        return markets.size();
    }

    /** The last {@code clk} sent (token for re-subscription), or {@code null}. */
    public String clk() {
        return clk.text();
    }

    /** The last {@code initialClk} sent, or {@code null}. */
    public String initialClk() {
        return initialClk.text();
    }

    /** The publish time ({@code pt}) of the last applied message, -1 before any. */
    public long publishTime() {
        return publishTime;
    }

    /** {@code mcm} messages applied (heartbeats included). */
    public long messages() {
        return messages;
    }

    /** Market changes ({@code mc[]} entries) applied. */
    public long marketChanges() {
        return marketChanges;
    }

    /** Markets evicted after closing. */
    public long evicted() {
        return evicted;
    }

    /** Listener calls that threw (the exception is swallowed so that the stream goes on). */
    public long listenerFailures() {
        return listenerFailures;
    }

    /**
     * Drops every market (a new subscription, not a re-subscription); the clocks stay so the caller
     * can decide whether to resume from them.
     */
    public void clear() {
        markets.clear();
    }

    /**
     * Takes the markets of {@code other} (a cache that replayed other files) after this cache's own, in
     * their first-seen order, with their message and change counts; clocks and publish time become
     * {@code other}'s when it has them. Used by {@link BetfairParallelReplay}, which merges only caches
     * whose market ids are disjoint.
     *
     * @throws IllegalStateException when a market id is in both caches (nothing is moved then)
     */
    void absorb(BetfairMarketCache other) {
        for (String id : other.markets.keySet()) {
            if (markets.containsKey(id)) {
                throw new IllegalStateException("market " + id + " is in both caches");
            }
        }
        markets.putAll(other.markets);
        messages += other.messages;
        marketChanges += other.marketChanges;
        evicted += other.evicted;
        clk.setFrom(other.clk);
        initialClk.setFrom(other.initialClk);
        if (other.publishTime >= 0) {
            publishTime = other.publishTime;
        }
    }

    /** Applies a cleanly decoded message (the decoder's job). */
    void apply(MarketChangeBuffer b, String newInitialClk, String newClk, long pt) {
        if (newInitialClk != null) {
            initialClk.set(newInitialClk);
        }
        if (newClk != null) {
            clk.set(newClk);
        }
        apply(b, pt);
    }

    /** Applies a message the byte scanner decoded; its clocks, when sent, are in {@code scanned}. */
    void apply(MarketChangeBuffer b, BetfairLineScanner scanned, long pt) {
        if (scanned.initialClkLength >= 0) {
            initialClk.set(scanned.initialClkBytes, 0, scanned.initialClkLength);
        }
        if (scanned.clkLength >= 0) {
            clk.set(scanned.clkBytes, 0, scanned.clkLength);
        }
        apply(b, pt);
    }

    private void apply(MarketChangeBuffer b, long pt) {
        messages++;
        if (pt >= 0) {
            publishTime = pt;
        }
        if (touched.length < b.markets) {
            touched = new BetfairMarket[b.markets * 2];
            touchedImage = new boolean[b.markets * 2];
        }
        int runner = 0;
        int op = 0;
        for (int m = 0; m < b.markets; m++) {
            String id = b.marketIds[m];
            BetfairMarket market = markets.get(id);
            boolean image = b.img[m] || market == null;
            if (market == null) {
                market = new BetfairMarket(id);
                markets.put(id, market);
            } else if (b.img[m]) {
                market.resetForImage();
                if (b.definitions[m] == null && market.definition() != null) {
                    market.definition(market.definition());
                }
            }
            if (b.definitions[m] != null) {
                market.definition(b.definitions[m]);
            }
            if (b.hasMarketTv[m]) {
                market.tv(b.marketTv[m]);
            }
            boolean anyTrd = false;
            for (; runner < b.runnerEnd[m]; runner++) {
                RunnerLadder r = market.runnerOrAdd(b.selectionId[runner], b.handicap[runner]);
                int f = b.flags[runner];
                if ((f & MarketChangeBuffer.HAS_LTP) != 0) {
                    r.ltp(b.ltp[runner]);
                }
                if ((f & MarketChangeBuffer.HAS_TV) != 0 && !config.cumulativeRunnerTv()) {
                    r.tv(b.tv[runner]);
                }
                if ((f & MarketChangeBuffer.HAS_SPN) != 0) {
                    r.spNear(b.spn[runner]);
                }
                if ((f & MarketChangeBuffer.HAS_SPF) != 0) {
                    r.spFar(b.spf[runner]);
                }
                for (; op < b.opEnd[runner]; op++) {
                    applyOp(r, b.opLadder[op], b.opLevel[op], b.opPrice[op], b.opSize[op]);
                }
                if ((f & MarketChangeBuffer.HAS_TRD) != 0) {
                    anyTrd = true;
                    if (config.cumulativeRunnerTv()) {
                        r.tv(r.trd().totalSize());
                    }
                }
            }
            if (anyTrd && config.calculateMarketTv()) {
                market.tv(market.tradedLadderTotal());
            }
            market.touched(pt >= 0 ? pt : publishTime);
            touched[m] = market;
            touchedImage[m] = image;
        }
        marketChanges += b.markets;
        if (listener != null) {
            for (int m = 0; m < b.markets; m++) {
                try {
                    listener.onMarketChange(touched[m], touchedImage[m]);
                } catch (RuntimeException e) {
                    listenerFailures++;
                }
            }
        }
        for (int m = 0; m < b.markets; m++) {
            touched[m] = null;
        }
        if (pt >= 0 && config.closedGraceMillis() != Long.MAX_VALUE && (lastSweep < 0 || pt - lastSweep >= sweepEvery)) {
            lastSweep = pt;
            evictClosed(pt);
        }
    }

    private static void applyOp(RunnerLadder r, byte ladder, int level, long price, long size) {
        switch (ladder) {
            case MarketChangeBuffer.ATB -> r.atb().set(price, size);
            case MarketChangeBuffer.ATL -> r.atl().set(price, size);
            case MarketChangeBuffer.TRD -> r.trd().set(price, size);
            case MarketChangeBuffer.SPB -> r.spb().set(price, size);
            case MarketChangeBuffer.SPL -> r.spl().set(price, size);
            case MarketChangeBuffer.BATB -> r.batb().set(level, price, size);
            case MarketChangeBuffer.BATL -> r.batl().set(level, price, size);
            case MarketChangeBuffer.BDATB -> r.bdatb().set(level, price, size);
            case MarketChangeBuffer.BDATL -> r.bdatl().set(level, price, size);
            case MarketChangeBuffer.TRD_CLEAR -> r.trd().clear();
            case MarketChangeBuffer.SKIP -> {
            }
            default -> throw new IllegalStateException("unknown ladder " + ladder);
        }
    }

    private void evictClosed(long pt) {
        ArrayList<String> gone = null;
        for (Iterator<Map.Entry<String, BetfairMarket>> it = markets.entrySet().iterator(); it.hasNext(); ) {
            BetfairMarket m = it.next().getValue();
            if (m.isClosed() && pt - m.publishTime() > config.closedGraceMillis()) {
                it.remove();
                evicted++;
                if (gone == null) {
                    gone = new ArrayList<>();
                }
                gone.add(m.id());
            }
        }
        if (gone != null && listener != null) {
            for (String id : gone) {
                try {
                    listener.onMarketEvicted(id);
                } catch (RuntimeException e) {
                    listenerFailures++;
                }
            }
        }
    }

    @Override
    public String toString() {
        return "BetfairMarketCache[" + markets.size() + " markets, clk " + clk + ", pt " + publishTime + "]";
    }
}
