package dev.ladder.server.export;

import dev.ladder.binance.BinanceDecoder;
import dev.ladder.binance.DepthSnapshot;
import dev.ladder.binance.DepthSync;
import dev.ladder.binance.DepthUpdate;
import dev.ladder.binance.PriceLevels;
import dev.ladder.binance.SyncEvent;
import dev.ladder.binance.SyncListener;
import dev.ladder.book.OrderBook;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.Side;
import dev.ladder.core.Venue;
import dev.ladder.journal.JournalCursor;
import dev.ladder.journal.JournalReader;
import dev.ladder.journal.ProgressMeter;
import dev.ladder.journal.RecordKind;
import dev.ladder.server.http.BookJson;
import dev.ladder.server.replay.BinanceBookTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes a Binance journal stream as a tardis.dev {@code incremental_book_L2} CSV:
 * {@code exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount}.
 *
 * <p>Rows: every level of each snapshot the sync loads (a REST snapshot at the start or after a
 * gap, or the book at {@code from} when the export starts mid-stream) with {@code is_snapshot=true},
 * then every level of each applied depth diff with {@code false}; {@code amount} 0 removes the level.
 * {@code exchange} is {@code binance} or {@code binance-futures}; {@code timestamp} is the exchange
 * event time in microseconds (the snapshot's, or the receive time when the venue gives none) and
 * {@code local_timestamp} the receive time in microseconds, never decreasing (diffs buffered during a
 * resync are stamped with the snapshot's receive time). Prices and amounts are exact decimals without
 * trailing zeros. Diffs the sync drops (stale, or during a gap) produce no rows, so the rows always
 * rebuild the book the live client had.
 */
public final class TardisCsvExport implements SyncListener {
    static final String HEADER = "exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount\n";

    private final Writer out;
    private final String exchange;
    private final String symbol;
    private final StringBuilder row = new StringBuilder(128);
    private boolean enabled;
    private boolean skipNextSnapshot;
    private long lastLocalMicros = Long.MIN_VALUE;
    private long rows;

    private TardisCsvExport(Writer out, InstrumentId id) {
        this.out = out;
        this.exchange = id.venue().id();
        this.symbol = id.symbol();
    }

    /** Rows written so far. */
    long rows() {
        return rows;
    }

    /**
     * Exports {@code id} from {@code fromNs} to {@code toNs} (receive times, inclusive; {@code Long.MIN_VALUE}
     * / {@code Long.MAX_VALUE} for the whole stream) to {@code out}, header first.
     *
     * @return the number of rows written
     * @throws IllegalArgumentException when {@code id} is not a Binance stream
     * @throws IOException when the journal cannot be read or {@code out} cannot be written
     */
    public static long export(JournalReader reader, InstrumentId id, long fromNs, long toNs, Writer out, ProgressMeter progress)
            throws IOException {
        if (id.venue() != Venue.BINANCE && id.venue() != Venue.BINANCE_FUTURES) {
            throw new IllegalArgumentException("csv export needs a Binance stream: " + id);
        }
        TardisCsvExport csv = new TardisCsvExport(out, id);
        BinanceBookTarget t = new BinanceBookTarget(id.symbol(),
                id.venue() == Venue.BINANCE_FUTURES, csv);
        out.write(HEADER);
        try {
            if (fromNs != Long.MIN_VALUE) {
                reader.replayTo(id, fromNs - 1, t);
                if (t.isSynced() && (!t.book().isEmpty(Side.BID) || !t.book().isEmpty(Side.ASK))) {
                    csv.skipNextSnapshot = t.hasPendingBook();
                    long exMicros = t.exchangeTimeMillis() > 0 ? t.exchangeTimeMillis() * 1000 : Math.floorDiv(fromNs, 1000L);
                    csv.enabled = true;
                    csv.book(t.book(), exMicros, Math.floorDiv(fromNs, 1000L));
                }
            }
            csv.enabled = true;
            long n = 0;
            try (JournalCursor c = reader.cursor(id, fromNs, toNs)) {
                while (c.next()) {
                    if (c.kind() == RecordKind.BOOK) {
                        if (t.onBook(c)) {
                            csv.skipNextSnapshot = true;
                            long micros = Math.floorDiv(c.receiveNanos(), 1000L);
                            csv.book(t.book(), micros, micros);
                        }
                    } else {
                        t.apply(c);
                    }
                    if ((++n & 1023) == 0) {
                        progress.update(n);
                    }
                }
            }
            progress.finish(n);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return csv.rows;
    }

    @Override
    public void onSyncEvent(SyncEvent event) {
    }

    @Override
    public void onSnapshotLoaded(DepthSync sync, DepthSnapshot snapshot, long receiveTime) {
        if (!enabled) {
            return;
        }
        if (skipNextSnapshot) {
            skipNextSnapshot = false;
            return;
        }
        long local = local(receiveTime);
        long ex = snapshot.eventTime() > 0 ? snapshot.eventTime() * 1000 : local;
        levels(snapshot.bids(), "bid", ex, local, true);
        levels(snapshot.asks(), "ask", ex, local, true);
    }

    @Override
    public void onDiffApplied(DepthSync sync, DepthUpdate diff, long receiveTime) {
        if (!enabled) {
            return;
        }
        skipNextSnapshot = false;
        long local = local(receiveTime);
        long ex = diff.eventTime() > 0 ? diff.eventTime() * 1000 : local;
        levels(diff.bids(), "bid", ex, local, false);
        levels(diff.asks(), "ask", ex, local, false);
    }

    private long local(long receiveNanos) {
        long micros = Math.floorDiv(receiveNanos, 1000L);
        if (micros < lastLocalMicros) {
            micros = lastLocalMicros;
        }
        lastLocalMicros = micros;
        return micros;
    }

    private void book(OrderBook b, long exMicros, long localMicros) {
        long local = Math.max(localMicros, lastLocalMicros);
        lastLocalMicros = local;
        for (Side s : Side.values()) {
            String side = s == Side.BID ? "bid" : "ask";
            for (int i = 0; i < b.depth(s); i++) {
                row(exMicros, local, true, side, b.price(s, i), b.size(s, i), b.priceScale(), b.sizeScale());
            }
        }
    }

    private void levels(PriceLevels levels, String side, long exMicros, long localMicros, boolean isSnapshot) {
        for (int i = 0; i < levels.count(); i++) {
            row(exMicros, localMicros, isSnapshot, side, levels.price(i), levels.size(i),
                    BinanceDecoder.DEFAULT_SCALE, BinanceDecoder.DEFAULT_SCALE);
        }
    }

    private void row(long exMicros, long localMicros, boolean isSnapshot, String side, long price, long size,
                     int priceScale, int sizeScale) {
        StringBuilder sb = row;
        sb.setLength(0);
        sb.append(exchange).append(',').append(symbol).append(',').append(exMicros).append(',').append(localMicros)
                .append(',').append(isSnapshot).append(',').append(side).append(',')
                .append(BookJson.dec(price, priceScale)).append(',').append(BookJson.dec(size, sizeScale)).append('\n');
        try {
            out.append(sb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        rows++;
    }
}
