package dev.ladder.binance;

/** What {@link BinanceDecoder#decode} found in a message. */
public enum BinanceMessageType {
    /** A depth diff: read {@link BinanceDecoder#depthUpdate()}. */
    DEPTH_UPDATE,
    /** A REST depth snapshot: read {@link BinanceDecoder#snapshot()}. */
    SNAPSHOT,
    /** A best bid/ask update: read {@link BinanceDecoder#bookTicker()}. */
    BOOK_TICKER,
    /** A trade: read {@link BinanceDecoder#trade()}. */
    TRADE,
    /**
     * A well-formed message of a kind Ladder does not use (kline, aggTrade, 24hrTicker, a
     * subscription answer {@code {"result":null,"id":1}}): recognised and skipped, not an error.
     */
    IGNORED
}
