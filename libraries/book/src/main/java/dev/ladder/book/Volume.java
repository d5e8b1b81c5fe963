package dev.ladder.book;

import java.math.BigDecimal;

/**
 * The liquidity resting on one side of a book at the prices selected by a {@link PriceOp}.
 *
 * @param size     the sum of the selected levels' sizes, scaled at the book's size scale (0 when no level is selected)
 * @param levels   how many levels were selected
 * @param notional the exact sum of price × size over the selected levels, as a decimal with scale
 *                 {@code priceScale + sizeScale} (zero at that scale when no level is selected); it never
 *                 overflows, unlike a {@code long} product at scales 8 + 8
 */
public record Volume(long size, int levels, BigDecimal notional) {
}
