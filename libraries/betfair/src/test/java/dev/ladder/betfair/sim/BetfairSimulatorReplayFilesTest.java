package dev.ladder.betfair.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import dev.ladder.core.Clock;
import dev.ladder.core.SharedData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator's replay files are opened by content: every packing of a recording gives the same markets. */
class BetfairSimulatorReplayFilesTest {
    @TempDir
    Path dir;

    @Test
    void aRecordingLoadsTheSameFromBzip2ZstdATarGzAndPlainTextNamedGz() throws Exception {
        String rel = "data/betfair/1.197931750.bz2";
        Path bz2 = SharedData.resolve(rel);
        Assumptions.assumeTrue(bz2 != null, SharedData.skipReason(rel));
        byte[] plain;
        try (BZip2CompressorInputStream in = new BZip2CompressorInputStream(Files.newInputStream(bz2), true)) {
            plain = in.readAllBytes();
        }
        Path zst = Files.write(dir.resolve("1.197931750.zst"), Zstd.compress(plain, 3));
        Path textNamedGz = Files.write(dir.resolve("1.197931750.gz"), plain);
        Path tar = dir.resolve("markets.tar.gz");
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(new GZIPOutputStream(Files.newOutputStream(tar)))) {
            TarArchiveEntry e = new TarArchiveEntry("PRO/2022/Mar/1/1.197931750.bz2");
            byte[] data = Files.readAllBytes(bz2);
            e.setSize(data.length);
            t.putArchiveEntry(e);
            t.write(data);
            t.closeArchiveEntry();
        }

        String expected = stateAfterLoading(bz2);
        assertThat(expected).isNotNull();
        List<String> states = new ArrayList<>();
        for (Path p : List.of(zst, textNamedGz, tar)) {
            states.add(stateAfterLoading(p));
        }
        assertThat(states).containsOnly(expected);
    }

    @Test
    void randomBytesUnderABzip2NameAreAnIOExceptionNamingTheFile() throws IOException {
        byte[] random = new byte[8192];
        new SplittableRandom(9).nextBytes(random);
        Path bad = Files.write(dir.resolve("1.1.bz2"), random);
        try (BetfairSimulator sim = new BetfairSimulator(BetfairSimulatorConfig.defaults(), Clock.system())) {
            assertThatThrownBy(() -> sim.load(bad)).isInstanceOf(IOException.class)
                    .hasMessageStartingWith(bad + ": not bzip2");
            assertThat(sim.marketIds()).isEmpty();
        }
    }

    @Test
    void aTruncatedFileLoadsWhatCameBeforeAndFailsNamingTheFile() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 2000; i++) {
            sb.append("{\"op\":\"mcm\",\"pt\":").append(i).append(",\"mc\":[{\"id\":\"1.").append(i)
                    .append("\",\"img\":true,\"rc\":[{\"id\":1,\"ltp\":2}]}]}\n");
        }
        java.io.ByteArrayOutputStream bo = new java.io.ByteArrayOutputStream();
        try (OutputStream o = new GZIPOutputStream(bo)) {
            o.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] gz = bo.toByteArray();
        Path cut = Files.write(dir.resolve("cut.gz"), java.util.Arrays.copyOf(gz, gz.length * 3 / 4));
        try (BetfairSimulator sim = new BetfairSimulator(BetfairSimulatorConfig.defaults(), Clock.system())) {
            assertThatThrownBy(() -> sim.load(cut)).isInstanceOf(IOException.class)
                    .hasMessageStartingWith(cut + ": corrupt or truncated gzip data");
            assertThat(sim.marketIds()).isNotEmpty().hasSizeLessThan(2000);
        }
    }

    private static String stateAfterLoading(Path file) throws IOException {
        try (BetfairSimulator sim = new BetfairSimulator(BetfairSimulatorConfig.defaults(), Clock.system())) {
            sim.load(file);
            assertThat(sim.marketIds()).as(file.toString()).containsExactly("1.197931750");
            return sim.marketState("1.197931750");
        }
    }
}
