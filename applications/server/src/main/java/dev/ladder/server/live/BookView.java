package dev.ladder.server.live;

import dev.ladder.core.InstrumentId;

/**
 * A consistent copy of the top of a live book, taken under the book's lock: every field describes the
 * same instant (after a whole message). Arrays hold the best {@code n} levels per side, best first.
 *
 * @param version  the book's change counter when the view was taken (equal versions: identical content)
 * @param bidDepth the total number of bid levels in the book (may exceed {@code bidPrices.length})
 * @param askDepth the total number of ask levels in the book
 * @param exchangeTimeMillis the exchange's event time of the last applied message (0 when unknown)
 * @param receiveTimeNanos our receive time of the last applied message, nanoseconds since the epoch (0 when none)
 */
public record BookView(InstrumentId id, BookState state, long version, long lastUpdateId, long exchangeTimeMillis,
                       long receiveTimeNanos, int priceScale, int sizeScale,
                       long[] bidPrices, long[] bidSizes, long[] askPrices, long[] askSizes,
                       int bidDepth, int askDepth) {
}
