package dev.ladder.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DataFileTest {
    @TempDir
    Path dir;

    /** Longer than a tar block, with CRLF, a blank line and no final newline. */
    private static final String TEXT = "{\"op\":\"mcm\",\"pt\":1}\r\n\n" + "{\"x\":\"é\"}\n".repeat(100) + "last";

    // ------------------------------------------------------------------ formats

    @ParameterizedTest
    @EnumSource(Compression.class)
    void eachCompressionIsFoundByItsMagicBytesWhateverTheName(Compression c) throws IOException {
        byte[] text = bytes(TEXT);
        Path file = Files.write(dir.resolve("data.json"), compress(c, text));
        try (DataFile f = DataFile.open(file)) {
            assertThat(f.compression()).isEqualTo(c);
            assertThat(f.isArchive()).isFalse();
            DataFile.Entry e = f.next();
            assertThat(e.name()).isNull();
            assertThat(e.source()).isEqualTo(file.toString());
            assertThat(e.compression()).isEqualTo(c);
            assertThat(e.content().readAllBytes()).isEqualTo(text);
            assertThat(f.next()).isNull();
        }
    }

    @Test
    void concatenatedMembersStreamsAndFramesAreAllRead() throws IOException {
        byte[] a = bytes("first part\n");
        byte[] b = bytes("second part\n");
        for (Compression c : List.of(Compression.GZIP, Compression.BZIP2, Compression.ZSTD)) {
            Path file = Files.write(dir.resolve("two-" + c), concat(compress(c, a), compress(c, b)));
            assertThat(readConcatenated(file)).as(c.label()).isEqualTo("first part\nsecond part\n");
        }
    }

    @Test
    void layersWithinLayersAreOpened() throws IOException {
        byte[] text = bytes(TEXT);
        Path file = Files.write(dir.resolve("layers"), gzip(bzip2(zstd(text))));
        try (DataFile f = DataFile.open(file)) {
            assertThat(f.compression()).isEqualTo(Compression.GZIP);
            assertThat(f.next().content().readAllBytes()).isEqualTo(text);
        }
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void aTarPlainOrCompressedYieldsItsEntriesEachInAnyFormatAndNestedTars(Compression outer) throws IOException {
        byte[] inner = tar(List.of(new Item("deep/f.bz2", bzip2(bytes("f1\nf2\n"))), new Item("g", bytes("g1")))).toByteArray();
        byte[] archive = tar(List.of(
                new Item("BASIC/2017/", null),
                new Item("BASIC/2017/a.txt", bytes("a1\na2")),
                new Item("BASIC/2017/b.gz", gzip(bytes("b1\n"))),
                new Item("BASIC/2017/c.bz2", bzip2(bytes("c1\nc2\n"))),
                new Item("BASIC/2017/d.zst", zstd(bytes("d1\n"))),
                new Item("BASIC/2017/e", gzip(bytes("e1\n"))),
                new Item("BASIC/2017/empty.bz2", new byte[0]),
                new Item("nested.tar.gz", gzip(inner)))).toByteArray();
        Path file = Files.write(dir.resolve("market.tar"), compress(outer, archive));

        List<String> seen = new ArrayList<>();
        try (DataFile f = DataFile.open(file)) {
            assertThat(f.isArchive()).isTrue();
            assertThat(f.compression()).isEqualTo(outer);
            DataFile.Entry e;
            while ((e = f.next()) != null) {
                assertThat(e.source()).isEqualTo(file + "!" + e.name());
                seen.add(e.name() + " " + e.compression().label() + " " + new String(e.content().readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertThat(seen).containsExactly(
                "BASIC/2017/a.txt plain a1\na2",
                "BASIC/2017/b.gz gzip b1\n",
                "BASIC/2017/c.bz2 bzip2 c1\nc2\n",
                "BASIC/2017/d.zst zstd d1\n",
                "BASIC/2017/e gzip e1\n",
                "BASIC/2017/empty.bz2 plain ",
                "nested.tar.gz!deep/f.bz2 bzip2 f1\nf2\n",
                "nested.tar.gz!g plain g1");
        assertThat(readConcatenated(file)).isEqualTo("a1\na2\nb1\nc1\nc2\nd1\ne1\nf1\nf2\ng1");
    }

    @Test
    void concatenationPutsALineFeedBetweenEntriesOnlyWhereOneIsMissing() throws IOException {
        Path file = Files.write(dir.resolve("t.tar"), tar(List.of(new Item("1", bytes("a\nb")), new Item("2", bytes("c\n")),
                new Item("3", new byte[0]), new Item("4", bytes("d")), new Item("5", bytes("e\r\n")))).toByteArray());
        assertThat(readConcatenated(file)).isEqualTo("a\nb\nc\nd\ne\r\n");
        Path single = Files.writeString(dir.resolve("no-final-newline"), "x\ny");
        assertThat(readConcatenated(single)).as("a single entry is left as it is").isEqualTo("x\ny");
    }

    // ------------------------------------------------------------------ magic bytes against names

    @Test
    void magicBytesWinOverTheName() throws IOException {
        Path textNamedGz = Files.writeString(dir.resolve("really-text.gz"), TEXT);
        try (DataFile f = DataFile.open(textNamedGz)) {
            assertThat(f.compression()).isEqualTo(Compression.NONE);
            assertThat(new String(f.next().content().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(TEXT);
        }
        Path zstdNamedBz2 = Files.write(dir.resolve("really-zstd.bz2"), zstd(bytes(TEXT)));
        try (DataFile f = DataFile.open(zstdNamedBz2)) {
            assertThat(f.compression()).isEqualTo(Compression.ZSTD);
            assertThat(new String(f.next().content().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(TEXT);
        }
        Path emptyGz = Files.write(dir.resolve("empty.gz"), new byte[0]);
        assertThat(readConcatenated(emptyGz)).as("an empty file is empty text").isEmpty();
        Path textNamedTar = Files.writeString(dir.resolve("not-a.tar"), "x".repeat(2000));
        try (DataFile f = DataFile.open(textNamedTar)) {
            assertThat(f.isArchive()).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "BZIP2", "ZSTD"})
    void randomBytesUnderACompressedNameAreNotThatFormatNeverText(Compression c) throws IOException {
        byte[] random = random(10_000, 7);
        String suffix = switch (c) {
            case GZIP -> ".gz";
            case BZIP2 -> ".bz2";
            case ZSTD -> ".zst";
            case NONE -> throw new AssertionError();
        };
        Path file = Files.write(dir.resolve("random" + suffix), random);
        assertThatThrownBy(() -> DataFile.open(file)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(file + ": not " + c.label() + ":").hasMessageContaining("not text");

        Path archive = Files.write(dir.resolve("r.tar"), tar(List.of(new Item("ok", bytes("fine\n")), new Item("bad" + suffix, random))).toByteArray());
        try (DataFile f = DataFile.open(archive)) {
            assertThat(f.next().content().readAllBytes()).isEqualTo(bytes("fine\n"));
            assertThatThrownBy(f::next).isInstanceOf(IOException.class).hasMessageStartingWith(archive + "!bad" + suffix + ": not " + c.label());
        }
    }

    @Test
    void randomBytesUnderANeutralNamePassThroughForTheirReaderToJudge() throws IOException {
        byte[] random = random(10_000, 11);
        random[0] = 0x42;
        Path file = Files.write(dir.resolve("random.bin"), random);
        try (DataFile f = DataFile.open(file)) {
            assertThat(f.compression()).isEqualTo(Compression.NONE);
            assertThat(f.next().content().readAllBytes()).isEqualTo(random);
        }
    }

    // ------------------------------------------------------------------ broken input

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"GZIP", "BZIP2", "ZSTD"})
    void truncatedCompressedDataIsAClearIOException(Compression c) throws IOException {
        byte[] whole = compress(c, random(200_000, 3));
        Path file = Files.write(dir.resolve("cut.data"), Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> readConcatenated(file)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(file + ": corrupt or truncated " + c.label() + " data");
    }

    @Test
    void corruptGzipDataIsAClearIOException() throws IOException {
        byte[] gz = gzip(bytes(TEXT.repeat(20)));
        for (int i = gz.length / 2; i < gz.length / 2 + 16; i++) {
            gz[i] ^= 0x5a;
        }
        Path file = Files.write(dir.resolve("bad.gz"), gz);
        assertThatThrownBy(() -> readConcatenated(file)).isInstanceOf(IOException.class)
                .hasMessageStartingWith(file + ": corrupt or truncated gzip data");
    }

    @Test
    void aTruncatedTarIsAClearIOExceptionNamingTheEntry() throws IOException {
        byte[] archive = tar(List.of(new Item("one", bytes("1\n")), new Item("two.bz2", bzip2(random(50_000, 5))))).toByteArray();
        Path file = Files.write(dir.resolve("cut.tar.gz"), gzip(Arrays.copyOf(archive, 1024 + 512 + 10_000)));
        try (DataFile f = DataFile.open(file)) {
            assertThat(f.next().content().readAllBytes()).isEqualTo(bytes("1\n"));
            // the entry's first bzip2 block is cut, so opening it already fails
            assertThatThrownBy(() -> f.next().content().readAllBytes()).isInstanceOf(IOException.class)
                    .hasMessageStartingWith(file + "!two.bz2: corrupt or truncated tar archive");
        }
        Path plainEntry = Files.write(dir.resolve("cut-plain.tar"), Arrays.copyOf(
                tar(List.of(new Item("big.txt", bytes(TEXT.repeat(50))))).toByteArray(), 512 + 10_000));
        try (DataFile f = DataFile.open(plainEntry)) {
            DataFile.Entry big = f.next();
            assertThatThrownBy(() -> big.content().readAllBytes()).isInstanceOf(IOException.class)
                    .hasMessageStartingWith(plainEntry + "!big.txt: corrupt or truncated tar archive");
        }
    }

    @Test
    void aMissingFileAndUseAfterCloseFailClearly() throws IOException {
        assertThatThrownBy(() -> DataFile.open(dir.resolve("missing.gz"))).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("missing.gz");
        DataFile f = DataFile.open(Files.writeString(dir.resolve("x"), "x"));
        f.close();
        f.close();
        assertThatThrownBy(f::next).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void aStreamIsOpenedLikeAFileAndLeftOpenForItsCaller() throws IOException {
        boolean[] isClosed = {false};
        InputStream in = new ByteArrayInputStream(bzip2(bytes(TEXT))) {
            @Override
            public void close() {
                isClosed[0] = true;
            }
        };
        try (DataFile f = DataFile.open(in, "stream.bz2")) {
            DataFile.Entry e = f.next();
            assertThat(e.source()).isEqualTo("stream.bz2");
            assertThat(e.content().readAllBytes()).isEqualTo(bytes(TEXT));
        }
        assertThat(isClosed[0]).isFalse();
    }

    // ------------------------------------------------------------------ helpers

    static String readConcatenated(Path file) throws IOException {
        try (InputStream in = DataFile.openConcatenated(file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    record Item(String name, byte[] data) {
    }

    static ByteArrayOutputStream tar(List<Item> items) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(bo)) {
            t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Item i : items) {
                TarArchiveEntry e = new TarArchiveEntry(i.name);
                if (i.data != null) {
                    e.setSize(i.data.length);
                }
                t.putArchiveEntry(e);
                if (i.data != null) {
                    t.write(i.data);
                }
                t.closeArchiveEntry();
            }
        }
        return bo;
    }

    static byte[] compress(Compression c, byte[] data) throws IOException {
        return switch (c) {
            case NONE -> data;
            case GZIP -> gzip(data);
            case BZIP2 -> bzip2(data);
            case ZSTD -> zstd(data);
        };
    }

    static byte[] gzip(byte[] in) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (OutputStream o = new GZIPOutputStream(bo)) {
            o.write(in);
        }
        return bo.toByteArray();
    }

    static byte[] bzip2(byte[] in) throws IOException {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (OutputStream o = new BZip2CompressorOutputStream(bo)) {
            o.write(in);
        }
        return bo.toByteArray();
    }

    static byte[] zstd(byte[] in) {
        return Zstd.compress(in, 3);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
