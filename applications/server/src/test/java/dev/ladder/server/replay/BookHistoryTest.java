package dev.ladder.server.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.book.OrderBook;
import dev.ladder.core.Decimals;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.Side;
import dev.ladder.core.Venue;
import dev.ladder.journal.Journal;
import dev.ladder.journal.JournalConfig;
import dev.ladder.journal.JournalReader;
import dev.ladder.journal.JournalWriter;
import dev.ladder.journal.RecordKind;
import dev.ladder.server.http.BookJson;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Heatmaps and books at a time on a small hand-made journal whose answers are worked out by hand. */
class BookHistoryTest {
    static final InstrumentId X = InstrumentId.of(Venue.BINANCE, "XUSDT");
    static final long B = 1_700_000_000_000_000_000L;
    static final long S = 1_000_000_000L;

    @TempDir
    Path dir;
    BookHistory history;

    static String diff(long u, String bids, String asks) {
        return "{\"stream\":\"xusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":" + (1_700_000_000_000L + u)
                + ",\"s\":\"XUSDT\",\"U\":" + u + ",\"u\":" + u + ",\"b\":[" + bids + "],\"a\":[" + asks + "]}}";
    }

    @BeforeEach
    void journal() throws Exception {
        try (Journal j = Journal.open(JournalConfig.defaults(dir))) {
            JournalWriter w = j.writer(X);
            w.appendMarker(B, RecordKind.SNAPSHOT, "{\"lastUpdateId\":10,\"bids\":[[\"100.00\",\"1.0\"]],\"asks\":[[\"101.00\",\"2.0\"]]}");
            w.append(B + S, diff(11, "[\"100.00\",\"3.0\"]", ""));
            w.append(B + S + S / 2, "{\"stream\":\"xusdt@bookTicker\",\"data\":{\"u\":11,\"s\":\"XUSDT\",\"b\":\"100.00\",\"B\":\"3.0\",\"a\":\"101.00\",\"A\":\"2.0\"}}");
            w.append(B + 3 * S, diff(12, "[\"99.00\",\"5.0\"]", "[\"101.00\",\"0\"]"));
        }
        history = new BookHistory(new JournalReader(dir));
    }

    static long p(String d) {
        return Decimals.parse(d, 8);
    }

    static String[] row(BookHistory.Heatmap h, int t) {
        String[] r = new String[h.priceBuckets()];
        for (int i = 0; i < r.length; i++) {
            r[i] = BookJson.dec(h.cell(t, i), h.sizeScale());
        }
        return r;
    }

    @Test
    void sampledAtBucketStarts() throws Exception {
        BookHistory.Heatmap h = history.heatmap(X, B, B + 4 * S, 2, 4, BookHistory.Sides.BOTH, p("98"), p("102"), 50, false);
        assertThat(row(h, 0)).containsExactly("0", "0", "1", "2");
        assertThat(row(h, 1)).containsExactly("0", "0", "3", "2");
        BookHistory.Heatmap asks = history.heatmap(X, B, B + 4 * S, 4, 4, BookHistory.Sides.ASK, p("98"), p("102"), 50, false);
        assertThat(row(asks, 3)).containsExactly("0", "0", "0", "0");
        assertThat(row(asks, 2)).containsExactly("0", "0", "0", "2");
    }

    @Test
    void aHeatmapStopsAtItsRecordBound() throws Exception {
        BookHistory bounded = new BookHistory(history.reader(), 1);
        for (boolean twa : new boolean[] {false, true}) {
            assertThatThrownBy(() -> bounded.heatmap(X, B, B + 4 * S, 4, 4, BookHistory.Sides.BOTH, p("98"), p("102"), 50, twa))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("to: the window holds more than 1 journal records");
        }
        assertThat(new BookHistory(history.reader(), 1_000).heatmap(X, B, B + 4 * S, 2, 4, BookHistory.Sides.BOTH, p("98"),
                p("102"), 50, false).timeBuckets()).isEqualTo(2);
    }

    @Test
    void timeWeightedAverages() throws Exception {
        BookHistory.Heatmap h = history.heatmap(X, B, B + 4 * S, 2, 4, BookHistory.Sides.BOTH, p("98"), p("102"), 50, true);
        assertThat(h.isTimeWeighted()).isTrue();
        assertThat(row(h, 0)).containsExactly("0", "0", "2", "2");
        assertThat(row(h, 1)).containsExactly("0", "2.5", "3", "1");
        BookHistory.Heatmap one = history.heatmap(X, B, B + 4 * S, 1, 1, BookHistory.Sides.BID, p("98"), p("102"), 50, true);
        assertThat(row(one, 0)).containsExactly("3.75");
    }

