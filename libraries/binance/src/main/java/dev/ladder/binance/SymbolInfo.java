package dev.ladder.binance;

import java.math.BigDecimal;

/**
 * One symbol's entry in Binance's {@code exchangeInfo}: its status and the filters that fix the
 * scale of its prices ({@code PRICE_FILTER tickSize}) and sizes ({@code LOT_SIZE stepSize}).
 * A tick or step of {@code null} means the filter was absent.
 */
public record SymbolInfo(String symbol, String status, String baseAsset, String quoteAsset,
                         BigDecimal tickSize, BigDecimal stepSize) {
    /** The fraction digits of the tick size ({@code 0.01000000} → 2), or 8 when unknown or zero. */
    public int priceScale() {
        return scaleOf(tickSize);
    }

    /** The fraction digits of the step size ({@code 0.00001000} → 5), or 8 when unknown or zero. */
    public int sizeScale() {
        return scaleOf(stepSize);
    }

    private static int scaleOf(BigDecimal step) {
        if (step == null || step.signum() == 0) {
            return BinanceDecoder.DEFAULT_SCALE;
        }
        return Math.max(0, step.stripTrailingZeros().scale());
    }
}
