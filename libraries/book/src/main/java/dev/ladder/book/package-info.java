/**
 * L2 order books on scaled longs.
 *
 * <p>{@link dev.ladder.book.OrderBook} holds price → size per side (scales per instrument, never
 * {@code double}) and answers the queries the server needs: best, spread, exact mid, top N levels,
 * {@link dev.ladder.book.Volume} at prices selected by a {@link dev.ladder.book.PriceOp}, the
 * {@link dev.ladder.book.Fill} of a market order, a CRC32 checksum of the top levels (formula in
 * {@link dev.ladder.book.OrderBook#checksum(int)}) and {@link dev.ladder.book.Violation}s of its invariants.
 * Decimal answers are exact {@link java.math.BigDecimal}s: notional and cost at scale
 * {@code priceScale + sizeScale}, mid at {@code priceScale + 1}, average price at {@code priceScale + 8}
 * rounded half-even.
 *
 * <p>One writer thread owns a book; the Betfair runner ladders live in {@code dev.ladder.book.ladder}.
 */
package dev.ladder.book;