    @Test
    void bookAtAnyInstant() throws Exception {
        OrderBook at = history.bookAt(X, B + S - 1).book();
        assertThat(at.bestSize(Side.BID)).isEqualTo(p("1"));
        assertThat(history.bookAt(X, B + S).book().bestSize(Side.BID)).isEqualTo(p("3"));
        BinanceBookTarget end = history.bookAt(X, Long.MAX_VALUE);
        assertThat(end.book().isEmpty(Side.ASK)).isTrue();
        assertThat(end.book().depth(Side.BID)).isEqualTo(2);
        assertThat(end.lastUpdateId()).isEqualTo(12);
        assertThat(end.exchangeTimeMillis()).isEqualTo(1_700_000_000_012L);
        assertThat(end.receiveNanos()).isEqualTo(B + 3 * S);
        assertThatThrownBy(() -> history.bookAt(X, B - 1)).isInstanceOf(BookHistory.NoHistoryException.class);
        assertThatThrownBy(() -> history.bookAt(InstrumentId.of(Venue.BETFAIR, "1.2"), B))
                .isInstanceOf(BookHistory.NoHistoryException.class).hasMessageContaining("Binance only");
    }

    @Test
    void timesAndBuckets() {
        assertThat(BookHistory.bucket(p("102"), p("98"), p("102"), 4)).isEqualTo(3);
        assertThat(BookHistory.bucket(p("99"), p("98"), p("102"), 4)).isEqualTo(1);
        assertThat(BookHistory.bucket(p("98.99999999"), p("98"), p("102"), 4)).isZero();
        assertThat(BookHistory.bucket(Long.MAX_VALUE / 2, 0, Long.MAX_VALUE / 2 + 1, 1000)).isEqualTo(999);
    }

    @Test
    void defaultRangeIsWhereTheBookTradedNotTheDeepestLevels() throws Exception {
        InstrumentId y = InstrumentId.of(Venue.BINANCE, "YUSDT");
        StringBuilder bids = new StringBuilder("[[\"1.00\",\"9.0\"]");
        StringBuilder asks = new StringBuilder("[[\"5000.00\",\"9.0\"]");
        for (int i = 0; i < 12; i++) {
            bids.append(",[\"").append(100 - i).append(".00\",\"1.0\"]");
            asks.append(",[\"").append(101 + i).append(".00\",\"1.0\"]");
        }
        try (Journal j = Journal.open(JournalConfig.defaults(dir))) {
            JournalWriter w = j.writer(y);
            w.appendMarker(B, RecordKind.SNAPSHOT, "{\"lastUpdateId\":10,\"bids\":" + bids + "],\"asks\":" + asks + "]}");
            // the bid goes up to 104 and back, the asks below 105 are taken: the envelope is 100 .. 105
            w.append(B + S, diff(11, "[\"104.00\",\"2.0\"]", "[\"101.00\",\"0\"],[\"102.00\",\"0\"],[\"103.00\",\"0\"],[\"104.00\",\"0\"]").replace("xusdt", "yusdt").replace("XUSDT", "YUSDT"));
            w.append(B + 2 * S, diff(12, "[\"104.00\",\"0\"]", "").replace("xusdt", "yusdt").replace("XUSDT", "YUSDT"));
        }
        BookHistory h2 = new BookHistory(new JournalReader(dir));
        BookHistory.Heatmap h = h2.heatmap(y, B, B + 4 * S, 4, 20, BookHistory.Sides.BOTH, null, null, 0, false);
        // envelope 100 (lowest best bid) .. 105 (highest best ask); margins: the 10th level from the touch at the
        // start is 9 away, more than a quarter of the envelope
        assertThat(BookJson.dec(h.priceMin(), 8)).isEqualTo("91");
        assertThat(BookJson.dec(h.priceMax(), 8)).isEqualTo("114");
        assertThat(h.bestBids()).containsExactly(p("100"), p("104"), p("100"), p("100"));
        assertThat(h.bestAsks()).containsExactly(p("101"), p("105"), p("105"), p("105"));
        long filled = 0;
        for (int p = 0; p < h.priceBuckets(); p++) {
            filled += h.cell(0, p) > 0 ? 1 : 0;
        }
        assertThat(filled).as("levels spread over many buckets").isGreaterThanOrEqualTo(15);
        BookHistory.Heatmap twa = h2.heatmap(y, B, B + 4 * S, 4, 20, BookHistory.Sides.BOTH, null, null, 0, true);
        assertThat(twa.priceMin()).isEqualTo(h.priceMin());
        assertThat(twa.bestBids()).containsExactly(h.bestBids());
        BookHistory.Heatmap band = h2.heatmap(y, B, B + 4 * S, 4, 20, BookHistory.Sides.BOTH, null, null, 100, false);
        assertThat(BookJson.dec(band.priceMin(), 8)).isEqualTo("99.495");
    }
}
