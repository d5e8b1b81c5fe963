package dev.ladder.binance.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ladder.binance.BinanceDecoder;
import dev.ladder.binance.BinanceFormatException;
import dev.ladder.binance.BinanceMessageType;
import dev.ladder.binance.CaptureMessage;
import dev.ladder.binance.CaptureReader;
import dev.ladder.binance.DepthSnapshot;
import dev.ladder.binance.DepthUpdate;
import dev.ladder.core.Clock;
import dev.ladder.core.Side;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Feeds a {@link BinanceSimulator} from captures ({@link CaptureReader}) at a chosen speed. A first
 * pass finds each symbol's first REST snapshot, which seeds the simulator's book; the second pass
 * streams the capture: depth diffs newer than the book are applied (and so published with the
 * capture's update ids), bookTicker and trade payloads are forwarded as recorded. Symbols without a
 * snapshot in the capture are not served. Called under the simulator's lock.
 */
final class CaptureFeed implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_PER_TICK_UNTHROTTLED = 2000;

    private final List<Path> files;
    private final double speed;
    private final Clock clock;
    private final Map<String, SimBook> books = new LinkedHashMap<>();
    private final BinanceDecoder decoder = new BinanceDecoder();
    private CaptureReader reader;
    private CaptureMessage next;
    private long firstReceiveNanos = -1;
    private long startMillis = -1;
    private boolean isDone;
    private long replayed;
    private long skipped;

    CaptureFeed(List<Path> files, double speed, Clock clock) throws IOException {
        this.files = List.copyOf(files);
        this.speed = speed;
        this.clock = clock;
        try (CaptureReader r = CaptureReader.openAll(files)) {
            CaptureMessage m;
            String lastDiffSymbol = null;
            while ((m = r.next()) != null) {
                if (firstReceiveNanos < 0) {
                    firstReceiveNanos = m.receiveTimeNanos();
                }
                if (!m.isSnapshot()) {
                    if (lastDiffSymbol == null && decodeQuietly(m.json()) == BinanceMessageType.DEPTH_UPDATE) {
                        lastDiffSymbol = decoder.depthUpdate().symbol();
                    }
                    continue;
                }
                String symbol = m.symbol() != null ? m.symbol().toUpperCase(Locale.ROOT) : lastDiffSymbol;
                if (symbol == null || books.containsKey(symbol)) {
                    continue;
                }
                try {
                    DepthSnapshot snap = decoder.decodeSnapshot(m.json(), symbol);
                    SimBook b = new SimBook(symbol);
                    for (int i = 0; i < snap.bids().count(); i++) {
                        b.book.set(Side.BID, snap.bids().price(i), snap.bids().size(i));
                    }
                    for (int i = 0; i < snap.asks().count(); i++) {
                        b.book.set(Side.ASK, snap.asks().price(i), snap.asks().size(i));
                    }
                    b.lastUpdateId = snap.lastUpdateId();
                    b.tickSize = 1;
                    b.lotSize = 1;
                    books.put(symbol, b);
                } catch (BinanceFormatException e) {
                    skipped++;
                }
            }
        }
        if (books.isEmpty()) {
            throw new IOException("no depth snapshot in " + files + ": nothing to replay");
        }
        reader = CaptureReader.openAll(files);
    }

    /** The books seeded from the capture's first snapshots. */
    List<SimBook> books() {
        return new ArrayList<>(books.values());
    }

    /** Messages replayed so far. */
    long replayed() {
        return replayed;
    }

    boolean isDone() {
        return isDone;
    }

    /** Replays every message due by now (capture time scaled by the speed since the first call). */
    <O> void advance(DiffSink<O> diffs, RawSink<O> raw, List<O> out, long nowMillis) {
        if (isDone) {
            return;
        }
        if (startMillis < 0) {
            startMillis = nowMillis;
        }
        long dueCaptureNanos = speed <= 0 ? Long.MAX_VALUE
                : firstReceiveNanos + (long) ((nowMillis - startMillis) * 1_000_000.0 * speed);
        int n = 0;
        try {
            while (true) {
                if (next == null) {
                    next = reader.next();
                    if (next == null) {
                        isDone = true;
                        return;
                    }
                }
                if (next.receiveTimeNanos() > dueCaptureNanos || (speed <= 0 && n >= MAX_PER_TICK_UNTHROTTLED)) {
                    return;
                }
                CaptureMessage m = next;
                next = null;
                n++;
                if (!m.isSnapshot()) {
                    play(m, diffs, raw, out, nowMillis);
                }
            }
        } catch (IOException e) {
            isDone = true;
        }
    }

    private <O> void play(CaptureMessage m, DiffSink<O> diffs, RawSink<O> raw, List<O> out, long nowMillis) {
        BinanceMessageType type = decodeQuietly(m.json());
        if (type == null) {
            skipped++;
            return;
        }
        switch (type) {
            case DEPTH_UPDATE -> {
                DepthUpdate d = decoder.depthUpdate();
                SimBook b = books.get(d.symbol());
                if (b == null || d.finalUpdateId() <= b.lastUpdateId) {
                    return;
                }
                SimBook.Diff diff = new SimBook.Diff();
                diff.firstId = Math.max(d.firstUpdateId(), b.lastUpdateId + 1);
                diff.finalId = d.finalUpdateId();
                for (int i = 0; i < d.bids().count(); i++) {
                    diff.bids.put(d.bids().price(i), d.bids().size(i));
                }
                for (int i = 0; i < d.asks().count(); i++) {
                    diff.asks.put(d.asks().price(i), d.asks().size(i));
                }
                replayed++;
                diffs.diff(b, diff, nowMillis, out);
            }
            case BOOK_TICKER, TRADE -> {
                String symbol = type == BinanceMessageType.TRADE ? decoder.trade().symbol() : decoder.bookTicker().symbol();
                if (!books.containsKey(symbol)) {
                    return;
                }
                String payload = payload(m.json());
                if (payload != null) {
                    replayed++;
                    raw.raw(symbol.toLowerCase(Locale.ROOT) + (type == BinanceMessageType.TRADE ? "@trade" : "@bookTicker"), payload, out);
                }
            }
            default -> {
            }
        }
    }

    /** The event object of a message: {@code data} of a combined envelope, or the message itself. */
    private static String payload(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            JsonNode data = n.get("data");
            return data != null && data.isObject() ? data.toString() : n.toString();
        } catch (IOException e) {
            return null;
        }
    }

    private BinanceMessageType decodeQuietly(String json) {
        try {
            return decoder.decode(json);
        } catch (BinanceFormatException e) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            if (reader != null) {
                reader.close();
            }
        } catch (IOException e) {
            isDone = true;
        }
    }

    /** Receives a diff to apply and publish. */
    interface DiffSink<O> {
        void diff(SimBook book, SimBook.Diff diff, long nowMillis, List<O> out);
    }

    /** Receives a payload to forward on a stream. */
    interface RawSink<O> {
        void raw(String stream, String payload, List<O> out);
    }
}
