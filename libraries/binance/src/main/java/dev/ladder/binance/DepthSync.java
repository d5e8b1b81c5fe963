package dev.ladder.binance;

import dev.ladder.book.OrderBook;
import dev.ladder.core.Side;
import java.util.Objects;

/**
 * Keeps one symbol's local {@link OrderBook} in step with Binance's depth diffs and REST snapshots,
 * following Binance's rules, with no I/O of its own: the caller feeds diffs ({@link #onDiff}) and
 * snapshots ({@link #onSnapshot}) and fetches a snapshot whenever {@link #needsSnapshot()} is true.
 *
 * <p>Rules. Spot: after a snapshot with {@code lastUpdateId} L, drop diffs with {@code u <= L}; the
 * first applied has {@code U <= L+1 <= u}; each next one has {@code U == previous u + 1}. USD-M
 * futures: drop diffs with {@code u < L}; the first applied has {@code U <= L <= u}; each next one
 * has {@code pu == previous u}. Once synced, a diff with {@code u <=} the book's update id is a
 * duplicate or stale and is dropped. A diff that breaks the rule is a gap: it is never applied
 * across; the sync reports {@link SyncEvent.Kind#GAP}, keeps the diff as the first of a new buffer
 * and waits for a new snapshot (the book keeps its last valid content but {@link #isSynced()} is false).
 * A diff whose application leaves the book crossed (best bid above best ask) is a divergence: it is
 * reported ({@link SyncEvent.Kind#DIVERGED}) and handled like a gap (a new snapshot is needed).
 *
 * <p>While awaiting a snapshot, diffs are buffered (at most {@code maxBuffered}; when full the
 * oldest is discarded and {@link SyncEvent.Kind#BUFFER_OVERFLOW} reported once per wait, which is
 * safe: a snapshot older than a discarded diff is then reported too old). A snapshot is accepted when
 * the buffered diffs it does not cover start no later than the first-diff rule allows; otherwise
 * {@link SyncEvent.Kind#SNAPSHOT_TOO_OLD} is reported and the buffer kept. An accepted snapshot
 * replaces the book in one step ({@link OrderBook#applySnapshot}, linear for the sorted levels venues
 * send) and the buffered diffs are applied on top. A snapshot arriving while synced is
 * ignored unless it is newer than the book, in which case it replaces the book.
 *
 * <p>Each diff is applied whole before {@link #onDiff} returns. Not thread-safe: one thread (the
 * connection's or the replay's) owns the sync and its book; other threads read copies of the book
 * made by that thread. The decoder guarantees non-negative prices and sizes, so applying cannot fail
 * half-way.
 */
public final class DepthSync {
    /** The default bound on diffs buffered while awaiting a snapshot (100 s of depth@100ms). */
    public static final int DEFAULT_MAX_BUFFERED = 1000;

    /** What {@link #onDiff} did with a diff. */
    public enum Result {
        /** Applied to the book. */
        APPLIED,
        /** Kept until a snapshot arrives. */
        BUFFERED,
        /** Already covered by the book (u at or below its update id): ignored. */
        DROPPED,
        /**
         * Broke the sequence (gap or snapshot too old), or was applied and left the book crossed (a
         * divergence): buffered, a new snapshot is needed.
         */
        GAP
    }

    /** The state of a sync. */
    public enum State {
        /** No valid book: diffs are buffered until a snapshot arrives. */
        AWAITING_SNAPSHOT,
        /** The book is valid at {@link #lastUpdateId()}. */
        SYNCED
    }

    private final String symbol;
    private final boolean isFutures;
    private final OrderBook book;
    private final SyncListener listener;
    private final DepthUpdate[] buffer;
    private final long[] bufferTimes;
    private int head;
    private int size;

    private State state = State.AWAITING_SNAPSHOT;
    private boolean isFirstAfterSnapshot;
    private boolean hasEverSynced;
    private boolean hasOverflowedThisWait;
    private long lastUpdateId = -1;

    private long messages;
    private long applied;
    private long dropped;
    private long gaps;
    private long divergences;
    private long resyncs;
    private long staleSnapshots;
    private long snapshots;
    private long bufferOverflows;

    /** A sync with the default buffer bound. */
    public DepthSync(String symbol, boolean isFutures, OrderBook book, SyncListener listener) {
        this(symbol, isFutures, book, listener, DEFAULT_MAX_BUFFERED);
    }

    /**
     * @param symbol the instrument (for events)
     * @param isFutures USD-M futures rules ({@code pu}) instead of spot rules
     * @param book the book to keep (owned by this sync's thread from now on)
     * @param listener receives transitions and applied diffs
     * @param maxBuffered the most diffs kept while awaiting a snapshot (at least 1)
     */
    public DepthSync(String symbol, boolean isFutures, OrderBook book, SyncListener listener, int maxBuffered) {
        if (maxBuffered < 1) {
            throw new IllegalArgumentException("maxBuffered must be at least 1, was " + maxBuffered);
        }
        this.symbol = Objects.requireNonNull(symbol, "symbol");
        this.isFutures = isFutures;
        this.book = Objects.requireNonNull(book, "book");
        this.listener = listener == null ? SyncListener.NONE : listener;
        this.buffer = new DepthUpdate[maxBuffered];
        this.bufferTimes = new long[maxBuffered];
    }

