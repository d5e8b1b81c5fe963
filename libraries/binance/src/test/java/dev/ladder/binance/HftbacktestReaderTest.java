package dev.ladder.binance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.core.SharedData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The byte reader of hftbacktest captures gives the messages, line numbers and malformed counts that
 * reading the same text line by line with a {@link BufferedReader} gives (the reader it replaced), except
 * that a time past the largest long is a malformed line (the line reader threw).
 */
class HftbacktestReaderTest {
    @TempDir
    Path tmp;

    /** The BufferedReader reading: the oracle. */
    private static List<String> oracle(String text, long[] malformed) throws IOException {
        List<String> out = new ArrayList<>();
        BufferedReader r = new BufferedReader(new StringReader(text));
        String line;
        long n = 0;
        while ((line = r.readLine()) != null) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            int sp = line.indexOf(' ');
            if (sp <= 0 || !CaptureFiles.isDigits(line, 0, sp) || sp > 19) {
                malformed[0]++;
                continue;
            }
            long t;
            try {
                t = Long.parseLong(line, 0, sp, 10);
            } catch (NumberFormatException e) { // a 19-digit time past Long.MAX_VALUE: a malformed line
                malformed[0]++;
                continue;
            }
            String json = line.substring(sp + 1);
            boolean snap = !json.startsWith("{\"stream\"") && json.contains("\"lastUpdateId\"");
            out.add(t + "|" + snap + "|" + n + "|" + json);
        }
        return out;
    }

    private List<String> read(byte[] bytes, long[] malformed) throws IOException {
        Path f = tmp.resolve("capture-" + System.nanoTime());
        Files.write(f, bytes);
        List<String> out = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(f)) {
            assertThat(r).isInstanceOf(HftbacktestReader.class);
            CaptureMessage m;
            while ((m = r.next()) != null) {
                out.add(m.receiveTimeNanos() + "|" + m.isSnapshot() + "|" + m.line() + "|" + m.json());
            }
            malformed[0] = r.malformedLines();
        }
        return out;
    }

    @Test
    void readsTheSharedCaptureAsTheLineReaderDid() throws IOException {
        Path gz = SharedData.resolve("data/binance/btcusdt_20240808.gz");
        Assumptions.assumeTrue(gz != null, SharedData.skipReason("data/binance/btcusdt_20240808.gz"));
        byte[] raw;
        try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            raw = in.readAllBytes();
        }
        long[] a = new long[1];
        long[] b = new long[1];
        List<String> got = read(raw, a);
        assertThat(got).hasSize(41_249).isEqualTo(oracle(new String(raw, StandardCharsets.UTF_8), b));
        assertThat(a[0]).isEqualTo(b[0]).isZero();
    }

    @Test
    void oddLinesAreReadAsTheLineReaderDid() throws IOException {
        String[] pieces = {"1723161253937085768 {\"stream\":\"x\",\"data\":{}}", "12 {\"lastUpdateId\":5,\"bids\":[],\"asks\":[]}",
                "", "   ", "\t", "abc {}", " 12 {}", "9999999999999999999 {}", "12345678901234567890 {}", "7 {\"é\":\"ü\"}",
                "8 {\"a\":\"\u2003\"}", "\u2003", "9 ", "10 {\"x\":1}\u0000", "11 {\"stream\" , \"lastUpdateId\"}", "13 {" + "y".repeat(3_000_000) + "}"};
        String[] ends = {"\n", "\r\n", "\r", "\n\n", "\r\r\n"};
        SplittableRandom random = new SplittableRandom(11);
        for (int round = 0; round < 60; round++) {
            StringBuilder sb = new StringBuilder(pieces[0]).append('\n');
            int lines = 1 + random.nextInt(40);
            for (int i = 0; i < lines; i++) {
                String p = pieces[random.nextInt(pieces.length)];
                if (p.length() > 1_000_000 && random.nextInt(4) != 0) {
                    continue;
                }
                sb.append(p);
                if (i < lines - 1 || random.nextBoolean()) {
                    sb.append(ends[random.nextInt(ends.length)]);
                }
            }
            String text = sb.toString();
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            if (random.nextInt(5) == 0) {
                bytes = java.util.Arrays.copyOf(bytes, bytes.length + 1);
                bytes[bytes.length - 1] = (byte) 0xC3; // a cut UTF-8 sequence at the very end
                text = new String(bytes, StandardCharsets.UTF_8);
            }
            long[] a = new long[1];
            long[] b = new long[1];
            List<String> expected = oracle(text, b);
            assertThat(read(bytes, a)).as("round %d", round).isEqualTo(expected);
            assertThat(a[0]).as("round %d", round).isEqualTo(b[0]);
        }
    }
}
