package dev.ladder.server.cli;

import dev.ladder.betfair.BetfairCacheConfig;
import dev.ladder.binance.CaptureReader;
import dev.ladder.binance.CaptureReplay;
import dev.ladder.binance.DepthSync;
import dev.ladder.binance.SyncEvent;
import dev.ladder.book.OrderBook;
import dev.ladder.core.Decimals;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.Side;
import dev.ladder.core.Times;
import dev.ladder.core.Venue;
import dev.ladder.journal.JournalReader;
import dev.ladder.journal.ProgressMeter;
import dev.ladder.server.export.BetfairHistoricalExport;
import dev.ladder.server.replay.BinanceBookTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ladder book}: rebuilds an order book from capture files and prints it, as JSON or as a
 * ladder table. Exit codes: 0 printed and synced; 1 a file cannot be read or holds no data; 2 a usage
 * error (bad option, several symbols and no {@code --symbol}, unknown symbol, unsupported venue); 3 the
 * book is not synced at the end (a gap not resynced, no usable snapshot, or crossed: a divergence).
 */
@Command(name = "book", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Rebuilds an order book from capture files and prints it, best levels first.",
                "Binance captures: hftbacktest lines '<receive ns> <json>' (gz or plain);",
                "cryptofeed X.ws.N.N + X.http.N.N pairs (name either; the other is found).",
                "A summary (messages read, applied, dropped, gaps) goes to stderr.",
                "Exit: 0 synced; 1 unreadable or no data; 2 usage; 3 not synced at the end (gap, no snapshot, crossed)."})
