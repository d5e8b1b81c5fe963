package dev.ladder.server.replay;

import dev.ladder.book.OrderBook;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.Side;
import dev.ladder.core.Times;
import dev.ladder.core.Venue;
import dev.ladder.journal.JournalCursor;
import dev.ladder.journal.JournalReader;
import dev.ladder.journal.RecordKind;
import java.io.IOException;
import java.math.BigInteger;

/**
 * Order books rebuilt from a journal: the book at a time (nearest {@code #book} line plus the records
 * after it, through the same decoder and sync as the live client) and heatmaps of resting size over a
 * time range. Binance spot and futures streams only; other venues are refused with an
 * {@link IllegalArgumentException}. Stateless apart from the reader; thread-safe.
 */
public final class BookHistory {
    /** Largest heatmap time bucket count. */
    public static final int MAX_TIME_BUCKETS = 2000;
    /** Largest heatmap price bucket count. */
    public static final int MAX_PRICE_BUCKETS = 1000;

    private final JournalReader reader;
    private final long maxRecords;

    /** History over {@code reader}, with no bound on the records a heatmap may read. */
    public BookHistory(JournalReader reader) {
        this(reader, Long.MAX_VALUE);
    }

    /**
     * History over {@code reader}; a heatmap that would read more than {@code maxRecords} records of its
     * window stops there with an {@link IllegalArgumentException} naming {@code to} (the bound on one
     * request's cost, counted as the records are read: no extra pass over the journal).
     */
    public BookHistory(JournalReader reader, long maxRecords) {
        this.reader = reader;
        this.maxRecords = maxRecords;
    }

    public JournalReader reader() {
        return reader;
    }

    /** Why a book cannot be rebuilt: unknown stream, other venue, or a time before its first record. */
    public static final class NoHistoryException extends Exception {
        public NoHistoryException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The book of {@code id} as of {@code atNs} (every record with receive time {@code <= atNs} applied).
     *
     * @throws NoHistoryException when the stream is not in the journal, is not a Binance stream, or
     *                            its first kept record is after {@code atNs}
     * @throws IOException        when the journal cannot be read
     */
    public BinanceBookTarget bookAt(InstrumentId id, long atNs) throws NoHistoryException, IOException {
        if (id.venue() != Venue.BINANCE && id.venue() != Venue.BINANCE_FUTURES) {
            throw new NoHistoryException("no order-book history for " + id.venue().id() + " streams (Binance only)");
        }
        long firstNs = firstNs(id);
        if (firstNs == Long.MIN_VALUE || atNs < firstNs) {
            throw new NoHistoryException("no record of " + id + " at or before " + instant(atNs)
                    + (firstNs == Long.MIN_VALUE ? " (the stream is empty)" : " (it starts at " + instant(firstNs) + ")"));
        }
        BinanceBookTarget t = target(id);
        reader.replayTo(id, atNs, t);
        return t;
    }

    /** The receive time of the stream's first kept record (Long.MIN_VALUE: empty), without scanning the open segment. */
    private long firstNs(InstrumentId id) throws NoHistoryException, IOException {
        if (!reader.streams().contains(id)) {
            throw new NoHistoryException("no stream " + id + " in the journal");
        }
        try (JournalCursor c = reader.cursor(id, Long.MIN_VALUE, Long.MAX_VALUE)) {
            return c.next() ? c.receiveNanos() : Long.MIN_VALUE;
        }
    }

    /**
     * The Betfair market {@code marketId} as of {@code atNs}: its journal stream {@code betfair/<marketId>}
     * replayed from its first record through the same decoder and cache as the live client. With
     * {@code selectionId} the target also shows that runner's ladders as a book (see {@link BetfairRunnerTarget}).
     *
     * @throws NoHistoryException when the market has no stream, no record at or before {@code atNs}, or
     *                            no runner {@code selectionId} then
     */
    public BetfairRunnerTarget marketAt(String marketId, Long selectionId, long atNs) throws NoHistoryException, IOException {
        InstrumentId id = InstrumentId.of(Venue.BETFAIR, marketId);
        long firstNs = firstNs(id);
        if (firstNs == Long.MIN_VALUE || atNs < firstNs) {
            throw new NoHistoryException("no record of " + id + " at or before " + instant(atNs)
                    + (firstNs == Long.MIN_VALUE ? " (the stream is empty)" : " (it starts at " + instant(firstNs) + ")"));
        }
        BetfairRunnerTarget t = new BetfairRunnerTarget(marketId, selectionId);
        reader.replayTo(id, atNs, t);
        if (t.market() == null) {
            throw new NoHistoryException("no change of market " + marketId + " at or before " + instant(atNs));
        }
        if (selectionId != null && !t.hasRunner(selectionId)) {
            throw new NoHistoryException("market " + marketId + " has no runner " + selectionId + " at " + instant(atNs));
        }
        return t;
    }

