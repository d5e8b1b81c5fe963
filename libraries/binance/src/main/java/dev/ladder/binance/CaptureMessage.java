package dev.ladder.binance;

import dev.ladder.core.Venue;

/**
 * One raw message from a capture file, with our receive time.
 *
 * @param receiveTimeNanos receive time in epoch nanoseconds
 * @param isSnapshot {@code true} for a REST depth snapshot, {@code false} for a stream message
 * @param symbol for snapshots, the symbol named by the request URL; {@code null} when the capture
 *               does not say (hftbacktest snapshots; stream messages name their own symbol)
 * @param venue {@link Venue#BINANCE_FUTURES} or {@link Venue#BINANCE} when the capture's URL says
 *              which, {@code null} when it does not
 * @param json the message text as captured
 * @param source the file it came from
 * @param line its line number in that file (1-based)
 */
public record CaptureMessage(long receiveTimeNanos, boolean isSnapshot, String symbol, Venue venue,
                             String json, String source, long line) {
}
