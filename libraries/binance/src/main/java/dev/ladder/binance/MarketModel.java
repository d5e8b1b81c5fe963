package dev.ladder.binance;

import dev.ladder.book.OrderBook;
import dev.ladder.core.Decimals;
import dev.ladder.core.Side;

import java.util.SplittableRandom;

/**
 * A seedable random market: per symbol a random-walk best bid with a one- or two-tick spread, a
 * few hundred levels per side, a handful of size changes near the touch per tick, occasional
 * trades that eat into the touch. Each {@link #next} call yields one raw diff with update ids that
 * advance by more than one (as Binance's do). Not thread-safe: the simulator calls it under its lock.
 */
final class MarketModel {
    /** Prices and quantities carry 8 fraction digits, as on Binance spot. */
    static final int SCALE = 8;

    private final SplittableRandom random;
    private final int targetLevels;

    MarketModel(long seed, int targetLevels) {
        this.random = new SplittableRandom(seed);
        this.targetLevels = targetLevels;
    }

    /** Fills a fresh book around a random price; update ids start at a random large number. */
    void seed(SimBook b, long firstUpdateId) {
        double magnitude = Math.pow(10, random.nextInt(0, 5));
        long price = Math.max(1, (long) (magnitude * (1 + random.nextDouble() * 8)));
        int exponent = (int) Math.floor(Math.log10(price));
        b.tickSize = Decimals.pow10(Math.max(0, SCALE - 5 + exponent - 1));
        b.lotSize = Decimals.pow10(Math.max(0, SCALE - 5 - exponent + 1));
        long bestBid = price * Decimals.pow10(SCALE) / b.tickSize * b.tickSize;
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

    private long randomSize(SimBook b, int level) {
        long lots = 1 + random.nextLong(1 + Math.min(50_000, 500L * (level + 1)));
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
