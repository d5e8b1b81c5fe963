package dev.ladder.server.node;

import dev.ladder.binance.BinanceListener;
import dev.ladder.binance.BookTicker;
import dev.ladder.binance.ConnectionEvent;
import dev.ladder.binance.SyncEvent;
import dev.ladder.binance.Trade;
import dev.ladder.book.OrderBook;
import dev.ladder.core.InstrumentId;

/**
 * Hands every callback to {@code first} (the journal: raw first), then to {@code second} (the live
 * books). Each listener keeps its own never-throw contract; the client counts and logs a throw.
 */
public final class TeeBinanceListener implements BinanceListener {
    private final BinanceListener first;
    private final BinanceListener second;

    public TeeBinanceListener(BinanceListener first, BinanceListener second) {
        this.first = first;
        this.second = second;
    }

    @Override
    public void onRawMessage(String connection, CharSequence text, long receiveNanos) {
        first.onRawMessage(connection, text, receiveNanos);
        second.onRawMessage(connection, text, receiveNanos);
    }

    @Override
    public void onRawSnapshot(InstrumentId id, String json, long receiveNanos) {
        first.onRawSnapshot(id, json, receiveNanos);
        second.onRawSnapshot(id, json, receiveNanos);
    }

    @Override
    public void onSnapshot(InstrumentId id, OrderBook book, long lastUpdateId, long receiveNanos) {
        first.onSnapshot(id, book, lastUpdateId, receiveNanos);
        second.onSnapshot(id, book, lastUpdateId, receiveNanos);
    }

    @Override
    public void onBookUpdate(InstrumentId id, OrderBook book, long firstUpdateId, long lastUpdateId, long eventTime,
                             long receiveNanos) {
        first.onBookUpdate(id, book, firstUpdateId, lastUpdateId, eventTime, receiveNanos);
        second.onBookUpdate(id, book, firstUpdateId, lastUpdateId, eventTime, receiveNanos);
    }

    @Override
    public void onSyncEvent(InstrumentId id, SyncEvent event) {
        first.onSyncEvent(id, event);
        second.onSyncEvent(id, event);
    }

    @Override
    public void onConnectionEvent(ConnectionEvent event) {
        first.onConnectionEvent(event);
        second.onConnectionEvent(event);
    }

    @Override
    public void onMalformed(String connection, String reason, CharSequence text, long receiveNanos) {
        first.onMalformed(connection, reason, text, receiveNanos);
        second.onMalformed(connection, reason, text, receiveNanos);
    }

    @Override
    public void onBookTicker(InstrumentId id, BookTicker ticker, long receiveNanos) {
        first.onBookTicker(id, ticker, receiveNanos);
        second.onBookTicker(id, ticker, receiveNanos);
    }

    @Override
    public void onTrade(InstrumentId id, Trade trade, long receiveNanos) {
        first.onTrade(id, trade, receiveNanos);
        second.onTrade(id, trade, receiveNanos);
    }

    @Override
    public void onRateLimited(int status, long retryAfterMillis, long receiveNanos) {
        first.onRateLimited(status, retryAfterMillis, receiveNanos);
        second.onRateLimited(status, retryAfterMillis, receiveNanos);
    }
}
