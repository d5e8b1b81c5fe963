package dev.ladder.binance;

/**
 * A transition of a {@link DepthSync}.
 *
 * @param kind what happened
 * @param symbol the instrument
 * @param lastUpdateId the book's update id when it happened (the snapshot's for SYNCED, RESYNCED and
 *                     SNAPSHOT_TOO_OLD; the last applied diff's for GAP)
 * @param expected the id the rule expected (GAP: {@code u+1} on spot, {@code pu == u} on futures;
 *                 SNAPSHOT_TOO_OLD: the largest acceptable {@code U}); 0 when not applicable
 * @param got the id that broke the rule ({@code U} on spot, {@code pu} on futures); 0 when not applicable
 * @param receiveTime the receive time of the message that caused it (epoch nanoseconds)
 */
public record SyncEvent(Kind kind, String symbol, long lastUpdateId, long expected, long got, long receiveTime) {
    /** The kinds of transition. */
    public enum Kind {
        /** A snapshot was loaded for the first time; the book is valid from now on. */
        SYNCED,
        /** A diff does not follow the previous one: the book is no longer valid and a new snapshot is needed. */
        GAP,
        /** A snapshot was loaded after a gap, a too-old snapshot or a reset; the book is valid again. */
        RESYNCED,
        /** The snapshot is older than the diffs at hand (they do not reach back to it): fetch a newer one. */
        SNAPSHOT_TOO_OLD,
        /** The buffer of diffs awaiting a snapshot was full and its oldest diff was discarded (once per wait). */
        BUFFER_OVERFLOW,
        /** {@link DepthSync#reset()} was called (e.g. a reconnect): a new snapshot is needed. */
        RESET,
        /**
         * An applied diff left the book crossed (best bid above best ask, in {@code expected} and
         * {@code got}): the update ids ran on but the book no longer matches the venue's. Counted like
         * a gap; a new snapshot is needed.
         */
        DIVERGED
    }
}
