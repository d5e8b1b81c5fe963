package dev.ladder.server.record;

import dev.ladder.betfair.BetfairHistoricalReader;
import dev.ladder.binance.CaptureMessage;
import dev.ladder.binance.CaptureReader;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.Venue;
import dev.ladder.journal.Journal;
import dev.ladder.journal.JournalWriter;
import dev.ladder.journal.ProgressMeter;
import dev.ladder.journal.RecordKind;
import dev.ladder.server.replay.BinanceBookTarget;
import dev.ladder.server.replay.BookBlob;
import dev.ladder.server.replay.JournalReplay;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Imports recordings made elsewhere into a journal, as a recorder would have written them, so they
 * can be replayed, served and queried like one of ours:
 * <ul>
 * <li>Binance captures (hftbacktest {@code <ns> <json>} lines, cryptofeed ws/http pairs): raw frames
 * per symbol, REST snapshots as {@code #snapshot} lines, and a {@code #book} line of the rebuilt book
 * every {@code bookNanos} of receive time (from the stream's {@link JournalWriter#snapshotSource});</li>
 * <li>Betfair historical files (plain, gz, bz2, tar of those): every line to its market's stream
 * {@code betfair/<marketId>} exactly as the live recorder splits them ({@link BetfairJournaler}),
 * received at its publish time {@code pt} (a line without one at the previous line's time).</li>
 * </ul>
 * Single-threaded; the caller owns and closes the journal.
 */
public final class JournalImport {
    private JournalImport() {
    }

    /** What an import wrote: one description line per stream, messages imported, lines skipped (with why). */
    public record Result(List<String> streams, long messages, long skipped, String skippedReason) {
    }

    /**
     * Imports Binance capture files; a frame whose symbol cannot be told (no {@code "stream"} name,
     * or a snapshot naming none while several symbols are seen and {@code symbol} is null) is skipped.
     *
     * @param isFutures the venue when a capture does not say (USD-M futures, else spot)
     * @param symbol    the symbol of snapshots that name none (null: the only symbol seen)
     */
    public static Result binance(List<Path> files, Journal journal, boolean isFutures, String symbol, long bookNanos,
                                 ProgressMeter progress) throws IOException {
        final class Stream {
            final JournalWriter writer;
            final BinanceBookTarget book;

            Stream(JournalWriter writer, BinanceBookTarget book) {
                this.writer = writer;
                this.book = book;
                writer.snapshotSource(() -> book.sync().isSynced() ? BookBlob.encode(book.book(), book.sync().lastUpdateId()) : null,
                        bookNanos);
            }
        }
        Map<InstrumentId, Stream> streams = new LinkedHashMap<>();
        long n = 0;
        long skipped = 0;
        try (CaptureReader in = files.size() == 1 ? CaptureReader.open(files.getFirst()) : CaptureReader.openAll(files)) {
            CaptureMessage m;
            while ((m = in.next()) != null) {
                Venue venue = m.venue() != null ? m.venue() : isFutures ? Venue.BINANCE_FUTURES : Venue.BINANCE;
                String sym = m.isSnapshot() ? m.symbol() : BinanceJournaler.streamSymbol(m.json());
                if (sym == null && m.isSnapshot()) {
                    sym = symbol != null ? symbol.toUpperCase(Locale.ROOT)
                            : streams.size() == 1 ? streams.keySet().iterator().next().symbol() : null;
                }
                if (sym == null) {
                    skipped++;
                    continue;
                }
                InstrumentId id = InstrumentId.of(venue, sym);
                Stream st = streams.get(id);
                if (st == null) {
                    st = new Stream(journal.writer(id), new BinanceBookTarget(id.symbol(), venue == Venue.BINANCE_FUTURES));
                    streams.put(id, st);
                }
                long ns = m.receiveTimeNanos();
                String json = m.json().replace('\n', ' ').replace('\r', ' ');
                if (m.isSnapshot()) {
                    st.writer.appendMarker(ns, RecordKind.SNAPSHOT, json);
                    st.book.onSnapshot(json, ns);
                } else {
                    byte[] raw = json.getBytes(StandardCharsets.UTF_8);
                    st.writer.append(ns, raw);
                    st.book.onMessage(raw, 0, raw.length, ns);
                }
                if ((++n & 1023) == 0) {
                    progress.update(n);
                }
            }
        }
        progress.finish(n);
        List<String> lines = new ArrayList<>();
        for (Map.Entry<InstrumentId, Stream> e : streams.entrySet()) {
            lines.add(JournalReplay.describe(e.getKey(), e.getValue().book, e.getValue().writer.nextSeq()));
        }
        return new Result(lines, n, skipped, "no symbol");
    }

    /**
     * Imports Betfair historical files. Lines that are not JSON objects go to {@code betfair/_CONTROL}
     * as the live recorder writes them; nothing is skipped.
     */
    public static Result betfair(List<Path> files, Journal journal, ProgressMeter progress) throws IOException {
        BetfairJournaler journaler = new BetfairJournaler(journal, null);
        BetfairHistoricalReader reader = new BetfairHistoricalReader();
        long[] state = {0, 0};
        for (Path file : files) {
            reader.read(file, (source, lineNumber, bytes, offset, length) -> {
                long pt = publishTime(bytes, offset, length);
                if (pt > 0) {
                    state[1] = Math.multiplyExact(pt, 1_000_000L);
                }
                journaler.onRawLine(new String(bytes, offset, length, StandardCharsets.UTF_8), state[1]);
                if ((++state[0] & 1023) == 0) {
                    progress.update(state[0]);
                }
                return true;
            });
        }
        progress.finish(state[0]);
        if (journaler.errors.get() > 0) {
            throw new IOException(journaler.errors.get() + " lines could not be written to the journal (see the log)");
        }
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, Long> e : journaler.recordsByStream().entrySet()) {
            lines.add(InstrumentId.of(Venue.BETFAIR, e.getKey()) + " records=" + e.getValue());
        }
        return new Result(lines, state[0], 0, "");
    }

    /** The top-level {@code "pt":N} of a stream line (epoch ms), or -1 when it has none. */
    static long publishTime(byte[] b, int off, int len) {
        int end = off + len;
        for (int i = off; i + 5 <= end; i++) {
            if (b[i] == '"' && b[i + 1] == 'p' && b[i + 2] == 't' && b[i + 3] == '"' && b[i + 4] == ':') {
                int p = i + 5;
                while (p < end && b[p] == ' ') {
                    p++;
                }
                long v = 0;
                int start = p;
                while (p < end && b[p] >= '0' && b[p] <= '9' && p - start < 18) {
                    v = v * 10 + (b[p] - '0');
                    p++;
                }
                return p > start ? v : -1;
            }
            if (b[i] == '"' && i + 4 < end && b[i + 1] == 'm' && b[i + 2] == 'c' && b[i + 3] == '"') {
                // the change list follows; pt of historical files comes before it, but keep looking
                continue;
            }
        }
        return -1;
    }
}
