package dev.ladder.server.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.core.InstrumentId;
import dev.ladder.core.Venue;
import dev.ladder.journal.JournalCursor;
import dev.ladder.journal.JournalReader;
import dev.ladder.journal.ProgressMeter;
import dev.ladder.server.testing.Fixtures;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays and books at a time through the Binance decoder and sync on the real BTCUSDT capture
 * imported as a journal (1 MB segments, a {@code #book} every 5 s), read ahead from the first record
 * on a second thread and read on the calling thread alone: the same books (checksums, counters,
 * divergences), the same records per stream and the same skipped ranges, intact and damaged.
 */
class ReadAheadReplayTest {
    private static final InstrumentId ID = InstrumentId.of(Venue.BINANCE, "BTCUSDT");

    @TempDir
    static Path root;
    static Path intact;
    static Path damaged;

    @BeforeAll
    static void importJournal() throws IOException {
        intact = Fixtures.importBtcusdt(root.resolve("intact"), "1m");
        damaged = root.resolve("damaged");
        Path from = intact.resolve("binance").resolve("BTCUSDT");
        Path to = damaged.resolve("binance").resolve("BTCUSDT");
        Files.createDirectories(to);
        List<Path> sealed = new ArrayList<>();
        Path log = null;
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : s.sorted().toList()) {
                Files.copy(p, to.resolve(p.getFileName()));
                if (p.toString().endsWith(".log.zst")) {
                    sealed.add(to.resolve(p.getFileName()));
                } else if (p.toString().endsWith(".log")) {
                    log = to.resolve(p.getFileName());
                }
            }
        }
        assertThat(sealed).hasSizeGreaterThan(4);
        xor(sealed.get(1), Files.size(sealed.get(1)) / 2, 16);
        Files.delete(sealed.get(3));
        xor(log, Files.size(log) / 2, 2);
    }

    static void xor(Path f, long offset, int n) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            for (int i = 0; i < n; i++) {
                raf.seek(offset + i);
                int b = raf.read();
                raf.seek(offset + i);
                raf.write(b ^ 0x5A);
            }
        }
    }

    /** What a whole replay ends with: the book's line, records applied, damage skipped. */
    static List<Object> replay(JournalReader reader, long from, long to) throws Exception {
        ProgressMeter quiet = ProgressMeter.to(new PrintStream(OutputStream.nullOutputStream()), "replay", 0);
        JournalReplay.Result r = JournalReplay.replay(reader, List.of(ID), from, to, 0, quiet);
        return List.of(JournalReplay.describe(ID, r.targets().get(ID), r.records().get(ID)), r.records(), r.total(), r.damage());
    }

    /** The book at {@code at}: the replay outcome and the book's line. */
    static List<Object> bookAt(JournalReader reader, long at) throws IOException {
        BinanceBookTarget t = new BinanceBookTarget("BTCUSDT", false);
        JournalReader.Replay r = reader.replayTo(ID, at, t);
        return List.of(r, t.describe(ID, r.applied()));
    }

    static long[] span(Path journal) throws IOException {
        try (JournalCursor c = new JournalReader(journal).readAhead(-1).cursor(ID, Long.MIN_VALUE, Long.MAX_VALUE)) {
            assertThat(c.next()).isTrue();
            long first = c.receiveNanos();
            long last = first;
            while (c.next()) {
                last = c.receiveNanos();
            }
            return new long[] {first, last};
        }
    }

    @Test
    void replaysAndBooksAtAnyTimeEqualTheSerialOnes() throws Exception {
        for (Path j : List.of(intact, damaged)) {
            long[] s = span(intact);
            long d = s[1] - s[0];
            List<long[]> ranges = List.of(new long[] {Long.MIN_VALUE, Long.MAX_VALUE}, new long[] {s[0] + d / 3, s[0] + d * 2 / 3},
                    new long[] {s[0] + d / 2, Long.MAX_VALUE});
            for (long[] range : ranges) {
                List<Object> serial = replay(new JournalReader(j).readAhead(-1), range[0], range[1]);
                assertThat(replay(new JournalReader(j).readAhead(0), range[0], range[1])).as("%s %d..%d", j, range[0], range[1])
                        .isEqualTo(serial);
                assertThat(replay(new JournalReader(j), range[0], range[1])).isEqualTo(serial);
            }
            for (int k = 1; k <= 9; k++) {
                long at = s[0] + d * k / 10;
                assertThat(bookAt(new JournalReader(j).readAhead(0), at)).as("%s at %d", j, at)
                        .isEqualTo(bookAt(new JournalReader(j).readAhead(-1), at));
            }
            if (j == damaged) {
                List<Object> whole = replay(new JournalReader(j), Long.MIN_VALUE, Long.MAX_VALUE);
                assertThat((List<?>) whole.get(3)).hasSizeGreaterThanOrEqualTo(3);
            }
        }
    }
}
