package dev.ladder.book;

import dev.ladder.core.Side;

/**
 * A broken invariant found by {@link OrderBook#checkInvariants()}.
 *
 * @param kind    what is wrong
 * @param side    the side it was found on, or {@code null} for a whole-book finding ({@link Kind#CROSSED},
 *                {@link Kind#LOCKED})
 * @param level   the level index counted from the best (0), or -1 for a whole-book finding
 * @param message a human-readable description with the offending scaled values
 */
public record Violation(Kind kind, Side side, int level, String message) {
    /** The kinds of violation. */
    public enum Kind {
        /** A level is not strictly worse than the one before it (out of order or a duplicate price). */
        UNSORTED,
        /** A level holds a size of zero or less (zero should have removed the level). */
        NON_POSITIVE_SIZE,
        /** A level has a negative price. */
        NEGATIVE_PRICE,
        /**
         * The best bid is above the best ask. Feeds can be crossed for a moment, so this is reported, never
         * thrown.
         */
        CROSSED,
        /** The best bid equals the best ask. Reported like {@link #CROSSED}. */
        LOCKED
    }
}
