package dev.ladder.server.node;

import dev.ladder.binance.BinanceDecoder;
import dev.ladder.binance.BinanceListener;
import dev.ladder.binance.ConnectionEvent;
import dev.ladder.binance.SyncEvent;
import dev.ladder.book.OrderBook;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.Venue;
import dev.ladder.server.live.BookRegistry;
import dev.ladder.server.live.BookState;
import dev.ladder.server.live.LadderMetrics;
import dev.ladder.server.live.LiveBook;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds a {@link BookRegistry} from a {@code BinanceClient}: registers one live book per instrument
 * (at the client's scales) and mirrors every snapshot and applied diff into it, counting messages,
 * gaps, resyncs, reconnects and malformed frames.
 *
 * <p>Runs on the client's writer threads (one per connection group). A diff is mirrored by walking
 * the client's book against the live book (the listener does not carry the diff's levels), so the
 * published stream diff holds exactly the levels that changed. A gap or a reset (disconnect) marks the
 * book {@link BookState#RESYNCING} until the next snapshot, which sends stream clients a fresh snapshot.
 * Never throws: a failure is logged and counted as malformed.
 */
final class BinanceFeed implements BinanceListener {
    private static final Logger log = LoggerFactory.getLogger(BinanceFeed.class);

    private final Venue venue;
    private final LadderMetrics metrics;
    private final Map<InstrumentId, LiveBook> books = new ConcurrentHashMap<>();

    BinanceFeed(BookRegistry registry, Venue venue, List<String> symbols) {
        this.venue = venue;
        this.metrics = registry.metrics();
        for (String s : symbols) {
            InstrumentId id = InstrumentId.of(venue, s);
            books.put(id, registry.register(id, BinanceDecoder.DEFAULT_SCALE, BinanceDecoder.DEFAULT_SCALE));
        }
    }

    Venue venue() {
        return venue;
    }

    @Override
    public void onRawMessage(String connection, CharSequence text, long receiveNanos) {
        metrics.message(venue);
    }

    @Override
    public void onTrade(InstrumentId id, dev.ladder.binance.Trade trade, long receiveNanos) {
        LiveBook live = books.get(id);
        if (live != null) {
            live.trades().add(trade.tradeId(), trade.price(), trade.size(),
                    trade.tradeTime() == dev.ladder.binance.DepthUpdate.NONE ? receiveNanos / 1_000_000L : trade.tradeTime(),
                    trade.isBuyerMaker());
        }
    }

    @Override
    public void onSnapshot(InstrumentId id, OrderBook book, long lastUpdateId, long receiveNanos) {
        LiveBook live = books.get(id);
        if (live == null) {
            return;
        }
        try {
            live.applySnapshotFrom(book, lastUpdateId, 0, receiveNanos);
        } catch (RuntimeException e) {
            failed(id, e);
        }
    }

    @Override
    public void onBookUpdate(InstrumentId id, OrderBook book, long firstUpdateId, long lastUpdateId, long eventTime,
                             long receiveNanos) {
        LiveBook live = books.get(id);
        if (live == null) {
            return;
        }
        try {
            live.applyDiffFrom(book, firstUpdateId, lastUpdateId, eventTime, receiveNanos);
        } catch (RuntimeException e) {
            failed(id, e);
        }
    }

    @Override
    public void onSyncEvent(InstrumentId id, SyncEvent event) {
        LiveBook live = books.get(id);
        if (live == null) {
            return;
        }
        live.onSyncEvent(event.kind());
    }

    @Override
    public void onConnectionEvent(ConnectionEvent event) {
        if (event.kind() == ConnectionEvent.Kind.CONNECTED && generation(event.connection()) > 1) {
            metrics.reconnect(venue);
        }
        if (event.kind() == ConnectionEvent.Kind.DISCONNECTED) {
            log.info("{} connection {} closed: {}", venue.id(), event.connection(), event.reason());
        }
    }

    @Override
    public void onMalformed(String connection, String reason, CharSequence text, long receiveNanos) {
        metrics.malformed(venue);
    }

    /** Marks every book stopped (the client was closed). */
    void stopped() {
        for (LiveBook b : books.values()) {
            b.setState(BookState.STOPPED);
        }
    }

    private void failed(InstrumentId id, RuntimeException e) {
        metrics.malformed(venue);
        log.warn("could not mirror {}: {}", id, e.toString());
    }

    /** The generation of a connection named {@code <shard>#<generation>}; 0 when it has none. */
    static int generation(String connection) {
        int hash = connection == null ? -1 : connection.lastIndexOf('#');
        if (hash < 0) {
            return 0;
        }
        try {
            return Integer.parseInt(connection.substring(hash + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
