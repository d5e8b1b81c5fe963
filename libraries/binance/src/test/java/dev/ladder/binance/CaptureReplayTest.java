package dev.ladder.binance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.book.OrderBook;
import dev.ladder.core.SharedData;
import dev.ladder.core.Side;
import dev.ladder.core.Venue;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Rebuilds books from every shared Binance capture and checks them against the captures' own evidence. */
class CaptureReplayTest {
    private static final String BTC = "data/binance/btcusdt_20240808.gz";
    private static final String SPOT = "data/binance/cryptofeed-BINANCE.ws.1.0";
    private static final String FUTURES = "data/binance/cryptofeed-BINANCE_FUTURES.ws.1.0";

    static Path shared(String rel) {
        Path p = SharedData.resolve(rel);
        Assumptions.assumeTrue(p != null, SharedData.skipReason(rel));
        return p;
    }

    static List<CaptureMessage> readAll(Path file) throws IOException {
        List<CaptureMessage> out = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(file)) {
            CaptureMessage m;
            while ((m = r.next()) != null) {
                out.add(m);
            }
            assertThat(r.malformedLines()).isZero();
        }
        return out;
    }

    /**
     * Checks the rebuilt best bid/ask against every bookTicker whose u equals the book's update id,
     * whether the ticker arrives before the diff that ends at u (usual: tickers are real-time, diffs
     * every 100 ms) or after it.
     */
    static final class TickerCheck implements ReplayListener {
        int checks;
        final List<String> mismatches = new ArrayList<>();
        private final Map<String, TreeMap<Long, long[]>> pending = new HashMap<>();

        @Override
        public void onBookTicker(BookTicker t, DepthSync sync, long receiveTime) {
            long[] values = {t.bidPrice(), t.bidSize(), t.askPrice(), t.askSize()};
            if (sync != null && sync.isSynced() && t.updateId() == sync.lastUpdateId()) {
                compare(sync, t.updateId(), values);
            } else if (sync == null || t.updateId() > sync.lastUpdateId()) {
                TreeMap<Long, long[]> m = pending.computeIfAbsent(t.symbol(), k -> new TreeMap<>());
                m.put(t.updateId(), values);
                if (m.size() > 10_000) {
                    m.pollFirstEntry();
                }
            }
        }

        @Override
        public void onDiffApplied(DepthSync sync, DepthUpdate diff, long receiveTime) {
            TreeMap<Long, long[]> m = pending.get(sync.symbol());
            if (m == null) {
                return;
            }
            long[] values = m.get(diff.finalUpdateId());
            if (values != null) {
                compare(sync, diff.finalUpdateId(), values);
            }
            m.headMap(diff.finalUpdateId(), true).clear();
        }

        private void compare(DepthSync sync, long u, long[] t) {
            checks++;
            OrderBook b = sync.book();
            if (b.bestPrice(Side.BID) != t[0] || b.bestSize(Side.BID) != t[1]
                    || b.bestPrice(Side.ASK) != t[2] || b.bestSize(Side.ASK) != t[3]) {
                mismatches.add(sync.symbol() + " u=" + u + " ticker " + java.util.Arrays.toString(t) + " vs book bid " + b.bestSize(Side.BID) + "@" + b.bestPrice(Side.BID)
                        + " ask " + b.bestSize(Side.ASK) + "@" + b.bestPrice(Side.ASK));
            }
        }
    }

    static CaptureReplay replay(List<CaptureMessage> messages, ReplayListener listener) {
        CaptureReplay r = new CaptureReplay(null, false, Long.MAX_VALUE, listener);
        for (CaptureMessage m : messages) {
            r.accept(m);
        }
        r.finish();
        return r;
    }

    @ParameterizedTest
    @ValueSource(strings = {BTC, SPOT, FUTURES, "data/binance/cryptofeed-BINANCE.http.0.0", "data/binance/cryptofeed-BINANCE_FUTURES.http.0.0"})
    void everyCaptureSyncsWithoutGapsForEverySymbol(String rel) throws IOException {
        TickerCheck check = new TickerCheck();
        CaptureReplay r = replay(readAll(shared(rel)), check);
        assertThat(r.malformed()).as(r.firstError()).isZero();
        assertThat(r.symbols()).isNotEmpty();
        for (String s : r.symbols()) {
            DepthSync sync = r.sync(s);
            assertThat(sync).as(s).isNotNull();
            assertThat(sync.isSynced()).as(s + " synced").isTrue();
            assertThat(sync.gaps()).as(s + " gaps").isZero();
            assertThat(sync.applied()).as(s + " applied").isPositive();
            assertThat(sync.book().depth(Side.BID)).isPositive();
            assertThat(sync.book().bestPrice(Side.BID)).isLessThan(sync.book().bestPrice(Side.ASK));
        }
        assertThat(r.events()).extracting(SyncEvent::kind).containsOnly(SyncEvent.Kind.SYNCED);
        assertThat(check.mismatches).isEmpty();
    }

    @Test
    void btcusdtCaptureMatchesItsBookTickers() throws IOException {
        TickerCheck check = new TickerCheck();
        CaptureReplay r = replay(readAll(shared(BTC)), check);
        assertThat(r.symbols()).containsExactly("BTCUSDT");
        assertThat(r.venue("BTCUSDT")).isEqualTo(Venue.BINANCE);
        assertThat(r.snapshots()).isEqualTo(1);
        assertThat(r.depthUpdates()).isEqualTo(3451);
        assertThat(r.bookTickers()).isEqualTo(28040);
        assertThat(r.trades()).isEqualTo(9757);
        assertThat(r.gaps()).isZero();
        assertThat(r.priceDigits("BTCUSDT")).isEqualTo(8);
        assertThat(check.mismatches).isEmpty();
        assertThat(check.checks).as("ticker checks").isGreaterThan(500);
    }

    @Test
    void cryptofeedSpotPairIsFoundFromTheWsFileAndTickersAgree() throws IOException {
        TickerCheck check = new TickerCheck();
        CaptureReplay r = replay(readAll(shared(SPOT)), check);
        assertThat(r.symbols()).containsExactlyInAnyOrder("NKNUSDT", "BLZETH", "LRCBTC", "RUNEEUR");
        assertThat(r.snapshots()).isEqualTo(4);
        assertThat(r.ignored()).isEqualTo(4);
        for (String s : r.symbols()) {
            assertThat(r.venue(s)).isEqualTo(Venue.BINANCE);
            assertThat(r.sync(s).isFutures()).isFalse();
        }
        assertThat(check.mismatches).isEmpty();
        assertThat(check.checks).as("ticker checks").isGreaterThanOrEqualTo(20);
    }

    @Test
    void futuresFollowThePuRuleWhereUIsNotContiguous() throws IOException {
        List<CaptureMessage> messages = readAll(shared(FUTURES));
        TickerCheck check = new TickerCheck();
        int[] nonContiguous = {0};
        Map<String, Long> prevU = new TreeMap<>();
        CaptureReplay r = replay(messages, new ReplayListener() {
            @Override
            public void onDiffApplied(DepthSync sync, DepthUpdate d, long t) {
                check.onDiffApplied(sync, d, t);
                Long p = prevU.put(sync.symbol(), d.finalUpdateId());
                if (p != null) {
                    assertThat(d.previousFinalUpdateId()).isEqualTo(p);
                    if (d.firstUpdateId() != p + 1) {
                        nonContiguous[0]++;
                    }
                }
            }

            @Override
            public void onBookTicker(BookTicker t, DepthSync sync, long receiveTime) {
                check.onBookTicker(t, sync, receiveTime);
            }
        });
        assertThat(r.symbols()).containsExactlyInAnyOrder("SUSHIUSDT", "AKROUSDT", "KEEPUSDT", "CTKUSDT");
        for (String s : r.symbols()) {
            assertThat(r.sync(s).isFutures()).isTrue();
            assertThat(r.venue(s)).isEqualTo(Venue.BINANCE_FUTURES);
        }
        assertThat(r.gaps()).isZero();
        assertThat(nonContiguous[0]).as("diffs whose U is not previous u + 1").isGreaterThan(100);
        assertThat(check.mismatches).isEmpty();
        assertThat(check.checks).as("ticker checks").isGreaterThanOrEqualTo(40);

        // the same capture under spot rules is full of gaps: the rules really differ
        CaptureReplay spotRules = new CaptureReplay("SUSHIUSDT", false, Long.MAX_VALUE, null);
        for (CaptureMessage m : messages) {
            if (m.isSnapshot()) {
                spotRules.accept(m);
            } else {
                spotRules.accept(new CaptureMessage(m.receiveTimeNanos(), false, null, null,
                        m.json().replaceAll(",\"pu\":\\d+", ""), m.source(), m.line()));
            }
        }
        spotRules.finish();
        assertThat(spotRules.sync("SUSHIUSDT").isFutures()).isFalse();
        assertThat(spotRules.gaps()).isPositive();
    }

    @ParameterizedTest
    @ValueSource(strings = {BTC, SPOT, FUTURES})
    void removingOneDiffIsAGapAndOnlyAFreshSnapshotResyncs(String rel) throws IOException {
        List<CaptureMessage> messages = readAll(shared(rel));
        // the reference run: find the diff to remove and a later point for a fresh snapshot
        String[] symbol = {null};
        List<Integer> appliedAt = new ArrayList<>();
        int[] index = {0};
        CaptureReplay full = new CaptureReplay(null, false, Long.MAX_VALUE, new ReplayListener() {
            @Override
            public void onDiffApplied(DepthSync sync, DepthUpdate diff, long t) {
                if (symbol[0] == null) {
                    symbol[0] = sync.symbol();
                }
                if (sync.symbol().equals(symbol[0])) {
                    appliedAt.add(index[0]);
                }
            }
        });
        for (index[0] = 0; index[0] < messages.size(); index[0]++) {
            full.accept(messages.get(index[0]));
        }
        assertThat(appliedAt).hasSizeGreaterThan(20);
        int removed = appliedAt.get(appliedAt.size() / 2);
        int freshAt = appliedAt.get(appliedAt.size() / 2 + 5);

        // the reference book at the fresh point
        CaptureReplay ref = new CaptureReplay(symbol[0], false, Long.MAX_VALUE, null);
        for (int i = 0; i <= freshAt; i++) {
            ref.accept(messages.get(i));
        }
        DepthSync refSync = ref.sync(symbol[0]);
        DepthSnapshot fresh = snapshotOf(refSync);
        DepthSnapshot old = new DepthSnapshot();
        BinanceDecoder decoder = new BinanceDecoder();
        for (CaptureMessage m : messages) {
            if (m.isSnapshot() && (m.symbol() == null || m.symbol().equals(symbol[0]))) {
                old.copyFrom(decoder.decodeSnapshot(m.json(), symbol[0]));
                break;
            }
        }

        List<SyncEvent> events = new ArrayList<>();
        CaptureReplay gapped = new CaptureReplay(symbol[0], false, Long.MAX_VALUE, new ReplayListener() {
            @Override
            public void onSyncEvent(SyncEvent e) {
                events.add(e);
            }
        });
        for (int i = 0; i <= freshAt; i++) {
            if (i != removed) {
                gapped.accept(messages.get(i));
            }
        }
        DepthSync sync = gapped.sync(symbol[0]);
        assertThat(sync.gaps()).isEqualTo(1);
        assertThat(sync.needsSnapshot()).isTrue();
        assertThat(events).extracting(SyncEvent::kind).containsExactly(SyncEvent.Kind.SYNCED, SyncEvent.Kind.GAP);
        // the original snapshot cannot bridge the gap
        assertThat(sync.onSnapshot(old, 0)).isFalse();
        assertThat(events.getLast().kind()).isEqualTo(SyncEvent.Kind.SNAPSHOT_TOO_OLD);
        // a fresh snapshot can
        assertThat(sync.onSnapshot(fresh, 0)).isTrue();
        assertThat(events.getLast().kind()).isEqualTo(SyncEvent.Kind.RESYNCED);
        for (int i = freshAt + 1; i < messages.size(); i++) {
            gapped.accept(messages.get(i));
        }
        assertThat(sync.gaps()).isEqualTo(1);
        assertThat(sync.resyncs()).isEqualTo(1);
        assertThat(sync.lastUpdateId()).isEqualTo(full.sync(symbol[0]).lastUpdateId());
        assertSameBook(sync.book(), full.sync(symbol[0]).book());
    }

    @ParameterizedTest
    @ValueSource(strings = {BTC, FUTURES})
    void duplicatedAndStaleDiffsAreDropped(String rel) throws IOException {
        List<CaptureMessage> messages = readAll(shared(rel));
        CaptureReplay clean = replay(messages, null);
        List<CaptureMessage> noisy = new ArrayList<>();
        CaptureMessage previousDiff = null;
        int extra = 0;
        for (CaptureMessage m : messages) {
            noisy.add(m);
            if (!m.isSnapshot() && m.json().contains("depthUpdate")) {
                noisy.add(m);
                extra++;
                if (previousDiff != null) {
                    noisy.add(previousDiff);
                    extra++;
                }
                previousDiff = m;
            }
        }
        CaptureReplay r = replay(noisy, null);
        assertThat(r.gaps()).isZero();
        assertThat(r.applied()).isEqualTo(clean.applied());
        assertThat(r.dropped()).isEqualTo(clean.dropped() + extra);
        for (String s : clean.symbols()) {
            assertSameBook(r.sync(s).book(), clean.sync(s).book());
        }
    }

    /**
     * A single hftbacktest file is replayed from the reader's bytes (no string per line); the result is
     * the one of the same messages offered as strings, on the real capture with malformed, non-ASCII,
     * blank and CRLF lines spliced in, whole and stopped halfway.
     */
    @Test
    void bytePathOfAnHftbacktestFileAgreesWithTheStringPath(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        List<CaptureMessage> real = readAll(shared(BTC));
        StringBuilder text = new StringBuilder();
        for (int k = 0; k < real.size(); k++) {
            CaptureMessage m = real.get(k);
            text.append(m.receiveTimeNanos()).append(' ').append(m.json()).append(k % 997 == 5 ? "\r\n" : "\n");
            long t = m.receiveTimeNanos();
            switch (k % 1500) {
                case 10 -> text.append(t).append(" {\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\"\n");
                case 20 -> text.append(t).append(" {\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"s\":\"BTCUSDT\",\"p\":\"é\"}}\n");
                case 30 -> text.append("\n   \n");
                case 40 -> text.append("not a line\n");
                case 50 -> text.append(t).append(" {\"lastUpdateId\":\"x\",\"bids\":[],\"asks\":[]}\n");
                default -> { }
            }
        }
        Path file = dir.resolve("mixed.txt");
        java.nio.file.Files.writeString(file, text, java.nio.charset.StandardCharsets.UTF_8);
        List<CaptureMessage> strings;
        try (CaptureReader r = CaptureReader.open(file)) {
            strings = new ArrayList<>();
            CaptureMessage m;
            while ((m = r.next()) != null) {
                strings.add(m);
            }
        }
        for (long stop : new long[]{Long.MAX_VALUE, real.get(real.size() / 2).receiveTimeNanos()}) {
            List<String> byteErrors = new ArrayList<>();
            CaptureReplay bytes = new CaptureReplay(null, false, stop, new ReplayListener() {
                @Override
                public void onMalformed(CaptureMessage message, BinanceFormatException error) {
                    byteErrors.add(message.line() + " " + message.json() + ": " + error.getMessage());
                }
            });
            try (CaptureReader r = CaptureReader.open(file)) {
                assertThat(r).isInstanceOf(HftbacktestReader.class);
                bytes.run(r);
            }
            List<String> stringErrors = new ArrayList<>();
            CaptureReplay chars = new CaptureReplay(null, false, stop, new ReplayListener() {
                @Override
                public void onMalformed(CaptureMessage message, BinanceFormatException error) {
                    stringErrors.add(message.line() + " " + message.json() + ": " + error.getMessage());
                }
            });
            for (CaptureMessage m : strings) {
                if (!chars.accept(m)) {
                    break;
                }
            }
            chars.finish();
            assertThat(bytes.malformed()).isPositive().isEqualTo(chars.malformed());
            assertThat(byteErrors).isEqualTo(stringErrors);
            assertThat(bytes.firstError()).isEqualTo(chars.firstError());
            assertThat(List.of(bytes.messages(), bytes.depthUpdates(), bytes.snapshots(), bytes.bookTickers(), bytes.trades(),
                    bytes.ignored(), bytes.applied(), bytes.gaps(), bytes.lastReceiveTime()))
                    .isEqualTo(List.of(chars.messages(), chars.depthUpdates(), chars.snapshots(), chars.bookTickers(), chars.trades(),
                            chars.ignored(), chars.applied(), chars.gaps(), chars.lastReceiveTime()));
            assertThat(bytes.events()).isEqualTo(chars.events());
            OrderBook a = bytes.sync("BTCUSDT").book();
            OrderBook b = chars.sync("BTCUSDT").book();
            assertThat(bytes.sync("BTCUSDT").lastUpdateId()).isEqualTo(chars.sync("BTCUSDT").lastUpdateId());
            for (Side side : Side.values()) {
                assertThat(a.top(side, Integer.MAX_VALUE)).isEqualTo(b.top(side, Integer.MAX_VALUE)).isNotEmpty();
            }
        }
    }

    @Test
    void stopsAtTheRequestedReceiveTime() throws IOException {
        List<CaptureMessage> messages = readAll(shared(BTC));
        long at = messages.get(messages.size() / 2).receiveTimeNanos();
        CaptureReplay r = new CaptureReplay(null, false, at, null);
        try (CaptureReader reader = CaptureReader.open(shared(BTC))) {
            r.run(reader);
        }
        assertThat(r.lastReceiveTime()).isLessThanOrEqualTo(at);
        assertThat(r.messages()).isEqualTo(messages.stream().filter(m -> m.receiveTimeNanos() <= at).count());
        assertThat(r.sync("BTCUSDT").isSynced()).isTrue();
    }

    @Test
    void snapshotsThatNameNoSymbolGoToTheSymbolTheyBridge() {
        List<CaptureMessage> m = new ArrayList<>();
        m.add(msg(1, diff("AAAUSDT", 100, 105, "1.5")));
        m.add(msg(2, diff("BBBUSDT", 7000, 7004, "2.5")));
        m.add(msg(3, "{\"lastUpdateId\":7002,\"bids\":[[\"2.00000000\",\"1.00000000\"]],\"asks\":[[\"9.00000000\",\"1.00000000\"]]}"));
        m.add(msg(4, "{\"lastUpdateId\":103,\"bids\":[[\"1.00000000\",\"1.00000000\"]],\"asks\":[[\"9.00000000\",\"1.00000000\"]]}"));
        m.add(msg(5, diff("AAAUSDT", 106, 106, "1.25")));
        CaptureReplay r = replay(m, null);
        assertThat(r.sync("AAAUSDT").isSynced()).isTrue();
        assertThat(r.sync("AAAUSDT").lastUpdateId()).isEqualTo(106);
        assertThat(r.sync("BBBUSDT").isSynced()).isTrue();
        assertThat(r.sync("BBBUSDT").lastUpdateId()).isEqualTo(7004);
        assertThat(r.sync("BBBUSDT").book().bestPrice(Side.BID)).isEqualTo(250_000_000L);
        assertThat(r.gaps()).isZero();
    }

    private static CaptureMessage msg(long t, String json) {
        return new CaptureMessage(t, json.startsWith("{\"lastUpdateId\""), null, null, json, "test", t);
    }

    private static String diff(String symbol, long bigU, long u, String bid) {
        return "{\"stream\":\"x\",\"data\":{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"" + symbol + "\",\"U\":" + bigU + ",\"u\":" + u
                + ",\"b\":[[\"" + bid + "\",\"1\"]],\"a\":[]}}";
    }

    static DepthSnapshot snapshotOf(DepthSync sync) {
        DepthSnapshot s = new DepthSnapshot().setSymbol(sync.symbol()).setLastUpdateId(sync.lastUpdateId());
        OrderBook b = sync.book();
        for (int i = 0; i < b.depth(Side.BID); i++) {
            s.bids().add(b.price(Side.BID, i), b.size(Side.BID, i));
        }
        for (int i = 0; i < b.depth(Side.ASK); i++) {
            s.asks().add(b.price(Side.ASK, i), b.size(Side.ASK, i));
        }
        return s;
    }

    static void assertSameBook(OrderBook a, OrderBook b) {
        for (Side side : Side.values()) {
            assertThat(a.depth(side)).isEqualTo(b.depth(side));
            for (int i = 0; i < a.depth(side); i++) {
                assertThat(a.price(side, i)).isEqualTo(b.price(side, i));
                assertThat(a.size(side, i)).isEqualTo(b.size(side, i));
            }
        }
    }
}
