package dev.ladder.binance;

/**
 * A depth diff ({@code depthUpdate} event), decoded into a reusable mutable object: one instance is
 * refilled for every message, so copy it ({@link #copyFrom}) if you keep it past the next decode.
 *
 * <p>Spot diffs carry first and final update ids {@code U} and {@code u}; USD-M futures diffs also
 * carry {@code pu}, the final update id of the previous diff ({@link #hasPreviousFinalUpdateId()}).
 * Times are exchange milliseconds; {@link #NONE} marks an absent time or id. Prices and sizes are
 * scaled longs at the decoder's scales; a size of 0 removes the level. Not thread-safe.
 */
public final class DepthUpdate {
    /** Marks an absent id or time. */
    public static final long NONE = -1;

    private String symbol;
    private long eventTime = NONE;
    private long transactionTime = NONE;
    private long firstUpdateId;
    private long finalUpdateId;
    private long previousFinalUpdateId = NONE;
    private final PriceLevels bids = new PriceLevels(64);
    private final PriceLevels asks = new PriceLevels(64);

    /** The upper-case symbol ({@code s}), e.g. {@code BTCUSDT}. */
    public String symbol() {
        return symbol;
    }

    /** Event time {@code E} in epoch milliseconds, or {@link #NONE}. */
    public long eventTime() {
        return eventTime;
    }

    /** Futures transaction time {@code T} in epoch milliseconds, or {@link #NONE} (spot). */
    public long transactionTime() {
        return transactionTime;
    }

    /** {@code U}: the first update id in this diff. */
    public long firstUpdateId() {
        return firstUpdateId;
    }

    /** {@code u}: the final update id in this diff. */
    public long finalUpdateId() {
        return finalUpdateId;
    }

    /** {@code pu} (futures): the previous diff's final update id, or {@link #NONE} (spot). */
    public long previousFinalUpdateId() {
        return previousFinalUpdateId;
    }

    /** {@code true} when the diff carried {@code pu} (a futures diff). */
    public boolean hasPreviousFinalUpdateId() {
        return previousFinalUpdateId != NONE;
    }

    /** Bid levels ({@code b}) as sent. */
    public PriceLevels bids() {
        return bids;
    }

    /** Ask levels ({@code a}) as sent. */
    public PriceLevels asks() {
        return asks;
    }

    public DepthUpdate setSymbol(String symbol) {
        this.symbol = symbol;
        return this;
    }

    public DepthUpdate setEventTime(long eventTime) {
        this.eventTime = eventTime;
        return this;
    }

    public DepthUpdate setTransactionTime(long transactionTime) {
        this.transactionTime = transactionTime;
        return this;
    }

    /** Sets {@code U} and {@code u}. */
    public DepthUpdate setUpdateIds(long firstUpdateId, long finalUpdateId) {
        this.firstUpdateId = firstUpdateId;
        this.finalUpdateId = finalUpdateId;
        return this;
    }

    /** Sets {@code pu}; {@link #NONE} for a spot diff. */
    public DepthUpdate setPreviousFinalUpdateId(long previousFinalUpdateId) {
        this.previousFinalUpdateId = previousFinalUpdateId;
        return this;
    }

    /** Resets every field (levels emptied, ids 0, times and {@code pu} {@link #NONE}). */
    public DepthUpdate clear() {
        symbol = null;
        eventTime = NONE;
        transactionTime = NONE;
        firstUpdateId = 0;
        finalUpdateId = 0;
        previousFinalUpdateId = NONE;
        bids.clear();
        asks.clear();
        return this;
    }

    /** Makes this a copy of {@code other}, reusing this object's arrays. */
    public DepthUpdate copyFrom(DepthUpdate other) {
        symbol = other.symbol;
        eventTime = other.eventTime;
        transactionTime = other.transactionTime;
        firstUpdateId = other.firstUpdateId;
        finalUpdateId = other.finalUpdateId;
        previousFinalUpdateId = other.previousFinalUpdateId;
        bids.copyFrom(other.bids);
        asks.copyFrom(other.asks);
        return this;
    }

    @Override
    public String toString() {
        return "DepthUpdate[" + symbol + " U=" + firstUpdateId + " u=" + finalUpdateId
                + (hasPreviousFinalUpdateId() ? " pu=" + previousFinalUpdateId : "")
                + " bids=" + bids.count() + " asks=" + asks.count() + "]";
    }
}
