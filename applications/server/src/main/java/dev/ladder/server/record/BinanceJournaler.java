package dev.ladder.server.record;

import dev.ladder.binance.BinanceClient;
import dev.ladder.binance.BinanceListener;
import dev.ladder.binance.ConnectionEvent;
import dev.ladder.binance.SyncEvent;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.Venue;
import dev.ladder.journal.Journal;
import dev.ladder.journal.JournalWriter;
import dev.ladder.journal.RecordKind;
import dev.ladder.server.replay.BookBlob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link BinanceListener} that journals what a {@link BinanceClient} receives, raw first:
 * frames are routed to {@code <venue>/<symbol>} by their {@code "stream"} name (frames naming
 * no stream, e.g. subscription answers, go to {@code <venue>/_CONTROL}); REST snapshots become
 * {@code #snapshot} lines; sync events {@code #gap} (GAP) or {@code #resync} (the others, with
 * their kind; replay acts on RESET); connection events {@code #reconnect} on every stream.
 * Each stream's {@link JournalWriter#snapshotSource} writes a {@code #book} line ({@link BookBlob}) of
 * the client's book before a frame, when the book is synced and {@code bookNanos} of receive time
 * passed since the last one: only before frames, which arrive on the thread that applies them, so
 * the book then reflects every frame written before the line.
 *
 * <p>Threads: frames arrive on the client's writer threads, snapshots and connection events on
 * its REST thread; appends to one stream are serialised on its {@link JournalWriter}. Append
 * failures are counted and logged, never thrown into the client.
 */
public final class BinanceJournaler implements BinanceListener {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(BinanceJournaler.class);
    private final Map<String, JournalWriter> writers = new HashMap<>();
    private final Map<String, Scratch> scratch = new HashMap<>();
    private final JournalWriter control;
    private volatile BinanceClient client;
    public final AtomicLong messages = new AtomicLong();
    public final AtomicLong snapshots = new AtomicLong();
    public final AtomicLong markers = new AtomicLong();
    public final AtomicLong books = new AtomicLong();
    public final AtomicLong errors = new AtomicLong();

    public BinanceJournaler(Journal journal, Venue venue, List<String> symbols, long bookNanos) throws IOException {
        for (String s : symbols) {
            String u = s.toUpperCase(Locale.ROOT);
            JournalWriter w = journal.writer(InstrumentId.of(venue, u));
            Scratch sc = new Scratch();
            w.snapshotSource(() -> book(u, sc), bookNanos);
            writers.put(u, w);
            scratch.put(u, sc);
        }
        this.control = journal.writer(InstrumentId.of(venue, "_CONTROL"));
    }

    public void attach(BinanceClient c) {
        this.client = c;
    }

    /** The upper-case symbol of a combined-stream frame ({@code {"stream":"btcusdt@depth..."}}), or null. */
    public static String streamSymbol(CharSequence text) {
        String key = "\"stream\":\"";
        int n = text.length();
        int limit = Math.min(n, 64);
        outer:
        for (int i = 0; i + key.length() <= limit; i++) {
            for (int k = 0; k < key.length(); k++) {
                if (text.charAt(i + k) != key.charAt(k)) {
                    continue outer;
                }
            }
            int s = i + key.length();
            int e = s;
            while (e < n && text.charAt(e) != '@' && text.charAt(e) != '"') {
                e++;
            }
            return e > s ? text.subSequence(s, e).toString().toUpperCase(Locale.ROOT) : null;
        }
        return null;
    }

    @Override
    public void onRawMessage(String connection, CharSequence text, long receiveNanos) {
        String sym = streamSymbol(text);
        JournalWriter w = sym == null ? null : writers.get(sym);
        try {
            if (w == null) {
                synchronized (control) {
                    byte[] b = text.toString().getBytes(StandardCharsets.UTF_8);
                    control.append(receiveNanos, oneLine(b));
                }
                messages.incrementAndGet();
                return;
            }
            synchronized (w) {
                Scratch sc = scratch.get(sym);
                int n = sc.encode(text);
                sc.isFrame = true;
                try {
                    w.append(receiveNanos, sc.bytes, 0, n);
                } finally {
                    sc.isFrame = false;
                }
            }
            messages.incrementAndGet();
        } catch (IOException | RuntimeException e) {
            failed(sym, e);
        }
    }

    /** The {@code #book} blob of {@code symbol}'s synced book, asked by its writer; null outside a frame's append or when not synced. */
    private byte[] book(String symbol, Scratch sc) {
        BinanceClient c = client;
        if (!sc.isFrame || c == null) {
            return null;
        }
        byte[] blob = c.readBook(symbol, b -> c.isSynced(symbol) ? BookBlob.encode(b, c.lastUpdateId(symbol)) : null);
        if (blob != null) {
            books.incrementAndGet();
        }
        return blob;
    }

    /** Per stream, guarded by its writer: the UTF-8 buffer frames are encoded into (reused), and whether a frame is being appended. */
    static final class Scratch {
        byte[] bytes = new byte[1 << 12];
        boolean isFrame;

        /** Encodes {@code text} as UTF-8 into {@link #bytes} (line breaks become spaces); returns the length. */
        int encode(CharSequence text) {
            int n = text.length();
            if (bytes.length < n * 3) {
                bytes = new byte[Math.max(n * 3, bytes.length * 2)];
            }
            int p = 0;
            for (int i = 0; i < n; i++) {
                char ch = text.charAt(i);
                if (ch < 0x80) {
                    bytes[p++] = (byte) (ch == '\n' || ch == '\r' ? ' ' : ch);
                } else if (ch < 0x800) {
                    bytes[p++] = (byte) (0xc0 | ch >> 6);
                    bytes[p++] = (byte) (0x80 | ch & 0x3f);
                } else if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    int cp = Character.toCodePoint(ch, text.charAt(++i));
                    bytes[p++] = (byte) (0xf0 | cp >> 18);
                    bytes[p++] = (byte) (0x80 | cp >> 12 & 0x3f);
                    bytes[p++] = (byte) (0x80 | cp >> 6 & 0x3f);
                    bytes[p++] = (byte) (0x80 | cp & 0x3f);
                } else if (Character.isSurrogate(ch)) {
                    bytes[p++] = '?';
                } else {
                    bytes[p++] = (byte) (0xe0 | ch >> 12);
                    bytes[p++] = (byte) (0x80 | ch >> 6 & 0x3f);
                    bytes[p++] = (byte) (0x80 | ch & 0x3f);
                }
            }
            return p;
        }
    }

    @Override
    public void onRawSnapshot(InstrumentId id, String json, long receiveNanos) {
        JournalWriter w = writers.get(id.symbol());
        if (w == null) {
            return;
        }
        try {
            synchronized (w) {
                w.appendMarker(receiveNanos, RecordKind.SNAPSHOT, json.replace('\n', ' ').replace('\r', ' '));
            }
            snapshots.incrementAndGet();
        } catch (IOException | RuntimeException e) {
            failed(id.symbol(), e);
        }
    }

    @Override
    public void onSyncEvent(InstrumentId id, SyncEvent e) {
        JournalWriter w = writers.get(id.symbol());
        if (w == null) {
            return;
        }
        String json = String.format(Locale.ROOT, "{\"kind\":\"%s\",\"lastUpdateId\":%d,\"expected\":%d,\"got\":%d}",
                e.kind(), e.lastUpdateId(), e.expected(), e.got());
        marker(w, id.symbol(), e.receiveTime(), e.kind() == SyncEvent.Kind.GAP || e.kind() == SyncEvent.Kind.DIVERGED ? RecordKind.GAP : RecordKind.RESYNC, json);
    }

    @Override
    public void onConnectionEvent(ConnectionEvent e) {
        String json = String.format(Locale.ROOT, "{\"kind\":\"%s\",\"connection\":\"%s\",\"attempt\":%d,\"reason\":\"%s\"}",
                e.kind(), jsonEscape(e.connection()), e.attempt(), jsonEscape(e.reason()));
        for (Map.Entry<String, JournalWriter> w : writers.entrySet()) {
            marker(w.getValue(), w.getKey(), e.timeNanos(), RecordKind.RECONNECT, json);
        }
    }

    private void marker(JournalWriter w, String sym, long ns, RecordKind kind, String json) {
        try {
            synchronized (w) {
                w.appendMarker(ns, kind, json);
            }
            markers.incrementAndGet();
        } catch (IOException | RuntimeException ex) {
            failed(sym, ex);
        }
    }

    private void failed(String sym, Exception e) {
        if (errors.incrementAndGet() <= 10) {
            LOG.error("journal append failed for {}", sym, e);
        }
    }

    private static byte[] oneLine(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n' || b[i] == '\r') {
                b[i] = ' ';
            }
        }
        return b;
    }

    private static String jsonEscape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            if (ch == '"' || ch == '\\') {
                sb.append('\\').append(ch);
            } else if (ch < 0x20) {
                sb.append(' ');
            } else {
                sb.append(ch);
            }
        }
        return sb.toString();
    }
}
