package dev.ladder.book;

/**
 * One price level: scaled price and scaled size at the book's scales ({@link OrderBook#priceScale()},
 * {@link OrderBook#sizeScale()}). Levels read from a book always have a size above zero.
 */
public record Level(long price, long size) {
}
