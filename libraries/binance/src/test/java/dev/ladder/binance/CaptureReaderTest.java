package dev.ladder.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import dev.ladder.core.SharedData;
import dev.ladder.core.Venue;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureReaderTest {
    @TempDir
    Path dir;

    private static List<CaptureMessage> all(CaptureReader r) throws IOException {
        List<CaptureMessage> out = new ArrayList<>();
        CaptureMessage m;
        while ((m = r.next()) != null) {
            out.add(m);
        }
        return out;
    }

    @Test
    void readsHftbacktestLinesGzippedWithTheInlineSnapshot() throws IOException {
        Path f = dir.resolve("ethusdt_20240101.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write(("""
                    1000 {"stream":"ethusdt@depth@100ms","data":{"e":"depthUpdate"}}
                    
                    1500 {"lastUpdateId":5,"bids":[],"asks":[]}
                    garbage line
                    2000 {"stream":"ethusdt@trade","data":{}}
                    """).getBytes(StandardCharsets.UTF_8));
        }
        try (CaptureReader r = CaptureReader.open(f)) {
            List<CaptureMessage> m = all(r);
            assertThat(m).extracting(CaptureMessage::receiveTimeNanos).containsExactly(1000L, 1500L, 2000L);
            assertThat(m).extracting(CaptureMessage::isSnapshot).containsExactly(false, true, false);
            assertThat(m.get(1).symbol()).isNull();
            assertThat(m.get(1).json()).isEqualTo("{\"lastUpdateId\":5,\"bids\":[],\"asks\":[]}");
            assertThat(m.get(2).line()).isEqualTo(5);
            assertThat(r.malformedLines()).isEqualTo(1);
        }
    }

    @Test
    void pairsCryptofeedFilesAndMergesByReceiveTime() throws IOException {
        Files.writeString(dir.resolve("cf-BINANCE_FUTURES.http.0.0"), """
                https://fapi.binance.com/fapi/v1/depth?symbol=SUSHIUSDT&limit=1000 -> 10.5: {"lastUpdateId":1,"bids":[],"asks":[]}
                https://fapi.binance.com/fapi/v1/exchangeInfo -> 10.6: {"symbols":[]}
                """);
        Path ws = dir.resolve("cf-BINANCE_FUTURES.ws.1.0");
        Files.writeString(ws, """
                wss://fstream.binance.com/stream?streams=sushiusdt@depth@100ms <-> 9.0
                10.0633569: {"a":1}
                10.5: {"b":2}
                11: {"c":3}
                not a line
                """);
        Files.writeString(dir.resolve("cf-BINANCE.ws.1.0"), "12.0: {}\n");
        for (Path start : List.of(ws, dir.resolve("cf-BINANCE_FUTURES.http.0.0"))) {
            try (CaptureReader r = CaptureReader.open(start)) {
                List<CaptureMessage> m = all(r);
                assertThat(m).extracting(CaptureMessage::receiveTimeNanos)
                        .containsExactly(10_063_356_900L, 10_500_000_000L, 10_500_000_000L, 11_000_000_000L);
                // on equal times the http file (listed first) goes first
                assertThat(m.get(1).isSnapshot()).isTrue();
                assertThat(m.get(1).symbol()).isEqualTo("SUSHIUSDT");
                assertThat(m).extracting(CaptureMessage::venue).containsOnly(Venue.BINANCE_FUTURES);
                assertThat(m.get(2).json()).isEqualTo("{\"b\":2}");
                assertThat(r.malformedLines()).isEqualTo(1);
            }
        }
        // naming both halves reads each once
        try (CaptureReader r = CaptureReader.openAll(List.of(ws, dir.resolve("cf-BINANCE_FUTURES.http.0.0"), ws))) {
            assertThat(all(r)).hasSize(4);
        }
    }

    @Test
    void mergesSeveralFiles() throws IOException {
        Path a = dir.resolve("aaausdt_1.txt");
        Path b = dir.resolve("bbbusdt_1.txt");
        Files.writeString(a, "1 {\"x\":1}\n5 {\"x\":5}\n");
        Files.writeString(b, "2 {\"x\":2}\n3 {\"x\":3}\n9 {\"x\":9}\n");
        try (CaptureReader r = CaptureReader.openAll(List.of(a, b))) {
            assertThat(all(r)).extracting(CaptureMessage::receiveTimeNanos).containsExactly(1L, 2L, 3L, 5L, 9L);
        }
    }

    @Test
    void unreadableOrUnknownFilesFailClearly() throws IOException {
        assertThatThrownBy(() -> CaptureReader.open(dir.resolve("missing.gz"))).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("missing.gz");
        Path f = dir.resolve("weird.txt");
        Files.writeString(f, "hello world\n");
        assertThatThrownBy(() -> CaptureReader.open(f)).isInstanceOf(IOException.class)
                .hasMessageContaining("not a Binance capture").hasMessageContaining("hello world");
        Path torn = dir.resolve("torn_1.gz");
        byte[] whole;
        try (var bytes = new java.io.ByteArrayOutputStream(); OutputStream out = new GZIPOutputStream(bytes)) {
            for (int i = 0; i < 2000; i++) {
                out.write((i + " {\"stream\":\"x\",\"data\":{\"e\":\"trade\",\"n\":" + i + "}}\n").getBytes(StandardCharsets.UTF_8));
            }
            out.close();
            whole = bytes.toByteArray();
        }
        Files.write(torn, java.util.Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> {
            try (CaptureReader r = CaptureReader.open(torn)) {
                all(r);
            }
        }).isInstanceOf(IOException.class).hasMessageContaining("torn_1.gz");
    }

    /**
     * The shared hftbacktest capture gives the same messages however it is packed (gzip as shipped,
     * zstd, bzip2, a tar.zst of it, and plain text under a .gz name), and as many as zcat prints lines.
     */
    @Test
    void theSharedCaptureReadsTheSameInEveryPacking() throws Exception {
        String rel = "data/binance/btcusdt_20240808.gz";
        Path gz = SharedData.resolve(rel);
        Assumptions.assumeTrue(gz != null, SharedData.skipReason(rel));
        byte[] plain;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            plain = in.readAllBytes();
        }
        Digest expected = digest(gz);
        assertThat(expected.messages).isGreaterThan(40_000);
        assertThat(expected.malformed).isZero();

        Path zst = Files.write(dir.resolve("btcusdt_1.zst"), Zstd.compress(plain, 3));
        Path bz2 = dir.resolve("btcusdt_2.bz2");
        try (OutputStream out = new BZip2CompressorOutputStream(Files.newOutputStream(bz2))) {
            out.write(plain);
        }
        Path textNamedGz = Files.write(dir.resolve("btcusdt_3.gz"), plain);
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(tar)) {
            TarArchiveEntry e = new TarArchiveEntry("spot/btcusdt_20240808");
            e.setSize(plain.length);
            t.putArchiveEntry(e);
            t.write(plain);
            t.closeArchiveEntry();
        }
        Path tarZst = Files.write(dir.resolve("btcusdt_4.tar.zst"), Zstd.compress(tar.toByteArray(), 3));
        for (Path p : List.of(zst, bz2, textNamedGz, tarZst)) {
            assertThat(digest(p)).as(p.getFileName().toString()).isEqualTo(expected);
        }

        if (Files.isExecutable(Path.of("/usr/bin/zcat")) || Files.isExecutable(Path.of("/bin/zcat"))) {
            Process zcat = new ProcessBuilder("zcat", gz.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            long lines;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(zcat.getInputStream(), StandardCharsets.UTF_8))) {
                lines = r.lines().filter(l -> !l.isBlank()).count();
            }
            assertThat(zcat.waitFor()).isZero();
            assertThat(expected.messages + expected.malformed).as("non-blank lines zcat prints").isEqualTo(lines);
        }
    }

    @Test
    void randomBytesUnderACompressedNameAreNotThatFormat() throws IOException {
        byte[] random = new byte[10_000];
        new SplittableRandom(5).nextBytes(random);
        Path f = Files.write(dir.resolve("btcusdt_9.bz2"), random);
        assertThatThrownBy(() -> CaptureReader.open(f)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(f + ": not bzip2");
    }

    /** Message count, malformed lines and a CRC of every message's time, kind and text. */
    private record Digest(long messages, long malformed, long crc) {
    }

    private static Digest digest(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        long n = 0;
        try (CaptureReader r = CaptureReader.open(file)) {
            CaptureMessage m;
            while ((m = r.next()) != null) {
                n++;
                crc.update((m.receiveTimeNanos() + (m.isSnapshot() ? " S " : " D ") + m.json() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return new Digest(n, r.malformedLines(), crc.getValue());
        }
    }

    @Test
    void parsesEpochSecondsExactly() {
        assertThat(CaptureFiles.epochSecondsToNanos("1633998512.0633569", 0, 18)).isEqualTo(1_633_998_512_063_356_900L);
        assertThat(CaptureFiles.epochSecondsToNanos("1633998512.1234567891", 0, 21)).isEqualTo(1_633_998_512_123_456_789L);
        assertThat(CaptureFiles.epochSecondsToNanos("12", 0, 2)).isEqualTo(12_000_000_000L);
        assertThat(CaptureFiles.epochSecondsToNanos("1.2.3", 0, 5)).isEqualTo(-1);
        assertThat(CaptureFiles.epochSecondsToNanos(".5", 0, 2)).isEqualTo(-1);
        assertThat(CaptureFiles.symbolFromUrl("https://api.binance.com/api/v3/depth?symbol=nknusdt&limit=1000")).isEqualTo("NKNUSDT");
        assertThat(CaptureFiles.venueFromUrl("https://api.binance.com/api/v3/depth")).isEqualTo(Venue.BINANCE);
    }

    @Test
    void readsLinesOfAnyLengthIncludingAFirstLineOverOneMegabyte() throws Exception {
        StringBuilder snap = new StringBuilder("{\"lastUpdateId\":100,\"bids\":[");
        for (int i = 0; i < 20_000; i++) {
            snap.append(i == 0 ? "" : ",").append("[\"").append(50_000 - i).append(".01000000\",\"1.00000000\"]");
        }
        snap.append("],\"asks\":[");
        for (int i = 0; i < 20_000; i++) {
            snap.append(i == 0 ? "" : ",").append("[\"").append(50_001 + i).append(".01000000\",\"2.00000000\"]");
        }
        snap.append("]}");
        assertThat(snap.length()).isGreaterThan(1 << 20);
        String diff = "{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"BTCUSDT\","
                + "\"U\":100,\"u\":101,\"b\":[[\"50000.01000000\",\"3.00000000\"]],\"a\":[]}}";
        Path file = dir.resolve("big.txt");
        Files.writeString(file, "\n\n1 " + snap + "\n2 " + diff + "\n3 " + snap + "\n");
        List<CaptureMessage> msgs;
        try (CaptureReader r = CaptureReader.open(file)) {
            msgs = all(r);
        }
        assertThat(msgs).hasSize(3);
        assertThat(msgs.get(0).isSnapshot()).isTrue();
        assertThat(msgs.get(0).line()).as("line numbers count the blank lines").isEqualTo(3);
        assertThat(msgs.get(2).json()).hasSize(snap.length());

        CaptureReplay replay = new CaptureReplay("BTCUSDT", false, Long.MAX_VALUE, null);
        try (CaptureReader r = CaptureReader.open(file)) {
            replay.run(r);
        }
        DepthSync sync = replay.sync("BTCUSDT");
        assertThat(sync.book().depth(dev.ladder.core.Side.BID)).isEqualTo(20_000);
        assertThat(sync.book().depth(dev.ladder.core.Side.ASK)).isEqualTo(20_000);
        assertThat(replay.malformed()).isZero();
    }

    @Test
    void aTimePastTheLargestLongIsAMalformedLineNotAnError() throws Exception {
        String diff = "{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1,\"s\":\"BTCUSDT\","
                + "\"U\":100,\"u\":101,\"b\":[],\"a\":[]}}";
        Path file = dir.resolve("times.txt");
        // the largest long, one past it, the largest 19-digit number (ASCII and, with an é, the text path)
        Files.writeString(file, "9223372036854775807 " + diff + "\n9223372036854775808 " + diff + "\n9999999999999999999 " + diff
                + "\n9223372036854775808 {\"x\":\"é\"}\n1723161253937085768 " + diff + "\n", java.nio.charset.StandardCharsets.UTF_8);
        try (CaptureReader r = CaptureReader.open(file)) {
            List<CaptureMessage> msgs = all(r);
            assertThat(msgs).extracting(CaptureMessage::receiveTimeNanos).containsExactly(Long.MAX_VALUE, 1723161253937085768L);
            assertThat(r.malformedLines()).isEqualTo(3);
        }
    }
}