    public String symbol() {
        return symbol;
    }

    public boolean isFutures() {
        return isFutures;
    }

    public OrderBook book() {
        return book;
    }

    public State state() {
        return state;
    }

    /** {@code true} when the book is valid at {@link #lastUpdateId()}. */
    public boolean isSynced() {
        return state == State.SYNCED;
    }

    /** {@code true} when the caller should fetch (or feed) a snapshot. */
    public boolean needsSnapshot() {
        return state == State.AWAITING_SNAPSHOT;
    }

    /** The update id the book reflects (snapshot L or the last applied u), or -1 before the first snapshot. */
    public long lastUpdateId() {
        return lastUpdateId;
    }

    /** Diffs offered. */
    public long messages() {
        return messages;
    }

    /** Diffs applied to the book. */
    public long applied() {
        return applied;
    }

    /** Diffs dropped as already covered (before the snapshot, duplicates, stale). */
    public long dropped() {
        return dropped;
    }

    /** Sequence gaps detected while synced. */
    public long gaps() {
        return gaps;
    }

    /** Applied diffs that left the book crossed ({@link SyncEvent.Kind#DIVERGED}): the book diverged from the venue's. */
    public long divergences() {
        return divergences;
    }

    /** Snapshots accepted after the first one was (after a gap, a too-old snapshot or a reset). */
    public long resyncs() {
        return resyncs;
    }

    /** Snapshots rejected as too old. */
    public long staleSnapshots() {
        return staleSnapshots;
    }

    /** Snapshots offered. */
    public long snapshots() {
        return snapshots;
    }

    /** Buffered diffs discarded because the buffer was full. */
    public long bufferOverflows() {
        return bufferOverflows;
    }

    /** Diffs buffered now. */
    public int buffered() {
        return size;
    }

    /**
     * Offers a diff for this symbol (the caller routes by symbol; the diff's own symbol is not
     * checked). The diff is copied if buffered, so the caller may reuse it.
     *
     * @param receiveTime when it was received (epoch nanoseconds), for events
     */
    public Result onDiff(DepthUpdate diff, long receiveTime) {
        messages++;
        if (state == State.AWAITING_SNAPSHOT) {
            buffer(diff, receiveTime);
            return Result.BUFFERED;
        }
        return process(diff, receiveTime, false);
    }

    /**
     * Offers a snapshot. Returns {@code true} when it was loaded into the book.
     *
     * @param receiveTime when it was received (epoch nanoseconds), for events
     */
    public boolean onSnapshot(DepthSnapshot snapshot, long receiveTime) {
        snapshots++;
        long l = snapshot.lastUpdateId();
        if (state == State.SYNCED) {
            if (l <= lastUpdateId) {
                return false;
            }
            load(snapshot, receiveTime);
            return true;
        }
        while (size > 0 && isCovered(buffer[head].finalUpdateId(), l)) {
            pop();
            dropped++;
        }
        if (size > 0) {
            long firstU = buffer[head].firstUpdateId();
            long maxU = isFutures ? l : l + 1;
            if (firstU > maxU) {
                staleSnapshots++;
                listener.onSyncEvent(new SyncEvent(SyncEvent.Kind.SNAPSHOT_TOO_OLD, symbol, l, maxU, firstU, receiveTime));
                return false;
            }
        }
        load(snapshot, receiveTime);
        state = State.SYNCED;
        hasOverflowedThisWait = false;
        if (hasEverSynced) {
            resyncs++;
        }
        listener.onSyncEvent(new SyncEvent(hasEverSynced ? SyncEvent.Kind.RESYNCED : SyncEvent.Kind.SYNCED,
                symbol, l, 0, 0, receiveTime));
        hasEverSynced = true;
        while (size > 0 && state == State.SYNCED) {
            if (process(buffer[head], bufferTimes[head], true) != Result.GAP) {
                pop();
            }
        }
        return true;
    }

    /**
     * {@code true} when this sync awaits a snapshot and a snapshot at {@code lastUpdateId} would bridge
     * its buffered diffs: some buffered diff ends after it and the first such starts no later than the
     * first-diff rule allows. Used to attribute a snapshot that names no symbol; changes nothing.
     */
    public boolean canBridge(long lastUpdateId) {
        if (state != State.AWAITING_SNAPSHOT) {
            return false;
        }
        for (int k = 0; k < size; k++) {
            DepthUpdate d = buffer[(head + k) % buffer.length];
            if (!isCovered(d.finalUpdateId(), lastUpdateId)) {
                return d.firstUpdateId() <= (isFutures ? lastUpdateId : lastUpdateId + 1);
            }
        }
        return false;
    }

