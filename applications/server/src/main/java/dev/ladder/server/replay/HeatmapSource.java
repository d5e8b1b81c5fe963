package dev.ladder.server.replay;

import dev.ladder.book.OrderBook;
import dev.ladder.journal.ReplayTarget;

/**
 * A replay target whose state can be seen as one L2 book, so heatmaps work alike for Binance books
 * and Betfair runners (back offers as bids, lay offers as asks). One replaying thread.
 */
public interface HeatmapSource extends ReplayTarget {
    /** The book as of the last record applied; the same object for the target's life. */
    OrderBook book();

    /** A number that changes whenever the book may have changed (equal numbers: the same book). */
    long changes();

    /** The damaged journal ranges skipped so far (kept by {@link ReplayTarget#lost}). */
    SkippedRanges skipped();
}
