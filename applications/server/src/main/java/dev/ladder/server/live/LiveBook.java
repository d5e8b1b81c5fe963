package dev.ladder.server.live;

import dev.ladder.binance.SyncEvent;
import dev.ladder.book.OrderBook;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.Side;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * A book kept live from a source: the {@link OrderBook}, its state, the last applied update id and the
 * exchange and receive times of the last applied message.
 *
 * <p><b>Threads.</b> One writer (the source's thread) calls the {@code apply*} and {@link #setState}
 * methods; each applies a whole message under the write lock, so readers never see half a message.
 * Readers on any thread take a copy ({@link #view}) or run a query ({@link #query}) under the read lock.
 * Live-stream subscribers get each applied diff through their own bounded queue; the writer never
 * blocks on them (see {@link StreamSubscriber}).
 *
 * <p><b>Edge cases.</b> Diffs are applied as given: ordering and gap detection belong to the source's
 * sync state machine, which calls {@link #applySnapshot} after a resync (every stream client then gets a
 * fresh snapshot). A size of 0 removes a level; removing an absent level is a no-op. Negative prices
 * or sizes throw {@link IllegalArgumentException} before anything is changed.
 */
public final class LiveBook {
    /** Answers for depths up to this many levels are cached between changes. */
    static final int RENDER_CACHE_DEPTHS = 64;

    private final InstrumentId id;
    private final OrderBook book;
    private final BookMetrics metrics;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final List<StreamSubscriber> subscribers = new CopyOnWriteArrayList<>();
    private volatile BookState state = BookState.CONNECTING;
    private long lastUpdateId = -1;
    private long exchangeTimeMillis;
    private long receiveTimeNanos;
    /** Incremented (under the write lock) by every change; readers compare it to reuse rendered answers. */
    private volatile long version;
    /** Rendered answers by small depth, reused while {@link #version} is unchanged. */
    private final AtomicReferenceArray<Rendered> rendered = new AtomicReferenceArray<>(RENDER_CACHE_DEPTHS + 1);
    /** Scratch for {@link #applyDiffFrom}, owned by the writer thread. */
    private final Changes bidChanges = new Changes();
    private final Changes askChanges = new Changes();
    private final RecentTrades trades = new RecentTrades();

    LiveBook(InstrumentId id, int priceScale, int sizeScale, BookMetrics metrics) {
        this.id = Objects.requireNonNull(id, "id");
        this.book = new OrderBook(priceScale, sizeScale);
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    public InstrumentId id() {
        return id;
    }

    public BookState state() {
        return state;
    }

    public int priceScale() {
        return book.priceScale();
    }

    public int sizeScale() {
        return book.sizeScale();
    }

    /** The counters and timers of this book. */
    public BookMetrics metrics() {
        return metrics;
    }

    /**
     * Replaces the whole book with a snapshot (after a (re)sync), sets the state to {@link BookState#LIVE}
     * and sends every stream client a fresh snapshot.
     */
    public void applySnapshot(long lastUpdateId, LevelChanges bids, LevelChanges asks,
                              long exchangeTimeMillis, long receiveTimeNanos) {
        check(bids);
        check(asks);
        long start = System.nanoTime();
        lock.writeLock().lock();
        try {
            book.clear();
            for (int i = 0; i < bids.count(); i++) {
                book.set(Side.BID, bids.prices()[i], bids.sizes()[i]);
            }
            for (int i = 0; i < asks.count(); i++) {
                book.set(Side.ASK, asks.prices()[i], asks.sizes()[i]);
            }
            snapshotLoaded(lastUpdateId, exchangeTimeMillis, receiveTimeNanos);
        } finally {
            lock.writeLock().unlock();
        }
        metrics.snapshotApplied(System.nanoTime() - start, exchangeTimeMillis, receiveTimeNanos);
    }

    /** Applies one diff message (already checked for order by the source); see {@link #applyDiff(long, long, long[], long[], int, long[], long[], int, long, long)}. */
    public void applyDiff(long firstUpdateId, long lastUpdateId, LevelChanges bids, LevelChanges asks,
                          long exchangeTimeMillis, long receiveTimeNanos) {
        applyDiff(firstUpdateId, lastUpdateId, bids.prices(), bids.sizes(), bids.count(),
                asks.prices(), asks.sizes(), asks.count(), exchangeTimeMillis, receiveTimeNanos);
    }

    /**
     * Applies one diff message from scratch arrays (read, never kept: the caller may reuse them at once).
     * Nothing is allocated unless stream clients are subscribed. Invalid (negative) levels throw
     * {@link IllegalArgumentException} and leave the book unchanged.
     */
    public void applyDiff(long firstUpdateId, long lastUpdateId,
                          long[] bidPrices, long[] bidSizes, int bidCount,
                          long[] askPrices, long[] askSizes, int askCount,
                          long exchangeTimeMillis, long receiveTimeNanos) {
        check(bidPrices, bidSizes, bidCount);
        check(askPrices, askSizes, askCount);
        long start = System.nanoTime();
        lock.writeLock().lock();
        try {
            for (int i = 0; i < bidCount; i++) {
                book.set(Side.BID, bidPrices[i], bidSizes[i]);
            }
            for (int i = 0; i < askCount; i++) {
                book.set(Side.ASK, askPrices[i], askSizes[i]);
            }
            long previousUpdateId = this.lastUpdateId;
            this.lastUpdateId = lastUpdateId;
            this.exchangeTimeMillis = exchangeTimeMillis;
            this.receiveTimeNanos = receiveTimeNanos;
            version++;
            if (!subscribers.isEmpty()) {
                DiffEvent event = new DiffEvent(previousUpdateId, firstUpdateId, lastUpdateId, exchangeTimeMillis, receiveTimeNanos,
                        book.priceScale(), book.sizeScale(),
                        LevelChanges.copyOf(bidPrices, bidSizes, bidCount),
                        LevelChanges.copyOf(askPrices, askSizes, askCount));
                for (StreamSubscriber s : subscribers) {
                    if (!s.offer(event)) {
                        metrics.streamOverflow();
                    }
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
        metrics.diffApplied(System.nanoTime() - start, exchangeTimeMillis, receiveTimeNanos);
    }

    /**
     * Replaces the whole book with a copy of {@code source} (a venue client's book right after it loaded a
     * snapshot), as {@link #applySnapshot}. Called on the source's writer thread while it holds its own lock.
     *
     * @throws IllegalArgumentException when the scales differ from this book's
     */
    public void applySnapshotFrom(OrderBook source, long lastUpdateId, long exchangeTimeMillis, long receiveTimeNanos) {
        long start = System.nanoTime();
        lock.writeLock().lock();
        try {
            book.copyFrom(source);
            snapshotLoaded(lastUpdateId, exchangeTimeMillis, receiveTimeNanos);
        } finally {
            lock.writeLock().unlock();
        }
        metrics.snapshotApplied(System.nanoTime() - start, exchangeTimeMillis, receiveTimeNanos);
    }

    /**
     * Makes this book equal to {@code source} (a venue client's book right after it applied one diff) and
     * publishes the levels that changed as one diff with the given update ids. The changes are found by
     * walking both books' sides from the best level (O(depth)); a source that changed nothing publishes an
     * empty diff, so clients still see the update ids advance.
     *
     * @throws IllegalArgumentException when the scales differ from this book's
     */
    public void applyDiffFrom(OrderBook source, long firstUpdateId, long lastUpdateId,
                              long exchangeTimeMillis, long receiveTimeNanos) {
        if (source.priceScale() != book.priceScale() || source.sizeScale() != book.sizeScale()) {
            throw new IllegalArgumentException("scales differ: " + source.priceScale() + "/" + source.sizeScale()
                    + " into " + book.priceScale() + "/" + book.sizeScale());
        }
        lock.readLock().lock();
        try {
            bidChanges.clear();
            askChanges.clear();
            bidChanges.diff(book, source, Side.BID);
            askChanges.diff(book, source, Side.ASK);
        } finally {
            lock.readLock().unlock();
        }
        applyDiff(firstUpdateId, lastUpdateId, bidChanges.prices, bidChanges.sizes, bidChanges.count,
                askChanges.prices, askChanges.sizes, askChanges.count, exchangeTimeMillis, receiveTimeNanos);
    }

    /**
     * The one mapping from a venue sync event to this book's state and meters, for live feeds and
     * replays alike: a gap or a divergence (a crossed book) counts and marks the book resyncing; a reset (a disconnect or reconnect)
     * marks it syncing when it never was live, else resyncing; a completed resync counts. The next
     * loaded snapshot makes the book live again. Writer thread only.
     */
    public void onSyncEvent(SyncEvent.Kind kind) {
        switch (kind) {
            case GAP, DIVERGED -> {
                metrics.gap();
                setState(BookState.RESYNCING);
            }
            case RESET -> setState(state() == BookState.CONNECTING ? BookState.SYNCING : BookState.RESYNCING);
            case RESYNCED -> metrics.resync();
            default -> { }
        }
    }

    /** After a snapshot replaced the levels (write lock held): its ids and times, live, and every stream client re-snapshots. */
    private void snapshotLoaded(long lastUpdateId, long exchangeTimeMillis, long receiveTimeNanos) {
        this.lastUpdateId = lastUpdateId;
        this.exchangeTimeMillis = exchangeTimeMillis;
        this.receiveTimeNanos = receiveTimeNanos;
        version++;
        this.state = BookState.LIVE;
        for (StreamSubscriber s : subscribers) {
            s.requestSnapshot();
        }
    }

    /** Changes the state (e.g. {@link BookState#RESYNCING} on a gap); stream clients get a {@code state} event. */
    public void setState(BookState newState) {
        Objects.requireNonNull(newState, "state");
        lock.writeLock().lock();
        try {
            if (state == newState) {
                return;
            }
            state = newState;
            version++;
            for (StreamSubscriber s : subscribers) {
                if (!s.offer(newState)) {
                    metrics.streamOverflow();
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** A consistent copy of the best {@code depth} levels per side (any depth ≥ 0; the whole book when larger). */
    public BookView view(int depth) {
        if (depth < 0) {
            throw new IllegalArgumentException("depth must not be negative: " + depth);
        }
        lock.readLock().lock();
        try {
            return viewLocked(depth);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Runs a read-only query on the book under the read lock (the function must not keep the book nor
     * change it); its answer reflects one instant between whole messages.
     */
    public <T> T query(Function<OrderBook, T> q) {
        lock.readLock().lock();
        try {
            return q.apply(book);
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * A previously rendered answer for {@code depth} (see {@link #cacheRendered}) if the book has not changed
     * since; null otherwise, and always for depths above {@link #RENDER_CACHE_DEPTHS}.
     */
    public byte[] rendered(int depth) {
        if (depth < 0 || depth > RENDER_CACHE_DEPTHS) {
            return null;
        }
        Rendered r = rendered.get(depth);
        return r != null && r.version == version ? r.body : null;
    }

    /** Remembers {@code body}, rendered from a view at {@code viewVersion}, for {@code depth}. */
    public void cacheRendered(int depth, long viewVersion, byte[] body) {
        if (depth >= 0 && depth <= RENDER_CACHE_DEPTHS) {
            rendered.set(depth, new Rendered(viewVersion, body));
        }
    }

    private record Rendered(long version, byte[] body) {
    }

    /** A deep copy of the book and its last update id, taken atomically (for tests and comparisons). */
    public Copy copy() {
        lock.readLock().lock();
        try {
            return new Copy(book.copy(), lastUpdateId, state);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** A deep copy of a live book with the update id it reflects. */
    public record Copy(OrderBook book, long lastUpdateId, BookState state) {
    }

    public StreamSubscriber subscribe(int capacity) {
        StreamSubscriber s = new StreamSubscriber(capacity);
        subscribers.add(s);
        metrics.streamClients(1);
        return s;
    }

    public void unsubscribe(StreamSubscriber s) {
        if (subscribers.remove(s)) {
            metrics.streamClients(-1);
        }
    }

    /** Closes every subscriber (server shutdown). */
    void closeSubscribers() {
        for (StreamSubscriber s : subscribers) {
            s.close();
        }
    }

    public int subscriberCount() {
        return subscribers.size();
    }

    /**
     * Takes the full snapshot for a subscriber that needs one and clears its queue, atomically with
     * respect to the writer: every diff queued afterwards follows the snapshot's update id.
     */
    public BookView resnapshot(StreamSubscriber s) {
        lock.readLock().lock();
        try {
            s.snapshotTaken();
            return viewLocked(Integer.MAX_VALUE);
        } finally {
            lock.readLock().unlock();
        }
    }

    private BookView viewLocked(int depth) {
        int nb = Math.min(depth, book.depth(Side.BID));
        int na = Math.min(depth, book.depth(Side.ASK));
        long[] bp = new long[nb];
        long[] bs = new long[nb];
        long[] ap = new long[na];
        long[] as = new long[na];
        for (int i = 0; i < nb; i++) {
            bp[i] = book.price(Side.BID, i);
            bs[i] = book.size(Side.BID, i);
        }
        for (int i = 0; i < na; i++) {
            ap[i] = book.price(Side.ASK, i);
            as[i] = book.size(Side.ASK, i);
        }
        return new BookView(id, state, version, lastUpdateId, exchangeTimeMillis, receiveTimeNanos,
                book.priceScale(), book.sizeScale(), bp, bs, ap, as,
                book.depth(Side.BID), book.depth(Side.ASK));
    }

    private static void check(LevelChanges c) {
        check(c.prices(), c.sizes(), c.count());
    }

    private static void check(long[] prices, long[] sizes, int count) {
        if (count < 0 || count > prices.length || count > sizes.length) {
            throw new IllegalArgumentException("level count " + count + " outside the arrays ("
                    + prices.length + ", " + sizes.length + ")");
        }
        for (int i = 0; i < count; i++) {
            if (prices[i] < 0 || sizes[i] < 0) {
                throw new IllegalArgumentException("negative price or size: " + prices[i] + " x " + sizes[i]);
            }
        }
    }

    @Override
    public String toString() {
        return "LiveBook[" + id + ", " + state + ", lastUpdateId=" + lastUpdateId + "]";
    }

    /** Growable scratch arrays of level changes, reused by the writer. */
    private static final class Changes {
        long[] prices = new long[64];
        long[] sizes = new long[64];
        int count;

        void clear() {
            count = 0;
        }

        void add(long price, long size) {
            if (count == prices.length) {
                prices = java.util.Arrays.copyOf(prices, count * 2);
                sizes = java.util.Arrays.copyOf(sizes, count * 2);
            }
            prices[count] = price;
            sizes[count] = size;
            count++;
        }

        /** The changes that turn {@code mine}'s side into {@code target}'s, walking both from the best level. */
        void diff(OrderBook mine, OrderBook target, Side side) {
            int nm = mine.depth(side);
            int nt = target.depth(side);
            int i = 0;
            int j = 0;
            boolean higherBetter = side.isHigherBetter();
            while (i < nm || j < nt) {
                if (i == nm) {
                    add(target.price(side, j), target.size(side, j));
                    j++;
                } else if (j == nt) {
                    add(mine.price(side, i), 0);
                    i++;
                } else {
                    long pm = mine.price(side, i);
                    long pt = target.price(side, j);
                    if (pm == pt) {
                        long st = target.size(side, j);
                        if (st != mine.size(side, i)) {
                            add(pt, st);
                        }
                        i++;
                        j++;
                    } else if (higherBetter ? pm > pt : pm < pt) {
                        add(pm, 0);
                        i++;
                    } else {
                        add(pt, target.size(side, j));
                        j++;
                    }
                }
            }
        }
    }

    /** The book's recent trades (empty when its feed does not subscribe to trades). */
    public RecentTrades trades() {
        return trades;
    }
}
