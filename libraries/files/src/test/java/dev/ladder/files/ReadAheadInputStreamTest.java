package dev.ladder.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ReadAheadInputStreamTest {

    /** An input that hands out its bytes in random short reads, then optionally fails. */
    private static final class Trickle extends InputStream {
        private final byte[] bytes;
        private final SplittableRandom random;
        private final IOException failure;
        private int at;
        final AtomicBoolean isClosed = new AtomicBoolean();

        Trickle(byte[] bytes, long seed, IOException failure) {
            this.bytes = bytes;
            this.random = new SplittableRandom(seed);
            this.failure = failure;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (at == bytes.length) {
                if (failure != null) {
                    throw failure;
                }
                return -1;
            }
            int n = Math.min(len, Math.min(bytes.length - at, 1 + random.nextInt(5000)));
            System.arraycopy(bytes, at, b, off, n);
            at += n;
            return n;
        }

        @Override
        public void close() {
            isClosed.set(true);
        }
    }

    private static byte[] readAll(InputStream in, SplittableRandom random) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[7000];
        while (true) {
            if (random.nextInt(10) == 0) {
                int b = in.read();
                if (b < 0) {
                    return out.toByteArray();
                }
                out.write(b);
                continue;
            }
            int n = in.read(buf, 0, 1 + random.nextInt(buf.length));
            if (n < 0) {
                return out.toByteArray();
            }
            out.write(buf, 0, n);
        }
    }

    @Test
    void givesExactlyTheBytesOfItsInputWhateverTheChunkSizes() throws IOException {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 200; round++) {
            byte[] data = new byte[random.nextInt(300_000)];
            random.nextBytes(data);
            Trickle source = new Trickle(data, round, null);
            try (ReadAheadInputStream in = new ReadAheadInputStream(source, "test", 1 + random.nextInt(70_000), 2 + random.nextInt(4))) {
                assertThat(readAll(in, random)).isEqualTo(data);
                assertThat(in.read()).isEqualTo(-1);
            }
            assertThat(source.isClosed).isTrue();
        }
    }

    @Test
    void anInputFailureIsThrownAfterTheBytesBeforeIt() throws IOException {
        byte[] data = new byte[100_000];
        new SplittableRandom(3).nextBytes(data);
        IOException failure = new IOException("x.gz: corrupt or truncated gzip data: unexpected end");
        try (ReadAheadInputStream in = new ReadAheadInputStream(new Trickle(data, 1, failure), "test", 4096, 3)) {
            byte[] got = in.readNBytes(data.length);
            assertThat(got).isEqualTo(data);
            assertThatThrownBy(in::read).isSameAs(failure);
        }
    }

    @Test
    void closingEarlyStopsTheReadAheadAndClosesTheInput() throws IOException {
        byte[] data = new byte[5_000_000];
        Trickle source = new Trickle(data, 2, null);
        ReadAheadInputStream in = new ReadAheadInputStream(source, "test", 1024, 2);
        assertThat(in.read(new byte[10])).isEqualTo(10);
        in.close();
        assertThat(source.isClosed).isTrue();
        assertThat(Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("test") && t.isAlive())).isEmpty();
    }
}
