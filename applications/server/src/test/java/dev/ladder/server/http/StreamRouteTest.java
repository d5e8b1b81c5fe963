package dev.ladder.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.book.OrderBook;
import dev.ladder.core.Decimals;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.Side;
import dev.ladder.core.Venue;
import dev.ladder.server.live.BookRegistry;
import dev.ladder.server.live.BookState;
import dev.ladder.server.live.LadderMetrics;
import dev.ladder.server.live.LevelChanges;
import dev.ladder.server.live.LiveBook;
import dev.ladder.server.testing.Http;
import dev.ladder.server.testing.SseReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The SSE stream over a real streaming HTTP read: snapshot, diffs, resync, and a slow consumer. */
class StreamRouteTest {
    static final InstrumentId BTC = InstrumentId.of(Venue.BINANCE, "BTCUSDT");
    static final int PS = 2;
    static final int SS = 8;

    BookRegistry registry;
    LiveBook book;
    LadderServer server;
    Http http;

    void start(int queueCapacity) throws IOException {
        registry = new BookRegistry(new LadderMetrics());
        book = registry.register(BTC, PS, SS);
        book.applySnapshot(100, BookRoutesTest.levels("100.00", "1", "99.00", "2"),
                BookRoutesTest.levels("101.00", "3"), 1_700_000_000_000L, 1_700_000_000_001_000_000L);
        server = LadderServer.start(registry, ServerConfig.loopback(0).withStreamQueueCapacity(queueCapacity));
        http = new Http(server.port());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void snapshotThenDiffsWithUpdateIdsThenAFreshSnapshotAfterAResync() throws Exception {
        start(1024);
        try (SseReader sse = new SseReader(http, "/api/books/binance/BTCUSDT/stream")) {
            assertThat(sse.status()).isEqualTo(200);
            assertThat(sse.contentType()).startsWith("text/event-stream");
            SseReader.Event first = sse.next();
            assertThat(first.name()).isEqualTo("snapshot");
            assertThat(first.id()).isEqualTo("100");
            JsonNode snap = first.json();
            assertThat(snap.get("lastUpdateId").asLong()).isEqualTo(100);
            assertThat(snap.get("state").asText()).isEqualTo("live");
            assertThat(snap.get("bids").toString()).isEqualTo("[[\"100\",\"1\"],[\"99\",\"2\"]]");
            Awaitility.await().until(() -> book.subscriberCount() == 1);

            book.applyDiff(101, 103, BookRoutesTest.levels("100.00", "0", "99.50", "0.0098"),
                    BookRoutesTest.levels(), 1_700_000_000_200L, 1_700_000_000_201_000_000L);
            SseReader.Event diff = sse.next();
            assertThat(diff.name()).isEqualTo("diff");
            assertThat(diff.id()).isEqualTo("103");
            JsonNode d = diff.json();
            assertThat(d.get("previousUpdateId").asLong()).isEqualTo(100);
            assertThat(d.get("firstUpdateId").asLong()).isEqualTo(101);
            assertThat(d.get("lastUpdateId").asLong()).isEqualTo(103);
            assertThat(d.get("exchangeTime").asLong()).isEqualTo(1_700_000_000_200L);
            assertThat(d.get("bids").toString()).isEqualTo("[[\"100\",\"0\"],[\"99.5\",\"0.0098\"]]");
            assertThat(d.get("asks")).isEmpty();

            book.setState(BookState.RESYNCING);
            SseReader.Event state = sse.next();
            assertThat(state.name()).isEqualTo("state");
            assertThat(state.json().get("state").asText()).isEqualTo("resyncing");

            book.applySnapshot(500, BookRoutesTest.levels("98.00", "4"), BookRoutesTest.levels("102.00", "5"), 0, 0);
            SseReader.Event fresh = sse.next();
            assertThat(fresh.name()).isEqualTo("snapshot");
            assertThat(fresh.json().get("lastUpdateId").asLong()).isEqualTo(500);
            assertThat(fresh.json().get("bids").toString()).isEqualTo("[[\"98\",\"4\"]]");
            assertThat(fresh.json().get("asks").toString()).isEqualTo("[[\"102\",\"5\"]]");

            book.applyDiff(501, 501, BookRoutesTest.levels(), BookRoutesTest.levels("102.00", "6"), 0, 0);
            assertThat(sse.next().json().get("firstUpdateId").asLong()).isEqualTo(501);
        }
        // a client that went away is noticed at the next write and unsubscribed
        Awaitility.await().until(() -> {
            book.applyDiff(900, 900, LevelChanges.NONE, LevelChanges.NONE, 0, 0);
            return book.subscriberCount() == 0;
        });
    }

    @Test
    void aSlowConsumerGetsAFreshSnapshotInsteadOfABacklog() throws Exception {
        start(4);
        SplittableRandom random = new SplittableRandom(42);
        long[] prices = new long[200];
        long[] sizes = new long[200];
        try (SseReader sse = new SseReader(http, "/api/books/binance/BTCUSDT/stream")) {
            SseReader.Event initial = sse.next();
            assertThat(initial.name()).isEqualTo("snapshot");
            Awaitility.await().until(() -> book.subscriberCount() == 1);
            // the client reads nothing while the writer applies large diffs until its queue overflows
            long id = 100;
            long applied = 0;
            while (overflows() == 0 && applied < 200_000) {
                for (int i = 0; i < prices.length; i++) {
                    prices[i] = 9_000 + random.nextInt(1_000);
                    sizes[i] = random.nextInt(4) == 0 ? 0 : 1 + random.nextLong(1_000_000_000L);
                }
                book.applyDiff(id + 1, id + 1, prices, sizes, prices.length, prices, sizes, 0, 0, 0);
                id++;
                applied++;
            }
            assertThat(overflows()).isPositive();
            long finalId = id + 1;
            book.applyDiff(finalId, finalId, new long[] {9_999}, new long[] {7}, 1, new long[0], new long[0], 0, 0, 0);

            // the client catches up: whatever was already in flight, then a fresh snapshot, then the tail
            OrderBook mirror = new OrderBook(PS, SS);
            load(mirror, initial.json());
            long mirrorId = initial.json().get("lastUpdateId").asLong();
            int snapshots = 0;
            int diffs = 0;
            while (mirrorId < finalId) {
                SseReader.Event e = sse.next();
                assertThat(e).isNotNull();
                JsonNode j = e.json();
                if (e.name().equals("snapshot")) {
                    snapshots++;
                    mirror.clear();
                    load(mirror, j);
                    mirrorId = j.get("lastUpdateId").asLong();
                } else if (e.name().equals("diff")) {
                    diffs++;
                    assertThat(j.get("previousUpdateId").asLong()).as("diffs continue the ids").isEqualTo(mirrorId);
                    load(mirror, j);
                    mirrorId = j.get("lastUpdateId").asLong();
                }
            }
            assertThat(snapshots).as("a fresh snapshot replaced the backlog").isGreaterThanOrEqualTo(1);
            assertThat(diffs).as("never the whole backlog").isLessThan((int) applied);
            LiveBook.Copy live = book.copy();
            assertThat(mirrorId).isEqualTo(live.lastUpdateId());
            assertThat(mirror.hasSameLevels(live.book())).isTrue();
        }
        assertThat(registry.metrics().scrape()).containsPattern("ladder_stream_overflows_total\\{[^}]*symbol=\"BTCUSDT\"[^}]*} [1-9]");
    }

    private double overflows() {
        return registry.metrics().registry().get("ladder.stream.overflows").counter().count();
    }

    static void load(OrderBook b, JsonNode event) {
        for (JsonNode l : event.get("bids")) {
            b.set(Side.BID, Decimals.fromBigDecimal(new BigDecimal(l.get(0).asText()), PS),
                    Decimals.fromBigDecimal(new BigDecimal(l.get(1).asText()), SS));
        }
        for (JsonNode l : event.get("asks")) {
            b.set(Side.ASK, Decimals.fromBigDecimal(new BigDecimal(l.get(0).asText()), PS),
                    Decimals.fromBigDecimal(new BigDecimal(l.get(1).asText()), SS));
        }
    }
}
