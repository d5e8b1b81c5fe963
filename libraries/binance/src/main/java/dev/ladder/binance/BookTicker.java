package dev.ladder.binance;

/**
 * A best bid/ask update ({@code bookTicker}), decoded into a reusable mutable object. Spot tickers
 * carry no event type or times ({@link DepthUpdate#NONE}); futures tickers carry {@code e},
 * {@code E} and {@code T}. {@link #updateId()} is the order book update id {@code u} the ticker
 * reflects: when a rebuilt book's last applied update id equals it, the book's best levels should
 * equal the ticker's. Not thread-safe.
 */
public final class BookTicker {
    private String symbol;
    private long updateId;
    private long bidPrice;
    private long bidSize;
    private long askPrice;
    private long askSize;
    private long eventTime = DepthUpdate.NONE;
    private long transactionTime = DepthUpdate.NONE;

    public String symbol() {
        return symbol;
    }

    public long updateId() {
        return updateId;
    }

    public long bidPrice() {
        return bidPrice;
    }

    public long bidSize() {
        return bidSize;
    }

    public long askPrice() {
        return askPrice;
    }

    public long askSize() {
        return askSize;
    }

    public long eventTime() {
        return eventTime;
    }

    public long transactionTime() {
        return transactionTime;
    }

    public BookTicker set(String symbol, long updateId, long bidPrice, long bidSize, long askPrice, long askSize) {
        this.symbol = symbol;
        this.updateId = updateId;
        this.bidPrice = bidPrice;
        this.bidSize = bidSize;
        this.askPrice = askPrice;
        this.askSize = askSize;
        return this;
    }

    public BookTicker setTimes(long eventTime, long transactionTime) {
        this.eventTime = eventTime;
        this.transactionTime = transactionTime;
        return this;
    }

    public BookTicker clear() {
        set(null, 0, 0, 0, 0, 0);
        return setTimes(DepthUpdate.NONE, DepthUpdate.NONE);
    }

    @Override
    public String toString() {
        return "BookTicker[" + symbol + " u=" + updateId + " " + bidSize + "@" + bidPrice + " / " + askSize + "@" + askPrice + "]";
    }
}