    /**
     * A heatmap of one Betfair runner's back (bids) and lay (asks) offers over time; see
     * {@link #heatmap(InstrumentId, long, long, int, int, Sides, Long, Long, int, boolean)}.
     */
    public Heatmap runnerHeatmap(String marketId, long selectionId, long fromNs, long toNs, int timeBuckets, int priceBuckets,
                                 Sides sides, Long priceMin, Long priceMax, int bandBps, boolean timeWeighted)
            throws NoHistoryException, IOException {
        checkHeatmap(fromNs, toNs, timeBuckets, priceBuckets);
        return heatmap(InstrumentId.of(Venue.BETFAIR, marketId), () -> marketAt(marketId, selectionId, fromNs), fromNs, toNs,
                timeBuckets, priceBuckets, sides, priceMin, priceMax, bandBps, timeWeighted);
    }

    private static BinanceBookTarget target(InstrumentId id) {
        return new BinanceBookTarget(id.symbol(), id.venue() == Venue.BINANCE_FUTURES);
    }

    /** Which book sides a heatmap sums. */
    public enum Sides {
        BID, ASK, BOTH;

        boolean has(Side s) {
            return this == BOTH || (s == Side.BID ? this == BID : this == ASK);
        }
    }

    /**
     * Resting size per time bucket and price bucket. Row {@code t} is the book sampled at
     * {@code fromNs + t * (toNs - fromNs) / timeBuckets} (every record at or before that instant
     * applied); column {@code p} sums the sizes of levels with {@code priceMin + p * w <= price <
     * priceMin + (p + 1) * w}, {@code w = (priceMax - priceMin) / priceBuckets} (exact rational
     * bounds; a level at exactly {@code priceMax} falls in the last bucket). Sizes and prices are
     * scaled longs at {@link #sizeScale}/{@link #priceScale}. {@code bestBids[t]}/{@code bestAsks[t]}
     * are the best prices at the start of time bucket {@code t} ({@link OrderBook#NO_PRICE} for an
     * empty side), whatever the price range. {@code skipped}: the damaged journal ranges the replay
     * skipped (from the {@code #book} line before {@code fromNs} on): the cells after one are not exact
     * until the next {@code #book} line.
     */
    public record Heatmap(long fromNs, long toNs, long priceMin, long priceMax, int priceScale, int sizeScale,
                   long[][] bids, long[][] asks, long[] sampleNs, boolean isTimeWeighted, long[] bestBids,
                   long[] bestAsks, SkippedRanges skipped) {
        public int timeBuckets() {
            return bids.length;
        }

        public int priceBuckets() {
            return bids.length == 0 ? 0 : bids[0].length;
        }

        public long cell(int t, int p) {
            return bids[t][p] + asks[t][p];
        }
    }

    /**
     * Resting size per price bucket ({@code priceBuckets} equal buckets of {@code [priceMin, priceMax]})
     * for each of {@code timeBuckets} equal time buckets of {@code [fromNs, toNs)}: the book sampled at
     * the start of each time bucket, or with {@code timeWeighted} the time-weighted average over the
     * bucket (each state weighted by how long it rested, from one record's receive time to the next;
     * exact sums, the average rounded half-even to the size scale). With {@code priceMin}/{@code priceMax}
     * null and {@code bandBps > 0}, the range is the mid at {@code fromNs} plus and minus {@code bandBps}
     * basis points; with {@code bandBps <= 0} it is where the book traded (see {@link #tradedRange}).
     * A price bound given alone replaces that bound of the default range.
     *
     * @throws NoHistoryException       as {@link #bookAt}, or when the book at {@code fromNs} has no two sides and no range was given
     * @throws IllegalArgumentException (naming the parameter) when the range or bucket counts are unusable
     */
    public Heatmap heatmap(InstrumentId id, long fromNs, long toNs, int timeBuckets, int priceBuckets, Sides sides,
                    Long priceMin, Long priceMax, int bandBps) throws NoHistoryException, IOException {
        return heatmap(id, fromNs, toNs, timeBuckets, priceBuckets, sides, priceMin, priceMax, bandBps, false);
    }

