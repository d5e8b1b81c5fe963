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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parallel bzip2 stream gives exactly the serial stream's bytes, and exactly its errors after the
 * same bytes, on real, generated, concatenated, crafted, truncated and corrupt files.
 */
class ParallelBzip2InputStreamTest {
    @TempDir
    Path tmp;

    @BeforeEach
    void needsLibbz2() {
        Assumptions.assumeTrue(NativeBzip2InputStream.isAvailable(), "libbz2 is not installed");
    }

    /** What a stream gave before it ended or failed, and its failure's message (or {@code null}). */
    private record Outcome(byte[] bytes, String error) {
    }

    private static Outcome drain(InputStream in, SplittableRandom random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[300_000];
        try (in) {
            int n;
            while ((n = in.read(buf, 0, 1 + random.nextInt(buf.length))) >= 0) {
                out.write(buf, 0, n);
            }
            return new Outcome(out.toByteArray(), null);
        } catch (IOException e) {
            return new Outcome(out.toByteArray(), e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static Outcome serial(Path file) throws IOException {
        return drain(new NativeBzip2InputStream(new ByteArrayInputStream(Files.readAllBytes(file))), new SplittableRandom(1));
    }

    /** Reads {@code file} in parallel, checks it against the serial stream and returns the parallel stream. */
    private static ParallelBzip2InputStream assertSameAsSerial(Path file, int window, SplittableRandom random) throws IOException {
        Outcome expected = serial(file);
        ParallelBzip2InputStream p = new ParallelBzip2InputStream(file, window);
        Outcome actual = drain(p, random);
        assertThat(actual.error).as(file + " error").isEqualTo(expected.error);
        assertThat(actual.bytes.length).as(file + " length").isEqualTo(expected.bytes.length);
        assertThat(Arrays.equals(actual.bytes, expected.bytes)).as(file + " bytes").isTrue();
        return p;
    }

    private static byte[] compress(byte[] data, int level) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BZip2CompressorOutputStream z = new BZip2CompressorOutputStream(out, level)) {
            z.write(data);
        }
        return out.toByteArray();
    }

    /** Text-like bytes: words from a small alphabet, so blocks are full and compress well. */
    private static byte[] text(SplittableRandom random, int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            int r = random.nextInt(40);
            b[i] = (byte) (r < 6 ? ' ' : r == 6 ? '\n' : 'a' + r % 17);
        }
        return b;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path f = tmp.resolve(name);
        Files.write(f, bytes);
        return f;
    }

    @Test
    void everySharedBzip2FileReadsAsTheSerialStreamReadsIt() throws IOException {
        Path dir = SharedData.resolve("data/betfair");
        Assumptions.assumeTrue(dir != null, SharedData.skipReason("data/betfair"));
        SplittableRandom random = new SplittableRandom(7);
        int files = 0;
        int blocks = 0;
        try (var list = Files.list(dir)) {
            for (Path f : list.filter(p -> p.toString().endsWith(".bz2")).sorted().toList()) {
                ParallelBzip2InputStream p = assertSameAsSerial(f, 1 + random.nextInt(4), random);
                assertThat(p.isSerial()).as(f + " read in parallel to the end").isFalse();
                blocks += p.parallelBlocks();
                files++;
            }
        }
        assertThat(files).isEqualTo(5);
        assertThat(blocks).as("blocks decompressed in parallel").isGreaterThan(files);
    }

