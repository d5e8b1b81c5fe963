package dev.ladder.betfair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ladder.betfair.sim.BetfairSimulator;
import dev.ladder.betfair.sim.BetfairSimulatorConfig;
import dev.ladder.betfair.sim.SimMarketModel;
import dev.ladder.book.ladder.SpPrice;
import dev.ladder.core.Clock;
import dev.ladder.core.SharedData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our stream client against our simulator over 127.0.0.1. */
class BetfairStreamClientTest {
    private BetfairSimulator sim;
    private StreamHarness h;

    @AfterEach
    void tearDown() {
        if (h != null) {
            h.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    private BetfairSimulator simulator(BetfairSimulatorConfig config, int markets) throws Exception {
        sim = new BetfairSimulator(config, Clock.system()).start();
        for (int i = 0; i < markets; i++) {
            sim.addModel(new SimMarketModel("1.90000000" + i, i % 2 == 0 ? "7" : "4339", 6, 10, 0, 0, 0.05, 42 + i));
        }
        return sim;
    }

    private static BetfairSimulatorConfig fast() {
        return BetfairSimulatorConfig.defaults().withLimits(64 * 1024, 200, 100_000, 50);
    }

    private static MarketSubscription sub() {
        return MarketSubscription.of(MarketFilter.all()).withHeartbeatMs(500);
    }

    private void awaitSameState() {
        await().atMost(StreamHarness.timeout()).untilAsserted(() -> {
            for (String id : sim.marketIds()) {
                assertThat(h.state(id)).as("market %s", id).isEqualTo(sim.marketState(id));
            }
        });
    }

    @Test
    void imageThenDeltasRebuildTheSimulatorsMarkets() throws Exception {
        simulator(fast(), 3);
        h = StreamHarness.local(sim, sub());
        await().atMost(StreamHarness.timeout()).until(() -> h.changesOfType("SUB_IMAGE") == 1);
        for (int i = 0; i < 200; i++) {
            sim.stepModels();
        }
        awaitSameState();
        assertThat(h.client.clk()).isEqualTo(sim.clk());
        assertThat(h.count(StreamConnectionEvent.Kind.AUTHENTICATED)).isEqualTo(1);
        assertThat(h.count(StreamConnectionEvent.Kind.SUBSCRIBED)).isEqualTo(1);
        assertThat(h.client.stats().badLines()).isZero();
        assertThat(h.raw.getFirst()).contains("\"op\":\"connection\"");
    }

    @Test
    void reconnectResumesWithClkAndGetsResubDelta() throws Exception {
        simulator(fast(), 3);
        h = StreamHarness.local(sim, sub());
        for (int i = 0; i < 50; i++) {
            sim.stepModels();
        }
        awaitSameState();
        String clkBefore = h.client.clk();
        for (int round = 0; round < 3; round++) {
            sim.disconnectAll();
            for (int i = 0; i < 30; i++) {
                sim.stepModels();
            }
            int expectedConnects = round + 2;
            await().atMost(StreamHarness.timeout()).until(() -> h.client.stats().connects() >= expectedConnects);
        }
        for (int i = 0; i < 20; i++) {
            sim.stepModels();
        }
        awaitSameState();
        assertThat(h.changesOfType("SUB_IMAGE")).isEqualTo(1);
        assertThat(h.changesOfType("RESUB_DELTA")).isGreaterThanOrEqualTo(1);
        assertThat(h.events).anyMatch(e -> e.kind() == StreamConnectionEvent.Kind.SUBSCRIBING
                && e.detail().startsWith("resume clk="));
        assertThat(h.client.clk()).isNotEqualTo(clkBefore);
    }

    @Test
    void resumeFromAClkOlderThanTheLogGetsImagesInsideTheResubDelta() throws Exception {
        simulator(BetfairSimulatorConfig.defaults().withLimits(64 * 1024, 200, 5, 50), 2);
        h = StreamHarness.local(sim, sub());
        await().atMost(StreamHarness.timeout()).until(() -> h.changesOfType("SUB_IMAGE") == 1);
        sim.disconnectAll();
        for (int i = 0; i < 40; i++) {
            sim.stepModels();
        }
        await().atMost(StreamHarness.timeout()).until(() -> h.changesOfType("RESUB_DELTA") >= 1);
        awaitSameState();
        assertThat(h.changes.stream().filter(c -> "RESUB_DELTA".equals(c.changeType())).findFirst().orElseThrow()
                .json()).contains("\"img\":true");
    }

    @Test
    void largeImageArrivesSegmentedAndIsAppliedWhole() throws Exception {
        simulator(BetfairSimulatorConfig.defaults().withLimits(4096, 200, 100_000, 50), 30);
        h = StreamHarness.local(sim, sub());
        await().atMost(StreamHarness.timeout()).until(() -> h.changesOfType("SUB_IMAGE") == 1);
        MarketChangeEvent image = h.changes.getFirst();
        assertThat(image.segments()).isGreaterThan(2);
        assertThat(h.client.stats().segmentsReceived()).isEqualTo(image.segments());
        assertThat(sim.segmentsSent()).isEqualTo(image.segments());
        assertThat(h.marketsPerApply.getFirst()).as("all 30 markets applied in one go").isEqualTo(30);
        assertThat(h.raw).anyMatch(l -> l.contains("\"segmentType\":\"SEG_START\""))
                .anyMatch(l -> l.contains("\"segmentType\":\"SEG\""))
                .anyMatch(l -> l.contains("\"segmentType\":\"SEG_END\""));
        awaitSameState();
    }

    @Test
    void segmentationOffSendsOneLine() throws Exception {
        simulator(BetfairSimulatorConfig.defaults().withLimits(4096, 200, 100_000, 50), 10);
        MarketSubscription noSeg = new MarketSubscription(MarketFilter.all(), MarketDataFilter.allFields(), null,
                200L, false);
        h = StreamHarness.local(sim, noSeg);
        await().atMost(StreamHarness.timeout()).until(() -> h.changesOfType("SUB_IMAGE") == 1);
        assertThat(h.changes.getFirst().segments()).isEqualTo(1);
        assertThat(h.client.stats().segmentsReceived()).isZero();
        awaitSameState();
    }

    @Test
    void stalledServerIsDetectedByTheWatchdogAndTheClientReconnects() throws Exception {
        simulator(fast(), 2);
        h = StreamHarness.local(sim, sub());
        await().atMost(StreamHarness.timeout()).until(() -> h.client.stats().heartbeats() >= 2);
        sim.stallAll(Duration.ofSeconds(3));
        await().atMost(StreamHarness.timeout()).until(() -> h.client.stats().heartbeatTimeouts() >= 1
                && h.client.stats().connects() >= 2 && h.client.isSubscribed());
        assertThat(h.count(StreamConnectionEvent.Kind.HEARTBEAT_TIMEOUT)).isGreaterThanOrEqualTo(1);
        for (int i = 0; i < 10; i++) {
            sim.stepModels();
        }
        awaitSameState();
        assertThat(h.changesOfType("SUB_IMAGE")).isEqualTo(1);
    }

    @Test
    void heartbeatsKeepAnIdleConnectionAlive() throws Exception {
        simulator(fast(), 1);
        h = StreamHarness.local(sim, sub());
        await().atMost(StreamHarness.timeout()).until(() -> h.client.stats().heartbeats() >= 3);
        assertThat(h.client.stats().connects()).isEqualTo(1);
        assertThat(h.client.stats().heartbeatTimeouts()).isZero();
    }

    @Test
    void subscriptionLimitExceededKeepsTheConnection() throws Exception {
        simulator(BetfairSimulatorConfig.defaults().withLimits(64 * 1024, 2, 100_000, 50), 3);
        h = StreamHarness.local(sim, sub());
        await().atMost(StreamHarness.timeout()).until(() -> h.statuses.stream()
                .anyMatch(s -> "SUBSCRIPTION_LIMIT_EXCEEDED".equals(s.errorCode())));
        h.client.subscribe(MarketSubscription.of(MarketFilter.markets("1.900000000", "1.900000001"))
                .withHeartbeatMs(200));
        await().atMost(StreamHarness.timeout()).until(() -> h.changesOfType("SUB_IMAGE") == 1);
        assertThat(h.client.stats().connects()).isEqualTo(1);
        assertThat(sim.connectionsAccepted()).isEqualTo(1);
        assertThat(h.state("1.900000002")).isNull();
        assertThat(h.state("1.900000001")).isEqualTo(sim.marketState("1.900000001"));
    }

    @Test
    void injectedSubscriptionLimitStatusKeepsTheConnection() throws Exception {
        simulator(fast(), 1);
        h = StreamHarness.local(sim, sub());
        await().atMost(StreamHarness.timeout()).until(() -> h.changesOfType("SUB_IMAGE") == 1);
        sim.injectStatus("SUBSCRIPTION_LIMIT_EXCEEDED", false);
        await().atMost(StreamHarness.timeout()).until(() -> h.client.stats().statusFailures() == 1);
        h.client.sendHeartbeat();
        sim.stepModels();
        awaitSameState();
        assertThat(h.client.stats().connects()).isEqualTo(1);
        assertThat(sim.connectionsAccepted()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"INVALID_INPUT", "INVALID_CLOCK", "UNEXPECTED_ERROR", "TIMEOUT", "CONNECTION_FAILED",
            "INVALID_REQUEST"})
    void otherStatusFailuresCloseAndReconnect(String code) throws Exception {
        simulator(fast(), 1);
        h = StreamHarness.local(sim, sub());
        await().atMost(StreamHarness.timeout()).until(() -> h.changesOfType("SUB_IMAGE") == 1);
        sim.injectStatus(code, true);
        await().atMost(StreamHarness.timeout()).until(() -> h.client.stats().connects() >= 2 && h.client.isSubscribed());
        assertThat(h.statuses).anyMatch(s -> code.equals(s.errorCode()) && s.connectionClosed());
        assertThat(h.client.stats().authFailures()).isZero();
        sim.stepModels();
        awaitSameState();
        if (code.equals("INVALID_CLOCK")) {
            assertThat(h.changesOfType("SUB_IMAGE")).as("clk dropped: fresh image").isEqualTo(2);
        } else {
            assertThat(h.changesOfType("RESUB_DELTA")).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"NO_APP_KEY", "INVALID_APP_KEY", "NO_SESSION", "INVALID_SESSION_INFORMATION",
            "NOT_AUTHORIZED", "MAX_CONNECTION_LIMIT_EXCEEDED", "TOO_MANY_REQUESTS"})
    void authenticationFailuresBackOffWithGrowingDelays(String code) throws Exception {
        simulator(fast(), 1);
        sim.failAuthentication(code);
        h = StreamHarness.local(sim, sub());
        await().atMost(StreamHarness.timeout()).until(() -> h.reconnectDelays().size() >= 3);
        List<Long> delays = h.reconnectDelays().subList(0, 3);
        assertThat(delays).containsExactly(200L, 400L, 800L);
        assertThat(h.client.stats().authFailures()).isGreaterThanOrEqualTo(3);
        assertThat(h.statuses).anyMatch(s -> code.equals(s.errorCode()) && s.connectionClosed());
        sim.failAuthentication(null);
        await().atMost(StreamHarness.timeout()).until(() -> h.changesOfType("SUB_IMAGE") == 1);
        assertThat(h.count(StreamConnectionEvent.Kind.AUTHENTICATED)).isEqualTo(1);
    }

    @Test
    void wrongCredentialsAreRefusedByTheSimulator() throws Exception {
        simulator(fast().withCredentials("app", "good-session"), 1);
        h = new StreamHarness(BetfairStreamConfig.local("127.0.0.1", sim.port(), sub()),
                SessionProvider.fixed("app", "bad-session"));
        h.client.start();
        await().atMost(StreamHarness.timeout()).until(() -> h.client.stats().authFailures() >= 2);
        assertThat(h.statuses).allMatch(s -> "INVALID_SESSION_INFORMATION".equals(s.errorCode()));
        assertThat(sim.authFailures()).isGreaterThanOrEqualTo(2);
        assertThat(h.changes).isEmpty();
    }

    @Test
    void garbageLinesAreCountedAndSkipped() throws Exception {
        simulator(fast(), 2);
        h = StreamHarness.local(sim, sub());
        await().atMost(StreamHarness.timeout()).until(() -> h.changesOfType("SUB_IMAGE") == 1);
        sim.sendGarbage("this is not json");
        sim.sendGarbage("{\"op\":\"mcm\",\"mc\":[");
        sim.sendGarbage("[1,2,3]");
        sim.sendGarbage("{\"op\":\"mystery\"}");
        for (int i = 0; i < 20; i++) {
            sim.stepModels();
        }
        awaitSameState();
        await().atMost(StreamHarness.timeout()).until(() -> h.client.stats().badLines() == 4);
        assertThat(h.client.stats().connects()).isEqualTo(1);
        assertThat(h.raw).contains("this is not json");
    }

    @Test
    void badFieldsAreCountedInTheStatsAndCostNothingElse() throws Exception {
        simulator(fast(), 2);
        h = StreamHarness.local(sim, sub());
        await().atMost(StreamHarness.timeout()).until(() -> h.changesOfType("SUB_IMAGE") == 1);
        awaitSameState();
        String market = sim.marketIds().getFirst();
        sim.sendGarbage("{\"op\":\"mcm\",\"mc\":[{\"id\":\"" + market + "\",\"rc\":["
                + "{\"id\":999001,\"atb\":[[-3,5]]},{\"id\":999002,\"atl\":{\"x\":1}},{\"id\":999003,\"spn\":\"NaN\"}]}]}");
        sim.stepModels();
        await().atMost(StreamHarness.timeout()).until(() -> h.client.stats().badFieldsTotal() == 2);
        BetfairStreamStats st = h.client.stats();
        assertThat(st.badFields()).containsEntry(new BadFields.Kind("rc.atb", BadFields.Problem.OUT_OF_RANGE), 1L)
                .containsEntry(new BadFields.Kind("rc.atl", BadFields.Problem.WRONG_TYPE), 1L);
        assertThat(st.badLines()).as("the line was applied without its bad fields").isZero();
        synchronized (h.cache) {
            assertThat(h.cache.market(market).runner(999003, 0).spNear()).isEqualTo(SpPrice.NAN);
            assertThat(h.cache.market(market).runner(999001, 0).atb().isEmpty()).isTrue();
        }
        long applied = st.changeMessages();
        for (int i = 0; i < 20; i++) {
            sim.stepModels();
        }
        await().atMost(StreamHarness.timeout()).until(() -> h.client.stats().changeMessages() > applied);
        assertThat(h.client.stats().connects()).isEqualTo(1);
    }

    @Test
    void stream503IsReportedAndTolerated() throws Exception {
        simulator(fast(), 1);
        h = StreamHarness.local(sim, sub());
        await().atMost(StreamHarness.timeout()).until(() -> h.changesOfType("SUB_IMAGE") == 1);
        sim.stream503(true);
        sim.stepModels();
        await().atMost(StreamHarness.timeout()).until(() -> h.client.stats().stream503() >= 2);
        sim.stream503(false);
        sim.stepModels();
        awaitSameState();
        assertThat(h.client.stats().connects()).isEqualTo(1);
        assertThat(h.statuses).anyMatch(s -> "503".equals(s.statusCode()));
    }

    @Test
    void conflationMergesChangesAndFlagsThem() throws Exception {
        simulator(fast(), 2);
        h = StreamHarness.local(sim, sub().withConflateMs(300));
        await().atMost(StreamHarness.timeout()).until(() -> h.changesOfType("SUB_IMAGE") == 1);
        for (int i = 0; i < 100; i++) {
            sim.stepModels();
        }
        awaitSameState();
        assertThat(h.client.stats().conflatedChanges()).isPositive();
        assertThat(h.client.stats().changeMessages()).isLessThan(100);
    }

    @Test
    void marketFilterSelectsMarkets() throws Exception {
        simulator(fast(), 4);
        h = StreamHarness.local(sim, MarketSubscription.of(MarketFilter.eventTypes("4339")).withHeartbeatMs(200));
        await().atMost(StreamHarness.timeout()).until(() -> h.changesOfType("SUB_IMAGE") == 1);
        for (int i = 0; i < 20; i++) {
            sim.stepModels();
        }
        await().atMost(StreamHarness.timeout()).untilAsserted(() -> {
            assertThat(h.state("1.900000001")).isEqualTo(sim.marketState("1.900000001"));
            assertThat(h.state("1.900000003")).isEqualTo(sim.marketState("1.900000003"));
        });
        assertThat(h.state("1.900000000")).isNull();
        assertThat(h.state("1.900000002")).isNull();
    }

    @Test
    void newSubscriptionDropsTheOldOnesMessages() throws Exception {
        simulator(fast(), 2);
        h = StreamHarness.local(sim, sub());
        await().atMost(StreamHarness.timeout()).until(() -> h.changesOfType("SUB_IMAGE") == 1);
        h.client.subscribe(MarketSubscription.of(MarketFilter.markets("1.900000001")).withHeartbeatMs(200));
        for (int i = 0; i < 20; i++) {
            sim.stepModels();
        }
        await().atMost(StreamHarness.timeout()).until(() -> h.changesOfType("SUB_IMAGE") == 2);
        await().atMost(StreamHarness.timeout()).untilAsserted(() ->
                assertThat(h.state("1.900000001")).isEqualTo(sim.marketState("1.900000001")));
        assertThat(h.state("1.900000000")).as("the new image replaced the cache").isNull();
    }

    @Test
    void twoHundredMarketReplayWithADisconnectEndsEqual() throws Exception {
        String rel = "data/betfair/1.242971311.bz2";
        Path file = SharedData.resolve(rel);
        Assumptions.assumeTrue(file != null, SharedData.skipReason(rel));
        sim = new BetfairSimulator(fast(), Clock.system()).start();
        Thread replay = sim.replay(file, 0, true);
        h = StreamHarness.local(sim, sub());
        await().atMost(StreamHarness.timeout()).until(() -> h.client.stats().changeMessages() >= 20);
        sim.disconnectAll();
        replay.join(StreamHarness.timeout());
        assertThat(replay.isAlive()).isFalse();
        awaitSameState();
        assertThat(sim.marketIds()).hasSize(200);
        assertThat(h.client.stats().segmentsReceived()).isPositive();
        assertThat(h.changesOfType("RESUB_DELTA")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void replayOfARealRecordingRebuildsTheSameMarket() throws Exception {
        String rel = "data/betfair/1.197931750.bz2";
        Path file = SharedData.resolve(rel);
        Assumptions.assumeTrue(file != null, SharedData.skipReason(rel));
        sim = new BetfairSimulator(fast(), Clock.system()).start();
        Thread replay = sim.replay(file, 0, true);
        h = StreamHarness.local(sim, sub());
        replay.join(StreamHarness.timeout());
        assertThat(replay.isAlive()).isFalse();
        awaitSameState();
        assertThat(sim.marketIds()).containsExactly("1.197931750");
        assertThat(h.changesOfType("SUB_IMAGE")).isEqualTo(1);
    }

    @Test
    void clkFromAnotherSimulatorRunIsInvalidAndTheClientStartsAfresh() throws Exception {
        simulator(fast(), 2);
        h = StreamHarness.local(sim, sub());
        await().atMost(StreamHarness.timeout()).until(() -> h.changesOfType("SUB_IMAGE") == 1);
        int port = sim.port();
        sim.close();
        sim = new BetfairSimulator(fast().withPort(port), Clock.system()).start();
        for (int i = 0; i < 2; i++) {
            sim.addModel(new SimMarketModel("1.90000000" + i, "7", 6, 10, 0, 0, 0.05, 1000 + i));
        }
        await().atMost(StreamHarness.timeout()).until(() -> h.changesOfType("SUB_IMAGE") == 2);
        assertThat(h.statuses).anyMatch(s -> "INVALID_CLOCK".equals(s.errorCode()));
        awaitSameState();
    }

    @Test
    void refusedSubscriptionKeepsTheLineAliveWithHeartbeatRequests() throws Exception {
        simulator(BetfairSimulatorConfig.defaults().withLimits(64 * 1024, 1, 100_000, 50), 2);
        h = StreamHarness.local(sim, sub());
        await().atMost(StreamHarness.timeout()).until(() -> h.statuses.stream()
                .filter(s -> "SUCCESS".equals(s.statusCode())).count() >= 4);
        assertThat(h.statuses).anyMatch(s -> "SUBSCRIPTION_LIMIT_EXCEEDED".equals(s.errorCode()));
        assertThat(h.client.stats().connects()).isEqualTo(1);
        assertThat(h.client.stats().heartbeatTimeouts()).isZero();
    }
}

