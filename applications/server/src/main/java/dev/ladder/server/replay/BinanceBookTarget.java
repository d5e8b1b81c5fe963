package dev.ladder.server.replay;

import dev.ladder.binance.BinanceDecoder;
import dev.ladder.binance.BinanceFormatException;
import dev.ladder.binance.BinanceMessageType;
import dev.ladder.binance.DepthSnapshot;
import dev.ladder.binance.DepthSync;
import dev.ladder.binance.DepthUpdate;
import dev.ladder.binance.SyncListener;
import dev.ladder.book.OrderBook;
import dev.ladder.core.Decimals;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.Side;
import dev.ladder.journal.Damage;
import dev.ladder.journal.JournalCursor;
import java.util.Locale;

/**
 * Rebuilds a Binance book from journal records exactly as the live client does: raw messages go
 * through {@link BinanceDecoder} into a {@link DepthSync}; {@code #snapshot} markers are the
 * REST snapshots; a {@code #resync} marker of kind {@code RESET} resets the sync (a reconnect).
 * {@code #book} blobs ({@link BookBlob}) restore the book and its update id. Malformed messages are
 * counted and skipped. One replaying thread.
 */
public final class BinanceBookTarget implements HeatmapSource, DescribedTarget {
    private final String symbol;
    private final boolean isFutures;
    private final BinanceDecoder decoder = new BinanceDecoder();
    private final OrderBook book = new OrderBook(BinanceDecoder.DEFAULT_SCALE, BinanceDecoder.DEFAULT_SCALE);
    private final SyncListener listener;
    private DepthSync sync;
    private DepthSnapshot pending;
    private long malformed;
    private long restores;
    private long lostRanges;
    private long resyncsFromBook;
    private long divergences;
    private final SkippedRanges skipped = new SkippedRanges();
    private boolean isExact = true;
    private long exchangeTimeMillis;
    private long receiveNanos = -1;

    public BinanceBookTarget(String symbol, boolean isFutures) {
        this(symbol, isFutures, SyncListener.NONE);
    }

    /**
     * A target whose sync reports to {@code listener} (applied diffs, loaded snapshots, sync events);
     * a {@code #book} restore is not reported (it is not a venue snapshot).
     */
    public BinanceBookTarget(String symbol, boolean isFutures, SyncListener listener) {
        this.symbol = symbol;
        this.isFutures = isFutures;
        this.listener = listener;
        this.sync = new DepthSync(symbol, isFutures, book, listener);
    }

    /** The exchange event time (ms) of the last depth diff seen, or 0 when none yet. */
    public long exchangeTimeMillis() {
        return exchangeTimeMillis;
    }

    /** The receive time (epoch ns) of the last record restored or applied, or -1 when none. */
    public long receiveNanos() {
        return receiveNanos;
    }

    /** The book's update id: the restored {@code #book}'s while it waits for the next diff, else the sync's (-1: none). */
    public long lastUpdateId() {
        return pending != null ? pending.lastUpdateId() : sync.lastUpdateId();
    }

    /** True while a restored {@code #book} waits for the next record to be loaded into the sync (which then reports it as a snapshot). */
    public boolean hasPendingBook() {
        return pending != null;
    }

    /**
     * True when the book is in sync (a restored {@code #book} counts: it was written from a synced book)
     * and not crossed: a crossed book is a divergence, never presented as good.
     */
    public boolean isSynced() {
        return pending != null || sync.isSynced() && !book.isCrossed();
    }

    /** {@code synced}, {@code gap} (a gap or lost range not yet resynced), {@code no snapshot} or {@code crossed}. */
    public String state() {
        return pending != null ? "synced" : state(sync);
    }

    /**
     * A sync's state at the end of a replay: {@code no snapshot}, {@code crossed} (best bid above best
     * ask: the book diverged from the venue's although the update ids ran on), {@code gap} (a gap not
     * resynced) or {@code synced}.
     */
    public static String state(DepthSync sync) {
        if (sync == null || sync.lastUpdateId() < 0) {
            return "no snapshot";
        }
        if (sync.book().isCrossed()) {
            return "crossed";
        }
        return sync.isSynced() ? "synced" : "gap";
    }