    /**
     * Forgets the buffer and waits for a new snapshot (e.g. after a reconnect), reporting
     * {@link SyncEvent.Kind#RESET}. The book keeps its content until the next snapshot replaces it.
     */
    public void reset(long receiveTime) {
        while (size > 0) {
            pop();
        }
        state = State.AWAITING_SNAPSHOT;
        hasOverflowedThisWait = false;
        hasEverSynced = hasEverSynced || lastUpdateId >= 0;
        listener.onSyncEvent(new SyncEvent(SyncEvent.Kind.RESET, symbol, lastUpdateId, 0, 0, receiveTime));
    }

    private boolean isCovered(long u, long l) {
        return isFutures ? u < l : u <= l;
    }

    private void load(DepthSnapshot snapshot, long receiveTime) {
        PriceLevels bids = snapshot.bids();
        PriceLevels asks = snapshot.asks();
        book.applySnapshot(bids.rawPrices(), bids.rawSizes(), bids.count(), asks.rawPrices(), asks.rawSizes(), asks.count());
        lastUpdateId = snapshot.lastUpdateId();
        isFirstAfterSnapshot = true;
        listener.onSnapshotLoaded(this, snapshot, receiveTime);
    }

    /** Handles a diff while synced; on a gap the diff is (or stays) first in the buffer. */
    private Result process(DepthUpdate d, long receiveTime, boolean isFromBuffer) {
        long bigU = d.firstUpdateId();
        long u = d.finalUpdateId();
        if (isFirstAfterSnapshot) {
            if (isCovered(u, lastUpdateId)) {
                dropped++;
                return Result.DROPPED;
            }
            long maxU = isFutures ? lastUpdateId : lastUpdateId + 1;
            if (bigU > maxU) {
                staleSnapshots++;
                breakSync(SyncEvent.Kind.SNAPSHOT_TOO_OLD, maxU, bigU, d, receiveTime, isFromBuffer);
                return Result.GAP;
            }
        } else {
            if (u <= lastUpdateId) {
                dropped++;
                return Result.DROPPED;
            }
            boolean follows;
            long expected;
            long got;
            if (isFutures && d.hasPreviousFinalUpdateId()) {
                expected = lastUpdateId;
                got = d.previousFinalUpdateId();
            } else {
                expected = lastUpdateId + 1;
                got = bigU;
            }
            follows = expected == got;
            if (!follows) {
                gaps++;
                breakSync(SyncEvent.Kind.GAP, expected, got, d, receiveTime, isFromBuffer);
                return Result.GAP;
            }
        }
        apply(d);
        isFirstAfterSnapshot = false;
        applied++;
        listener.onDiffApplied(this, d, receiveTime);
        if (book.isCrossed()) {
            // the ids ran on, yet the book cannot be the venue's: a divergence, handled like a gap. The
            // diff stays applied (listeners saw it) and is kept as the first of a new buffer, so a
            // snapshot older than it still bridges: the next snapshot replaces the book and re-applies it
            divergences++;
            breakSync(SyncEvent.Kind.DIVERGED, book.bestPrice(Side.BID), book.bestPrice(Side.ASK), d, receiveTime, isFromBuffer);
            return Result.GAP;
        }
        return Result.APPLIED;
    }

    private void breakSync(SyncEvent.Kind kind, long expected, long got, DepthUpdate d, long receiveTime, boolean isFromBuffer) {
        state = State.AWAITING_SNAPSHOT;
        hasOverflowedThisWait = false;
        if (!isFromBuffer) {
            buffer(d, receiveTime);
        }
        listener.onSyncEvent(new SyncEvent(kind, symbol, lastUpdateId, expected, got, receiveTime));
    }

    private void apply(DepthUpdate d) {
        apply(Side.BID, d.bids());
        apply(Side.ASK, d.asks());
        lastUpdateId = d.finalUpdateId();
    }

    private void apply(Side side, PriceLevels levels) {
        long[] prices = levels.rawPrices();
        long[] sizes = levels.rawSizes();
        for (int i = 0, n = levels.count(); i < n; i++) {
            book.set(side, prices[i], sizes[i]);
        }
    }

    private void buffer(DepthUpdate d, long receiveTime) {
        if (size == buffer.length) {
            pop();
            bufferOverflows++;
            if (!hasOverflowedThisWait) {
                hasOverflowedThisWait = true;
                listener.onSyncEvent(new SyncEvent(SyncEvent.Kind.BUFFER_OVERFLOW, symbol, lastUpdateId, 0, 0, receiveTime));
            }
        }
        int slot = (head + size) % buffer.length;
        DepthUpdate copy = buffer[slot];
        if (copy == null) {
            copy = new DepthUpdate();
            buffer[slot] = copy;
        }
        copy.copyFrom(d);
        bufferTimes[slot] = receiveTime;
        size++;
    }

    private void pop() {
        head = (head + 1) % buffer.length;
        size--;
    }
}
