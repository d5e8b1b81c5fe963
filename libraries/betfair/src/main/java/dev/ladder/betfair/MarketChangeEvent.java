package dev.ladder.betfair;

/**
 * One market change message that the client applied, whole: a segmented message arrives here once,
 * re-assembled into a single {@code mcm} whose {@code mc} holds every segment's changes.
 *
 * @param json               the (assembled) mcm JSON line
 * @param changeType         {@code SUB_IMAGE}, {@code RESUB_DELTA}, or {@code null} for a delta
 * @param segments           how many lines it was assembled from (1 when unsegmented)
 * @param clk                the clk token after it, or {@code null}
 * @param publishTime        Betfair's pt in ms since the epoch, or 0
 * @param receiveEpochNanos  receive time of its last line
 */
public record MarketChangeEvent(String json, String changeType, int segments, String clk, long publishTime,
                                long receiveEpochNanos) {
}
