package dev.ladder.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.core.SharedData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** libbz2 through the FFM API gives the bytes commons-compress gives, and fails where it fails. */
class NativeBzip2InputStreamTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void needsLibbz2() {
        Assumptions.assumeTrue(NativeBzip2InputStream.isAvailable(), "libbz2 is not installed");
    }

    private static byte[] drain(InputStream in, SplittableRandom random) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[100_000];
        int n;
        while ((n = in.read(buf, 0, 1 + random.nextInt(buf.length))) >= 0) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static byte[] compress(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BZip2CompressorOutputStream z = new BZip2CompressorOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }

    @Test
    void everySharedBzip2FileDecompressesToTheBytesCommonsCompressGives() throws IOException {
        Path dir = SharedData.resolve("data/betfair");
        Assumptions.assumeTrue(dir != null, SharedData.skipReason("data/betfair"));
        SplittableRandom random = new SplittableRandom(5);
        int files = 0;
        try (var list = Files.list(dir)) {
            for (Path f : list.filter(p -> p.toString().endsWith(".bz2")).sorted().toList()) {
                byte[] raw = Files.readAllBytes(f);
                byte[] expected = new BZip2CompressorInputStream(new ByteArrayInputStream(raw), true).readAllBytes();
                try (NativeBzip2InputStream in = new NativeBzip2InputStream(new ByteArrayInputStream(raw))) {
                    assertThat(drain(in, random)).as(f.toString()).isEqualTo(expected);
                }
                files++;
            }
        }
        assertThat(files).isEqualTo(5);
    }

    @Test
    void concatenatedStreamsAreReadOneAfterAnother() throws IOException {
        SplittableRandom random = new SplittableRandom(9);
        byte[] a = new byte[2_500_000];
        byte[] b = new byte[1234];
        for (int i = 0; i < a.length; i++) {
            a[i] = (byte) ('a' + random.nextInt(6));
        }
        random.nextBytes(b);
        byte[] both = new byte[0];
        both = concat(compress(a), compress(b));
        try (NativeBzip2InputStream in = new NativeBzip2InputStream(new ByteArrayInputStream(both))) {
            assertThat(drain(in, random)).isEqualTo(concat(a, b));
        }
    }

    @Test
    void truncatedCorruptAndTrailingGarbageFailThroughDataFileNamingTheFile() throws IOException {
        byte[] data = new byte[300_000];
        new SplittableRandom(4).nextBytes(data);
        byte[] z = compress(data);
        Path truncated = tmp.resolve("cut.bz2");
        Files.write(truncated, Arrays.copyOf(z, z.length / 2));
        assertThatThrownBy(() -> read(truncated)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(truncated + ": corrupt or truncated bzip2");
        byte[] flipped = z.clone();
        flipped[z.length / 3] ^= 0x10;
        Path corrupt = tmp.resolve("flip.bz2");
        Files.write(corrupt, flipped);
        assertThatThrownBy(() -> read(corrupt)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(corrupt + ": corrupt or truncated bzip2");
        Path garbage = tmp.resolve("garbage.bz2");
        Files.write(garbage, concat(z, "not bzip2 at all".getBytes()));
        assertThatThrownBy(() -> read(garbage)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(garbage + ": corrupt or truncated bzip2");
        Path whole = tmp.resolve("whole.bz2");
        Files.write(whole, z);
        assertThat(read(whole)).isEqualTo(data);
    }

    private static byte[] read(Path file) throws IOException {
        try (DataFile f = DataFile.open(file)) {
            return f.next().content().readAllBytes();
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
