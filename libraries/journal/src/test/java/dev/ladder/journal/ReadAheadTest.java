package dev.ladder.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.core.InstrumentId;
import dev.ladder.core.SharedData;
import dev.ladder.core.Venue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The read-ahead cursor against the serial one on the real BTCUSDT capture written as a journal
 * (sealed zstd segments, an open one, {@code #gap} and {@code #book} lines): the same records, the
 * same damage at the same places between them, for any hand-over point and time range, on intact
 * and damaged copies; an I/O error of the reading thread reaches the caller after the same
 * records; closing early, and an exception of the caller, end the reading thread.
 */
class ReadAheadTest {
    static final InstrumentId ID = InstrumentId.of(Venue.BINANCE, "BTCUSDT");
    static final long[] HAND_OVER = {0, 1, 777, ReadAhead.BATCH_RECORDS, JournalReader.READ_AHEAD_AFTER};

    @TempDir
    static Path shared;
    static Path pristine;
    static long firstNs;
    static long lastNs;

    @TempDir
    Path tmp;

    @BeforeAll
    static void write() throws IOException {
        Path capture = SharedData.resolve("data/binance/btcusdt_20240808.gz");
        Assumptions.assumeTrue(capture != null, () -> SharedData.skipReason("data/binance/btcusdt_20240808.gz"));
        pristine = shared.resolve("pristine");
        SplittableRandom rnd = new SplittableRandom(5);
        JournalConfig cfg = JournalConfig.defaults(pristine).withSegments(1 << 20, JournalConfig.DEFAULT_SEGMENT_NANOS)
                .withIndexInterval(16 << 10);
        try (Journal j = Journal.open(cfg);
             BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(capture)),
                     StandardCharsets.UTF_8))) {
            JournalWriter w = j.writer(ID);
            String l;
            long last = 0;
            int n = 0;
            while ((l = r.readLine()) != null) {
                int sp = l.indexOf(' ');
                if (sp <= 0 || l.charAt(sp + 1) != '{') {
                    continue;
                }
                long ns = Math.max(last, Long.parseLong(l, 0, sp, 10));
                last = ns;
                if (rnd.nextInt(500) == 0) {
                    w.appendMarker(ns, RecordKind.GAP, "{\"n\":" + n + "}");
                }
                if (rnd.nextInt(2_000) == 0) {
                    byte[] blob = new byte[1 + rnd.nextInt(300_000)];
                    for (int i = 0; i < blob.length; i++) {
                        blob[i] = (byte) ('a' + rnd.nextInt(26));
                    }
                    w.appendBook(ns, blob);
                }
                w.append(ns, l.substring(sp + 1));
                n++;
            }
            assertThat(n).isGreaterThan(30_000);
        }
        try (JournalCursor c = new JournalReader(pristine).readAhead(-1).cursor(ID, Long.MIN_VALUE, Long.MAX_VALUE)) {
            assertThat(c.next()).isTrue();
            firstNs = c.receiveNanos();
            while (c.next()) {
                lastNs = c.receiveNanos();
            }
        }
        assertThat(sealedOf(pristine)).hasSizeGreaterThan(5);
    }

    /** Everything a cursor says, in order: records (every accessor) and damage between them. */
    static List<Object> events(JournalReader reader, long from, long to, boolean[] parallel) throws IOException {
        List<Object> out = new ArrayList<>();
        try (JournalCursor c = reader.cursor(ID, from, to)) {
            c.onDamage(out::add);
            while (c.next()) {
                out.add(c.seq() + " " + c.receiveNanos() + " " + c.kind() + " " + c.markerName() + " " + c.payloadLength()
                        + " " + c.line());
                assertThat(c.payloadBytes()).isEqualTo(java.util.Arrays.copyOfRange(c.buffer(), c.payloadOffset(),
                        c.payloadOffset() + c.payloadLength()));
                if (parallel != null && c.isReadingAhead()) {
                    parallel[0] = true;
                }
            }
            assertThat(c.damage()).isEqualTo(out.stream().filter(Damage.class::isInstance).toList());
            assertThat(c.next()).isFalse();
        }
        return out;
    }

    static void assertSameAsSerial(Path root, long from, long to) throws IOException {
        List<Object> serial = events(new JournalReader(root).readAhead(-1), from, to, null);
        long records = serial.stream().filter(e -> !(e instanceof Damage)).count();
        for (long after : HAND_OVER) {
            boolean[] parallel = {false};
            List<Object> ahead = events(new JournalReader(root).readAhead(after), from, to, parallel);
            assertThat(ahead).as("hand-over after %d records, %d..%d", after, from, to).isEqualTo(serial);
            assertThat(parallel[0]).as("a second thread read (after %d, %d records)", after, serial.size())
                    .isEqualTo(records > after);
        }
    }

    @Test
    void intactJournalGivesTheSameRecordsInTheSameOrderForAnyRange() throws IOException {
        long span = lastNs - firstNs;
        assertSameAsSerial(pristine, Long.MIN_VALUE, Long.MAX_VALUE);
        assertSameAsSerial(pristine, firstNs + span / 3, firstNs + span / 2);
        assertSameAsSerial(pristine, firstNs + span / 2, Long.MAX_VALUE);
        assertSameAsSerial(pristine, Long.MIN_VALUE, firstNs + span / 10);
    }

    @Test
    void damagedJournalGivesTheSameRecordsAndDamageAtTheSamePlaces() throws IOException {
        Path root = copy("damaged");
        List<Path> sealed = sealedOf(root);
        assertThat(sealed).hasSizeGreaterThan(3);
        // a frame that does not decompress, a checksum that fails in the open log, a segment gone, garbage at the end
        Path z = sealed.get(1);
        DamageTest.xor(z, Files.size(z) / 2, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        Files.delete(sealed.get(3));
        Path log = openLogOf(root);
        DamageTest.xor(log, Files.size(log) / 3, new byte[] {0x10});
        DamageTest.xor(log, Files.size(log) * 2 / 3, new byte[] {0x01, 0x01});
        DamageTest.append(log, "garbage without an end".getBytes(StandardCharsets.US_ASCII));
        List<Object> serial = events(new JournalReader(root).readAhead(-1), Long.MIN_VALUE, Long.MAX_VALUE, null);
        assertThat(serial.stream().filter(Damage.class::isInstance).count()).isGreaterThanOrEqualTo(3);
        long span = lastNs - firstNs;
        assertSameAsSerial(root, Long.MIN_VALUE, Long.MAX_VALUE);
        assertSameAsSerial(root, firstNs + span / 5, firstNs + span * 4 / 5);
    }

    @Test
    void randomFlipsAnywhereGiveTheSameAsSerial() throws IOException {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int round = 0; round < 4; round++) {
            Path root = copy("flips" + round);
            List<Path> files = new ArrayList<>(sealedOf(root));
            files.add(openLogOf(root));
            for (int k = 0; k < 6; k++) {
                Path f = files.get(rnd.nextInt(files.size()));
                DamageTest.xor(f, rnd.nextLong(Files.size(f)), new byte[] {(byte) (1 << rnd.nextInt(8))});
            }
            assertSameAsSerial(root, Long.MIN_VALUE, Long.MAX_VALUE);
        }
    }

    @Test
    void replayToGivesTheSameOutcomeAsSerial() throws IOException {
        Path root = copy("replay");
        Path log = openLogOf(root);
        DamageTest.xor(log, Files.size(log) / 2, new byte[] {0x20});
        long span = lastNs - firstNs;
        for (long at : new long[] {firstNs + span / 4, firstNs + span * 9 / 10, lastNs}) {
            Recorder serial = new Recorder();
            JournalReader.Replay a = new JournalReader(root).readAhead(-1).replayTo(ID, at, serial);
            for (long after : HAND_OVER) {
                Recorder ahead = new Recorder();
                JournalReader.Replay b = new JournalReader(root).readAhead(after).replayTo(ID, at, ahead);
                assertThat(b).isEqualTo(a);
                assertThat(ahead.seen).isEqualTo(serial.seen);
            }
        }
    }

    @Test
    void aCursorAskedNotToReadAheadReadsOnTheCallingThreadOnly() throws IOException {
        List<Object> serial = events(new JournalReader(pristine).readAhead(-1), Long.MIN_VALUE, Long.MAX_VALUE, null);
        List<Object> got = new ArrayList<>();
        try (JournalCursor c = new JournalReader(pristine).readAhead(0).cursor(ID, Long.MIN_VALUE, Long.MAX_VALUE, false)) {
            c.onDamage(got::add);
            while (c.next()) {
                assertThat(c.isReadingAhead()).isFalse();
                got.add(c.seq() + " " + c.receiveNanos() + " " + c.kind() + " " + c.markerName() + " " + c.payloadLength()
                        + " " + c.line());
            }
        }
        assertThat(got).isEqualTo(serial);
    }

    @Test
    void closingEarlyEndsTheReadingThread() throws IOException {
        for (int stopAt : new int[] {1, 10, 5_000}) {
            JournalCursor c = new JournalReader(pristine).readAhead(0).cursor(ID, Long.MIN_VALUE, Long.MAX_VALUE);
            for (int i = 0; i < stopAt; i++) {
                assertThat(c.next()).isTrue();
            }
            Thread t = readingThread(c);
            assertThat(t.isDaemon()).isTrue();
            c.close();
            assertThat(t.isAlive()).isFalse();
            assertThat(c.next()).isFalse();
            c.close();
        }
    }

    @Test
    void anExceptionOfTheCallerThenCloseEndsTheReadingThread() throws IOException {
        Path root = copy("throws");
        // damage early on: the reading thread, at most a few batches ahead, is still reading when the caller meets it
        Path z = sealedOf(root).getFirst();
        DamageTest.xor(z, Files.size(z) / 2, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        Thread[] t = {null};
        assertThatThrownBy(() -> {
            try (JournalCursor c = new JournalReader(root).readAhead(0).cursor(ID, Long.MIN_VALUE, Long.MAX_VALUE)) {
                c.onDamage(d -> {
                    t[0] = readingThread(c);
                    throw new IllegalStateException("target failed on " + d.reason());
                });
                while (c.next()) {
                    // read until the damage
                }
            }
        }).isInstanceOf(IllegalStateException.class);
        assertThat(t[0]).isNotNull();
        assertThat(t[0].isAlive()).isFalse();
    }

    @Test
    void anIoErrorOfTheReadingThreadIsThrownAfterTheSameRecords() throws IOException {
        Path root = copy("io-error");
        Path log = openLogOf(root);
        // a directory where the open segment's data should be: reading it fails with an I/O error
        Files.delete(log);
        Files.createDirectory(log);
        List<Object> serial = new ArrayList<>();
        IOException serialError = readUntilError(new JournalReader(root).readAhead(-1), serial);
        assertThat(serialError).isNotNull();
        assertThat(serial).isNotEmpty();
        for (long after : HAND_OVER) {
            List<Object> ahead = new ArrayList<>();
            IOException e = readUntilError(new JournalReader(root).readAhead(after), ahead);
            assertThat(ahead).isEqualTo(serial);
            assertThat(e).isNotNull().hasMessage(serialError.getMessage());
        }
    }

    @Test
    void moreCursorsThanThreadsStaySerialAndReadTheSame() throws IOException {
        List<Object> serial = events(new JournalReader(pristine).readAhead(-1), Long.MIN_VALUE, Long.MAX_VALUE, null);
        List<JournalCursor> cs = new ArrayList<>();
        List<List<Object>> got = new ArrayList<>();
        try {
            for (int i = 0; i < ReadAhead.MAX_THREADS + 2; i++) {
                JournalCursor c = new JournalReader(pristine).readAhead(0).cursor(ID, Long.MIN_VALUE, Long.MAX_VALUE);
                cs.add(c);
                got.add(new ArrayList<>());
            }
            boolean more = true;
            while (more) {
                more = false;
                for (int i = 0; i < cs.size(); i++) {
                    JournalCursor c = cs.get(i);
                    if (c.next()) {
                        more = true;
                        got.get(i).add(c.seq() + " " + c.receiveNanos() + " " + c.kind() + " " + c.markerName() + " "
                                + c.payloadLength() + " " + c.line());
                    }
                }
                assertThat(cs.stream().filter(JournalCursor::isReadingAhead).count()).isLessThanOrEqualTo(ReadAhead.MAX_THREADS);
            }
        } finally {
            for (JournalCursor c : cs) {
                c.close();
            }
        }
        for (List<Object> g : got) {
            assertThat(g).isEqualTo(serial);
        }
        assertThat(ReadAhead.running()).isZero();
    }

    private static IOException readUntilError(JournalReader reader, List<Object> out) throws IOException {
        try (JournalCursor c = reader.cursor(ID, Long.MIN_VALUE, Long.MAX_VALUE)) {
            c.onDamage(out::add);
            while (c.next()) {
                out.add(c.seq() + " " + c.receiveNanos() + " " + c.payloadString());
            }
        } catch (IOException e) {
            return e;
        }
        return null;
    }

    private static Thread readingThread(JournalCursor c) {
        assertThat(c.isReadingAhead()).isTrue();
        List<Thread> ts = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("journal-read-ahead " + ID) && t.isAlive()).toList();
        assertThat(ts).hasSize(1);
        return ts.getFirst();
    }

    /** Everything replayTo hands a target, in order. */
    static final class Recorder implements ReplayTarget {
        final List<Object> seen = new ArrayList<>();

        @Override
        public void reset() {
            seen.add("reset");
        }

        @Override
        public void restore(JournalCursor book) {
            seen.add("restore " + book.seq() + " " + java.util.Arrays.hashCode(book.payloadBytes()));
        }

        @Override
        public void apply(JournalCursor r) {
            seen.add(r.seq() + " " + r.kind() + " " + r.payloadString());
        }

        @Override
        public void lost(Damage d) {
            seen.add(d);
        }
    }

    Path copy(String name) throws IOException {
        Path to = tmp.resolve(name);
        try (var s = Files.walk(pristine)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(pristine.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
        return to;
    }

    static List<Path> sealedOf(Path root) throws IOException {
        try (var s = Files.list(SegmentFiles.streamDir(root, ID))) {
            return s.filter(p -> p.toString().endsWith(".log.zst")).sorted().toList();
        }
    }

    static Path openLogOf(Path root) throws IOException {
        try (var s = Files.list(SegmentFiles.streamDir(root, ID))) {
            return s.filter(p -> p.toString().endsWith(".log")).sorted().toList().getLast();
        }
    }
}
