package dev.ladder.server;

import dev.ladder.book.OrderBook;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.Side;
import dev.ladder.core.Venue;
import dev.ladder.journal.JournalCursor;
import dev.ladder.journal.JournalReader;
import dev.ladder.journal.RecordKind;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Order books rebuilt from a journal: the book at a time (nearest {@code #book} line plus the records
 * after it, through the same decoder and sync as the live client) and heatmaps of resting size over a
 * time range. Binance spot and futures streams only; other venues are refused with an
 * {@link IllegalArgumentException}. Stateless apart from the reader; thread-safe.
 */
final class BookHistory {
    /** Largest heatmap time bucket count. */
    static final int MAX_TIME_BUCKETS = 2000;
    /** Largest heatmap price bucket count. */
    static final int MAX_PRICE_BUCKETS = 1000;

    private final JournalReader reader;

    BookHistory(JournalReader reader) {
        this.reader = reader;
    }

    JournalReader reader() {
        return reader;
    }

    /** Why a book cannot be rebuilt: unknown stream, other venue, or a time before its first record. */
    static final class NoHistoryException extends Exception {
        NoHistoryException(String message) {
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
    ReplayCommand.BinanceBookTarget bookAt(InstrumentId id, long atNs) throws NoHistoryException, IOException {
        long firstNs = firstNs(id);
        if (firstNs == Long.MIN_VALUE || atNs < firstNs) {
            throw new NoHistoryException("no record of " + id + " at or before " + instant(atNs)
                    + (firstNs == Long.MIN_VALUE ? " (the stream is empty)" : " (it starts at " + instant(firstNs) + ")"));
        }
        ReplayCommand.BinanceBookTarget t = target(id);
        reader.replayTo(id, atNs, t);
        return t;
    }

    /** The receive time of the stream's first kept record (Long.MIN_VALUE: empty), without scanning the open segment. */
    private long firstNs(InstrumentId id) throws NoHistoryException, IOException {
        if (id.venue() != Venue.BINANCE && id.venue() != Venue.BINANCE_FUTURES) {
            throw new NoHistoryException("no order-book history for " + id.venue().id() + " streams (Binance only)");
        }
        if (!reader.streams().contains(id)) {
            throw new NoHistoryException("no stream " + id + " in the journal");
        }
        try (JournalCursor c = reader.cursor(id, Long.MIN_VALUE, Long.MAX_VALUE)) {
            return c.next() ? c.receiveNanos() : Long.MIN_VALUE;
        }
    }

    private static ReplayCommand.BinanceBookTarget target(InstrumentId id) {
        return new ReplayCommand.BinanceBookTarget(id.symbol(), id.venue() == Venue.BINANCE_FUTURES);
    }

    /** Which book sides a heatmap sums. */
    enum Sides {
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
     * scaled longs at {@link #sizeScale}/{@link #priceScale}.
     */
    record Heatmap(long fromNs, long toNs, long priceMin, long priceMax, int priceScale, int sizeScale,
                   long[][] bids, long[][] asks, long[] sampleNs) {
        int timeBuckets() {
            return bids.length;
        }

        int priceBuckets() {
            return bids.length == 0 ? 0 : bids[0].length;
        }

        long cell(int t, int p) {
            return bids[t][p] + asks[t][p];
        }
    }

    /**
     * Samples the book at the start of each of {@code timeBuckets} equal time buckets of
     * {@code [fromNs, toNs)} and sums resting size into {@code priceBuckets} equal price buckets of
     * {@code [priceMin, priceMax]}. With {@code priceMin}/{@code priceMax} null, the range is the mid
     * at {@code fromNs} plus and minus {@code bandBps} basis points (rounded outward to the tick of
     * the book's scale).
     *
     * @throws NoHistoryException       as {@link #bookAt}, or when the book at {@code fromNs} has no two sides and no range was given
     * @throws IllegalArgumentException (naming the parameter) when the range or bucket counts are unusable
     */
    Heatmap heatmap(InstrumentId id, long fromNs, long toNs, int timeBuckets, int priceBuckets, Sides sides,
                    Long priceMin, Long priceMax, int bandBps) throws NoHistoryException, IOException {
        if (toNs <= fromNs) {
            throw new IllegalArgumentException("to: must be after from");
        }
        if (timeBuckets < 1 || timeBuckets > MAX_TIME_BUCKETS) {
            throw new IllegalArgumentException("timeBuckets: must be within 1.." + MAX_TIME_BUCKETS);
        }
        if (priceBuckets < 1 || priceBuckets > MAX_PRICE_BUCKETS) {
            throw new IllegalArgumentException("priceBuckets: must be within 1.." + MAX_PRICE_BUCKETS);
        }
        ReplayCommand.BinanceBookTarget t = bookAt(id, fromNs);
        OrderBook book = t.book();
        long lo;
        long hi;
        if (priceMin != null && priceMax != null) {
            lo = priceMin;
            hi = priceMax;
        } else {
            if (book.isEmpty(Side.BID) || book.isEmpty(Side.ASK)) {
                throw new NoHistoryException("the book of " + id + " at " + instant(fromNs)
                        + " lacks a side: give priceMin and priceMax");
            }
            long mid = (book.bestPrice(Side.BID) + book.bestPrice(Side.ASK)) / 2;
            long band = BigInteger.valueOf(mid).multiply(BigInteger.valueOf(bandBps)).divide(BigInteger.valueOf(10_000)).longValueExact();
            lo = priceMin != null ? priceMin : Math.max(0, mid - band);
            hi = priceMax != null ? priceMax : mid + band;
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
        sample(book, sides, lo, hi, bids[0], asks[0]);
        int next = 1;
        if (timeBuckets > 1) {
            try (JournalCursor c = reader.cursor(id, fromNs + 1, sampleNs[timeBuckets - 1])) {
                while (c.next()) {
                    while (next < timeBuckets && c.receiveNanos() > sampleNs[next]) {
                        sample(book, sides, lo, hi, bids[next], asks[next]);
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
                next++;
            }
        }
        return new Heatmap(fromNs, toNs, lo, hi, book.priceScale(), book.sizeScale(), bids, asks, sampleNs);
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

    /**
     * A time as epoch nanoseconds: an ISO-8601 instant ({@code 2024-08-08T23:57:00Z}, fractions kept)
     * or an epoch number, read as milliseconds below 10^14, microseconds below 10^17, else nanoseconds.
     *
     * @throws IllegalArgumentException when it is neither, negative, or out of range
     */
    static long parseTime(String text) {
        String t = text.trim();
        if (!t.isEmpty() && t.length() <= 19 && t.chars().allMatch(Character::isDigit)) {
            try {
                long v = Long.parseLong(t);
                if (v < 100_000_000_000_000L) {
                    return Math.multiplyExact(v, 1_000_000L);
                }
                if (v < 100_000_000_000_000_000L) {
                    return Math.multiplyExact(v, 1_000L);
                }
                return v;
            } catch (ArithmeticException | NumberFormatException e) {
                throw new IllegalArgumentException("'" + Params.clip(text) + "' is out of range");
            }
        }
        try {
            Instant i = Instant.parse(t);
            return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + Params.clip(text)
                    + "' is neither an ISO-8601 instant (2024-08-08T23:57:00Z) nor epoch ms/us/ns");
        }
    }

    static String instant(long ns) {
        return Instant.ofEpochSecond(Math.floorDiv(ns, 1_000_000_000L), Math.floorMod(ns, 1_000_000_000L)).toString();
    }
}
