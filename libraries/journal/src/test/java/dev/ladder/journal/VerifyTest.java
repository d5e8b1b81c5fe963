package dev.ladder.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.core.InstrumentId;
import dev.ladder.core.Venue;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyTest {
    static final InstrumentId ID = InstrumentId.of(Venue.BINANCE, "BTCUSDT");

    @TempDir
    Path dir;
    Path stream;
    List<Path> sealed;

    @BeforeEach
    void write() throws IOException {
        JournalConfig cfg = JournalConfig.defaults(dir).withSegments(64 << 10, JournalConfig.DEFAULT_SEGMENT_NANOS).withIndexInterval(4 << 10);
        try (Journal j = Journal.open(cfg)) {
            JournalWriter w = j.writer(ID);
            for (int i = 0; i < 8_000; i++) {
                w.append(1_000_000L + i, SynthBook.message(9, i));
            }
        }
        stream = SegmentFiles.streamDir(dir, ID);
        try (Stream<Path> s = Files.list(stream)) {
            sealed = s.filter(p -> p.toString().endsWith(".log.zst")).sorted().toList();
        }
        assertThat(sealed).hasSizeGreaterThan(1);
        assertThat(JournalVerifier.verify(dir).problems()).isEmpty();
    }

    private static void poke(Path file, long offset, byte b) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {b}), offset);
        }
    }

    @Test
    void corruptCompressedFrameIsDamageNamingFileAndOffset() throws IOException {
        Path zst = sealed.get(1);
        List<String> idx = Files.readAllLines(Path.of(zst + ".idx"));
        long frame2 = Long.parseLong(idx.get(2).split(" ")[3]);
        poke(zst, frame2 + 20, (byte) 0x55);
        JournalVerifier.Report r = JournalVerifier.verify(dir);
        assertThat(r.isOk()).isFalse();
        assertThat(r.problems()).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo(zst);
            assertThat(p.offset()).isEqualTo(frame2);
            assertThat(p.isDamage()).isTrue();
        });
    }

    @Test
    void indexEntryNotAtALineStartIsDamage() throws IOException {
        Path log = SegmentFiles.log(stream, Long.parseLong(Files.readAllLines(Path.of(sealed.getLast() + ".idx")).getLast().split(" ")[4]));
        Path idx = Path.of(log + ".idx");
        assertThat(log).exists();
        Files.writeString(idx, "1002999 2999 17 17 i\n", StandardOpenOption.APPEND);
        JournalVerifier.Report r = JournalVerifier.verify(dir);
        assertThat(r.isOk()).isFalse();
        assertThat(r.problems()).anySatisfy(p -> assertThat(p.file()).isEqualTo(idx));
    }

    @Test
    void timeGoingBackInASealedSegmentIsDamage() throws IOException {
        // rewrite a sealed segment whose second line goes back in time, with a consistent index
        Path zst = sealed.getFirst();
        long base = 0;
        byte[] raw = "10 a\n9 b\n".getBytes();
        byte[] comp = com.github.luben.zstd.Zstd.compress(raw);
        Files.write(zst, comp);
        SegmentIndex idx = new SegmentIndex(List.of(new IndexEntry(10, base, 0, 0, false)),
                new SegmentIndex.End(10, 9, base, 2, raw.length, comp.length));
        Files.writeString(Path.of(zst + ".idx"), idx.text());
        JournalVerifier.Report r = JournalVerifier.verify(dir);
        assertThat(r.problems()).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo(zst);
            assertThat(p.offset()).isEqualTo(5);
            assertThat(p.message()).contains("goes back");
        });
    }

    @Test
    void missingSegmentIsASequenceGap() throws IOException {
        Files.delete(sealed.get(1));
        Files.delete(Path.of(sealed.get(1) + ".idx"));
        JournalVerifier.Report r = JournalVerifier.verify(dir);
        assertThat(r.isOk()).isFalse();
        assertThat(r.problems()).anySatisfy(p -> assertThat(p.message()).contains("previous one ends at"));
    }
}
