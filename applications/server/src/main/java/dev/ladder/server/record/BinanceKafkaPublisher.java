package dev.ladder.server.record;

import dev.ladder.binance.BinanceClient;
import dev.ladder.binance.BinanceListener;
import dev.ladder.binance.ConnectionEvent;
import dev.ladder.binance.SyncEvent;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.Venue;
import dev.ladder.kafka.StreamPublisher;
import dev.ladder.kafka.StreamRecord;
import dev.ladder.server.replay.BookBlob;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link BinanceListener} that publishes what a {@link BinanceClient} receives to Kafka, in the
 * journal's record model ({@link BinanceJournaler}): raw frames keyed by their stream
 * ({@code binance:BTCUSDT}; frames naming no known stream under {@code <venue>:_CONTROL}), REST
 * snapshots as {@code snapshot} markers (restart points that the frames buffered before them may
 * bridge), sync events as {@code gap}/{@code resync}, connection events as {@code reconnect} on every
 * stream, and before a frame, when the book is synced and {@code bookNanos} of receive time passed
 * since the last one, a {@code book} marker ({@link BookBlob}) of the client's book: a restart point
 * from which a consumer rebuilds the book without a venue snapshot.
 *
 * <p>Threads as {@link BinanceJournaler}: frames on the client's writer threads (the book then reflects
 * every frame published before), snapshots and connection events on its REST thread. Placed after the
 * journaler in a tee, so the journal still comes first. Never throws: {@link StreamPublisher} counts
 * failed sends.
 */
public final class BinanceKafkaPublisher implements BinanceListener {
    private final StreamPublisher publisher;
    private final Venue venue;
    private final long bookNanos;
    private final Map<String, long[]> lastBook = new HashMap<>();
    private final Map<String, BinanceJournaler.Scratch> scratch = new HashMap<>();
    private final String control;
    private volatile BinanceClient client;

    public BinanceKafkaPublisher(StreamPublisher publisher, Venue venue, List<String> symbols, long bookNanos) {
        this.publisher = publisher;
        this.venue = venue;
        this.bookNanos = bookNanos;
        for (String s : symbols) {
            lastBook.put(s.toUpperCase(Locale.ROOT), new long[] {Long.MIN_VALUE});
            scratch.put(s.toUpperCase(Locale.ROOT), new BinanceJournaler.Scratch());
        }
        this.control = InstrumentId.of(venue, "_CONTROL").toString();
    }

    /** The client whose books the {@code book} markers copy. */
    public void attach(BinanceClient c) {
        this.client = c;
    }

    @Override
    public void onRawMessage(String connection, CharSequence text, long receiveNanos) {
        String sym = BinanceJournaler.streamSymbol(text);
        long[] last = sym == null ? null : lastBook.get(sym);
        if (last == null) {
            byte[] raw = text.toString().replace('\n', ' ').replace('\r', ' ').getBytes(StandardCharsets.UTF_8);
            publisher.publish(StreamRecord.of(control, null, receiveNanos, raw, StreamRecord.Restart.NONE));
            return;
        }
        String stream = InstrumentId.of(venue, sym).toString();
        synchronized (last) {
            BinanceClient c = client;
            if (c != null && (last[0] == Long.MIN_VALUE || receiveNanos - last[0] >= bookNanos)) {
                byte[] blob = c.readBook(sym, b -> c.isSynced(sym) ? BookBlob.encode(b, c.lastUpdateId(sym)) : null);
                if (blob != null) {
                    last[0] = receiveNanos;
                    publisher.publish(StreamRecord.of(stream, "book", receiveNanos, blob, StreamRecord.Restart.HERE));
                }
            }
            // the producer keeps the value until it is sent: one exact-size copy of the reused UTF-8 buffer
            BinanceJournaler.Scratch sc = scratch.get(sym);
            byte[] raw = java.util.Arrays.copyOf(sc.bytes, sc.encode(text));
            publisher.publish(StreamRecord.of(stream, null, receiveNanos, raw, StreamRecord.Restart.NONE));
        }
    }

    @Override
    public void onRawSnapshot(InstrumentId id, String json, long receiveNanos) {
        long[] last = lastBook.get(id.symbol());
        if (last == null) {
            return;
        }
        synchronized (last) {
            publisher.publish(StreamRecord.of(id.toString(), "snapshot", receiveNanos,
                    json.replace('\n', ' ').replace('\r', ' ').getBytes(StandardCharsets.UTF_8), StreamRecord.Restart.AFTER_PREVIOUS));
        }
    }

    @Override
    public void onSyncEvent(InstrumentId id, SyncEvent e) {
        long[] last = lastBook.get(id.symbol());
        if (last == null) {
            return;
        }
        String json = String.format(Locale.ROOT, "{\"kind\":\"%s\",\"lastUpdateId\":%d,\"expected\":%d,\"got\":%d}",
                e.kind(), e.lastUpdateId(), e.expected(), e.got());
        synchronized (last) {
            publisher.publish(StreamRecord.of(id.toString(), e.kind() == SyncEvent.Kind.GAP ? "gap" : "resync", e.receiveTime(),
                    json.getBytes(StandardCharsets.UTF_8), StreamRecord.Restart.NONE));
        }
    }

    @Override
    public void onConnectionEvent(ConnectionEvent e) {
        String json = String.format(Locale.ROOT, "{\"kind\":\"%s\",\"connection\":\"%s\",\"attempt\":%d}",
                e.kind(), e.connection() == null ? "" : e.connection().replace('"', '\''), e.attempt());
        for (Map.Entry<String, long[]> s : lastBook.entrySet()) {
            synchronized (s.getValue()) {
                publisher.publish(StreamRecord.of(InstrumentId.of(venue, s.getKey()).toString(), "reconnect", e.timeNanos(),
                        json.getBytes(StandardCharsets.UTF_8), StreamRecord.Restart.NONE));
            }
        }
    }
}