    /** As above; {@code timeWeighted} chooses time-weighted averages over sampling. */
    public Heatmap heatmap(InstrumentId id, long fromNs, long toNs, int timeBuckets, int priceBuckets, Sides sides,
                    Long priceMin, Long priceMax, int bandBps, boolean timeWeighted) throws NoHistoryException, IOException {
        checkHeatmap(fromNs, toNs, timeBuckets, priceBuckets);
        return heatmap(id, () -> bookAt(id, fromNs), fromNs, toNs, timeBuckets, priceBuckets, sides, priceMin, priceMax, bandBps,
                timeWeighted);
    }

    private static void checkHeatmap(long fromNs, long toNs, int timeBuckets, int priceBuckets) {
        if (toNs <= fromNs) {
            throw new IllegalArgumentException("to: must be after from");
        }
        if (timeBuckets < 1 || timeBuckets > MAX_TIME_BUCKETS) {
            throw new IllegalArgumentException("timeBuckets: must be within 1.." + MAX_TIME_BUCKETS);
        }
        if (priceBuckets < 1 || priceBuckets > MAX_PRICE_BUCKETS) {
            throw new IllegalArgumentException("priceBuckets: must be within 1.." + MAX_PRICE_BUCKETS);
        }
    }

    /** A fresh replay target holding the book at the heatmap's start. */
    private interface SourceAt {
        HeatmapSource open() throws NoHistoryException, IOException;
    }

    private Heatmap heatmap(InstrumentId id, SourceAt at, long fromNs, long toNs, int timeBuckets, int priceBuckets,
                            Sides sides, Long priceMin, Long priceMax, int bandBps, boolean timeWeighted)
            throws NoHistoryException, IOException {
        HeatmapSource t = at.open();
        OrderBook book = t.book();
        long lo;
        long hi;
        if (priceMin != null && priceMax != null) {
            lo = priceMin;
            hi = priceMax;
        } else {
            if (bandBps > 0 && (book.isEmpty(Side.BID) || book.isEmpty(Side.ASK))) {
                throw new NoHistoryException("the book of " + id + " at " + instant(fromNs)
                        + " lacks a side: give priceMin and priceMax");
            }
            long[] range;
            if (bandBps > 0) {
                long mid = (book.bestPrice(Side.BID) + book.bestPrice(Side.ASK)) / 2;
                long band = BigInteger.valueOf(mid).multiply(BigInteger.valueOf(bandBps)).divide(BigInteger.valueOf(10_000)).longValueExact();
                range = new long[] {Math.max(0, mid - band), mid + band};
            } else {
                range = tradedRange(id, t, fromNs, toNs);
                t = at.open();
                book = t.book();
            }
            lo = priceMin != null ? priceMin : range[0];
            hi = priceMax != null ? priceMax : range[1];
        }
        if (hi <= lo) {
            throw new IllegalArgumentException("priceMax: must be above priceMin");
        }
        long[][] bids = new long[timeBuckets][priceBuckets];
        long[][] asks = new long[timeBuckets][priceBuckets];
        long[] sampleNs = new long[timeBuckets];
        BigInteger span = BigInteger.valueOf(toNs).subtract(BigInteger.valueOf(fromNs));
        for (int i = 0; i < timeBuckets; i++) {
            sampleNs[i] = fromNs + span.multiply(BigInteger.valueOf(i)).divide(BigInteger.valueOf(timeBuckets)).longValueExact();
        }
        long[] bestBids = new long[timeBuckets];
        long[] bestAsks = new long[timeBuckets];
        if (timeWeighted) {
            averages(id, t, sides, lo, hi, fromNs, toNs, sampleNs, bids, asks, bestBids, bestAsks);
            return new Heatmap(fromNs, toNs, lo, hi, book.priceScale(), book.sizeScale(), bids, asks, sampleNs, true,
                    bestBids, bestAsks, t.skipped());
        }
        sample(book, sides, lo, hi, bids[0], asks[0]);
        best(book, bestBids, bestAsks, 0);
        int next = 1;
        if (timeBuckets > 1) {
            long[] read = {0};
            try (JournalCursor c = window(id, t, fromNs, sampleNs[timeBuckets - 1])) {
                while (next(c, read)) {
                    while (next < timeBuckets && c.receiveNanos() > sampleNs[next]) {
                        sample(book, sides, lo, hi, bids[next], asks[next]);
                        best(book, bestBids, bestAsks, next);
                        next++;
                    }
                    if (c.kind() == RecordKind.BOOK) {
                        t.onBook(c);
                    } else {
                        t.apply(c);
                    }
                }
            }
            while (next < timeBuckets) {
                sample(book, sides, lo, hi, bids[next], asks[next]);
                best(book, bestBids, bestAsks, next);
                next++;
            }
        }
        return new Heatmap(fromNs, toNs, lo, hi, book.priceScale(), book.sizeScale(), bids, asks, sampleNs, false,
                bestBids, bestAsks, t.skipped());
    }

