package dev.ladder.book;

import dev.ladder.core.Side;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What a market order of a given size would take from a book right now: the result of walking the
 * opposite side from the best level outwards. A buy ({@code taker == BID}) takes the asks, a sell
 * ({@code taker == ASK}) takes the bids.
 *
 * @param taker        the side of the incoming order: {@code BID} = buy, {@code ASK} = sell
 * @param requested    the size asked for (scaled at the size scale)
 * @param filled       the size the book can supply, at most {@code requested}
 * @param levels       how many levels were touched (the last one possibly only in part)
 * @param cost         the exact Σ price × size taken, scale {@code priceScale + sizeScale}; zero (at that
 *                     scale) when nothing is filled
 * @param averagePrice {@code cost / filled} as a price, always with scale {@code priceScale + 8}, rounded
 *                     {@link RoundingMode#HALF_EVEN}; it is therefore exact whenever the exact quotient has at
 *                     most {@code priceScale + 8} fraction digits. {@code null} when nothing is filled (a
 *                     request of size 0, or an empty opposite side). Reproduce it with
 *                     {@code cost.divide(BigDecimal.valueOf(filled, sizeScale), priceScale + 8, HALF_EVEN)}
 * @param worstPrice   the price of the last (worst) level touched, or {@link OrderBook#NO_PRICE} when
 *                     nothing is filled
 * @param partial      {@code true} when the book is too thin: {@code filled < requested}. A request of
 *                     size 0 is never partial
 */
public record Fill(Side taker, long requested, long filled, int levels, BigDecimal cost, BigDecimal averagePrice,
                   long worstPrice, boolean partial) {
    /** The digits kept beyond the price scale in {@link #averagePrice()}. */
    public static final int AVERAGE_EXTRA_DIGITS = 8;

    /** The size that could not be filled: {@code requested - filled} (0 unless {@link #partial()}). */
    public long unfilled() {
        return requested - filled;
    }
}
