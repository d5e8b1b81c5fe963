package dev.ladder.binance;

/**
 * A trade ({@code trade} event), decoded into a reusable mutable object. {@link #isBuyerMaker()}
 * is Binance's {@code m}: {@code true} when the buyer was the resting order (a sell aggressor).
 * Times are epoch milliseconds ({@link DepthUpdate#NONE} when absent). Not thread-safe.
 */
public final class Trade {
    private String symbol;
    private long tradeId;
    private long price;
    private long size;
    private long tradeTime = DepthUpdate.NONE;
    private long eventTime = DepthUpdate.NONE;
    private boolean isBuyerMaker;

    public String symbol() {
        return symbol;
    }

    public long tradeId() {
        return tradeId;
    }

    public long price() {
        return price;
    }

    public long size() {
        return size;
    }

    /** {@code T}: the trade time. */
    public long tradeTime() {
        return tradeTime;
    }

    /** {@code E}: the event time. */
    public long eventTime() {
        return eventTime;
    }

    public boolean isBuyerMaker() {
        return isBuyerMaker;
    }

    public Trade set(String symbol, long tradeId, long price, long size, long tradeTime, long eventTime, boolean isBuyerMaker) {
        this.symbol = symbol;
        this.tradeId = tradeId;
        this.price = price;
        this.size = size;
        this.tradeTime = tradeTime;
        this.eventTime = eventTime;
        this.isBuyerMaker = isBuyerMaker;
        return this;
    }

    public Trade clear() {
        return set(null, 0, 0, 0, DepthUpdate.NONE, DepthUpdate.NONE, false);
    }

    @Override
    public String toString() {
        return "Trade[" + symbol + " #" + tradeId + " " + size + "@" + price + (isBuyerMaker ? " buyer-maker" : "") + "]";
    }
}