final class BookCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Capture files, merged by receive time; or one journal directory (its Binance stream, or with --venue betfair its markets).")
    List<Path> files = new ArrayList<>();

    @Option(names = "--venue", defaultValue = "binance", paramLabel = "VENUE",
            description = "binance (default), binance-futures, or betfair (Betfair stream/historical files: plain, .gz, .bz2, .tar).")
    String venue;

    @Option(names = "--market", paramLabel = "ID", description = "Betfair: the market to print (default: every market, one JSON object per line).")
    String market;

    @Option(names = "--cumulative-tv", description = "Betfair: derive runner traded volume from the traded ladder, and market tv from the runners (for PRO files, whose runner tv is not cumulative).")
    boolean cumulativeTv;

    @Option(names = "--symbol", paramLabel = "SYMBOL", description = "The symbol to print; needed when the files hold several.")
    String symbol;

    @Option(names = "--futures", description = "Use USD-M futures sync rules (pu) for every symbol; normally detected from pu or a fapi/fstream URL.")
    boolean futures;

    @Option(names = "--at", paramLabel = "TIME",
            description = "Stop after this receive time (Betfair: publish time); see ladder --help for time formats.")
    String at;

    @Option(names = "--depth", defaultValue = "20", paramLabel = "N", description = "Levels per side (default ${DEFAULT-VALUE}; 0 = all).")
    int depth;

    @Option(names = "--json", description = "Print {\"venue\",\"symbol\",\"lastUpdateId\",\"bids\":[[\"price\",\"size\"],...],\"asks\":[...],\"state\"}; state is synced, gap, no snapshot or crossed.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return run(out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int run(PrintWriter out, PrintWriter err) {
        boolean isFutures = futures;
        switch (venue.trim().toLowerCase(Locale.ROOT)) {
            case "binance" -> { }
            case "binance-futures", "binance_futures" -> isFutures = true;
            case "betfair" -> {
                return betfair(out, err);
            }
            default -> {
                err.println("ladder book: --venue: unknown venue '" + venue + "' (expected binance, binance-futures or betfair)");
                return 2;
            }
        }
        if (depth < 0) {
            err.println("ladder book: --depth must be 0 (all) or more, was " + depth);
            return 2;
        }
        long stopAfter;
        try {
            stopAfter = at == null ? Long.MAX_VALUE : Times.parseNanos(at);
        } catch (IllegalArgumentException e) {
            err.println("ladder book: --at: " + e.getMessage());
            return 2;
        }
        if (files.size() == 1 && Files.isDirectory(files.getFirst())) {
            return journal(out, err, files.getFirst(), isFutures, stopAfter);
        }
        CaptureReplay replay;
        try {
            replay = rebuild(files, symbol, isFutures, stopAfter);
        } catch (IOException e) {
            err.println("ladder book: " + e.getMessage());
            return 1;
        }
        String what = files.size() == 1 ? files.getFirst().toString() : files.size() + " files";
        if (replay.symbols().isEmpty()) {
            err.println("ladder book: " + (symbol == null ? "no Binance depth data" : "no depth data for " + symbol.toUpperCase(Locale.ROOT))
                    + " in " + what + (at == null ? "" : " up to " + at));
            summary(err, replay, null);
            return symbol == null ? 1 : 2;
        }
        String chosen;
        if (symbol != null) {
            chosen = symbol.toUpperCase(Locale.ROOT);
        } else if (replay.symbols().size() == 1) {
            chosen = replay.symbols().iterator().next();
        } else {
            err.println("ladder book: " + what + " holds several symbols; choose one with --symbol: "
                    + String.join(", ", replay.symbols()));
            return 2;
        }
        DepthSync sync = replay.sync(chosen);
        Venue v = replay.venue(chosen);
        if (sync == null || sync.lastUpdateId() < 0) {
            if (sync != null && sync.staleSnapshots() > 0) {
                err.println("ladder book: no usable snapshot for " + chosen + " in " + what
                        + ": every snapshot was older than the diffs that followed it");
            } else {
                err.println("ladder book: no depth snapshot for " + chosen + " in " + what
                        + (at == null ? "" : " up to " + at) + ": cannot rebuild the book");
            }
            if (json) {
                out.println(noBookJson(v, chosen));
            }
            summary(err, replay, chosen);
            return NOT_SYNCED;
        }
        String state = BinanceBookTarget.state(sync);
        if (json) {
            out.println(json(v, chosen, sync, depth, replay.priceDigits(chosen), replay.sizeDigits(chosen)));
        } else {
            table(out, v, chosen, sync, depth, replay.priceDigits(chosen), replay.sizeDigits(chosen), replay.lastReceiveTime());
        }
        summary(err, replay, chosen);
        return finish(err, chosen, sync, state);
    }

    /** Exit status of a book that is not synced at the end (a gap, a crossed book, no snapshot). */
    static final int NOT_SYNCED = 3;


    /** Reports a crossed book as a divergence and maps the state to the exit status. */
    private static int finish(PrintWriter err, String stream, DepthSync sync, String state) {
        switch (state) {
            case "synced" -> {
                return 0;
            }
            case "crossed" -> err.println("ladder book: divergence: " + stream + " is crossed at update id " + sync.lastUpdateId()
                    + " (best bid " + Decimals.formatStripped(sync.book().bestPrice(Side.BID), sync.book().priceScale())
                    + " > best ask " + Decimals.formatStripped(sync.book().bestPrice(Side.ASK), sync.book().priceScale())
                    + "): the recorded stream does not rebuild a valid book; exit " + NOT_SYNCED);
            default -> err.println("ladder book: " + stream + " is not synced at the end (" + state + "); exit " + NOT_SYNCED);
        }
        return NOT_SYNCED;
    }

    private static String noBookJson(Venue venue, String symbol) {
        return "{\"venue\":\"" + (venue == null ? Venue.BINANCE.id() : venue.id()) + "\",\"symbol\":\"" + symbol
                + "\",\"lastUpdateId\":null,\"bids\":[],\"asks\":[],\"state\":\"no snapshot\"}";
    }

    /**
     * {@code ladder book DIR} on a journal directory: the Binance stream (the only one of the venue, or
     * {@code --symbol}) rebuilt from the last {@code #book} line at or before {@code --at} plus the
     * records after it, printed as for captures (at the book's scale).
     */
    private int journal(PrintWriter out, PrintWriter err, Path dir, boolean isFutures, long stopAfter) {
        JournalReader reader = new JournalReader(dir);
        Venue v = isFutures ? Venue.BINANCE_FUTURES : Venue.BINANCE;
        try {
            List<InstrumentId> all = reader.streams();
            InstrumentId id;
            if (symbol != null) {
                id = InstrumentId.of(v, symbol.toUpperCase(Locale.ROOT));
                if (!all.contains(id)) {
                    err.println("ladder book: no stream " + id + " in journal " + dir + "; streams: " + names(all));
                    return 2;
                }
            } else {
                List<InstrumentId> ofVenue = all.stream().filter(i -> i.venue() == v).toList();
                if (ofVenue.isEmpty() && !futures && venue.trim().equalsIgnoreCase("binance")) {
                    ofVenue = all.stream().filter(i -> i.venue() == Venue.BINANCE_FUTURES).toList();
                }
                if (ofVenue.isEmpty()) {
                    err.println("ladder book: no " + v.id() + " stream in journal " + dir + "; streams: " + names(all));
                    return 1;
                }
                if (ofVenue.size() > 1) {
                    err.println("ladder book: journal " + dir + " holds several streams; choose one with --symbol: " + names(ofVenue));
                    return 2;
                }
                id = ofVenue.getFirst();
            }
            BinanceBookTarget t = new BinanceBookTarget(id.symbol(), id.venue() == Venue.BINANCE_FUTURES);
            JournalReader.Replay r = reader.replayTo(id, stopAfter, t);
            t.settle();
            DepthSync sync = t.sync();
            if (sync.lastUpdateId() < 0) {
                err.println("ladder book: no depth snapshot for " + id + " in journal " + dir
                        + (at == null ? "" : " up to " + at) + ": cannot rebuild the book");
                if (json) {
                    out.println(noBookJson(id.venue(), id.symbol()));
                }
                return NOT_SYNCED;
            }
            String state = BinanceBookTarget.state(sync);
            for (dev.ladder.journal.Damage d : r.damage()) {
                err.println("ladder book: skipped damaged data: " + d);
            }
            if (json) {
                out.println(json(id.venue(), id.symbol(), sync, depth, -1, -1));
            } else {
                table(out, id.venue(), id.symbol(), sync, depth, -1, -1, t.receiveNanos());
            }
            err.println("ladder book: journal " + dir + " " + id + ": "
                    + (r.isFromBook() ? "#book line at " + Times.format(r.bookNs()) : "from the first record")
                    + " plus " + r.applied() + " records" + (t.receiveNanos() < 0 ? "" : " up to " + Times.format(t.receiveNanos()))
                    + "; applied " + sync.applied() + ", gaps " + sync.gaps() + ", malformed " + t.malformed());
            return finish(err, id.toString(), sync, state);
        } catch (IOException e) {
            err.println("ladder book: journal " + dir + ": " + e.getMessage());
            return 1;
        }
    }

    private static String names(List<InstrumentId> ids) {
        return ids.isEmpty() ? "(none)" : String.join(", ", ids.stream().map(InstrumentId::toString).toList());
    }

    /** Replays the files into books (all symbols, or only {@code symbol}). */
    static CaptureReplay rebuild(List<Path> files, String symbol, boolean isFutures, long stopAfterNanos) throws IOException {
        CaptureReplay replay = new CaptureReplay(symbol, isFutures, stopAfterNanos, null);
        try (CaptureReader reader = CaptureReader.openAll(files)) {
            replay.run(reader);
        }
        return replay;
    }

    /** {@code --venue betfair}: market books from Betfair files; {@code --at} is publish time (pt). */
    private int betfair(PrintWriter out, PrintWriter err) {
        Long atMillis = null;
        if (at != null) {
            try {
                atMillis = Math.floorDiv(Times.parseNanos(at), 1_000_000L);
            } catch (IllegalArgumentException e) {
                err.println("ladder book: --at: " + e.getMessage());
                return 2;
            }
        }
        BetfairCacheConfig config = BetfairCacheConfig.keepAll().withCumulativeRunnerTv(cumulativeTv).withCalculateMarketTv(cumulativeTv);
        List<Path> inputs = files;
        if (files.size() == 1 && Files.isDirectory(files.getFirst())) {
            try {
                inputs = betfairJournal(files.getFirst());
            } catch (IOException e) {
                err.println("ladder book: journal " + files.getFirst() + ": " + e.getMessage());
                return 1;
            }
            if (inputs.isEmpty()) {
                err.println("ladder book: no betfair" + (market == null ? "" : ":" + market) + " stream in journal " + files.getFirst());
                return market == null ? 1 : 2;
            }
        }
        try {
            return BetfairBookPrinter.print(inputs, market, atMillis, json, config, out, err);
        } finally {
            if (inputs != files) {
                for (Path p : inputs) {
                    try {
                        Files.deleteIfExists(p);
                    } catch (IOException e) {
                        err.println("ladder book: cannot delete " + p + ": " + e.getMessage());
                    }
                }
            }
        }
    }

    /** The journal's Betfair market streams (only {@code --market} when given) as temporary historical files. */
    private List<Path> betfairJournal(Path dir) throws IOException {
        JournalReader reader = new JournalReader(dir);
        List<Path> out = new ArrayList<>();
        for (InstrumentId id : reader.streams()) {
            if (id.venue() != Venue.BETFAIR || id.symbol().startsWith("_") || market != null && !market.equals(id.symbol())) {
                continue;
            }
            Path tmp = Files.createTempFile("ladder-betfair-" + id.symbol() + "-", ".jsonl");
            out.add(tmp);
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                BetfairHistoricalExport.export(reader, id, Long.MIN_VALUE, Long.MAX_VALUE, w,
                        ProgressMeter.forTerminal("journal " + id, 0));
            }
        }
        return out;
    }

    /** The book as JSON, best levels first, values at the scale Binance prints the instrument at. */
    static String json(Venue venue, String symbol, DepthSync sync, int depth, int priceDigits, int sizeDigits) {
        Rendered r = render(sync.book(), depth, priceDigits, sizeDigits);
        StringBuilder sb = new StringBuilder(256 + 64 * (r.bids().size() + r.asks().size()));
        sb.append("{\"venue\":\"").append(venue == null ? Venue.BINANCE.id() : venue.id())
                .append("\",\"symbol\":\"").append(symbol)
                .append("\",\"lastUpdateId\":").append(sync.lastUpdateId());
        appendLevels(sb.append(",\"bids\":["), r.bids());
        appendLevels(sb.append("],\"asks\":["), r.asks());
        return sb.append("],\"state\":\"").append(BinanceBookTarget.state(sync)).append("\"}").toString();
    }

    private static void appendLevels(StringBuilder sb, List<String[]> rows) {
        for (int i = 0; i < rows.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("[\"").append(rows.get(i)[0]).append("\",\"").append(rows.get(i)[1]).append("\"]");
        }
    }

    /** Levels as exact decimal text, best first. */
    record Rendered(List<String[]> bids, List<String[]> asks) {
    }

    /**
     * Formats the top {@code depth} levels (0 = all) at the fraction digits Binance printed in the
     * snapshot, or at the book's scale when a value is not exact at those digits (or they are unknown).
     */
    static Rendered render(OrderBook b, int depth, int priceDigits, int sizeDigits) {
        int ps = Math.max(displayScale(b, Side.BID, depth, priceDigits, true), displayScale(b, Side.ASK, depth, priceDigits, true));
        int ss = Math.max(displayScale(b, Side.BID, depth, sizeDigits, false), displayScale(b, Side.ASK, depth, sizeDigits, false));
        List<List<String[]>> sides = new ArrayList<>(2);
        for (Side side : Side.values()) {
            int n = levels(b, side, depth);
            List<String[]> rows = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                rows.add(new String[] {
                        Decimals.format(Decimals.rescale(b.price(side, i), b.priceScale(), ps), ps),
                        Decimals.format(Decimals.rescale(b.size(side, i), b.sizeScale(), ss), ss)});
            }
            sides.add(rows);
        }
        return new Rendered(sides.get(0), sides.get(1));
    }

    private static int levels(OrderBook b, Side side, int depth) {
        return depth == 0 ? b.depth(side) : Math.min(depth, b.depth(side));
    }

    /** {@code digits} when every shown value is exact at it (and it is known), else the book's scale. */
    private static int displayScale(OrderBook b, Side side, int depth, int digits, boolean isPrice) {
        int scale = isPrice ? b.priceScale() : b.sizeScale();
        if (digits < 0 || digits > scale) {
            return scale;
        }
        long unit = Decimals.pow10(scale - digits);
        int n = levels(b, side, depth);
        for (int i = 0; i < n; i++) {
            long v = isPrice ? b.price(side, i) : b.size(side, i);
            if (v % unit != 0) {
                return scale;
            }
        }
        return digits;
    }

    private static void table(PrintWriter out, Venue venue, String symbol, DepthSync sync, int depth,
                              int priceDigits, int sizeDigits, long lastReceiveTime) {
        OrderBook b = sync.book();
        Rendered r = render(b, depth, priceDigits, sizeDigits);
        int pw = "PRICE".length();
        int sw = "SIZE".length();
        for (List<String[]> rows : List.of(r.asks(), r.bids())) {
            for (String[] row : rows) {
                pw = Math.max(pw, row[0].length());
                sw = Math.max(sw, row[1].length());
            }
        }
        out.println(symbol + " (" + (venue == null ? Venue.BINANCE.id() : venue.id()) + ")  last update id "
                + sync.lastUpdateId() + (lastReceiveTime < 0 ? "" : "  as of receive time " + Times.format(lastReceiveTime))
                + (switch (BinanceBookTarget.state(sync)) {
                    case "synced" -> "";
                    case "crossed" -> "  (DIVERGED: the book is crossed)";
                    default -> "  (OUT OF SYNC: a gap was not resynced)";
                }));
        String fmt = "%-4s %" + pw + "s  %" + sw + "s%n";
        out.printf(fmt, "", "PRICE", "SIZE");
        for (int i = r.asks().size() - 1; i >= 0; i--) {
            out.printf(fmt, "ask", r.asks().get(i)[0], r.asks().get(i)[1]);
        }
        if (!b.isEmpty(Side.BID) && !b.isEmpty(Side.ASK)) {
            long spread = b.bestPrice(Side.ASK) - b.bestPrice(Side.BID);
            out.println("---- spread " + Decimals.formatStripped(spread, b.priceScale()) + " ----");
        } else {
            out.println("----");
        }
        for (String[] row : r.bids()) {
            out.printf(fmt, "bid", row[0], row[1]);
        }
    }

    private static void summary(PrintWriter err, CaptureReplay r, String symbol) {
        StringBuilder sb = new StringBuilder("ladder book: read ").append(r.messages()).append(" messages (")
                .append(r.depthUpdates()).append(" depth diffs, ").append(r.snapshots()).append(" snapshots, ")
                .append(r.bookTickers()).append(" bookTickers, ").append(r.trades()).append(" trades, ")
                .append(r.ignored()).append(" other, ").append(r.malformed()).append(" malformed)");
        if (r.lastReceiveTime() >= 0) {
            sb.append(" up to ").append(Times.format(r.lastReceiveTime()));
        }
        DepthSync sync = symbol == null ? null : r.sync(symbol);
        if (sync != null) {
            sb.append("; ").append(symbol).append(": applied ").append(sync.applied())
                    .append(", dropped ").append(sync.dropped())
                    .append(", gaps ").append(sync.gaps())
                    .append(", resyncs ").append(sync.resyncs())
                    .append(", buffered ").append(sync.buffered());
        }
        err.println(sb);
        if (r.firstError() != null) {
            err.println("ladder book: first malformed message: " + r.firstError());
        }
        if (sync != null && !sync.isSynced() && sync.lastUpdateId() >= 0) {
            // the cause is the last break (a gap, a crossed book, a reset), not the buffer overflow that may follow it
            SyncEvent last = null;
            boolean overflowed = false;
            for (SyncEvent e : r.events()) {
                if (e.symbol().equals(symbol)) {
                    if (e.kind() == SyncEvent.Kind.BUFFER_OVERFLOW) {
                        overflowed = true;
                    } else {
                        last = e;
                        overflowed = false;
                    }
                }
            }
            String ids = last == null || last.expected() == 0 && last.got() == 0 || last.kind() == SyncEvent.Kind.DIVERGED ? ""
                    : ": expected " + last.expected() + ", got " + last.got();
            err.println("ladder book: warning: " + symbol + " is out of sync at the end"
                    + (last == null ? "" : " (" + last.kind() + " at update id " + last.lastUpdateId() + ids + ")")
                    + (overflowed ? "; no snapshot followed, and the diffs waiting for one overflowed the buffer" : "")
                    + "; the book shown is the last valid one, at update id " + sync.lastUpdateId());
        }
    }
}
