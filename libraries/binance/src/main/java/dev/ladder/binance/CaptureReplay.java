package dev.ladder.binance;

import dev.ladder.book.OrderBook;
import dev.ladder.core.Venue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rebuilds order books from a capture ({@link CaptureReader}): decodes each message, routes depth
 * diffs and snapshots to one {@link DepthSync} per symbol, and counts everything.
 *
 * <p>Choices: books are at scale 8 for prices and sizes ({@link BinanceDecoder#DEFAULT_SCALE}), exact
 * for anything Binance prints. A symbol uses futures rules when {@code forceFutures} is set, when its
 * capture URL says futures, when its diffs carry {@code pu}, or when its snapshot carries {@code T}.
 * A snapshot without a symbol (hftbacktest captures name none) goes to the one symbol whose
 * buffered diffs it bridges ({@link DepthSync#canBridge}), else to the symbol filter, else to the only
 * symbol seen, else to the first symbol whose diffs appear. A snapshot
 * that arrives before any diff of its symbol is held until the first diff decides the rules (or the
 * end of the capture). Messages received after {@code stopAfterNanos} are not read. Malformed
 * messages are counted ({@link #malformed()}) and skipped.
 *
 * <p>Not thread-safe: the thread that calls {@link #run} owns the books.
 */
public final class CaptureReplay {
    private final String symbolFilter;
    private final boolean forceFutures;
    private final long stopAfterNanos;
    private final ReplayListener listener;
    private final BinanceDecoder decoder = new BinanceDecoder();
    private final Map<String, Instrument> instruments = new LinkedHashMap<>();
    private final List<SyncEvent> events = new ArrayList<>();
    private DepthSnapshot anonymousSnapshot;
    private long anonymousTime;
    private boolean isStopped;

    private long messages;
    private long depthUpdates;
    private long snapshots;
    private long bookTickers;
    private long trades;
    private long ignored;
    private long malformed;
    private long otherSymbols;
    private long lastReceiveTime = -1;
    private String firstError;

    /**
     * @param symbolFilter only this symbol (upper or lower case), or {@code null} for every symbol
     * @param forceFutures use futures rules for every symbol
     * @param stopAfterNanos stop before the first message received after this epoch-nanosecond
     *                       time ({@link Long#MAX_VALUE}: read everything)
     * @param listener observes the replay ({@code null}: nothing)
     */
    public CaptureReplay(String symbolFilter, boolean forceFutures, long stopAfterNanos, ReplayListener listener) {
        this.symbolFilter = symbolFilter == null ? null : symbolFilter.toUpperCase(java.util.Locale.ROOT);
        this.forceFutures = forceFutures;
        this.stopAfterNanos = stopAfterNanos;
        this.listener = listener == null ? new ReplayListener() { } : listener;
    }

    /** Reads the whole capture (or up to the stop time) and closes nothing. */
    public void run(CaptureReader reader) throws IOException {
        CaptureMessage m;
        if (reader instanceof HftbacktestReader bytes) {
            // one hftbacktest file: messages are decoded from the reader's buffer, no string per line
            HftbacktestReader.RawSink sink = this::accept;
            while (!isStopped && (m = bytes.next(sink)) != null) {
                if (m != HftbacktestReader.HANDED) {
                    accept(m);
                }
            }
        } else {
            while (!isStopped && (m = reader.next()) != null) {
                accept(m);
            }
        }
        finish();
    }

    /** Offers one message; returns {@code false} once past the stop time. */
    public boolean accept(CaptureMessage m) {
        if (!isBefore(m.receiveTimeNanos())) {
            return false;
        }
        try {
            route(decoder.decode(m.json()), m.isSnapshot(), m.symbol(), m.venue(), m.receiveTimeNanos());
        } catch (BinanceFormatException e) {
            malformed(m, e);
        }
        return true;
    }

    /** An ASCII message from bytes (hftbacktest files); a string is made only for a malformed one. */
    private void accept(long receiveNanos, boolean isSnapshot, byte[] b, int offset, int length, String source, long line) {
        if (!isBefore(receiveNanos)) {
            return;
        }
        try {
            route(decoder.decode(b, offset, length), isSnapshot, null, null, receiveNanos);
        } catch (BinanceFormatException e) {
            malformed(new CaptureMessage(receiveNanos, isSnapshot, null, null,
                    new String(b, offset, length, StandardCharsets.ISO_8859_1), source, line), e);
        }
    }

    private boolean isBefore(long receiveNanos) {
        if (isStopped || receiveNanos > stopAfterNanos) {
            isStopped = true;
            return false;
        }
        messages++;
        lastReceiveTime = receiveNanos;
        return true;
    }

    private void route(BinanceMessageType type, boolean isSnapshot, String symbol, Venue venue, long receiveNanos)
            throws BinanceFormatException {
        if (isSnapshot) {
            if (type != BinanceMessageType.SNAPSHOT) {
                throw new BinanceFormatException("expected a depth snapshot");
            }
            onSnapshot(symbol, venue, receiveNanos);
            return;
        }
        switch (type) {
            case DEPTH_UPDATE -> onDiff(venue, receiveNanos);
            case SNAPSHOT -> onSnapshot(symbol, venue, receiveNanos);
            case BOOK_TICKER -> {
                bookTickers++;
                BookTicker t = decoder.bookTicker();
                if (isWanted(t.symbol())) {
                    Instrument i = instruments.get(t.symbol());
                    listener.onBookTicker(t, i == null ? null : i.sync, receiveNanos);
                }
            }
            case TRADE -> trades++;
            case IGNORED -> ignored++;
        }
    }

    private void malformed(CaptureMessage m, BinanceFormatException e) {
        malformed++;
        if (firstError == null) {
            firstError = m.source() + ":" + m.line() + ": " + e.getMessage();
        }
        listener.onMalformed(m, e);
    }

    /** Loads snapshots still held for symbols whose diffs never appeared. Called by {@link #run}. */
    public void finish() {
        if (anonymousSnapshot != null) {
            String target = symbolFilter != null ? symbolFilter
                    : instruments.size() == 1 ? instruments.keySet().iterator().next() : null;
            if (target != null) {
                Instrument i = instrument(target);
                if (i.sync == null && i.pending == null) {
                    i.pending = anonymousSnapshot.setSymbol(target);
                    i.pendingTime = anonymousTime;
                }
            }
            anonymousSnapshot = null;
        }
        for (Instrument i : instruments.values()) {
            if (i.sync == null && i.pending != null) {
                start(i, i.pending.looksLikeFutures());
            }
        }
    }

    private boolean isWanted(String symbol) {
        if (symbolFilter == null || symbolFilter.equals(symbol)) {
            return true;
        }
        otherSymbols++;
        return false;
    }

    private void onSnapshot(String named, Venue venue, long receiveNanos) {
        snapshots++;
        DepthSnapshot s = decoder.snapshot();
        String symbol = named;
        if (symbol == null) {
            symbol = attribute(s.lastUpdateId());
        }
        if (symbol == null) {
            anonymousSnapshot = (anonymousSnapshot == null ? new DepthSnapshot() : anonymousSnapshot).copyFrom(s);
            anonymousTime = receiveNanos;
            return;
        }
        if (!isWanted(symbol)) {
            return;
        }
        s.setSymbol(symbol);
        Instrument i = instrument(symbol);
        i.hint(venue);
        if (i.sync != null) {
            i.sync.onSnapshot(s, receiveNanos);
        } else {
            i.pending = (i.pending == null ? new DepthSnapshot() : i.pending).copyFrom(s);
            i.pendingTime = receiveNanos;
        }
    }

    /**
     * The symbol of a snapshot that names none: the one symbol whose buffered diffs it bridges, else
     * the symbol filter, else the only symbol seen, else {@code null} (held for the first diff).
     */
    private String attribute(long lastUpdateId) {
        String bridged = null;
        int candidates = 0;
        for (Instrument i : instruments.values()) {
            if (i.sync != null && i.sync.canBridge(lastUpdateId)) {
                bridged = i.symbol;
                candidates++;
            }
        }
        if (candidates == 1) {
            return bridged;
        }
        if (symbolFilter != null) {
            return symbolFilter;
        }
        return instruments.size() == 1 ? instruments.keySet().iterator().next() : null;
    }

    private void onDiff(Venue venue, long receiveNanos) {
        depthUpdates++;
        DepthUpdate d = decoder.depthUpdate();
        if (!isWanted(d.symbol())) {
            return;
        }
        Instrument i = instrument(d.symbol());
        i.hint(venue);
        if (i.sync == null) {
            if (i.pending == null && anonymousSnapshot != null) {
                i.pending = anonymousSnapshot.setSymbol(d.symbol());
                i.pendingTime = anonymousTime;
                anonymousSnapshot = null;
            }
            start(i, d.hasPreviousFinalUpdateId() || (i.pending != null && i.pending.looksLikeFutures()));
        }
        i.sync.onDiff(d, receiveNanos);
    }

    private void start(Instrument i, boolean looksLikeFutures) {
        boolean isFutures = forceFutures || i.venue == Venue.BINANCE_FUTURES || looksLikeFutures;
        i.venue = isFutures ? Venue.BINANCE_FUTURES : Venue.BINANCE;
        i.sync = new DepthSync(i.symbol, isFutures, new OrderBook(decoder.priceScale(), decoder.sizeScale()), i);
        if (i.pending != null) {
            i.sync.onSnapshot(i.pending, i.pendingTime);
            i.pending = null;
        }
    }

    private Instrument instrument(String symbol) {
        return instruments.computeIfAbsent(symbol, Instrument::new);
    }

    /** The symbols seen (diffs, or snapshots), in order of appearance, after the symbol filter. */
    public Set<String> symbols() {
        return Collections.unmodifiableSet(instruments.keySet());
    }

    /** The sync of a symbol, or {@code null} when the capture held neither diffs nor a snapshot for it. */
    public DepthSync sync(String symbol) {
        Instrument i = instruments.get(symbol.toUpperCase(java.util.Locale.ROOT));
        return i == null ? null : i.sync;
    }

    /** {@link Venue#BINANCE} or {@link Venue#BINANCE_FUTURES} as decided for a symbol, or {@code null} if unknown. */
    public Venue venue(String symbol) {
        Instrument i = instruments.get(symbol.toUpperCase(java.util.Locale.ROOT));
        return i == null ? null : i.venue;
    }

    /** The price fraction digits Binance printed in the symbol's last loaded snapshot, or -1 before one. */
    public int priceDigits(String symbol) {
        Instrument i = instruments.get(symbol.toUpperCase(java.util.Locale.ROOT));
        return i == null ? -1 : i.priceDigits;
    }

    /** The size fraction digits Binance printed in the symbol's last loaded snapshot, or -1 before one. */
    public int sizeDigits(String symbol) {
        Instrument i = instruments.get(symbol.toUpperCase(java.util.Locale.ROOT));
        return i == null ? -1 : i.sizeDigits;
    }

    /** Every sync transition so far, in order. */
    public List<SyncEvent> events() {
        return Collections.unmodifiableList(events);
    }

    /** Messages read (before the stop time). */
    public long messages() {
        return messages;
    }

    public long depthUpdates() {
        return depthUpdates;
    }

    public long snapshots() {
        return snapshots;
    }

    public long bookTickers() {
        return bookTickers;
    }

    public long trades() {
        return trades;
    }

    /** Well-formed messages of kinds not used (kline, aggTrade, ...). */
    public long ignored() {
        return ignored;
    }

    /** Messages that could not be decoded. */
    public long malformed() {
        return malformed;
    }

    /** The first decoding error, with file and line, or {@code null}. */
    public String firstError() {
        return firstError;
    }

    /** Messages of other symbols than the filter's. */
    public long otherSymbols() {
        return otherSymbols;
    }

    /** The receive time of the last message read, or -1. */
    public long lastReceiveTime() {
        return lastReceiveTime;
    }

    /** Sum over symbols of a sync counter. */
    public long applied() {
        return sum(0);
    }

    public long dropped() {
        return sum(1);
    }

    public long gaps() {
        return sum(2);
    }

    public long resyncs() {
        return sum(3);
    }

    private long sum(int which) {
        long n = 0;
        for (Instrument i : instruments.values()) {
            if (i.sync != null) {
                n += switch (which) {
                    case 0 -> i.sync.applied();
                    case 1 -> i.sync.dropped();
                    case 2 -> i.sync.gaps();
                    default -> i.sync.resyncs();
                };
            }
        }
        return n;
    }

    private final class Instrument implements SyncListener {
        final String symbol;
        DepthSync sync;
        DepthSnapshot pending;
        long pendingTime;
        Venue venue;
        int priceDigits = -1;
        int sizeDigits = -1;

        Instrument(String symbol) {
            this.symbol = symbol;
        }

        void hint(Venue v) {
            if (v != null && venue == null) {
                venue = v;
            }
        }

        @Override
        public void onSyncEvent(SyncEvent event) {
            events.add(event);
            listener.onSyncEvent(event);
        }

        @Override
        public void onDiffApplied(DepthSync s, DepthUpdate diff, long receiveTime) {
            listener.onDiffApplied(s, diff, receiveTime);
        }

        @Override
        public void onSnapshotLoaded(DepthSync s, DepthSnapshot snapshot, long receiveTime) {
            priceDigits = snapshot.priceFractionDigits();
            sizeDigits = snapshot.sizeFractionDigits();
        }
    }
}