    @Test
    void multiBlockFilesAtEveryLevelReadInParallel() throws IOException {
        SplittableRandom random = new SplittableRandom(11);
        for (int level = 1; level <= 9; level++) {
            byte[] data = text(random, 250_000 * level + random.nextInt(100_000));
            Path f = write("level" + level + ".bz2", compress(data, level));
            ParallelBzip2InputStream p = assertSameAsSerial(f, 1 + random.nextInt(5), random);
            assertThat(p.isSerial()).isFalse();
            assertThat(p.parallelBlocks()).as("level " + level).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void filesMadeByTheBzip2ToolReadInParallel() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/bzip2")) || Files.isExecutable(Path.of("/bin/bzip2")),
                "bzip2 is not installed");
        SplittableRandom random = new SplittableRandom(12);
        for (int level : new int[] {1, 5, 9}) {
            Path plain = write("tool" + level, text(random, 1_200_000 + random.nextInt(300_000)));
            Process proc = new ProcessBuilder("bzip2", "-" + level, plain.toString()).inheritIO().start();
            assertThat(proc.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(proc.exitValue()).isZero();
            ParallelBzip2InputStream p = assertSameAsSerial(tmp.resolve("tool" + level + ".bz2"), 3, random);
            assertThat(p.isSerial()).isFalse();
            assertThat(p.parallelBlocks()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void concatenatedStreamsOfDifferentLevelsAndAnEmptyStreamReadInParallel() throws IOException {
        SplittableRandom random = new SplittableRandom(13);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        for (int level : new int[] {9, 1, 4, 2}) {
            byte[] data = text(random, 150_000 + random.nextInt(400_000));
            plain.write(data);
            all.write(compress(data, level));
            if (level == 1) {
                all.write(compress(new byte[0], 3));
            }
        }
        Path f = write("multi.bz2", all.toByteArray());
        ParallelBzip2InputStream p = assertSameAsSerial(f, 2, random);
        assertThat(p.isSerial()).isFalse();
        assertThat(p.parallelBlocks()).isGreaterThanOrEqualTo(5);
        try (InputStream in = new ParallelBzip2InputStream(f, 4)) {
            assertThat(in.readAllBytes()).isEqualTo(plain.toByteArray());
        }
    }

    /** Random data, random levels, random stream counts and windows: always the serial bytes. */
    @Test
    void randomFilesReadAsTheSerialStreamReadsThem() throws IOException {
        SplittableRandom random = new SplittableRandom(17);
        for (int round = 0; round < 12; round++) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            int streams = 1 + random.nextInt(3);
            for (int s = 0; s < streams; s++) {
                byte[] data = random.nextInt(3) == 0 ? new byte[random.nextInt(50_000)] : text(random, random.nextInt(700_000));
                if (random.nextBoolean()) {
                    random.nextBytes(data);
                }
                all.write(compress(data, 1 + random.nextInt(9)));
            }
            Path f = write("random" + round + ".bz2", all.toByteArray());
            ParallelBzip2InputStream p = assertSameAsSerial(f, 1 + random.nextInt(6), random);
            assertThat(p.isSerial()).as("round " + round).isFalse();
        }
    }

    /**
     * A block's symbol map is a bitmap of the byte values it holds (16 bits saying which ranges of 16
     * values are used, then 16 bits per used range), so a block holding exactly the right byte values
     * carries the block magic 0x314159265359 in its header, 185 bits after its real start: every block
     * of this file has a false split in it. The cut-out block fails libbz2's checks and the file is
     * read serially from the first byte not handed out, with the same bytes.
     */
    @Test
    void aBlockMagicInsideCompressedDataIsCaughtAndReadSerially() throws IOException {
        int[] words = new int[16];
        for (int r = 0; r < 16; r++) {
            words[r] = 0x8000;
        }
        words[4] = 0x3141;
        words[5] = 0x5926;
        words[6] = 0x5359;
        List<Byte> values = new ArrayList<>();
        for (int r = 0; r < 16; r++) {
            for (int k = 0; k < 16; k++) {
                if ((words[r] >>> (15 - k) & 1) != 0) {
                    values.add((byte) (16 * r + k));
                }
            }
        }
        SplittableRandom random = new SplittableRandom(19);
        byte[] data = new byte[2_500_000];
        for (int i = 0; i < data.length; i++) {
            byte b;
            do {
                b = values.get(random.nextInt(values.size()));
            } while (i > 0 && b == data[i - 1]);
            data[i] = b;
        }
        Path f = write("falsemagic.bz2", compress(data, 9));
        long falseMagic;
        try (ParallelBzip2InputStream scan = new ParallelBzip2InputStream(f, 1)) {
            long first = scan.findMagic(32);
            assertThat(first).as("the first block starts after the header").isEqualTo(32);
            falseMagic = scan.findMagic(first + 80);
            assertThat(falseMagic).as("the magic in the first block's symbol map").isEqualTo(32 + 185);
        }
        ParallelBzip2InputStream p = assertSameAsSerial(f, 3, random);
        assertThat(p.isSerial()).as("fell back to serial").isTrue();
        try (InputStream in = new ParallelBzip2InputStream(f, 2)) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void truncatedCorruptAndTrailingGarbageFailAsTheSerialStreamFailsAfterTheSameBytes() throws IOException {
        SplittableRandom random = new SplittableRandom(23);
        byte[] z = compress(text(random, 1_000_000), 1);
        List<Path> files = new ArrayList<>();
        for (int cut : new int[] {4, 5, 20, z.length / 3, z.length / 2, z.length - 11, z.length - 1}) {
            files.add(write("cut" + cut + ".bz2", Arrays.copyOf(z, cut)));
        }
        for (int at : new int[] {10, z.length / 4, z.length / 2, z.length - 6, z.length - 3}) {
            byte[] flipped = z.clone();
            flipped[at] ^= 0x10;
            files.add(write("flip" + at + ".bz2", flipped));
        }
        byte[] garbage = Arrays.copyOf(z, z.length + 16);
        System.arraycopy("not bzip2 at all".getBytes(), 0, garbage, z.length, 16);
        files.add(write("garbage.bz2", garbage));
        byte[] twoAndHeader = Arrays.copyOf(z, 2 * z.length + 4);
        System.arraycopy(z, 0, twoAndHeader, z.length, z.length);
        System.arraycopy("BZh9".getBytes(), 0, twoAndHeader, 2 * z.length, 4);
        files.add(write("twoandheader.bz2", twoAndHeader));
        for (Path f : files) {
            assertSameAsSerial(f, 1 + random.nextInt(4), random);
            assertThat(serial(f).error).as(f + " fails serially").isNotNull();
        }
    }

    /** Random cuts, bit flips, inserted and repeated bytes anywhere: the serial stream's bytes and error. */
    @Test
    void randomDamageGivesTheSerialStreamsBytesAndError() throws IOException {
        SplittableRandom random = new SplittableRandom(37);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(compress(text(random, 900_000), 2));
        all.write(compress(text(random, 500_000), 1));
        byte[] z = all.toByteArray();
        for (int round = 0; round < 30; round++) {
            byte[] damaged;
            int at = random.nextInt(z.length);
            switch (round % 4) {
                case 0 -> damaged = Arrays.copyOf(z, at);
                case 1 -> {
                    damaged = z.clone();
                    damaged[at] ^= (byte) (1 << random.nextInt(8));
                }
                case 2 -> {
                    byte[] extra = new byte[1 + random.nextInt(20)];
                    random.nextBytes(extra);
                    damaged = new byte[z.length + extra.length];
                    System.arraycopy(z, 0, damaged, 0, at);
                    System.arraycopy(extra, 0, damaged, at, extra.length);
                    System.arraycopy(z, at, damaged, at + extra.length, z.length - at);
                }
                default -> {
                    int len = Math.min(z.length - at, 1 + random.nextInt(5000));
                    damaged = new byte[z.length + len];
                    System.arraycopy(z, 0, damaged, 0, at + len);
                    System.arraycopy(z, at, damaged, at + len, z.length - at);
                }
            }
            assertSameAsSerial(write("damaged" + round + ".bz2", damaged), 1 + random.nextInt(4), random);
        }
    }

    @Test
    void closingMidwayCancelsTheBlocksInFlightAndReadingAfterCloseFails() throws IOException {
        SplittableRandom random = new SplittableRandom(31);
        byte[] data = text(random, 2_000_000);
        Path f = write("close.bz2", compress(data, 1));
        ParallelBzip2InputStream p = new ParallelBzip2InputStream(f, 6);
        assertThat(p.readNBytes(150_000)).isEqualTo(Arrays.copyOf(data, 150_000));
        p.close();
        p.close();
        assertThat(p.isSerial()).isFalse();
        assertThatThrownBy(p::read).isInstanceOf(IOException.class).hasMessage("stream closed");
        try (InputStream again = new ParallelBzip2InputStream(f, 2)) {
            assertThat(again.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void dataFileReadsLargeBzip2FilesInParallelAndNamesTheFileInErrors() throws IOException {
        Assumptions.assumeTrue(ParallelBzip2InputStream.pays(ParallelBzip2InputStream.MIN_PARALLEL_BYTES), "one core only");
        SplittableRandom random = new SplittableRandom(29);
        byte[] data = new byte[1_500_000];
        random.nextBytes(data);
        byte[] z = compress(data, 5);
        assertThat((long) z.length).isGreaterThanOrEqualTo(ParallelBzip2InputStream.MIN_PARALLEL_BYTES);
        Path whole = write("whole.bz2", z);
        try (DataFile d = DataFile.open(whole)) {
            assertThat(d.compression()).isEqualTo(Compression.BZIP2);
            assertThat(d.next().content().readAllBytes()).isEqualTo(data);
        }
        Path cut = write("cut.bz2", Arrays.copyOf(z, z.length - 100));
        try (DataFile d = DataFile.open(cut)) {
            InputStream in = d.next().content();
            Outcome o = drain(in, random);
            assertThat(o.error).startsWith("DataFileException: " + cut + ": corrupt or truncated bzip2 data: ");
            assertThat(o.bytes).isEqualTo(Arrays.copyOf(data, o.bytes.length));
        }
    }
}
