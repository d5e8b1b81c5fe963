package dev.ladder.binance.sim;

import dev.ladder.book.OrderBook;
import dev.ladder.core.Decimals;
import dev.ladder.core.Side;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seedable random market: per symbol a random-walk best bid from a realistic level (see
 * {@link #levelFor}) with a one- or two-tick spread, sizes worth a few thousand quote units, a
 * few hundred levels per side, a handful of size changes near the touch per tick, occasional
 * trades that eat into the touch. Each {@link #next} call yields one raw diff with update ids that
 * advance by more than one (as Binance's do). Not thread-safe: the simulator calls it under its lock.
 */
final class MarketModel {
    /** Prices and quantities carry 8 fraction digits, as on Binance spot. */
    static final int SCALE = 8;

    /** Realistic price levels of well-known symbols (quote units per base unit). */
    private static final Map<String, Double> KNOWN_LEVELS = Map.ofEntries(
            Map.entry("BTCUSDT", 65_000.0), Map.entry("BTCUSDC", 65_000.0), Map.entry("BTCFDUSD", 65_000.0),
            Map.entry("ETHUSDT", 3_000.0), Map.entry("ETHUSDC", 3_000.0), Map.entry("BNBUSDT", 550.0),
            Map.entry("SOLUSDT", 150.0), Map.entry("XRPUSDT", 0.5), Map.entry("DOGEUSDT", 0.15),
            Map.entry("ADAUSDT", 0.45), Map.entry("LTCUSDT", 80.0), Map.entry("ETHBTC", 0.05));
    /** Median notional of one level, in quote units. */
    private static final double LEVEL_NOTIONAL = 3_000;

    private final SplittableRandom random;
    private final long seed;
    private final int targetLevels;

    MarketModel(long seed, int targetLevels) {
        this.random = new SplittableRandom(seed);
        this.seed = seed;
        this.targetLevels = targetLevels;
    }

    /**
     * Fills a fresh book around a realistic price for the symbol (see {@link #levelFor}); update ids
     * start at {@code firstUpdateId}. Sizes are lognormal around a notional of a few thousand quote units
     * per level, rounded to the step size (at least one step).
     */
    void seed(SimBook b, long firstUpdateId) {
        Level level = levelFor(b.symbol, seed);
        b.tickSize = level.tick;
        b.lotSize = level.step;
        b.referencePrice = level.price;
        long bestBid = level.price;
        long bestAsk = bestBid + b.tickSize;
        for (int i = 0; i < targetLevels; i++) {
            b.book.set(Side.BID, bestBid - i * b.tickSize, randomSize(b, i));
            if (bestBid - (i + 1) * b.tickSize <= 0) {
                break;
            }
        }
        for (int i = 0; i < targetLevels; i++) {
            b.book.set(Side.ASK, bestAsk + i * b.tickSize, randomSize(b, i));
        }
        b.lastUpdateId = firstUpdateId;
        b.lastTradeId = random.nextLong(1_000_000, 100_000_000);
    }

    /**
     * The starting best bid, tick size and step size of {@code symbol} (all scaled by {@link #SCALE}):
     * well-known USDT pairs start within 5% of a realistic level (BTCUSDT about 65,000, ETHUSDT 3,000,
     * BNBUSDT 550, SOLUSDT 150, XRPUSDT 0.5, ...); any other symbol gets a pseudo-random level between
     * 0.1 and 10,000 drawn from the symbol's name and the seed, so it does not depend on symbol order.
     * The step size makes one step worth between 0.1 and 1 quote units (at most 1, at least 10^-8), as on Binance.
     */
    static Level levelFor(String symbol, long seed) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + symbol.hashCode());
        double base;
        long tick;
        Double known = KNOWN_LEVELS.get(symbol);
        if (known != null) {
            base = known * (0.95 + r.nextDouble() * 0.1);
            tick = base >= 10 ? Decimals.pow10(SCALE - 2) : base >= 1 ? Decimals.pow10(SCALE - 3) : Decimals.pow10(SCALE - 4);
            if (base < 0.2) {
                tick = Decimals.pow10(SCALE - 5);
            }
        } else {
            base = Math.pow(10, -1 + r.nextDouble() * 5);
            int exponent = (int) Math.floor(Math.log10(base));
            tick = Decimals.pow10(Math.clamp(SCALE + exponent - 4, 0, SCALE - 2));
        }
        int stepExponent = (int) Math.floor(Math.log10(1 / base));
        long step = Decimals.pow10(Math.clamp(SCALE + stepExponent, 0, SCALE));
        long price = Math.max(tick, (long) (base * Decimals.pow10(SCALE)) / tick * tick);
        return new Level(price, tick, step);
    }

    /** A symbol's starting best bid, tick size and step size, scaled by {@link #SCALE}. */
    record Level(long price, long tick, long step) {
    }

    /** One tick's changes (not yet applied): a possible move of the touch, size changes, maybe a trade. */
    SimBook.Diff next(SimBook b, TradeSink trades) {
        SimBook.Diff d = new SimBook.Diff();
        OrderBook book = b.book;
        long tick = b.tickSize;
        long bestBid = book.bestPrice(Side.BID);
        long bestAsk = book.bestPrice(Side.ASK);
        if (bestBid == OrderBook.NO_PRICE || bestAsk == OrderBook.NO_PRICE) {
            return d;
        }
        if (random.nextInt(10) < 3) {
            int move = random.nextInt(1, 3) * (random.nextBoolean() ? 1 : -1);
            long newBid = bestBid + move * tick;
            if (newBid <= tick) {
                newBid = bestBid;
            }
            long newAsk = newBid + tick * random.nextInt(1, 3);
            for (int i = 0; i < book.depth(Side.ASK) && book.price(Side.ASK, i) < newAsk; i++) {
                d.asks.put(book.price(Side.ASK, i), 0L);
            }
            for (int i = 0; i < book.depth(Side.BID) && book.price(Side.BID, i) > newBid; i++) {
                d.bids.put(book.price(Side.BID, i), 0L);
            }
            for (long p = newBid; p > bestBid; p -= tick) {
                d.bids.put(p, randomSize(b, 0));
            }
            for (long p = newAsk; p < bestAsk; p += tick) {
                d.asks.put(p, randomSize(b, 0));
            }
            if (!d.bids.containsKey(newBid) && book.sizeAt(Side.BID, newBid) == 0) {
                d.bids.put(newBid, randomSize(b, 0));
            }
            if (!d.asks.containsKey(newAsk) && book.sizeAt(Side.ASK, newAsk) == 0) {
                d.asks.put(newAsk, randomSize(b, 0));
            }
        }
        int changes = random.nextInt(2, 14);
        for (int c = 0; c < changes; c++) {
            Side side = random.nextBoolean() ? Side.BID : Side.ASK;
            int depth = book.depth(side);
            if (depth == 0) {
                continue;
            }
            int level = Math.min(depth - 1, geometric(0.15));
            long price = book.price(side, level);
            if (d.side(side).containsKey(price)) {
                continue;
            }
            int what = random.nextInt(10);
            if (what == 0 && level > 0) {
                d.side(side).put(price, 0L);
            } else if (what == 1) {
                long gapPrice = side == Side.BID ? price - tick : price + tick;
                if (gapPrice > 0 && book.sizeAt(side, gapPrice) == 0 && !d.side(side).containsKey(gapPrice)
                        && !crosses(side, gapPrice, d, book)) {
                    d.side(side).put(gapPrice, randomSize(b, level));
                }
            } else {
                d.side(side).put(price, randomSize(b, level));
            }
        }
        keepDepth(b, d, Side.BID);
        keepDepth(b, d, Side.ASK);
        if (trades != null && random.nextInt(10) < 3) {
            boolean buyerIsMaker = random.nextBoolean();
            Side hit = buyerIsMaker ? Side.BID : Side.ASK;
            long price = book.bestPrice(hit);
            if (!d.side(hit).containsKey(price)) {
                long size = book.bestSize(hit);
                long qty = Math.max(b.lotSize, size / b.lotSize / random.nextInt(2, 6) * b.lotSize);
                if (qty < size) {
                    d.side(hit).put(price, size - qty);
                    trades.trade(price, qty, buyerIsMaker);
                }
            }
        }
        int ids = d.bids.size() + d.asks.size();
        d.firstId = b.lastUpdateId + 1;
        d.finalId = b.lastUpdateId + Math.max(1, ids) + random.nextInt(0, 3);
        return d;
    }

    private boolean crosses(Side side, long price, SimBook.Diff d, OrderBook book) {
        long other = book.bestPrice(side.opposite());
        return side == Side.BID ? price >= other : price <= other;
    }

    private void keepDepth(SimBook b, SimBook.Diff d, Side side) {
        OrderBook book = b.book;
        int depth = book.depth(side);
        if (depth > targetLevels + 20) {
            for (int i = targetLevels; i < depth; i++) {
                d.side(side).put(book.price(side, i), 0L);
            }
        } else if (depth < targetLevels - 20 && depth > 0) {
            long worst = book.price(side, depth - 1);
            long p = side == Side.BID ? worst - b.tickSize : worst + b.tickSize;
            if (p > 0) {
                d.side(side).putIfAbsent(p, randomSize(b, depth));
            }
        }
    }

    /** A lognormal size around {@link #LEVEL_NOTIONAL} (a little larger away from the touch), in whole steps. */
    private long randomSize(SimBook b, int level) {
        double price = (double) b.referencePrice / Decimals.pow10(SCALE);
        double notional = LEVEL_NOTIONAL * (1 + Math.min(level, 100) / 50.0) * Math.exp(0.9 * random.nextGaussian() - 0.4);
        double steps = notional / price / ((double) b.lotSize / Decimals.pow10(SCALE));
        long lots = Math.max(1, Math.min(1_000_000_000L, Math.round(steps)));
        return lots * b.lotSize;
    }

    private int geometric(double p) {
        int n = 0;
        while (random.nextDouble() > p && n < 400) {
            n++;
        }
        return n;
    }

    /** Receives the trades a tick produces. */
    interface TradeSink {
        void trade(long price, long qty, boolean buyerIsMaker);
    }
}
