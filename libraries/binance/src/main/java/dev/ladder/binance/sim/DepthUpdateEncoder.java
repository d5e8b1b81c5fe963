package dev.ladder.binance.sim;

import dev.ladder.book.OrderBook;
import dev.ladder.core.Decimals;
import dev.ladder.core.Side;

/**
 * Writes Binance market-data JSON exactly as the venue does (prices and quantities as strings with
 * the symbol's fixed number of fraction digits): depth diffs ({@code depthUpdate}, spot and USD-M
 * futures), REST depth snapshots, {@code bookTicker}, {@code trade} and the combined-stream envelope.
 *
 * <p>Stateless apart from the scale; one instance may be shared by threads because every method
 * writes into a caller-supplied {@link StringBuilder}.
 */
final class DepthUpdateEncoder {
    private final int scale;

    /** {@code scale}: the number of fraction digits written for prices and quantities (8 on spot). */
    DepthUpdateEncoder(int scale) {
        this.scale = scale;
    }

    /**
     * A {@code depthUpdate} event. {@code prices}/{@code sizes} hold {@code bidCount} bid levels
     * followed by {@code askCount} ask levels. {@code previousFinalId} is written as {@code pu} (and
     * {@code transactTime} as {@code T}) only when {@code futures} is set.
     */
    StringBuilder depthUpdate(StringBuilder sb, String symbol, long eventTime, long transactTime,
                              long firstId, long finalId, long previousFinalId, boolean futures,
                              long[] prices, long[] sizes, int bidCount, int askCount) {
        sb.append("{\"e\":\"depthUpdate\",\"E\":").append(eventTime);
        if (futures) {
            sb.append(",\"T\":").append(transactTime);
        }
        sb.append(",\"s\":\"").append(symbol).append("\",\"U\":").append(firstId).append(",\"u\":").append(finalId);
        if (futures) {
            sb.append(",\"pu\":").append(previousFinalId);
        }
        sb.append(",\"b\":");
        levels(sb, prices, sizes, 0, bidCount);
        sb.append(",\"a\":");
        levels(sb, prices, sizes, bidCount, bidCount + askCount);
        return sb.append('}');
    }

    /** A REST depth answer with at most {@code limit} levels per side, best first. */
    StringBuilder snapshot(StringBuilder sb, OrderBook book, long lastUpdateId, int limit,
                           boolean futures, long eventTime) {
        sb.append("{\"lastUpdateId\":").append(lastUpdateId);
        if (futures) {
            sb.append(",\"E\":").append(eventTime).append(",\"T\":").append(eventTime);
        }
        sb.append(",\"bids\":");
        side(sb, book, Side.BID, limit);
        sb.append(",\"asks\":");
        side(sb, book, Side.ASK, limit);
        return sb.append('}');
    }

    /** A {@code bookTicker} event (spot shape; futures adds {@code e}, {@code E}, {@code T}). */
    StringBuilder bookTicker(StringBuilder sb, String symbol, long updateId, long bidPrice, long bidSize,
                             long askPrice, long askSize, boolean futures, long eventTime) {
        sb.append('{');
        if (futures) {
            sb.append("\"e\":\"bookTicker\",\"u\":").append(updateId).append(",\"E\":").append(eventTime)
                    .append(",\"T\":").append(eventTime).append(',');
        } else {
            sb.append("\"u\":").append(updateId).append(',');
        }
        sb.append("\"s\":\"").append(symbol).append("\",\"b\":\"");
        Decimals.appendTo(sb, bidPrice, scale).append("\",\"B\":\"");
        Decimals.appendTo(sb, bidSize, scale).append("\",\"a\":\"");
        Decimals.appendTo(sb, askPrice, scale).append("\",\"A\":\"");
        Decimals.appendTo(sb, askSize, scale).append("\"}");
        return sb;
    }

    /** A {@code trade} event; {@code buyerIsMaker} is {@code m}. */
    StringBuilder trade(StringBuilder sb, String symbol, long eventTime, long tradeId, long price, long qty,
                        long tradeTime, boolean buyerIsMaker) {
        sb.append("{\"e\":\"trade\",\"E\":").append(eventTime).append(",\"s\":\"").append(symbol)
                .append("\",\"t\":").append(tradeId).append(",\"p\":\"");
        Decimals.appendTo(sb, price, scale).append("\",\"q\":\"");
        Decimals.appendTo(sb, qty, scale).append("\",\"T\":").append(tradeTime)
                .append(",\"m\":").append(buyerIsMaker).append(",\"M\":true}");
        return sb;
    }

    /** Wraps an already encoded event in the combined-stream envelope. */
    static String combined(String stream, CharSequence data) {
        return new StringBuilder(data.length() + stream.length() + 24)
                .append("{\"stream\":\"").append(stream).append("\",\"data\":").append(data).append('}').toString();
    }

    private void levels(StringBuilder sb, long[] prices, long[] sizes, int from, int to) {
        sb.append('[');
        for (int i = from; i < to; i++) {
            if (i > from) {
                sb.append(',');
            }
            level(sb, prices[i], sizes[i]);
        }
        sb.append(']');
    }

    private void side(StringBuilder sb, OrderBook book, Side side, int limit) {
        sb.append('[');
        int n = Math.min(limit, book.depth(side));
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(',');
            }
            level(sb, book.price(side, i), book.size(side, i));
        }
        sb.append(']');
    }

    private void level(StringBuilder sb, long price, long size) {
        sb.append("[\"");
        Decimals.appendTo(sb, price, scale).append("\",\"");
        Decimals.appendTo(sb, size, scale).append("\"]");
    }
}
