package dev.ladder.binance.sim;

import dev.ladder.book.OrderBook;
import dev.ladder.core.Side;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator's own book for one symbol, with its last update id and the per-interval
 * aggregators that turn raw per-tick diffs into {@code @depth} / {@code @depth@Nms} stream events.
 * Guarded by the simulator's lock.
 */
final class SimBook {
    final String symbol;
    final OrderBook book = new OrderBook(MarketModel.SCALE, MarketModel.SCALE);
    long lastUpdateId;
    long tickSize;
    long lotSize;
    /** The model's starting price, used to size levels by notional (0 in replay mode). */
    long referencePrice;
    long lastTradeId;
    long bookTickerBidPrice = OrderBook.NO_PRICE;
    long bookTickerAskPrice = OrderBook.NO_PRICE;
    long bookTickerBidSize;
    long bookTickerAskSize;
    final List<Aggregator> aggregators = new ArrayList<>();

    SimBook(String symbol) {
        this.symbol = symbol;
    }

    /** Applies a diff to the book and to every aggregator. */
    void apply(Diff d) {
        for (Map.Entry<Long, Long> e : d.bids.entrySet()) {
            book.set(Side.BID, e.getKey(), e.getValue());
        }
        for (Map.Entry<Long, Long> e : d.asks.entrySet()) {
            book.set(Side.ASK, e.getKey(), e.getValue());
        }
        lastUpdateId = d.finalId;
        for (Aggregator a : aggregators) {
            a.add(d);
        }
    }

    /** The aggregator for streams that publish every {@code intervalMillis} ({@code intervalTicks} ticks), created on first use. */
    Aggregator aggregator(long intervalMillis, int intervalTicks) {
        for (Aggregator a : aggregators) {
            if (a.intervalMillis == intervalMillis) {
                return a;
            }
        }
        Aggregator a = new Aggregator(intervalMillis, intervalTicks, lastUpdateId);
        aggregators.add(a);
        return a;
    }

    /** One raw change set: levels set to their new sizes (0 removes) between update ids first..final. */
    static final class Diff {
        long firstId;
        long finalId;
        final LinkedHashMap<Long, Long> bids = new LinkedHashMap<>();
        final LinkedHashMap<Long, Long> asks = new LinkedHashMap<>();

        Map<Long, Long> side(Side side) {
            return side == Side.BID ? bids : asks;
        }

        boolean isEmpty() {
            return bids.isEmpty() && asks.isEmpty();
        }
    }

    /** Accumulates diffs for a stream interval; {@link #take()} hands the merged diff out. */
    static final class Aggregator {
        final long intervalMillis;
        final int intervalTicks;
        long previousFinalId;
        Diff pending;

        Aggregator(long intervalMillis, int intervalTicks, long previousFinalId) {
            this.intervalMillis = intervalMillis;
            this.intervalTicks = intervalTicks;
            this.previousFinalId = previousFinalId;
        }

        void add(Diff d) {
            if (pending == null) {
                pending = new Diff();
                pending.firstId = d.firstId;
            }
            pending.finalId = d.finalId;
            pending.bids.putAll(d.bids);
            pending.asks.putAll(d.asks);
        }

        /** The merged diff since the last take, or null when nothing changed. */
        Diff take() {
            Diff d = pending;
            pending = null;
            return d;
        }
    }
}
