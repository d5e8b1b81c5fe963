package dev.ladder.binance.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import dev.ladder.book.OrderBook;
import dev.ladder.core.Clock;
import dev.ladder.core.SharedData;
import dev.ladder.core.Venue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --replay} files are opened by content: the same capture in another packing replays to the same book. */
class BinanceSimulatorReplayFilesTest {
    @TempDir
    Path dir;

    @Test
    void aCaptureRepackedAsATarZstReplaysToTheSameBookAsTheGzip() throws Exception {
        String rel = "data/binance/btcusdt_20240808.gz";
        Path gz = SharedData.resolve(rel);
        Assumptions.assumeTrue(gz != null, SharedData.skipReason(rel));
        byte[] plain;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            plain = in.readAllBytes();
        }
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(tar)) {
            TarArchiveEntry e = new TarArchiveEntry("btcusdt_20240808");
            e.setSize(plain.length);
            t.putArchiveEntry(e);
            t.write(plain);
            t.closeArchiveEntry();
        }
        Path tarZst = Files.write(dir.resolve("capture.tar.zst"), Zstd.compress(tar.toByteArray(), 3));

        Replayed fromGz = replayToTheEnd(gz);
        Replayed fromTarZst = replayToTheEnd(tarZst);
        assertThat(fromGz.messages).isGreaterThan(10_000);
        assertThat(fromTarZst.messages).isEqualTo(fromGz.messages);
        assertThat(fromTarZst.lastUpdateId).isEqualTo(fromGz.lastUpdateId);
        assertThat(fromTarZst.book.hasSameLevels(fromGz.book)).isTrue();
    }

    @Test
    void randomBytesUnderAGzipNameDoNotStartASimulator() throws IOException {
        byte[] random = new byte[10_000];
        new SplittableRandom(13).nextBytes(random);
        Path bad = Files.write(dir.resolve("btcusdt_1.gz"), random);
        assertThatThrownBy(() -> BinanceSimulator.start(SimulatorConfig.replay(Venue.BINANCE, List.of(bad), 0), Clock.system()))
                .isInstanceOf(IOException.class).hasMessageStartingWith(bad + ": not gzip");
    }

    private record Replayed(long messages, long lastUpdateId, OrderBook book) {
    }

    /** Steps a paused simulator through the whole capture (speed 0: as fast as possible, in bounded steps). */
    private static Replayed replayToTheEnd(Path file) throws IOException {
        try (BinanceSimulator sim = BinanceSimulator.start(SimulatorConfig.replay(Venue.BINANCE, List.of(file), 0)
                .withStartPaused(true), Clock.system())) {
            assertThat(sim.symbols()).containsExactly("BTCUSDT");
            for (int i = 0; i < 10_000 && !sim.isReplayDone(); i++) {
                sim.step();
            }
            assertThat(sim.isReplayDone()).as("replay of " + file + " done").isTrue();
            return new Replayed(sim.replayedMessages(), sim.lastUpdateId("BTCUSDT"), sim.book("BTCUSDT"));
        }
    }
}
