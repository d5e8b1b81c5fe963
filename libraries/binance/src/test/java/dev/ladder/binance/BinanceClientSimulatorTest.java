package dev.ladder.binance;

import dev.ladder.binance.sim.BinanceSimulator;
import dev.ladder.binance.sim.FaultConfig;
import dev.ladder.binance.sim.SimulatorConfig;
import dev.ladder.book.OrderBook;
import dev.ladder.core.Clock;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.ManualClock;
import dev.ladder.core.Side;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** End to end on 127.0.0.1: our client against our simulator, one test per fault kind. */
class BinanceClientSimulatorTest {
    private static final Duration LONG = Duration.ofSeconds(60);
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(open);
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private BinanceSimulator sim(SimulatorConfig cfg) throws Exception {
        BinanceSimulator s = BinanceSimulator.start(cfg, Clock.system());
        open.add(s);
        return s;
    }

    private BinanceClient client(BinanceSimulator sim, BinanceConfig base, BinanceListener l) {
        return client(sim, base, l, Clock.system());
    }

    private BinanceClient client(BinanceSimulator sim, BinanceConfig base, BinanceListener l, Clock clock) {
        BinanceConfig cfg = base.withBaseUris(sim.restBaseUri(), sim.wsBaseUri())
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500));
        BinanceClient c = new BinanceClient(cfg, clock, l);
        open.add(c);
        c.start();
        return c;
    }

    /** Pauses the simulator, waits until the client caught up, and compares every level. */
    private static void assertConverges(BinanceSimulator sim, BinanceClient client, String symbol) {
        sim.pause();
        await().atMost(LONG).until(() -> client.isSynced(symbol) && client.lastUpdateId(symbol) == sim.lastUpdateId(symbol));
        assertSameLevels(client.copyBook(symbol).book(), sim.book(symbol));
    }

    static void assertSameLevels(OrderBook actual, OrderBook expected) {
        for (Side side : Side.values()) {
            assertThat(actual.depth(side)).as(side + " depth").isEqualTo(expected.depth(side));
            for (int i = 0; i < expected.depth(side); i++) {
                assertThat(actual.price(side, i)).as(side + " price at " + i).isEqualTo(expected.price(side, i));
                assertThat(actual.size(side, i)).as(side + " size at " + i).isEqualTo(expected.size(side, i));
            }
        }
    }

    /** The best {@code n} levels per side agree (deeper levels may differ after a depth-limited snapshot). */
    static void assertSameTopLevels(OrderBook actual, OrderBook expected, int n) {
        for (Side side : Side.values()) {
            assertThat(actual.depth(side)).as(side + " depth").isGreaterThanOrEqualTo(Math.min(n, expected.depth(side)));
            for (int i = 0; i < Math.min(n, expected.depth(side)); i++) {
                assertThat(actual.price(side, i)).as(side + " price at " + i).isEqualTo(expected.price(side, i));
                assertThat(actual.size(side, i)).as(side + " size at " + i).isEqualTo(expected.size(side, i));
            }
        }
    }

    private static void runFor(BinanceClient client, long minAppliedMore) {
        long start = client.stats().appliedDiffs();
        await().atMost(LONG).until(() -> client.stats().appliedDiffs() >= start + minAppliedMore);
    }

    @Test
    void syncsSeveralSymbolsOverSeveralConnectionsWithTickersAndTrades() throws Exception {
        BinanceSimulator sim = sim(SimulatorConfig.spot(List.of("BTCUSDT", "ETHUSDT", "BNBBTC")));
        AtomicLong tickers = new AtomicLong();
        AtomicLong trades = new AtomicLong();
        List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
        BinanceClient client = client(sim, BinanceConfig.spot(List.of("BTCUSDT", "ETHUSDT", "BNBBTC"))
                .withBookTickerAndTrades(true, true).withMaxStreamsPerConnection(3), new BinanceListener() {
                    @Override
                    public void onBookTicker(InstrumentId id, BookTicker ticker, long receiveNanos) {
                        tickers.incrementAndGet();
                    }

                    @Override
                    public void onTrade(InstrumentId id, Trade trade, long receiveNanos) {
                        trades.incrementAndGet();
                    }

                    @Override
                    public void onConnectionEvent(ConnectionEvent event) {
                        events.add(event);
                    }
                });
        await().atMost(LONG).until(() -> tickers.get() > 5 && trades.get() > 2);
        runFor(client, 30);
        for (String s : List.of("BTCUSDT", "ETHUSDT", "BNBBTC")) {
            assertConverges(sim, client, s);
        }
        assertThat(events.stream().filter(e -> e.kind() == ConnectionEvent.Kind.CONNECTED).map(ConnectionEvent::connection))
                .containsExactlyInAnyOrder("0#1", "1#1", "2#1");
        assertThat(client.stats().gaps()).isZero();
        assertThat(client.stats().malformed()).isZero();
    }

    @Test
    void droppedDiffsShowAsGapsAndResync() throws Exception {
        BinanceSimulator sim = sim(SimulatorConfig.spot(List.of("BTCUSDT")));
        BinanceClient client = client(sim, BinanceConfig.spot(List.of("BTCUSDT")), null);
        await().atMost(LONG).until(() -> client.isSynced("BTCUSDT"));
        sim.faults(FaultConfig.NONE.withDrop(0.2));
        await().atMost(LONG).until(() -> client.stats().resyncs() >= 2);
        sim.faults(FaultConfig.NONE);
        runFor(client, 10);
        assertConverges(sim, client, "BTCUSDT");
        assertThat(client.stats().gaps() + client.stats().staleSnapshots()).as("a drop right after a resync shows as a too-old snapshot")
                .isGreaterThanOrEqualTo(2);
        assertThat(sim.stats().diffsDropped()).isPositive();
    }

    @Test
    void duplicatedDiffsAreDroppedWithoutGaps() throws Exception {
        BinanceSimulator sim = sim(SimulatorConfig.spot(List.of("BTCUSDT")));
        BinanceClient client = client(sim, BinanceConfig.spot(List.of("BTCUSDT")), null);
        await().atMost(LONG).until(() -> client.isSynced("BTCUSDT"));
        long droppedBefore = client.stats().droppedDiffs();
        sim.faults(FaultConfig.NONE.withDuplicate(0.5));
        await().atMost(LONG).until(() -> client.stats().droppedDiffs() >= droppedBefore + 5);
        sim.faults(FaultConfig.NONE);
        assertConverges(sim, client, "BTCUSDT");
        assertThat(client.stats().gaps()).isZero();
    }

    @Test
    void reorderedDiffsShowAsGapsAndResync() throws Exception {
        BinanceSimulator sim = sim(SimulatorConfig.spot(List.of("BTCUSDT")));
        BinanceClient client = client(sim, BinanceConfig.spot(List.of("BTCUSDT")), null);
        await().atMost(LONG).until(() -> client.isSynced("BTCUSDT"));
        sim.faults(FaultConfig.NONE.withReorder(0.2));
        await().atMost(LONG).until(() -> client.stats().gaps() >= 2 && client.stats().resyncs() >= 1);
        sim.faults(FaultConfig.NONE);
        runFor(client, 10);
        assertConverges(sim, client, "BTCUSDT");
        assertThat(sim.stats().diffsReordered()).isPositive();
    }

    @Test
    void delayedDiffsStillConverge() throws Exception {
        BinanceSimulator sim = sim(SimulatorConfig.spot(List.of("BTCUSDT"))
                .withFaults(FaultConfig.NONE.withDelay(Duration.ofMillis(300))));
        BinanceClient client = client(sim, BinanceConfig.spot(List.of("BTCUSDT")), null);
        await().atMost(LONG).until(() -> client.isSynced("BTCUSDT"));
        runFor(client, 20);
        assertConverges(sim, client, "BTCUSDT");
        assertThat(client.stats().gaps()).isZero();
    }

    @Test
    void malformedFramesAreCountedAndSkipped() throws Exception {
        BinanceSimulator sim = sim(SimulatorConfig.spot(List.of("BTCUSDT")));
        List<String> reasons = new CopyOnWriteArrayList<>();
        BinanceClient client = client(sim, BinanceConfig.spot(List.of("BTCUSDT")), new BinanceListener() {
            @Override
            public void onMalformed(String connection, String reason, CharSequence text, long receiveNanos) {
                reasons.add(reason);
            }
        });
        await().atMost(LONG).until(() -> client.isSynced("BTCUSDT"));
        sim.faults(FaultConfig.NONE.withMalformed(0.3));
        await().atMost(LONG).until(() -> client.stats().malformed() >= 3);
        sim.faults(FaultConfig.NONE);
        assertConverges(sim, client, "BTCUSDT");
        assertThat(reasons).isNotEmpty();
        assertThat(client.stats().malformed()).isEqualTo(sim.stats().malformedSent());
        assertThat(client.stats().gaps()).isZero();
    }

    @Test
    void closedSocketsReconnectAndResync() throws Exception {
        BinanceSimulator sim = sim(SimulatorConfig.spot(List.of("BTCUSDT", "ETHUSDT")));
        BinanceClient client = client(sim, BinanceConfig.spot(List.of("BTCUSDT", "ETHUSDT")), null);
        await().atMost(LONG).until(() -> client.isSynced("BTCUSDT") && client.isSynced("ETHUSDT"));
        assertThat(sim.closeConnections()).isEqualTo(1);
        await().atMost(LONG).until(() -> client.stats().reconnects() >= 1 && client.stats().resyncs() >= 2);
        runFor(client, 10);
        assertConverges(sim, client, "BTCUSDT");
        assertConverges(sim, client, "ETHUSDT");
        assertThat(client.stats().disconnects()).isEqualTo(1);
        assertThat(client.stats().resets()).isEqualTo(2);
    }

    @Test
    void stalledConnectionIsDroppedAsStaleAndReplaced() throws Exception {
        BinanceSimulator sim = sim(SimulatorConfig.spot(List.of("BTCUSDT")));
        BinanceClient client = client(sim, BinanceConfig.spot(List.of("BTCUSDT")).withStaleTimeout(Duration.ofMillis(1500)), null);
        await().atMost(LONG).until(() -> client.isSynced("BTCUSDT"));
        sim.stall(Duration.ofSeconds(4));
        await().atMost(LONG).until(() -> client.stats().staleConnections() >= 1 && client.stats().reconnects() >= 1);
        await().atMost(LONG).until(() -> client.isSynced("BTCUSDT"));
        runFor(client, 10);
        assertConverges(sim, client, "BTCUSDT");
    }

    /**
     * Retry-After is waited out on the client's own clock: a {@link ManualClock} that stands still keeps
     * the client from asking again, and each second it is moved on lets exactly one more request through.
     * Values seen in the listener are recorded there and asserted here: a failed assertion inside the
     * callback would only kill the client's thread and surface as a timeout.
     */
    @Test
    void rateLimitedSnapshotsWaitForRetryAfter() throws Exception {
        BinanceSimulator sim = sim(SimulatorConfig.spot(List.of("BTCUSDT")));
        sim.rejectRest(2, 429, 1);
        ManualClock clock = new ManualClock(1_800_000_000_000_000_000L + 5_000_000_000L);
        List<String> rejections = new CopyOnWriteArrayList<>();
        List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
        BinanceClient client = client(sim, BinanceConfig.spot(List.of("BTCUSDT")), new BinanceListener() {
            @Override
            public void onRateLimited(int status, long retryAfterMillis, long receiveNanos) {
                rejections.add(status + " retry after " + retryAfterMillis + " ms");
            }

            @Override
            public void onConnectionEvent(ConnectionEvent event) {
                events.add(event);
            }
        }, clock);
        String wait429 = "429 retry after 1000 ms";
        await().atMost(LONG).until(() -> rejections.size() == 1);
        long requests = sim.stats().restRequests();
        await().during(Duration.ofMillis(1500)).atMost(LONG).until(() -> sim.stats().restRequests() == requests);
        clock.advanceMillis(1000);
        await().atMost(LONG).until(() -> rejections.size() == 2);
        await().during(Duration.ofMillis(1500)).atMost(LONG).until(() -> sim.stats().restRequests() == requests + 1);
        assertThat(client.isSynced("BTCUSDT")).isFalse();
        clock.advanceMillis(1000);
        await().atMost(LONG).until(() -> client.isSynced("BTCUSDT"));
        assertThat(rejections).containsExactly(wait429, wait429);
        assertThat(client.stats().rateLimited()).isEqualTo(2);
        assertThat(sim.stats().restRequests()).isEqualTo(requests + 2);

        sim.rejectRest(1, 418, 1);
        int seen = events.size();
        sim.closeConnections();
        // the reconnect is due on the client's clock too: move it on by the delay the client chose
        await().atMost(LONG).until(() -> events.stream().skip(seen).anyMatch(e -> e.kind() == ConnectionEvent.Kind.RECONNECT_SCHEDULED));
        clock.advanceMillis(events.stream().skip(seen).filter(e -> e.kind() == ConnectionEvent.Kind.RECONNECT_SCHEDULED)
                .findFirst().orElseThrow().delayMillis());
        await().atMost(LONG).until(() -> rejections.size() == 3);
        long after418 = sim.stats().restRequests();
        await().during(Duration.ofMillis(1500)).atMost(LONG)
                .until(() -> sim.stats().restRequests() == after418 && !client.isSynced("BTCUSDT"));
        clock.advanceMillis(1000);
        await().atMost(LONG).until(() -> client.isSynced("BTCUSDT"));
        runFor(client, 5);
        assertConverges(sim, client, "BTCUSDT");
        assertThat(rejections).containsExactly(wait429, wait429, "418 retry after 1000 ms");
        assertThat(client.stats().rateLimited()).isEqualTo(3);
    }

    @Test
    void plannedReconnectSwitchesOverWithoutAGap() throws Exception {
        BinanceSimulator sim = sim(SimulatorConfig.spot(List.of("BTCUSDT", "ETHUSDT")));
        List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
        BinanceClient client = client(sim, BinanceConfig.spot(List.of("BTCUSDT", "ETHUSDT")), new BinanceListener() {
            @Override
            public void onConnectionEvent(ConnectionEvent event) {
                events.add(event);
            }
        });
        await().atMost(LONG).until(() -> client.isSynced("BTCUSDT") && client.isSynced("ETHUSDT"));
        runFor(client, 10);
        client.plannedReconnectNow();
        await().atMost(LONG).until(() -> client.stats().plannedReconnects() == 1);
        runFor(client, 10);
        assertConverges(sim, client, "BTCUSDT");
        assertConverges(sim, client, "ETHUSDT");
        BinanceClient.Stats st = client.stats();
        assertThat(st.gaps()).isZero();
        assertThat(st.resyncs()).isZero();
        assertThat(st.resets()).isZero();
        assertThat(st.snapshotRequests()).isEqualTo(2);
        assertThat(events.stream().map(ConnectionEvent::kind)).containsSubsequence(ConnectionEvent.Kind.CONNECTED,
                ConnectionEvent.Kind.PLANNED_RECONNECT, ConnectionEvent.Kind.CONNECTED, ConnectionEvent.Kind.SWITCHED_OVER);
        await().atMost(LONG).until(() -> sim.connectionCount() == 1);
    }

    @Test
    void plannedReconnectBuffersANewConnectionThatIsAheadOfTheOldOne() throws Exception {
        BinanceSimulator sim = sim(SimulatorConfig.spot(List.of("BTCUSDT", "ETHUSDT")));
        BinanceClient client = client(sim, BinanceConfig.spot(List.of("BTCUSDT", "ETHUSDT")), null);
        await().atMost(LONG).until(() -> client.isSynced("BTCUSDT") && client.isSynced("ETHUSDT"));
        sim.lagOpenConnections(Duration.ofMillis(1500));
        java.util.Set<Long> ids = new java.util.HashSet<>();
        await().atMost(LONG).until(() -> ids.add(sim.lastUpdateId("BTCUSDT")) && ids.size() >= 4);
        client.plannedReconnectNow();
        await().atMost(LONG).until(() -> client.stats().plannedReconnects() == 1);
        runFor(client, 10);
        assertConverges(sim, client, "BTCUSDT");
        assertConverges(sim, client, "ETHUSDT");
        assertThat(client.stats().gaps()).isZero();
        assertThat(client.stats().resyncs()).isZero();
        assertThat(client.stats().snapshotRequests()).isEqualTo(2);
        assertThat(client.stats().switchoverBuffered()).as(client.stats().toString()).isPositive();
    }

    @Test
    void plannedReconnectDuringAQuietSpellSwitchesAtTheTimeoutWithoutResync() throws Exception {
        BinanceSimulator sim = sim(SimulatorConfig.spot(List.of("BTCUSDT")));
        BinanceClient client = client(sim, BinanceConfig.spot(List.of("BTCUSDT"))
                .withPlannedReconnect(Duration.ofHours(1), Duration.ofMillis(800)), null);
        await().atMost(LONG).until(() -> client.isSynced("BTCUSDT"));
        sim.pause();
        await().atMost(LONG).until(() -> client.lastUpdateId("BTCUSDT") == sim.lastUpdateId("BTCUSDT"));
        client.plannedReconnectNow();
        await().atMost(LONG).until(() -> client.stats().plannedReconnects() == 1);
        sim.resume();
        runFor(client, 10);
        assertConverges(sim, client, "BTCUSDT");
        assertThat(client.stats().gaps()).isZero();
        assertThat(client.stats().resyncs()).isZero();
        assertThat(sim.connectionCount()).isEqualTo(1);
    }

    /** The interval runs on the client's clock: nothing is planned while a {@link ManualClock} stands still. */
    @Test
    void plannedReconnectHappensOnTheConfiguredInterval() throws Exception {
        BinanceSimulator sim = sim(SimulatorConfig.spot(List.of("BTCUSDT")));
        ManualClock clock = new ManualClock(1_800_000_000_000_000_000L);
        BinanceClient client = client(sim, BinanceConfig.spot(List.of("BTCUSDT"))
                .withPlannedReconnect(Duration.ofSeconds(2), Duration.ofSeconds(10)), null, clock);
        await().atMost(LONG).until(() -> client.isSynced("BTCUSDT"));
        for (int k = 1; k <= 2; k++) {
            long done = k - 1;
            clock.advanceMillis(1999);
            await().during(Duration.ofMillis(500)).atMost(LONG).until(() -> client.stats().plannedReconnects() == done
                    && sim.connectionCount() == 1);
            clock.advanceMillis(1);
            await().atMost(LONG).until(() -> client.stats().plannedReconnects() == done + 1);
        }
        assertConverges(sim, client, "BTCUSDT");
        assertThat(client.stats().gaps()).isZero();
        assertThat(client.stats().resyncs()).isZero();
    }

    /**
     * Reconnects every 0.5 s against a venue that cuts connections at 6 s: over about 8 s (longer than the
     * lifetime, so a connection left open would be cut) no connection reaches the venue's limit. The
     * margin (5.5 s per handover) keeps a loaded machine's slow handover from cutting one.
     */
    @Test
    void plannedReconnectsBeatTheVenuesConnectionLifetime() throws Exception {
        BinanceSimulator sim = sim(SimulatorConfig.spot(List.of("BTCUSDT")).withConnectionLifetime(Duration.ofMillis(6000)));
        BinanceClient client = client(sim, BinanceConfig.spot(List.of("BTCUSDT"))
                .withPlannedReconnect(Duration.ofMillis(500), Duration.ofSeconds(2)), null);
        await().atMost(LONG).until(() -> client.stats().plannedReconnects() >= 16);
        assertConverges(sim, client, "BTCUSDT");
        assertThat(sim.stats().connectionsExpired()).isZero();
        assertThat(client.stats().disconnects()).isZero();
        assertThat(client.stats().resyncs()).isZero();
    }

    @Test
    void theVenuesConnectionLifetimeCutsAClientWithoutPlannedReconnects() throws Exception {
        BinanceSimulator sim = sim(SimulatorConfig.spot(List.of("BTCUSDT")).withConnectionLifetime(Duration.ofMillis(1500)));
        BinanceClient client = client(sim, BinanceConfig.spot(List.of("BTCUSDT")), null);
        await().atMost(LONG).until(() -> sim.stats().connectionsExpired() >= 1 && client.stats().reconnects() >= 1
                && client.isSynced("BTCUSDT"));
        assertConverges(sim, client, "BTCUSDT");
        assertThat(client.stats().disconnects()).isPositive();
    }

    @Test
    void futuresSyncWithPreviousIdsAndRecoverFromDrops() throws Exception {
        BinanceSimulator sim = sim(SimulatorConfig.futures(List.of("BTCUSDT")));
        BinanceClient client = client(sim, BinanceConfig.futures(List.of("BTCUSDT")).withDepthStream("depth"), null);
        BinanceClient fast = client(sim, BinanceConfig.futures(List.of("BTCUSDT")), null);
        await().atMost(LONG).until(() -> client.isSynced("BTCUSDT") && fast.isSynced("BTCUSDT"));
        sim.faults(FaultConfig.NONE.withDrop(0.2));
        await().atMost(LONG).until(() -> client.stats().resyncs() >= 1 && fast.stats().resyncs() >= 1);
        sim.faults(FaultConfig.NONE);
        runFor(client, 5);
        runFor(fast, 5);
        assertConverges(sim, client, "BTCUSDT");
        assertConverges(sim, fast, "BTCUSDT");
        assertThat(client.stats().gaps() + client.stats().staleSnapshots()).isPositive();
        assertThat(fast.stats().gaps() + fast.stats().staleSnapshots()).isPositive();
    }

    @Test
    void serverPingsKeepAQuietConnectionAlive() throws Exception {
        BinanceSimulator sim = sim(SimulatorConfig.spot(List.of("BTCUSDT")).withPingInterval(Duration.ofMillis(200)));
        BinanceClient client = client(sim, BinanceConfig.spot(List.of("BTCUSDT")).withStaleTimeout(Duration.ofMillis(2000)), null);
        await().atMost(LONG).until(() -> client.isSynced("BTCUSDT"));
        sim.pause();
        long pings = sim.stats().pingsSent();
        await().atMost(LONG).until(() -> sim.stats().pingsSent() >= pings + 20);
        assertThat(client.stats().staleConnections()).isZero();
        assertThat(client.stats().disconnects()).isZero();
        assertThat(sim.connectionCount()).isEqualTo(1);
    }

    @Test
    void retriesWithBackoffUntilTheVenueIsUp() throws Exception {
        BinanceSimulator first = BinanceSimulator.start(SimulatorConfig.spot(List.of("BTCUSDT")), Clock.system());
        int port = first.port();
        java.net.URI rest = first.restBaseUri();
        java.net.URI ws = first.wsBaseUri();
        first.close();
        List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
        BinanceClient client = new BinanceClient(BinanceConfig.spot(List.of("BTCUSDT")).withBaseUris(rest, ws)
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(400)), Clock.system(), new BinanceListener() {
                    @Override
                    public void onConnectionEvent(ConnectionEvent event) {
                        events.add(event);
                    }
                });
        open.add(client);
        client.start();
        await().atMost(LONG).until(() -> events.stream().filter(e -> e.kind() == ConnectionEvent.Kind.RECONNECT_SCHEDULED).count() >= 3);
        assertThat(events.stream().filter(e -> e.kind() == ConnectionEvent.Kind.RECONNECT_SCHEDULED).map(ConnectionEvent::attempt).limit(3))
                .containsExactly(1, 2, 3);
        assertThat(events).allMatch(e -> e.kind() != ConnectionEvent.Kind.RECONNECT_SCHEDULED || e.delayMillis() <= 400);
        BinanceSimulator sim = sim(SimulatorConfig.spot(List.of("BTCUSDT")).withPort(port));
        await().atMost(LONG).until(() -> client.isSynced("BTCUSDT"));
        runFor(client, 5);
        assertConverges(sim, client, "BTCUSDT");
        assertThat(client.stats().connects()).isEqualTo(1);
    }
}
