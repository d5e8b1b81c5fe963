package dev.ladder.files;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.core.SharedData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real files in {@code ../shared/data} read through {@link DataFile} exactly as the system's own
 * tools ({@code bzcat}, {@code zcat}, {@code zstd}, GNU {@code tar}) read them.
 */
class DataFileSharedDataTest {
    private static final List<String> BETFAIR_BZ2 = List.of("1.180305278.bz2", "1.185781277.bz2", "1.197931750.bz2",
            "1.200806927.bz2", "1.242971311.bz2");

    @Test
    void betfairBzip2FilesReadAsBzcatReadsThem() throws Exception {
        assumeTool("bzcat");
        for (String name : BETFAIR_BZ2) {
            Path file = shared("data/betfair/" + name);
            byte[] expected = run(List.of("bzcat", file.toString()));
            assertThat(readAll(file)).as(name).isEqualTo(expected);
        }
        assertThat(lineCount(readAll(shared("data/betfair/1.200806927.bz2")))).as("README: 18,529 lines").isEqualTo(18_529);
    }

    @Test
    void binanceGzipFilesReadAsZcatReadsThemAndPlainFilesPassThrough() throws Exception {
        assumeTool("zcat");
        for (String name : List.of("btcusdt_20240808.gz", "cryptofeed-BINANCE.0.gz")) {
            Path file = shared("data/binance/" + name);
            assertThat(readAll(file)).as(name).isEqualTo(run(List.of("zcat", file.toString())));
        }
        for (String rel : List.of("data/binance/cryptofeed-BINANCE.ws.1.0", "data/binance/cryptofeed-BINANCE_FUTURES.http.0.0",
                "data/betfair/BASIC-1.132153978")) {
            Path file = shared(rel);
            try (DataFile f = DataFile.open(file)) {
                assertThat(f.compression()).isEqualTo(Compression.NONE);
                assertThat(f.next().content().readAllBytes()).as(rel).isEqualTo(Files.readAllBytes(file));
            }
        }
    }

    /** A Betfair-style archive made by GNU tar and the zstd tool: one bz2 file per market, in folders. */
    @Test
    void aGnuTarOfTheBetfairFilesCompressedByTheZstdToolReadsEntryByEntry(@TempDir Path dir) throws Exception {
        assumeTool("tar");
        assumeTool("zstd");
        assumeTool("bzcat");
        Path tree = Files.createDirectories(dir.resolve("PRO/2022/Jan/1"));
        for (String name : BETFAIR_BZ2) {
            Files.copy(shared("data/betfair/" + name), tree.resolve(name));
        }
        Path tar = dir.resolve("data.tar");
        run(List.of("tar", "--format=gnu", "-cf", tar.toString(), "-C", dir.toString(), "PRO"));
        run(List.of("zstd", "-q", "-19", tar.toString(), "-o", dir.resolve("data.tar.zst").toString()));
        List<String> tarOrder = new ArrayList<>();
        for (String line : new String(run(List.of("tar", "-tf", tar.toString()))).split("\n")) {
            if (!line.endsWith("/")) {
                tarOrder.add(line);
            }
        }
        try (DataFile f = DataFile.open(dir.resolve("data.tar.zst"))) {
            assertThat(f.compression()).isEqualTo(Compression.ZSTD);
            assertThat(f.isArchive()).isTrue();
            DataFile.Entry e;
            List<String> names = new ArrayList<>();
            while ((e = f.next()) != null) {
                names.add(e.name());
                assertThat(e.compression()).isEqualTo(Compression.BZIP2);
                byte[] bzcat = run(List.of("bzcat", dir.resolve(e.name()).toString()));
                assertThat(e.content().readAllBytes()).as(e.name()).isEqualTo(bzcat);
            }
            assertThat(names).isEqualTo(tarOrder).hasSize(BETFAIR_BZ2.size());
        }
    }

    private static byte[] readAll(Path file) throws IOException {
        try (InputStream in = DataFile.openConcatenated(file)) {
            return in.readAllBytes();
        }
    }

    private static long lineCount(byte[] b) {
        long n = 0;
        for (byte x : b) {
            if (x == '\n') {
                n++;
            }
        }
        return n;
    }

    private static Path shared(String rel) {
        Path p = SharedData.resolve(rel);
        Assumptions.assumeTrue(p != null, SharedData.skipReason(rel));
        return p;
    }

    private static void assumeTool(String tool) {
        boolean isFound = false;
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            isFound |= Files.isExecutable(Path.of(d, tool));
        }
        Assumptions.assumeTrue(isFound, tool + " is not on the PATH");
    }

    /** Runs a command and returns its standard output; a non-zero exit fails the test with its error output. */
    private static byte[] run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        String err = new String(p.getErrorStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as(command + " finished").isTrue();
        assertThat(p.exitValue()).as(command + ": " + err).isZero();
        return out;
    }
}
