package dev.ladder.server;

/**
 * One applied diff as sent to live-stream clients. Built once by the writer and shared by every
 * subscriber's queue; its JSON is encoded lazily by the first sender that needs it (off the writer's
 * thread), and a benign race may encode it twice.
 */
final class DiffEvent {
    final long previousUpdateId;
    final long firstUpdateId;
    final long lastUpdateId;
    final long exchangeTimeMillis;
    final long receiveTimeNanos;
    final int priceScale;
    final int sizeScale;
    final LevelChanges bids;
    final LevelChanges asks;
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

    byte[] json() {
        byte[] j = json;
        if (j == null) {
            j = BookJson.diff(this);
            json = j;
        }
        return j;
    }
}
