package dev.ladder.server.export;

import dev.ladder.book.OrderBook;
import dev.ladder.core.Decimals;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.Side;
import dev.ladder.core.Venue;
import dev.ladder.journal.JournalCursor;
import dev.ladder.journal.JournalReader;
import dev.ladder.journal.ProgressMeter;
import dev.ladder.journal.RecordKind;
import dev.ladder.server.replay.BinanceBookTarget;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a Binance journal stream as an hftbacktest-style capture, {@code <receive ns> <json>} per line,
 * which {@code ladder book}, the capture replay and the Binance simulator's {@code --replay} read: raw
 * frames as recorded, {@code #snapshot} lines as the bare REST answer, other markers and {@code #book}
 * lines left out. When the export starts mid-stream ({@code fromNs}) and the rebuilt book is in sync
 * there, that book is written as a REST snapshot ({@code {"lastUpdateId":L,"bids":[["p","q"],...],"asks":[...]}},
 * 8 fraction digits as Binance prints them) right after the first depth diff (readers attribute a
 * snapshot that names no symbol to the diffs before it, and buffer that diff as after a live REST
 * fetch), so the capture is self-contained. A frame containing a line break is written with it
 * replaced by a space (JSON allows it).
 */
public final class CaptureExport {
    private CaptureExport() {
    }

    /**
     * Exports {@code id} for receive times in {@code [fromNs, toNs]}.
     *
     * @return the number of lines written
     * @throws IllegalArgumentException when {@code id} is not a Binance stream
     * @throws IOException              when the journal cannot be read or {@code out} written
     */
    public static long export(JournalReader reader, InstrumentId id, long fromNs, long toNs, Writer out, ProgressMeter progress)
            throws IOException {
        if (id.venue() != Venue.BINANCE && id.venue() != Venue.BINANCE_FUTURES) {
            throw new IllegalArgumentException("capture export needs a Binance stream: " + id);
        }
        long lines = 0;
        String pending = null;
        if (fromNs != Long.MIN_VALUE) {
            BinanceBookTarget t = new BinanceBookTarget(id.symbol(), id.venue() == Venue.BINANCE_FUTURES);
            reader.replayTo(id, fromNs - 1, t);
            if (t.isSynced() && t.lastUpdateId() >= 0) {
                pending = snapshotJson(t.book(), t.lastUpdateId());
            }
        }
        long n = 0;
        long lastNs = fromNs;
        try (JournalCursor c = reader.cursor(id, fromNs, toNs)) {
            while (c.next()) {
                if ((++n & 1023) == 0) {
                    progress.update(n);
                }
                if (c.kind() != RecordKind.MESSAGE && c.kind() != RecordKind.SNAPSHOT) {
                    continue;
                }
                String payload = new String(c.buffer(), c.payloadOffset(), c.payloadLength(), StandardCharsets.UTF_8);
                line(out, c.receiveNanos(), payload);
                lines++;
                lastNs = c.receiveNanos();
                if (pending != null && payload.contains("depthUpdate")) {
                    line(out, c.receiveNanos(), pending);
                    lines++;
                    pending = null;
                }
            }
        }
        if (pending != null) {
            line(out, lastNs, pending);
            lines++;
        }
        progress.finish(n);
        return lines;
    }

    /**
     * {@code paths} with every journal directory replaced by temporary captures, one per Binance stream
     * in it (deleted when the JVM exits); files are kept as they are. For {@code ladder sim binance
     * --replay DIR}.
     *
     * @throws IOException when a journal cannot be read or a temporary file written
     */
    public static List<Path> expandJournals(List<Path> paths) throws IOException {
        List<Path> out = new ArrayList<>(paths.size());
        for (Path p : paths) {
            if (!Files.isDirectory(p)) {
                out.add(p);
                continue;
            }
            JournalReader reader = new JournalReader(p);
            for (InstrumentId id : reader.streams()) {
                if (id.venue() == Venue.BETFAIR) {
                    continue;
                }
                Path tmp = Files.createTempFile("ladder-" + id.venue().id() + "-" + id.symbol() + "-", ".capture");
                tmp.toFile().deleteOnExit();
                try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                    export(reader, id, Long.MIN_VALUE, Long.MAX_VALUE, w, ProgressMeter.forTerminal("journal " + id, 0));
                }
                out.add(tmp);
            }
        }
        return out;
    }

    private static void line(Writer out, long ns, String payload) throws IOException {
        out.write(Long.toString(ns));
        out.write(' ');
        out.write(payload.indexOf('\n') >= 0 || payload.indexOf('\r') >= 0 ? payload.replace('\n', ' ').replace('\r', ' ') : payload);
        out.write('\n');
    }

    /** A Binance REST depth answer for {@code book}: prices and sizes with 8 fraction digits, best first. */
    static String snapshotJson(OrderBook book, long lastUpdateId) {
        StringBuilder sb = new StringBuilder(64 + 40 * (book.depth(Side.BID) + book.depth(Side.ASK)));
        sb.append("{\"lastUpdateId\":").append(lastUpdateId);
        for (Side s : Side.values()) {
            sb.append(s == Side.BID ? ",\"bids\":[" : "],\"asks\":[");
            for (int i = 0; i < book.depth(s); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append("[\"");
                Decimals.appendTo(sb, Decimals.rescale(book.price(s, i), book.priceScale(), 8), 8);
                sb.append("\",\"");
                Decimals.appendTo(sb, Decimals.rescale(book.size(s, i), book.sizeScale(), 8), 8);
                sb.append("\"]");
            }
        }
        return sb.append("]}").toString();
    }
}
