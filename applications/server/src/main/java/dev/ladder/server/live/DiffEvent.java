package dev.ladder.server.live;

import dev.ladder.server.http.BookJson;
/**
 * One applied diff as sent to live-stream clients. Built once by the writer and shared by every
 * subscriber's queue; its JSON is encoded lazily by the first sender that needs it (off the writer's
 * thread), and a benign race may encode it twice.
 */
public final class DiffEvent {
    public final long previousUpdateId;
    public final long firstUpdateId;
    public final long lastUpdateId;
    public final long exchangeTimeMillis;
    public final long receiveTimeNanos;
    public final int priceScale;
    public final int sizeScale;
    public final LevelChanges bids;
    public final LevelChanges asks;
    private volatile byte[] json;

    DiffEvent(long previousUpdateId, long firstUpdateId, long lastUpdateId, long exchangeTimeMillis, long receiveTimeNanos,
              int priceScale, int sizeScale, LevelChanges bids, LevelChanges asks) {
        this.previousUpdateId = previousUpdateId;
        this.firstUpdateId = firstUpdateId;
        this.lastUpdateId = lastUpdateId;
        this.exchangeTimeMillis = exchangeTimeMillis;
        this.receiveTimeNanos = receiveTimeNanos;
        this.priceScale = priceScale;
        this.sizeScale = sizeScale;
        this.bids = bids;
        this.asks = asks;
    }

    public byte[] json() {
        byte[] j = json;
        if (j == null) {
            j = BookJson.diff(this);
            json = j;
        }
        return j;
    }
}
