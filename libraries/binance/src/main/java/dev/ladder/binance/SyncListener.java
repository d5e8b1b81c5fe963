package dev.ladder.binance;

/**
 * Receives what a {@link DepthSync} does, on the thread that owns the sync. Implementations must not
 * throw and must not keep the {@link DepthUpdate} or {@link DepthSnapshot} passed in (they are reused).
 */
public interface SyncListener {
    /** A listener that ignores everything. */
    SyncListener NONE = event -> { };

    /** A state transition: synced, gap, resynced, snapshot too old, buffer overflow, reset. */
    void onSyncEvent(SyncEvent event);

    /** A diff was applied to the book (after the book changed). */
    default void onDiffApplied(DepthSync sync, DepthUpdate diff, long receiveTime) {
    }

    /** A snapshot replaced the book's content (before buffered diffs are applied on top). */
    default void onSnapshotLoaded(DepthSync sync, DepthSnapshot snapshot, long receiveTime) {
    }
}
