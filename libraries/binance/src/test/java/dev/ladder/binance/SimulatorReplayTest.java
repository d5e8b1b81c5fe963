package dev.ladder.binance;

import dev.ladder.binance.sim.BinanceSimulator;
import dev.ladder.binance.sim.SimulatorConfig;
import dev.ladder.core.Clock;
import dev.ladder.core.SharedData;
import dev.ladder.core.Venue;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The simulator replays real captures; our client syncs from it and ends with the capture's book. */
class SimulatorReplayTest {

    @Test
    void replaysAnHftbacktestCaptureAndTheClientEndsWithTheRebuiltBook() throws Exception {
        String rel = "data/binance/btcusdt_20240808.gz";
        Path file = SharedData.resolve(rel);
        Assumptions.assumeTrue(file != null, SharedData.skipReason(rel));

        CaptureReplay reference = new CaptureReplay("BTCUSDT", false, Long.MAX_VALUE, null);
        try (CaptureReader r = CaptureReader.open(file)) {
            reference.run(r);
        }

        SimulatorConfig cfg = SimulatorConfig.replay(Venue.BINANCE, List.of(file), 40).withStartPaused(true);
        try (BinanceSimulator sim = BinanceSimulator.start(cfg, Clock.system());
             BinanceClient client = new BinanceClient(BinanceConfig.spot(List.of("BTCUSDT"))
                     .withBaseUris(sim.restBaseUri(), sim.wsBaseUri()).withBookTickerAndTrades(true, true),
                     Clock.system(), null)) {
            assertThat(sim.symbols()).containsExactly("BTCUSDT");
            client.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> client.isSynced("BTCUSDT"));
            sim.resume();
            await().atMost(Duration.ofSeconds(90)).until(sim::isReplayDone);
            sim.pause();
            long last = sim.lastUpdateId("BTCUSDT");
            await().atMost(Duration.ofSeconds(30)).until(() -> client.lastUpdateId("BTCUSDT") == last);
            assertThat(last).isEqualTo(reference.sync("BTCUSDT").lastUpdateId());
            BinanceClientSimulatorTest.assertSameLevels(client.copyBook("BTCUSDT").book(), sim.book("BTCUSDT"));
            BinanceClientSimulatorTest.assertSameLevels(sim.book("BTCUSDT"), reference.sync("BTCUSDT").book());
            assertThat(client.stats().gaps()).isZero();
            assertThat(client.stats().appliedDiffs()).as(client.stats() + " replayed " + sim.replayedMessages()).isPositive();
        }
    }

    @Test
    void replaysACryptofeedFuturesCaptureWithSeveralSymbols() throws Exception {
        String rel = "data/binance/cryptofeed-BINANCE_FUTURES.ws.1.0";
        Path file = SharedData.resolve(rel);
        Assumptions.assumeTrue(file != null, SharedData.skipReason(rel));

        SimulatorConfig cfg = SimulatorConfig.replay(Venue.BINANCE_FUTURES, List.of(file), 0).withStartPaused(true);
        try (BinanceSimulator sim = BinanceSimulator.start(cfg, Clock.system())) {
            List<String> symbols = sim.symbols();
            assertThat(symbols).isNotEmpty();
            try (BinanceClient client = new BinanceClient(BinanceConfig.futures(symbols)
                    .withBaseUris(sim.restBaseUri(), sim.wsBaseUri()), Clock.system(), null)) {
                client.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> symbols.stream().allMatch(client::isSynced));
                sim.resume();
                await().atMost(Duration.ofSeconds(60)).until(sim::isReplayDone);
                sim.pause();
                for (String s : symbols) {
                    long last = sim.lastUpdateId(s);
                    await().atMost(Duration.ofSeconds(30)).until(() -> client.lastUpdateId(s) == last);
                    BinanceClientSimulatorTest.assertSameTopLevels(client.copyBook(s).book(), sim.book(s), 500);
                }
                assertThat(sim.replayedMessages()).isPositive();
            }
        }
    }
}
