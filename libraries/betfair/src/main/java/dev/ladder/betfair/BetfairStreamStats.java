package dev.ladder.betfair;

import java.util.Map;

/**
 * Counters of a {@link BetfairStreamClient} since it started (a snapshot).
 *
 * @param linesReceived        lines read (all kinds)
 * @param bytesReceived        bytes read
 * @param changeMessages       whole change messages applied (segmented ones count once)
 * @param segmentsReceived     segment lines (SEG_START/SEG/SEG_END) received
 * @param heartbeats           ct=HEARTBEAT change messages
 * @param conflatedChanges     market changes flagged con=true
 * @param staleDropped         change messages of an older subscription id, dropped
 * @param badLines             garbage, oversized or unknown lines skipped (and applier failures)
 * @param stream503            change messages flagged status 503, or SERVICE_UNAVAILABLE statuses
 * @param statusFailures       status messages with statusCode FAILURE
 * @param connects             connections established (connection message received)
 * @param heartbeatTimeouts    connections declared dead by the watchdog
 * @param authFailures         authentication failures
 * @param listenerErrors       exceptions thrown by the listener
 * @param badFields            bad fields skipped by the applier's decoder, by kind (field and problem; see
 *                             {@link BadFields}); their messages were applied without them. Empty when none.
 */
public record BetfairStreamStats(long linesReceived, long bytesReceived, long changeMessages, long segmentsReceived,
                                 long heartbeats, long conflatedChanges, long staleDropped, long badLines,
                                 long stream503, long statusFailures, long connects, long heartbeatTimeouts,
                                 long authFailures, long listenerErrors, Map<BadFields.Kind, Long> badFields) {

    public BetfairStreamStats {
        badFields = badFields == null ? Map.of() : Map.copyOf(badFields);
    }

    /** Every bad field counted, all kinds together. */
    public long badFieldsTotal() {
        long sum = 0;
        for (long n : badFields.values()) {
            sum += n;
        }
        return sum;
    }
}
