package dev.ladder.server;

import dev.ladder.binance.BinanceDecoder;
import dev.ladder.binance.BinanceFormatException;
import dev.ladder.binance.BinanceMessageType;
import dev.ladder.binance.DepthSnapshot;
import dev.ladder.binance.DepthSync;
import dev.ladder.binance.DepthUpdate;
import dev.ladder.binance.SyncListener;
import dev.ladder.book.OrderBook;
import dev.ladder.core.Decimals;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.Side;
import dev.ladder.core.Venue;
import dev.ladder.journal.JournalCursor;
import dev.ladder.journal.JournalReader;
import dev.ladder.journal.ProgressMeter;
import dev.ladder.journal.RecordKind;
import dev.ladder.journal.ReplayPacer;
import dev.ladder.journal.ReplayTarget;
import dev.ladder.journal.StreamInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ladder replay DIR}: rebuilds books from a journal, from the book at {@code --from} (one
 * {@code #book} snapshot plus a short tail) through every record up to {@code --to}, paced by
 * {@code --speed}. Binance streams drive the same decoder and {@link DepthSync} as the live client.
 */
@Command(name = "replay",
        mixinStandardHelpOptions = true,
        description = {"Replay a journal: rebuild each stream's book at --from (nearest #book snapshot plus the records",
                "after it), then apply every record up to --to, --speed times real time (0 = as fast as possible).",
                "Prints each stream's final book (best prices, depth, update id, checksum). Progress on a terminal only.",
                "With --serve the replay drives the HTTP server as if live (books, SSE streams, /metrics, Betfair",
                "markets at /api/markets); after the end it keeps serving until Ctrl-C or --run-for."})
final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The journal directory.")
    Path dir;

    @Option(names = "--stream", split = ",", paramLabel = "VENUE:SYMBOL", description = "Streams to replay (default: all).")
    List<String> streams = List.of();

    @Option(names = "--from", paramLabel = "T", description = "Start: epoch ns or ISO instant (default: the start).")
    String from;

    @Option(names = "--to", paramLabel = "T", description = "End (inclusive): epoch ns or ISO instant (default: the end).")
    String to;

    @Option(names = "--speed", defaultValue = "0", description = "Speed factor; 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--serve", description = "Serve the replay over HTTP as if live (books, streams, metrics, Betfair markets).")
    boolean isServe;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "With --serve: address to bind (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "With --serve: HTTP port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--start-delay", defaultValue = "0", paramLabel = "SECONDS",
            description = "With --serve: wait this long after the server is up before replaying, so clients can connect (default ${DEFAULT-VALUE}).")
    long startDelay;

    @Option(names = "--wait-for-client",
            description = "With --serve: start replaying once a live-stream client is connected (after --start-delay).")
    boolean isWaitForClient;

    @Option(names = "--run-for", defaultValue = "0", paramLabel = "SECONDS",
            description = "With --serve: keep serving this long after the replay ended (default 0: until Ctrl-C).")
    long runFor;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long f;
        long t;
        List<InstrumentId> ids = new ArrayList<>();
        JournalReader reader = new JournalReader(dir);
        try {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("DIR " + dir + " is not a directory");
            }
            f = from == null ? Long.MIN_VALUE : JournalCommand.parseTime(from, "--from");
            t = to == null ? Long.MAX_VALUE : JournalCommand.parseTime(to, "--to");
            if (f > t) {
                throw new IllegalArgumentException("--from must not be after --to");
            }
            if (speed < 0 || Double.isNaN(speed)) {
                throw new IllegalArgumentException("--speed must be 0 (as fast as possible) or positive: " + speed);
            }
            for (String s : streams) {
                ids.add(JournalCommand.parseStream(s));
            }
            if (ids.isEmpty()) {
                ids.addAll(reader.streams());
            }
            if (startDelay < 0 || runFor < 0) {
                throw new IllegalArgumentException("--start-delay and --run-for must not be negative");
            }
        } catch (IllegalArgumentException e) {
            err.println("replay: " + e.getMessage());
            return 2;
        }
        long total = 0;
        if (f == Long.MIN_VALUE && t == Long.MAX_VALUE) {
            for (InstrumentId id : ids) {
                StreamInfo i = reader.info(id);
                total += i.records();
            }
        }
        ProgressMeter progress = ProgressMeter.forTerminal("replay", total);
        if (isServe) {
            return serve(out, err, reader, ids, f, t, progress);
        }
        Result r = replay(reader, ids, f, t, speed, progress);
        print(out, r);
        return 0;
    }

    private int serve(PrintWriter out, PrintWriter err, JournalReader reader, List<InstrumentId> ids, long f, long t,
                      ProgressMeter progress) throws IOException, InterruptedException {
        ServerConfig config;
        try {
            config = ServerConfig.loopback(port).withHost(host);
        } catch (IllegalArgumentException e) {
            err.println("replay: --port/--host: " + e.getMessage());
            return 2;
        }
        ReplayFeed feed;
        try {
            feed = ReplayFeed.start(ids, config);
        } catch (IOException e) {
            err.println("replay: " + e.getMessage() + " (--port " + port + ", --host " + host + ")");
            return 1;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            feed.close();
            stop.countDown();
        }, "replay-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        String base = "http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host)
                + ":" + feed.port() + "/";
        out.println("Ladder serving a replay of " + dir + " at " + base);
        out.println("  streams: " + String.join(", ", ids.stream().map(InstrumentId::toString).toList()));
        out.flush();
        if (startDelay > 0) {
            Thread.sleep(startDelay * 1000);
        }
        if (isWaitForClient) {
            out.println("  waiting for a stream client, e.g. curl -N '" + base + "api/books/"
                    + ids.stream().filter(i -> i.venue() != Venue.BETFAIR).findFirst().map(i -> i.venue().id() + "/" + i.symbol())
                    .orElse("{venue}/{symbol}") + "/stream'");
            out.flush();
            while (feed.streamClients() == 0) {
                Thread.sleep(20);
            }
        }
        Result r = feed.replay(reader, ids, f, t, speed, progress);
        print(out, r);
        out.println("replay finished; still serving at " + base + (runFor > 0 ? " for " + runFor + " s" : " (Ctrl-C to stop)"));
        out.flush();
        if (runFor > 0) {
            stop.await(runFor, java.util.concurrent.TimeUnit.SECONDS);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                return 0;
            }
            feed.close();
            return 0;
        }
        stop.await();
        return 0;
    }

    private static void print(PrintWriter out, Result r) {
        for (Map.Entry<InstrumentId, ReplayTarget> e : r.targets().entrySet()) {
            out.println(describe(e.getKey(), e.getValue(), r.records().get(e.getKey())));
        }
        out.printf(Locale.ROOT, "replayed %d records in %.3f s (%,.0f records/s)%n", r.total(), r.nanos() / 1e9,
                r.total() / Math.max(1e-9, r.nanos() / 1e9));
        out.flush();
    }

    /** What {@link #replay} did: the state per stream, records applied after the start per stream. */
    record Result(Map<InstrumentId, ReplayTarget> targets, Map<InstrumentId, Long> records, long total, long nanos) {
    }

    /** The replay state for a stream: a Binance book for Binance streams, a record counter otherwise. */
    static ReplayTarget targetFor(InstrumentId id) {
        return switch (id.venue()) {
            case BINANCE, BINANCE_FUTURES -> new BinanceBookTarget(id.symbol(), id.venue() == Venue.BINANCE_FUTURES);
            case BETFAIR -> new CountingTarget();
        };
    }

    /**
     * Replays {@code ids} merged by receive time: each target is first brought to its state just
     * before {@code fromNs} (snapshot plus tail), then every record in {@code [fromNs, toNs]} is
     * applied in time order, paced by {@code speed} (0: as fast as possible).
     */
    static Result replay(JournalReader reader, List<InstrumentId> ids, long fromNs, long toNs, double speed,
                         ProgressMeter progress) throws IOException, InterruptedException {
        return replay(reader, ids, fromNs, toNs, speed, progress, ReplayCommand::targetFor);
    }

    /** As {@link #replay(JournalReader, List, long, long, double, ProgressMeter)}, with the target per stream from {@code factory}. */
    static Result replay(JournalReader reader, List<InstrumentId> ids, long fromNs, long toNs, double speed,
                         ProgressMeter progress, Function<InstrumentId, ReplayTarget> factory)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        Map<InstrumentId, ReplayTarget> targets = new LinkedHashMap<>();
        Map<InstrumentId, Long> counts = new LinkedHashMap<>();
        record Head(InstrumentId id, JournalCursor cursor, ReplayTarget target) {
        }
        PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> Long.compare(a.cursor.receiveNanos(), b.cursor.receiveNanos()));
        List<JournalCursor> open = new ArrayList<>();
        try {
            for (InstrumentId id : ids) {
                ReplayTarget target = factory.apply(id);
                if (fromNs == Long.MIN_VALUE) {
                    target.reset();
                } else {
                    reader.replayTo(id, fromNs - 1, target);
                }
                targets.put(id, target);
                counts.put(id, 0L);
                JournalCursor c = reader.cursor(id, fromNs, toNs);
                open.add(c);
                if (c.next()) {
                    heads.add(new Head(id, c, target));
                }
            }
            ReplayPacer pacer = new ReplayPacer(speed);
            long n = 0;
            while (!heads.isEmpty()) {
                Head h = heads.poll();
                JournalCursor c = h.cursor();
                pacer.pace(c.receiveNanos());
                if (c.kind() != RecordKind.BOOK) {
                    h.target().apply(c);
                } else if (h.target() instanceof BinanceBookTarget b) {
                    b.onBook(c);
                } else if (h.target() instanceof ReplayFeed.LiveBinanceTarget l) {
                    l.onBook(c);
                }
                counts.merge(h.id(), 1L, Long::sum);
                n++;
                if ((n & 1023) == 0) {
                    progress.update(n);
                }
                if (c.next()) {
                    heads.add(h);
                }
            }
            progress.finish(n);
            return new Result(targets, counts, n, System.nanoTime() - start);
        } finally {
            for (JournalCursor c : open) {
                c.close();
            }
        }
    }

    static String describe(InstrumentId id, ReplayTarget t, long records) {
        if (t instanceof ReplayFeed.LiveBinanceTarget l) {
            return describe(id, l.inner(), records);
        }
        if (t instanceof BinanceBookTarget b) {
            OrderBook book = b.book();
            return String.format(Locale.ROOT, "%s records=%d synced=%s lastUpdateId=%d bid=%s ask=%s depth=%d/%d gaps=%d book-resyncs=%d malformed=%d checksum=%016x",
                    id, records, b.sync().isSynced(), b.sync().lastUpdateId(), price(book, Side.BID), price(book, Side.ASK),
                    book.depth(Side.BID), book.depth(Side.ASK), b.sync().gaps(), b.resyncsFromBook(), b.malformed(), checksum(book));
        }
        if (t instanceof ReplayFeed.BetfairTarget) {
            return id + " records=" + records + " (fed to the served market cache: /api/markets)";
        }
        return id + " records=" + records + " (no book replay for " + id.venue().id() + " yet)";
    }

    private static String price(OrderBook b, Side s) {
        long p = b.bestPrice(s);
        return p == OrderBook.NO_PRICE ? "-" : Decimals.format(p, b.priceScale()) + "x" + Decimals.format(b.bestSize(s), b.sizeScale());
    }

    /** A 64-bit FNV-1a hash over every level of both sides, best first: equal books, equal checksums. */
    static long checksum(OrderBook book) {
        long h = 0xcbf29ce484222325L;
        for (Side s : Side.values()) {
            for (int i = 0; i < book.depth(s); i++) {
                h = (h ^ book.price(s, i)) * 0x100000001b3L;
                h = (h ^ book.size(s, i)) * 0x100000001b3L;
            }
            h = (h ^ (s.ordinal() + 1)) * 0x100000001b3L;
        }
        return h;
    }

    /** Counts records of a venue without a book replay yet. */
    static final class CountingTarget implements ReplayTarget {
        long applied;

        @Override
        public void reset() {
            applied = 0;
        }

        @Override
        public void restore(JournalCursor book) {
        }

        @Override
        public void apply(JournalCursor record) {
            applied++;
        }
    }

    /**
     * Rebuilds a Binance book from journal records exactly as the live client does: raw messages go
     * through {@link BinanceDecoder} into a {@link DepthSync}; {@code #snapshot} markers are the
     * REST snapshots; a {@code #resync} marker of kind {@code RESET} resets the sync (a reconnect).
     * {@code #book} blobs ({@link #blob}) restore the book and its update id. Malformed messages are
     * counted and skipped. One replaying thread.
     */
    public static final class BinanceBookTarget implements ReplayTarget {
        private final String symbol;
        private final boolean isFutures;
        private final BinanceDecoder decoder = new BinanceDecoder();
        private final OrderBook book = new OrderBook(BinanceDecoder.DEFAULT_SCALE, BinanceDecoder.DEFAULT_SCALE);
        private final SyncListener listener;
        private DepthSync sync;
        private DepthSnapshot pending;
        private long malformed;
        private long resyncsFromBook;
        private long exchangeTimeMillis;
        private long receiveNanos = -1;

        public BinanceBookTarget(String symbol, boolean isFutures) {
            this(symbol, isFutures, SyncListener.NONE);
        }

        /**
         * A target whose sync reports to {@code listener} (applied diffs, loaded snapshots, sync events);
         * a {@code #book} restore is not reported (it is not a venue snapshot).
         */
        public BinanceBookTarget(String symbol, boolean isFutures, SyncListener listener) {
            this.symbol = symbol;
            this.isFutures = isFutures;
            this.listener = listener;
            this.sync = new DepthSync(symbol, isFutures, book, listener);
        }

        /** The exchange event time (ms) of the last depth diff seen, or 0 when none yet. */
        public long exchangeTimeMillis() {
            return exchangeTimeMillis;
        }

        /** The receive time (epoch ns) of the last record restored or applied, or -1 when none. */
        public long receiveNanos() {
            return receiveNanos;
        }

        /** The book's update id: the restored {@code #book}'s while it waits for the next diff, else the sync's (-1: none). */
        public long lastUpdateId() {
            return pending != null ? pending.lastUpdateId() : sync.lastUpdateId();
        }

        /** True while a restored {@code #book} waits for the next record to be loaded into the sync (which then reports it as a snapshot). */
        public boolean hasPendingBook() {
            return pending != null;
        }

        /** True when the book is in sync (a restored {@code #book} counts: it was written from a synced book). */
        public boolean isSynced() {
            return pending != null || sync.isSynced();
        }

        /**
         * Loads a restored {@code #book} that no diff followed into the sync, so {@link #sync()} says
         * synced with its update id. For the end of a replay (a later futures diff would still bridge
         * by id rather than by {@code pu}).
         */
        public void settle() {
            if (pending != null) {
                loadPending(null, receiveNanos);
            }
        }

        public OrderBook book() {
            return book;
        }

        public DepthSync sync() {
            return sync;
        }

        /** Messages that did not decode. */
        public long malformed() {
            return malformed;
        }

        /**
         * The {@code #book} blob for a synced book at {@code lastUpdateId}:
         * {@code {"u":L,"b":[[price,size],...],"a":[...]}} with scaled integers (scale 8), best first.
         */
        public static byte[] blob(OrderBook book, long lastUpdateId) {
            StringBuilder sb = new StringBuilder(64 + 48 * (book.depth(Side.BID) + book.depth(Side.ASK)));
            sb.append("{\"u\":").append(lastUpdateId);
            for (Side s : Side.values()) {
                sb.append(s == Side.BID ? ",\"b\":[" : "],\"a\":[");
                for (int i = 0; i < book.depth(s); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    sb.append('[').append(book.price(s, i)).append(',').append(book.size(s, i)).append(']');
                }
            }
            return sb.append("]}").toString().getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public void reset() {
            book.clear();
            sync = new DepthSync(symbol, isFutures, book, listener);
            pending = null;
            exchangeTimeMillis = 0;
            receiveNanos = -1;
        }

        @Override
        public void restore(JournalCursor c) {
            byte[] b = c.buffer();
            int p = c.payloadOffset();
            int end = p + c.payloadLength();
            DepthSnapshot s = new DepthSnapshot().setSymbol(symbol);
            long[] num = new long[1];
            p = expect(b, p, end, "{\"u\":");
            p = number(b, p, end, num);
            s.setLastUpdateId(num[0]);
            for (int side = 0; side < 2; side++) {
                p = expect(b, p, end, side == 0 ? ",\"b\":[" : ",\"a\":[");
                while (b[p] != ']') {
                    if (b[p] == ',') {
                        p++;
                    }
                    p = expect(b, p, end, "[");
                    p = number(b, p, end, num);
                    long price = num[0];
                    p = expect(b, p, end, ",");
                    p = number(b, p, end, num);
                    p = expect(b, p, end, "]");
                    (side == 0 ? s.bids() : s.asks()).add(price, num[0]);
                }
                p++;
            }
            book.clear();
            for (int i = 0; i < s.bids().count(); i++) {
                book.set(Side.BID, s.bids().price(i), s.bids().size(i));
            }
            for (int i = 0; i < s.asks().count(); i++) {
                book.set(Side.ASK, s.asks().price(i), s.asks().size(i));
            }
            sync = new DepthSync(symbol, isFutures, book, listener);
            pending = s;
            receiveNanos = c.receiveNanos();
        }

        /**
         * Loads a restored book into the sync before the next record. Futures diffs do not chain by
         * U, so the snapshot's id is set to the diff's U when the diff continues the book (pu == L):
         * the sync then applies it exactly as the live sync did.
         */
        private void loadPending(DepthUpdate next, long receiveNanos) {
            DepthSnapshot s = pending;
            pending = null;
            long l = s.lastUpdateId();
            if (isFutures && next != null && next.hasPreviousFinalUpdateId() && next.previousFinalUpdateId() == l) {
                s.setLastUpdateId(next.firstUpdateId());
            }
            sync.onSnapshot(s, receiveNanos);
        }

        /**
         * A {@code #book} line met during a sequential replay: ignored while the replay is synced
         * (it holds the same book), restored when the replay lost sync (e.g. frames the live client
         * took from a planned-reconnect overlap in another order), so a replay never stays stale
         * longer than one book period.
         *
         * @return true when the book was restored from the line
         */
        public boolean onBook(JournalCursor c) {
            if (sync.isSynced() || pending != null) {
                return false;
            }
            restore(c);
            resyncsFromBook++;
            return true;
        }

        /** Times {@link #onBook} restored a replay that had lost sync. */
        public long resyncsFromBook() {
            return resyncsFromBook;
        }

        @Override
        public void apply(JournalCursor c) {
            receiveNanos = c.receiveNanos();
            switch (c.kind()) {
                case MESSAGE -> onMessage(c.buffer(), c.payloadOffset(), c.payloadLength(), c.receiveNanos());
                case SNAPSHOT -> onSnapshot(c.payloadString(), c.receiveNanos());
                case RESYNC -> onResync(c.payloadString(), c.receiveNanos());
                default -> {
                    // gaps and reconnects are consequences the sync works out again by itself
                }
            }
        }

        /** A raw websocket frame (UTF-8 JSON in {@code b[off, off+len)}): depth diffs drive the sync, others are skipped. */
        public void onMessage(byte[] b, int off, int len, long receiveNanos) {
            try {
                BinanceMessageType type = decoder.decode(b, off, len);
                if (type == BinanceMessageType.DEPTH_UPDATE) {
                    DepthUpdate d = decoder.depthUpdate();
                    if (d.symbol() != null && !d.symbol().equalsIgnoreCase(symbol)) {
                        return;
                    }
                    if (d.eventTime() != DepthUpdate.NONE) {
                        exchangeTimeMillis = d.eventTime();
                    }
                    if (pending != null) {
                        loadPending(d, receiveNanos);
                    }
                    sync.onDiff(d, receiveNanos);
                } else if (type == BinanceMessageType.SNAPSHOT) {
                    if (pending != null) {
                        loadPending(null, receiveNanos);
                    }
                    sync.onSnapshot(decoder.snapshot().setSymbol(symbol), receiveNanos);
                }
            } catch (BinanceFormatException e) {
                malformed++;
            }
        }

        /** A REST depth snapshot's body ({@code #snapshot} line). */
        public void onSnapshot(String json, long receiveNanos) {
            try {
                if (pending != null) {
                    loadPending(null, receiveNanos);
                }
                sync.onSnapshot(decoder.decodeSnapshot(json, symbol), receiveNanos);
            } catch (BinanceFormatException e) {
                malformed++;
            }
        }

        /** A {@code #resync} line: kind RESET (a reconnect) resets the sync; the other kinds are informational. */
        public void onResync(String json, long receiveNanos) {
            if (json.contains("\"RESET\"")) {
                if (pending != null) {
                    loadPending(null, receiveNanos);
                }
                sync.reset(receiveNanos);
            }
        }

        private static int expect(byte[] b, int p, int end, String s) {
            for (int i = 0; i < s.length(); i++) {
                if (p + i >= end || b[p + i] != s.charAt(i)) {
                    throw new IllegalArgumentException("#book blob: expected '" + s + "' at " + p);
                }
            }
            return p + s.length();
        }

        private static int number(byte[] b, int p, int end, long[] out) {
            long v = 0;
            int start = p;
            while (p < end && b[p] >= '0' && b[p] <= '9') {
                v = v * 10 + (b[p] - '0');
                p++;
            }
            if (p == start) {
                throw new IllegalArgumentException("#book blob: expected a number at " + p);
            }
            out[0] = v;
            return p;
        }
    }
}
