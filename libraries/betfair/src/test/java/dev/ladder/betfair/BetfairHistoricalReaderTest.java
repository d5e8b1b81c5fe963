package dev.ladder.betfair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.core.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BetfairHistoricalReaderTest {
    @TempDir
    Path dir;

    private static final String LONG = "x".repeat(300_000);
    private static final String TEXT = "{\"a\":1}\r\n\n  \n{\"b\":\"" + LONG + "\"}\n{\"c\":3}";

    private List<String> lines(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        new BetfairHistoricalReader().read(file, (source, n, b, off, len) -> {
            out.add(source + ":" + n + ":" + new String(b, off, len, StandardCharsets.UTF_8));
            return true;
        });
        return out;
    }

    private static byte[] gzip(byte[] in) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (OutputStream o = new GZIPOutputStream(bo)) {
            o.write(in);
        }
        return bo.toByteArray();
    }

    private static byte[] bzip2(byte[] in) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (OutputStream o = new BZip2CompressorOutputStream(bo)) {
            o.write(in);
        }
        return bo.toByteArray();
    }

    @Test
    void plainGzipAndBzip2AreFoundByContentWithLongLinesCrlfAndNoFinalNewline() throws IOException {
        byte[] text = TEXT.getBytes(StandardCharsets.UTF_8);
        Path plain = Files.write(dir.resolve("p.txt"), text);
        Path gz = Files.write(dir.resolve("g.bin"), gzip(text));
        Path bz = Files.write(dir.resolve("b.bz2"), bzip2(text));
        for (Path p : List.of(plain, gz, bz)) {
            String name = p.getFileName().toString();
            assertThat(lines(p)).containsExactly(name + ":1:{\"a\":1}", name + ":4:{\"b\":\"" + LONG + "\"}", name + ":5:{\"c\":3}");
        }
    }

    @Test
    void aTarOfCompressedMarketFilesIsReadEntryByEntry() throws IOException {
        Path tar = dir.resolve("data.tar");
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(Files.newOutputStream(tar))) {
            t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            addDir(t, "BASIC/2017/Jun/13/");
            add(t, "BASIC/2017/Jun/13/1.1.bz2", bzip2("{\"m\":1}\n{\"m\":2}\n".getBytes()));
            add(t, "BASIC/2017/Jun/13/1.2.gz", gzip("{\"m\":3}\n".getBytes()));
            add(t, "BASIC/2017/Jun/13/1.3", "{\"m\":4}".getBytes());
        }
        assertThat(lines(tar)).containsExactly(
                "data.tar!BASIC/2017/Jun/13/1.1.bz2:1:{\"m\":1}", "data.tar!BASIC/2017/Jun/13/1.1.bz2:2:{\"m\":2}",
                "data.tar!BASIC/2017/Jun/13/1.2.gz:1:{\"m\":3}", "data.tar!BASIC/2017/Jun/13/1.3:1:{\"m\":4}");
    }

    @Test
    void aCompressedTarIsOpenedToo() throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(raw)) {
            add(t, "1.7.bz2", bzip2("{\"m\":7}\n".getBytes()));
        }
        Path tgz = Files.write(dir.resolve("d.tar.gz"), gzip(raw.toByteArray()));
        assertThat(lines(tgz)).containsExactly("d.tar.gz!1.7.bz2:1:{\"m\":7}");
    }

    @Test
    void theHandlerCanStopASourceAndABrokenFileIsAnIOException() throws IOException {
        Path plain = Files.writeString(dir.resolve("p"), "1\n2\n3\n");
        List<String> seen = new ArrayList<>();
        new BetfairHistoricalReader().read(plain, (s, n, b, off, len) -> {
            seen.add(new String(b, off, len));
            return n < 2;
        });
        assertThat(seen).containsExactly("1", "2");
        byte[] broken = bzip2("{\"a\":1}\n".repeat(1000).getBytes());
        Path bad = Files.write(dir.resolve("bad.bz2"), java.util.Arrays.copyOf(broken, broken.length / 2));
        assertThatThrownBy(() -> lines(bad)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> lines(dir.resolve("missing"))).isInstanceOf(IOException.class);
    }

    @Test
    void randomBytesUnderABzip2NameAreNotBzip2AndTextUnderAGzipNameIsText() throws IOException {
        byte[] random = new byte[20_000];
        new java.util.SplittableRandom(3).nextBytes(random);
        Path bad = Files.write(dir.resolve("1.5.bz2"), random);
        assertThatThrownBy(() -> lines(bad)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(bad + ": not bzip2");
        Path text = Files.writeString(dir.resolve("1.6.gz"), "{\"m\":1}\n");
        assertThat(lines(text)).containsExactly("1.6.gz:1:{\"m\":1}");
    }

    /** The shared recordings read line for line as bzcat prints them, also repacked as zstd and as Betfair's tar. */
    @Test
    void sharedFilesReadAsBzcatPrintsThemInEveryPacking() throws Exception {
        Assumptions.assumeTrue(isOnPath("bzcat"), "bzcat is not on the PATH");
        for (String name : List.of("1.180305278.bz2", "1.185781277.bz2", "1.197931750.bz2", "1.200806927.bz2", "1.242971311.bz2")) {
            String rel = "data/betfair/" + name;
            Path file = SharedData.resolve(rel);
            Assumptions.assumeTrue(file != null, SharedData.skipReason(rel));
            Process p = new ProcessBuilder("bzcat", file.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] plain = p.getInputStream().readAllBytes();
            assertThat(p.waitFor()).isZero();
            List<String> expected = new ArrayList<>();
            for (String l : new String(plain, StandardCharsets.UTF_8).split("\n")) {
                if (!l.strip().isEmpty()) {
                    expected.add(l.strip());
                }
            }
            List<String> read = texts(file);
            assertThat(read).as(name).hasSize(expected.size()).isEqualTo(expected);

            Path zst = Files.write(dir.resolve(name + ".zst"), com.github.luben.zstd.Zstd.compress(plain, 3));
            assertThat(texts(zst)).as(name + " as zstd").isEqualTo(expected);
            Path tar = dir.resolve(name + ".tar.gz");
            try (TarArchiveOutputStream t = new TarArchiveOutputStream(new GZIPOutputStream(Files.newOutputStream(tar)))) {
                add(t, "PRO/2022/" + name, Files.readAllBytes(file));
            }
            assertThat(texts(tar)).as(name + " in a tar.gz").isEqualTo(expected);
        }
    }

    private static List<String> texts(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        new BetfairHistoricalReader().read(file, (source, n, b, off, len) -> {
            out.add(new String(b, off, len, StandardCharsets.UTF_8).strip());
            return true;
        });
        return out;
    }

    private static boolean isOnPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void replayReportsMalformedLinesWithTheirLineNumbersAndGoesOn() throws IOException {
        Path file = Files.writeString(dir.resolve("m.json"), """
                {"op":"mcm","pt":10,"mc":[{"id":"1.1","rc":[{"id":1,"ltp":2}]}]}
                {"op":"mcm","pt":20,"mc":[{"id":"1.1","rc":[{"id":1,"ltp":
                {"op":"mcm","pt":30,"mc":[{"id":"1.1","rc":[{"id":1,"ltp":3}]}]}
                {"op":"mcm","pt":40,"mc":[{"id":"1.1","rc":[{"id":1,"ltp":4}]}]}
                """);
        BetfairMarketCache cache = new BetfairMarketCache(BetfairCacheConfig.keepAll());
        List<String> reported = new ArrayList<>();
        BetfairReplay.Result r = BetfairReplay.run(List.of(file), new BetfairStreamDecoder(cache), 30, reported::add);
        assertThat(r.malformed()).isEqualTo(1);
        assertThat(r.messages()).isEqualTo(2);
        assertThat(reported).singleElement().asString().startsWith("m.json:2: ");
        assertThat(r.errors()).isEqualTo(reported);
        assertThat(cache.market("1.1").runner(1, 0).ltp()).as("stopped after pt 30").isEqualTo(300);
        assertThat(cache.publishTime()).isEqualTo(30);
    }

    private static void addDir(TarArchiveOutputStream t, String name) throws IOException {
        t.putArchiveEntry(new TarArchiveEntry(name));
        t.closeArchiveEntry();
    }

    private static void add(TarArchiveOutputStream t, String name, byte[] data) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(data.length);
        t.putArchiveEntry(e);
        t.write(data);
        t.closeArchiveEntry();
    }
}