    /** Folds a two-sided book into {lowest best bid, highest best ask, near depth below, near depth above}. */
    private static void widen(OrderBook book, long[] e) {
        if (book.isEmpty(Side.BID) || book.isEmpty(Side.ASK)) {
            return;
        }
        long bid = book.bestPrice(Side.BID);
        long ask = book.bestPrice(Side.ASK);
        e[0] = Math.min(e[0], bid);
        e[1] = Math.max(e[1], ask);
        if (e[2] < 0) {
            e[2] = bid - book.price(Side.BID, Math.min(RANGE_LEVELS, book.depth(Side.BID)) - 1);
            e[3] = book.price(Side.ASK, Math.min(RANGE_LEVELS, book.depth(Side.ASK)) - 1) - ask;
        }
    }

    private static void best(OrderBook book, long[] bestBids, long[] bestAsks, int k) {
        bestBids[k] = book.bestPrice(Side.BID);
        bestAsks[k] = book.bestPrice(Side.ASK);
    }

    /** Levels from the best that the default range keeps visible beside the traded envelope. */
    static final int RANGE_LEVELS = 10;

    /**
     * The default price range of a heatmap: where the book traded over {@code [fromNs, toNs]}, i.e. the
     * lowest best bid to the highest best ask seen after any record (the envelope), widened on each side
     * by the larger of a quarter of the envelope's width and the distance from the best price to the
     * {@link #RANGE_LEVELS}th level of that side in the first two-sided book of the window (so a still book
     * shows its near depth). Deep levels far from the touch never stretch the range. Replays the window once;
     * {@code t} is used up. A book that starts empty (a stream's first instant, before its snapshot) counts
     * from its first two-sided state.
     *
     * @throws NoHistoryException when the book has no two sides anywhere in the window
     */
    long[] tradedRange(InstrumentId id, HeatmapSource t, long fromNs, long toNs) throws NoHistoryException, IOException {
        OrderBook book = t.book();
        long[] envelope = {Long.MAX_VALUE, Long.MIN_VALUE, -1, -1};
        widen(book, envelope);
        long[] read = {0};
        try (JournalCursor c = window(id, t, fromNs, toNs)) {
            while (next(c, read)) {
                if (c.kind() == RecordKind.BOOK) {
                    t.onBook(c);
                } else {
                    t.apply(c);
                }
                widen(book, envelope);
            }
        }
        if (envelope[2] < 0) {
            throw new NoHistoryException("the book of " + id + " has no two sides between " + instant(fromNs) + " and "
                    + instant(toNs) + ": give priceMin and priceMax");
        }
        long minBid = envelope[0];
        long maxAsk = envelope[1];
        long depthBelow = envelope[2];
        long depthAbove = envelope[3];
        long width = Math.max(0, maxAsk - minBid);
        long lo = Math.max(0, minBid - Math.max(width / 4, depthBelow));
        long hi = maxAsk + Math.max(width / 4, depthAbove);
        if (hi <= lo) {
            hi = lo + 1;
        }
        return new long[] {lo, hi};
    }

    /**
     * Time-weighted averages: the state after each record rests until the next record that changes
     * the book; size x nanoseconds is summed per cell in 128 bits (two longs), then divided by the
     * bucket's length.
     */
    private void averages(InstrumentId id, HeatmapSource t, Sides sides, long lo, long hi, long fromNs,
                          long toNs, long[] starts, long[][] bids, long[][] asks, long[] bestBids, long[] bestAsks)
            throws IOException {
        int tb = starts.length;
        int pb = bids[0].length;
        long[][] hiB = new long[tb][pb];
        long[][] loB = new long[tb][pb];
        long[][] hiA = new long[tb][pb];
        long[][] loA = new long[tb][pb];
        long[] curB = new long[pb];
        long[] curA = new long[pb];
        sample(t.book(), sides, lo, hi, curB, curA);
        best(t.book(), bestBids, bestAsks, 0);
        int nextStart = 1;
        long last = fromNs;
        long version = t.changes();
        long[] read = {0};
        try (JournalCursor c = window(id, t, fromNs, toNs)) {
            while (next(c, read)) {
                long ns = c.receiveNanos();
                while (nextStart < tb && ns > starts[nextStart]) {
                    best(t.book(), bestBids, bestAsks, nextStart++);
                }
                if (c.kind() == RecordKind.BOOK) {
                    t.onBook(c);
                } else {
                    t.apply(c);
                }
                long v = t.changes();
                if (v != version) {
                    integrate(last, ns, starts, toNs, curB, curA, hiB, loB, hiA, loA);
                    last = ns;
                    java.util.Arrays.fill(curB, 0);
                    java.util.Arrays.fill(curA, 0);
                    sample(t.book(), sides, lo, hi, curB, curA);
                    version = v;
                }
            }
        }
        integrate(last, toNs, starts, toNs, curB, curA, hiB, loB, hiA, loA);
        while (nextStart < tb) {
            best(t.book(), bestBids, bestAsks, nextStart++);
        }
        for (int k = 0; k < tb; k++) {
            BigInteger len = BigInteger.valueOf((k + 1 < tb ? starts[k + 1] : toNs) - starts[k]);
            for (int p = 0; p < pb; p++) {
                bids[k][p] = average(hiB[k][p], loB[k][p], len);
                asks[k][p] = average(hiA[k][p], loA[k][p], len);
            }
        }
    }