    /**
     * Times an applied diff left the book crossed (best bid above best ask) when it was not: the
     * recorded stream diverged from the venue's book. Counted like a gap; the next snapshot or
     * {@code #book} line replaces the book.
     */
    public long divergences() {
        return divergences + sync.divergences();
    }

    /**
     * Loads a restored {@code #book} that no diff followed into the sync, so {@link #sync()} says
     * synced with its update id. For the end of a replay (a later futures diff would still bridge
     * by id rather than by {@code pu}).
     */
    public void settle() {
        if (pending != null) {
            loadPending(null, receiveNanos);
        }
    }

    /**
     * Records were lost to damage before the next one: the book is no longer exact, so the sync is
     * reset; it is synced again by the next {@code #book} line ({@link #onBook}) or REST snapshot.
     */
    @Override
    public void lost(Damage damage) {
        lostRanges++;
        skipped.add(damage);
        isExact = false;
        if (pending != null) {
            pending = null;
        }
        sync.reset(receiveNanos);
        restores++;
    }

    /**
     * True when no record was lost since the book was last restored from a {@code #book} line (or
     * since the start): the book is the one the recorder saw. False after damage, until the next
     * {@code #book} line.
     */
    public boolean isExact() {
        return isExact;
    }

    /** The damaged ranges skipped, for answers that must say so. */
    public SkippedRanges skipped() {
        return skipped;
    }

    /** A fresh sync on the same book; the old one's divergences stay counted. */
    private void newSync() {
        divergences += sync.divergences();
        sync = new DepthSync(symbol, isFutures, book, listener);
    }

    /** Damaged ranges met (each reset the sync). */
    public long lostRanges() {
        return lostRanges;
    }

    /** Changes with every restore, reset, loaded snapshot and applied diff. */
    @Override
    public long changes() {
        return (restores << 40) + sync.applied() + sync.snapshots();
    }

    @Override
    public OrderBook book() {
        return book;
    }

    public DepthSync sync() {
        return sync;
    }

    /** Messages that did not decode, and {@code #book} blobs that were damaged (the book then starts over). */
    public long malformed() {
        return malformed;
    }

    @Override
    public void reset() {
        restores++;
        book.clear();
        newSync();
        pending = null;
        exchangeTimeMillis = 0;
        receiveNanos = -1;
    }

    @Override
    public void restore(JournalCursor c) {
        restore(c.buffer(), c.payloadOffset(), c.payloadLength(), c.receiveNanos());
    }

    /** Restores the book from a {@code #book} blob in {@code b[off, off+len)} received at {@code receiveNanos} (a damaged blob starts the book over). */
    public void restore(byte[] b, int off, int len, long receiveNanos) {
        isExact = true;
        DepthSnapshot s = new DepthSnapshot().setSymbol(symbol);
        try {
            BookBlob.decode(b, off, len, s);
        } catch (IllegalArgumentException e) {
            malformed++;
            reset();
            this.receiveNanos = receiveNanos;
            return;
        }
        book.clear();
        for (int i = 0; i < s.bids().count(); i++) {
            book.set(Side.BID, s.bids().price(i), s.bids().size(i));
        }
        for (int i = 0; i < s.asks().count(); i++) {
            book.set(Side.ASK, s.asks().price(i), s.asks().size(i));
        }
        newSync();
        pending = s;
        restores++;
        this.receiveNanos = receiveNanos;
    }

    /**
     * Loads a restored book into the sync before the next record. Futures diffs do not chain by
     * U, so the snapshot's id is set to the diff's U when the diff continues the book (pu == L):
     * the sync then applies it exactly as the live sync did.
     */
    private void loadPending(DepthUpdate next, long receiveNanos) {
        DepthSnapshot s = pending;
        pending = null;
        restores++;
        long l = s.lastUpdateId();
        if (isFutures && next != null && next.hasPreviousFinalUpdateId() && next.previousFinalUpdateId() == l) {
            s.setLastUpdateId(next.firstUpdateId());
        }
        sync.onSnapshot(s, receiveNanos);
    }

