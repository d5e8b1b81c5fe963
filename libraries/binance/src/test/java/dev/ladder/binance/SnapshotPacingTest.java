package dev.ladder.binance;

import dev.ladder.binance.sim.BinanceSimulator;
import dev.ladder.binance.sim.SimulatorConfig;
import dev.ladder.core.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Snapshots for many symbols stay inside the client's weight budget: with a budget for 120 depth
 * requests per (client-clock) minute, 150 symbols sync 120 at once and the rest only once the
 * client's clock enters the next minute; the server (on the same manual clock, so that its
 * {@code X-MBX-USED-WEIGHT-1M} counts the same minutes) never has to answer 429.
 */
class SnapshotPacingTest {

    @Test
    void snapshotsForManySymbolsArePacedByRequestWeight() throws Exception {
        List<String> symbols = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            symbols.add("S" + i + "USDT");
        }
        ManualClock clock = new ManualClock(1_800_000_000_000_000_000L + 5_000_000_000L);
        try (BinanceSimulator sim = BinanceSimulator.start(SimulatorConfig.spot(symbols).withLevelsPerSide(20)
                .withTick(Duration.ofMillis(200)), clock);
             BinanceClient client = new BinanceClient(BinanceConfig.spot(symbols).withSnapshotLimit(100).withWeight(600, 100)
                     .withBaseUris(sim.restBaseUri(), sim.wsBaseUri()), clock, null)) {
            client.start();
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> synced(client, symbols) == 120);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("synced " + synced(client, symbols) + " " + client.stats() + " " + sim.stats(), e);
            }
            assertThat(client.stats().snapshotRequests()).isEqualTo(120);
            assertThat(client.stats().weightUsed()).isEqualTo(600);
            clock.advanceMillis(60_000);
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> synced(client, symbols) == 150);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("synced " + synced(client, symbols) + " " + client.stats() + " " + sim.stats(), e);
            }
            assertThat(client.stats().snapshotRequests()).isEqualTo(150);
            assertThat(client.stats().rateLimited()).isZero();
            assertThat(sim.stats().restRejected()).isZero();
            assertThat(sim.stats().connectionsOpened()).isEqualTo(1);
        }
    }

    private static long synced(BinanceClient client, List<String> symbols) {
        return symbols.stream().filter(client::isSynced).count();
    }
}
