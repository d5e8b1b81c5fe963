package dev.ladder.betfair;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StreamFramingTest {
    /** Hands out at most a few bytes per read, to split lines and CRLFs across reads. */
    private static InputStream trickle(byte[] data, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return new FilterInputStream(new ByteArrayInputStream(data)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1 + r.nextInt(7)));
            }
        };
    }

    private static List<String> readAll(StreamFraming f) throws IOException {
        List<String> out = new ArrayList<>();
        String l;
        while ((l = f.readLine()) != null) {
            out.add(l);
        }
        return out;
    }

    @Test
    void splitsOnCrlfAndLfAcrossArbitraryReadBoundaries() throws IOException {
        String text = "{\"op\":\"connection\"}\r\n{\"a\":\"é€\"}\n\r\n\n{\"b\":1}\r\nunterminated";
        for (long seed = 0; seed < 50; seed++) {
            StreamFraming f = new StreamFraming(trickle(text.getBytes(StandardCharsets.UTF_8), seed), 1024);
            assertThat(readAll(f)).containsExactly("{\"op\":\"connection\"}", "{\"a\":\"é€\"}", "{\"b\":1}");
        }
    }

    @Test
    void longLinesGrowTheBufferAndOversizedOnesAreSkipped() throws IOException {
        String big = "{\"x\":\"" + "y".repeat(300_000) + "\"}";
        String huge = "z".repeat(2_000_000);
        String text = big + "\r\n" + huge + "\r\n{\"after\":true}\r\n";
        StreamFraming f = new StreamFraming(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 1 << 20);
        List<String> lines = readAll(f);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo(big);
        assertThat(lines.get(1)).isSameAs(StreamFraming.TOO_LONG);
        assertThat(lines.get(2)).isEqualTo("{\"after\":true}");
        assertThat(f.bytesRead()).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void writesCrlf() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StreamFraming.writeLine(out, "{\"op\":\"heartbeat\",\"id\":3}");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"op\":\"heartbeat\",\"id\":3}\r\n");
    }
}
