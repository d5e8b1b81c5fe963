package dev.ladder.betfair;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A market subscription's criteria. Re-subscribing after a reconnect with the same criteria and the
 * stored {@code initialClk}/{@code clk} makes the server answer with a RESUB_DELTA instead of a new
 * image.
 *
 * @param marketFilter        which markets
 * @param dataFilter          which fields
 * @param conflateMs          forced conflation in ms, or {@code null} for none
 * @param heartbeatMs         the heartbeat interval the client expects (Betfair bounds it to 500..5000;
 *                            {@code null} for the server default 5000)
 * @param segmentationEnabled whether the server may split large messages into segments
 */
public record MarketSubscription(MarketFilter marketFilter, MarketDataFilter dataFilter, Long conflateMs,
                                 Long heartbeatMs, boolean segmentationEnabled) {

    /**
     * Defaults missing filters.
     *
     * @throws IllegalArgumentException on a negative conflateMs or a non-positive heartbeatMs
     */
    public MarketSubscription {
        marketFilter = marketFilter == null ? MarketFilter.all() : marketFilter;
        dataFilter = dataFilter == null ? MarketDataFilter.allFields() : dataFilter;
        if (conflateMs != null && conflateMs < 0) {
            throw new IllegalArgumentException("conflateMs must be >= 0, got " + conflateMs);
        }
        if (heartbeatMs != null && heartbeatMs <= 0) {
            throw new IllegalArgumentException("heartbeatMs must be > 0, got " + heartbeatMs);
        }
    }

    /** Every field of the given markets, 5 s heartbeat, segmentation on. */
    public static MarketSubscription of(MarketFilter filter) {
        return new MarketSubscription(filter, MarketDataFilter.allFields(), null, 5000L, true);
    }

    /** This subscription with another heartbeat. */
    public MarketSubscription withHeartbeatMs(long ms) {
        return new MarketSubscription(marketFilter, dataFilter, conflateMs, ms, segmentationEnabled);
    }

    /** This subscription with another conflation. */
    public MarketSubscription withConflateMs(long ms) {
        return new MarketSubscription(marketFilter, dataFilter, ms, heartbeatMs, segmentationEnabled);
    }

    /** The heartbeat the client watches for (the requested one, or Betfair's default 5000 ms). */
    public long effectiveHeartbeatMs() {
        return heartbeatMs == null ? 5000L : heartbeatMs;
    }

    /** The request line, with the resume tokens when both are known. */
    String toRequest(int id, String initialClk, String clk) {
        ObjectNode o = StreamJson.object();
        o.put("op", "marketSubscription");
        o.put("id", id);
        if (initialClk != null && clk != null) {
            o.put("initialClk", initialClk);
            o.put("clk", clk);
        }
        o.put("segmentationEnabled", segmentationEnabled);
        if (conflateMs != null) {
            o.put("conflateMs", conflateMs);
        }
        if (heartbeatMs != null) {
            o.put("heartbeatMs", heartbeatMs);
        }
        o.set("marketFilter", marketFilter.toJson());
        o.set("marketDataFilter", dataFilter.toJson());
        return StreamJson.write(o);
    }
}
