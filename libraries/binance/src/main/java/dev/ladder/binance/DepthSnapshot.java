package dev.ladder.binance;

/**
 * A REST depth snapshot ({@code /api/v3/depth} or {@code /fapi/v1/depth}), decoded into a reusable
 * mutable object. The REST answer names no symbol: the caller sets it ({@link #setSymbol}) from the
 * request. Levels are best first as sent. {@link #priceFractionDigits()} and
 * {@link #sizeFractionDigits()} are the most fraction digits seen in the decimal strings, i.e. the
 * scale at which Binance prints this instrument (8 on spot). Futures snapshots also carry the times
 * {@code E} and {@code T}; absent times are {@link DepthUpdate#NONE}. Not thread-safe.
 */
public final class DepthSnapshot {
    private String symbol;
    private long lastUpdateId;
    private long eventTime = DepthUpdate.NONE;
    private long transactionTime = DepthUpdate.NONE;
    private int priceFractionDigits;
    private int sizeFractionDigits;
    private final PriceLevels bids = new PriceLevels(1024);
    private final PriceLevels asks = new PriceLevels(1024);

    /** The symbol the caller set, or {@code null}. */
    public String symbol() {
        return symbol;
    }

    public long lastUpdateId() {
        return lastUpdateId;
    }

    public long eventTime() {
        return eventTime;
    }

    /** Futures {@code T}, or {@link DepthUpdate#NONE} (spot snapshots carry no times). */
    public long transactionTime() {
        return transactionTime;
    }

    /** {@code true} when the snapshot carried a transaction time, which only futures snapshots do. */
    public boolean looksLikeFutures() {
        return transactionTime != DepthUpdate.NONE;
    }

    public int priceFractionDigits() {
        return priceFractionDigits;
    }

    public int sizeFractionDigits() {
        return sizeFractionDigits;
    }

    /** Bid levels, best (highest) first as sent. */
    public PriceLevels bids() {
        return bids;
    }

    /** Ask levels, best (lowest) first as sent. */
    public PriceLevels asks() {
        return asks;
    }

    public DepthSnapshot setSymbol(String symbol) {
        this.symbol = symbol;
        return this;
    }

    public DepthSnapshot setLastUpdateId(long lastUpdateId) {
        this.lastUpdateId = lastUpdateId;
        return this;
    }

    public DepthSnapshot setEventTime(long eventTime) {
        this.eventTime = eventTime;
        return this;
    }

    public DepthSnapshot setTransactionTime(long transactionTime) {
        this.transactionTime = transactionTime;
        return this;
    }

    /** Sets the fraction digits Binance prints for prices and sizes. */
    public DepthSnapshot setFractionDigits(int priceDigits, int sizeDigits) {
        this.priceFractionDigits = priceDigits;
        this.sizeFractionDigits = sizeDigits;
        return this;
    }

    /** Resets every field. */
    public DepthSnapshot clear() {
        symbol = null;
        lastUpdateId = 0;
        eventTime = DepthUpdate.NONE;
        transactionTime = DepthUpdate.NONE;
        priceFractionDigits = 0;
        sizeFractionDigits = 0;
        bids.clear();
        asks.clear();
        return this;
    }

    /** Makes this a copy of {@code other}, reusing this object's arrays. */
    public DepthSnapshot copyFrom(DepthSnapshot other) {
        symbol = other.symbol;
        lastUpdateId = other.lastUpdateId;
        eventTime = other.eventTime;
        transactionTime = other.transactionTime;
        priceFractionDigits = other.priceFractionDigits;
        sizeFractionDigits = other.sizeFractionDigits;
        bids.copyFrom(other.bids);
        asks.copyFrom(other.asks);
        return this;
    }

    @Override
    public String toString() {
        return "DepthSnapshot[" + symbol + " lastUpdateId=" + lastUpdateId + " bids=" + bids.count()
                + " asks=" + asks.count() + "]";
    }
}
