package dev.ladder.binance.sim;

import dev.ladder.core.Clock;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An unmodified third-party client (ccxt's {@code ccxt.pro.binance}, Node.js) syncs a book from our
 * simulator and ends with the simulator's exact book. Runs only where {@code node} and an installed
 * ccxt are found: {@code $CCXT_DIR} or {@code /tmp/ccxt-check} holding {@code node_modules/ccxt}
 * (install with {@code npm install ccxt} in that directory, outside the repository).
 */
class CcxtCompatibilityTest {

    @ParameterizedTest
    @ValueSource(strings = {"spot", "futures"})
    void ccxtWatchOrderBookEndsWithTheSimulatorsBook(String kind) throws Exception {
        Path ccxtDir = Path.of(System.getenv().getOrDefault("CCXT_DIR", "/tmp/ccxt-check"));
        Assumptions.assumeTrue(Files.isDirectory(ccxtDir.resolve("node_modules/ccxt")),
                "ccxt is not installed in " + ccxtDir + " (npm install ccxt there, or set CCXT_DIR)");
        Assumptions.assumeTrue(hasNode(), "node is not on the PATH");
        Path script = Path.of("../../tests/system/ccxt/check-binance.mjs").toAbsolutePath().normalize();
        Assumptions.assumeTrue(Files.isRegularFile(script), "check script not found at " + script);

        SimulatorConfig cfg = kind.equals("futures") ? SimulatorConfig.futures(List.of("BTCUSDT", "ETHUSDT"))
                : SimulatorConfig.spot(List.of("BTCUSDT", "ETHUSDT"));
        try (BinanceSimulator sim = BinanceSimulator.start(cfg, Clock.system())) {
            Process p = new ProcessBuilder("node", script.toString(), sim.restBaseUri().toString(), "BTCUSDT", kind)
                    .directory(ccxtDir.toFile()).redirectErrorStream(true).start();
            boolean isDone = p.waitFor(120, TimeUnit.SECONDS);
            if (!isDone) {
                p.destroyForcibly();
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(isDone).as("ccxt check finished: " + out).isTrue();
            assertThat(p.exitValue()).as(out).isZero();
            assertThat(out).contains("OK: ccxt book equals the simulator's");
        }
    }

    private static boolean hasNode() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