    /**
     * A {@code #book} line met during a sequential replay: ignored while the replay is synced
     * (it holds the same book), restored when the replay lost sync (e.g. frames the live client
     * took from a planned-reconnect overlap in another order), so a replay never stays stale
     * longer than one book period.
     *
     * @return true when the book was restored from the line
     */
    @Override
    public boolean onBook(JournalCursor c) {
        if (sync.isSynced() || pending != null) {
            return false;
        }
        restore(c);
        resyncsFromBook++;
        return true;
    }

    @Override
    public String describe(InstrumentId id, long records) {
        return String.format(Locale.ROOT, "%s records=%d synced=%s state=%s lastUpdateId=%d bid=%s ask=%s depth=%d/%d gaps=%d divergences=%d book-resyncs=%d malformed=%d lost-ranges=%d checksum=%016x",
                id, records, isSynced(), state(), sync.lastUpdateId(), price(Side.BID), price(Side.ASK),
                book.depth(Side.BID), book.depth(Side.ASK), sync.gaps(), divergences(), resyncsFromBook, malformed, lostRanges, JournalReplay.checksum(book));
    }

    private String price(Side s) {
        long p = book.bestPrice(s);
        return p == OrderBook.NO_PRICE ? "-" : Decimals.format(p, book.priceScale()) + "x" + Decimals.format(book.bestSize(s), book.sizeScale());
    }

    /** Times {@link #onBook} restored a replay that had lost sync. */
    public long resyncsFromBook() {
        return resyncsFromBook;
    }

    @Override
    public void apply(JournalCursor c) {
        receiveNanos = c.receiveNanos();
        switch (c.kind()) {
            case MESSAGE -> onMessage(c.buffer(), c.payloadOffset(), c.payloadLength(), c.receiveNanos());
            case SNAPSHOT -> onSnapshot(c.payloadString(), c.receiveNanos());
            case RESYNC -> onResync(c.payloadString(), c.receiveNanos());
            default -> {
                // gaps and reconnects are consequences the sync works out again by itself
            }
        }
    }

    /** A raw websocket frame (UTF-8 JSON in {@code b[off, off+len)}): depth diffs drive the sync, others are skipped. */
    public void onMessage(byte[] b, int off, int len, long receiveNanos) {
        try {
            BinanceMessageType type = decoder.decode(b, off, len);
            if (type == BinanceMessageType.DEPTH_UPDATE) {
                DepthUpdate d = decoder.depthUpdate();
                if (d.symbol() != null && !d.symbol().equalsIgnoreCase(symbol)) {
                    return;
                }
                if (d.eventTime() != DepthUpdate.NONE) {
                    exchangeTimeMillis = d.eventTime();
                }
                if (pending != null) {
                    loadPending(d, receiveNanos);
                }
                sync.onDiff(d, receiveNanos);
            } else if (type == BinanceMessageType.SNAPSHOT) {
                if (pending != null) {
                    loadPending(null, receiveNanos);
                }
                sync.onSnapshot(decoder.snapshot().setSymbol(symbol), receiveNanos);
            }
        } catch (BinanceFormatException e) {
            malformed++;
        }
    }

    /** A REST depth snapshot's body ({@code #snapshot} line). */
    public void onSnapshot(String json, long receiveNanos) {
        try {
            if (pending != null) {
                loadPending(null, receiveNanos);
            }
            sync.onSnapshot(decoder.decodeSnapshot(json, symbol), receiveNanos);
        } catch (BinanceFormatException e) {
            malformed++;
        }
    }

    /** A {@code #resync} line: kind RESET (a reconnect) resets the sync; the other kinds are informational. */
    public void onResync(String json, long receiveNanos) {
        if (json.contains("\"RESET\"")) {
            if (pending != null) {
                loadPending(null, receiveNanos);
            }
            sync.reset(receiveNanos);
        }
    }

}