    /** Adds {@code cur x overlap} to every time bucket that {@code [a, b)} overlaps. */
    private static void integrate(long a, long b, long[] starts, long toNs, long[] curB, long[] curA,
                                  long[][] hiB, long[][] loB, long[][] hiA, long[][] loA) {
        int k = java.util.Arrays.binarySearch(starts, a);
        k = k >= 0 ? k : -k - 2;
        while (a < b && k < starts.length) {
            long end = Math.min(b, k + 1 < starts.length ? starts[k + 1] : toNs);
            long dt = end - a;
            if (dt > 0) {
                for (int p = 0; p < curB.length; p++) {
                    add(hiB[k], loB[k], p, curB[p], dt);
                    add(hiA[k], loA[k], p, curA[p], dt);
                }
            }
            a = end;
            k++;
        }
    }

    private static void add(long[] his, long[] los, int p, long size, long dt) {
        if (size == 0) {
            return;
        }
        long ph = Math.multiplyHigh(size, dt);
        long pl = size * dt;
        long l = los[p] + pl;
        his[p] += ph + (Long.compareUnsigned(l, los[p]) < 0 ? 1 : 0);
        los[p] = l;
    }

    private static long average(long h, long l, BigInteger len) {
        if (h == 0 && l == 0) {
            return 0;
        }
        BigInteger sum = BigInteger.valueOf(h).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(l)));
        return new java.math.BigDecimal(sum).divide(new java.math.BigDecimal(len), 0, java.math.RoundingMode.HALF_EVEN)
                .longValueExact();
    }

    /** Adds the book's sizes into price buckets of {@code [lo, hi]}. */
    static void sample(OrderBook book, Sides sides, long lo, long hi, long[] bidRow, long[] askRow) {
        int n = bidRow.length;
        for (Side s : Side.values()) {
            if (!sides.has(s)) {
                continue;
            }
            long[] row = s == Side.BID ? bidRow : askRow;
            int depth = book.depth(s);
            for (int i = 0; i < depth; i++) {
                long p = book.price(s, i);
                if (p < lo || p > hi) {
                    continue;
                }
                row[bucket(p, lo, hi, n)] += book.size(s, i);
            }
        }
    }

    /** The records of {@code id} received in {@code (fromNs, toNs]}, damage reported to {@code t} (which resyncs). */
    private JournalCursor window(InstrumentId id, HeatmapSource t, long fromNs, long toNs) throws IOException {
        return reader.cursor(id, fromNs + 1, toNs).onDamage(t::lost);
    }

    /** The cursor's next record, counted in {@code read[0]} against {@link #maxRecords}. */
    private boolean next(JournalCursor c, long[] read) throws IOException {
        if (!c.next()) {
            return false;
        }
        if (++read[0] > maxRecords) {
            throw new IllegalArgumentException("to: the window holds more than " + maxRecords
                    + " journal records, the limit of one heatmap; narrow from..to");
        }
        return true;
    }

    /** The bucket of {@code p} in {@code [lo, hi]} cut into {@code n}: floor((p - lo) * n / (hi - lo)), at most n - 1. */
    static int bucket(long p, long lo, long hi, int n) {
        long off = p - lo;
        long width = hi - lo;
        long b;
        try {
            b = Math.multiplyExact(off, n) / width;
        } catch (ArithmeticException e) {
            b = BigInteger.valueOf(off).multiply(BigInteger.valueOf(n)).divide(BigInteger.valueOf(width)).longValue();
        }
        return (int) Math.min(b, n - 1);
    }

    public static String instant(long ns) {
        return Times.format(ns);
    }
}
