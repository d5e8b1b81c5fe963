package dev.ladder.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.core.InstrumentId;
import dev.ladder.core.ManualClock;
import dev.ladder.core.Venue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
    static final InstrumentId BTC = InstrumentId.of(Venue.BINANCE, "BTCUSDT");
    static final InstrumentId ETH = InstrumentId.of(Venue.BINANCE, "ETHUSDT");

    @TempDir
    Path dir;

    JournalConfig small() {
        return JournalConfig.defaults(dir).withSegments(64 << 10, JournalConfig.DEFAULT_SEGMENT_NANOS).withIndexInterval(4 << 10);
    }

    record Rec(long seq, long ns, RecordKind kind, String payload) {
    }

    static List<Rec> readAll(JournalReader r, InstrumentId id, long from, long to) throws IOException {
        List<Rec> out = new ArrayList<>();
        try (JournalCursor c = r.cursor(id, from, to)) {
            while (c.next()) {
                out.add(new Rec(c.seq(), c.receiveNanos(), c.kind(), c.payloadString()));
            }
        }
        return out;
    }

    @Test
    void appendsAndReadsBackAcrossSealedSegmentsFromAnyTime() throws Exception {
        SplittableRandom rnd = new SplittableRandom(7);
        List<Rec> model = new ArrayList<>();
        long ns = 1_700_000_000_000_000_000L;
        try (Journal j = Journal.open(small())) {
            JournalWriter w = j.writer(BTC);
            for (int i = 0; i < 5_000; i++) {
                ns += rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(1_000_000);
                long seq;
                Rec r;
                int pick = rnd.nextInt(50);
                if (pick == 0) {
                    String p = "{\"lastUpdateId\":" + i + "}";
                    seq = w.appendMarker(ns, RecordKind.SNAPSHOT, p);
                    r = new Rec(seq, ns, RecordKind.SNAPSHOT, p);
                } else if (pick == 1) {
                    String p = "{\"expected\":" + i + ",\"got\":" + (i + 3) + "}";
                    seq = w.appendMarker(ns, RecordKind.GAP, p);
                    r = new Rec(seq, ns, RecordKind.GAP, p);
                } else {
                    String p = SynthBook.message(1, i) + " pad=" + "x".repeat(rnd.nextInt(40));
                    seq = w.append(ns, p);
                    r = new Rec(seq, ns, RecordKind.MESSAGE, p);
                }
                assertThat(seq).isEqualTo(model.size());
                model.add(r);
            }
        }
        // wait for sealing done by close; now reopen read-only
        JournalReader reader = new JournalReader(dir);
        assertThat(reader.streams()).containsExactly(BTC);
        assertThat(readAll(reader, BTC, Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(model);
        // line(): the record as '<ns> <message>' or '<ns> #<marker> <payload>', without sequence number and checksum
        try (JournalCursor c = reader.cursor(BTC, Long.MIN_VALUE, Long.MAX_VALUE)) {
            for (Rec r : model) {
                assertThat(c.next()).isTrue();
                assertThat(c.line()).isEqualTo(r.ns + " " + (r.kind == RecordKind.MESSAGE ? "" : "#" + c.markerName() + " ") + r.payload);
            }
            assertThat(c.next()).isFalse();
            assertThat(c.damage()).isEmpty();
        }
        for (int k = 0; k < 40; k++) {
            Rec a = model.get(rnd.nextInt(model.size()));
            Rec b = model.get(rnd.nextInt(model.size()));
            long from = Math.min(a.ns, b.ns) + (k % 2);
            long to = Math.max(a.ns, b.ns);
            List<Rec> expected = model.stream().filter(r -> r.ns >= from && r.ns <= to).toList();
            assertThat(readAll(reader, BTC, from, to)).as("from %d to %d", from, to).isEqualTo(expected);
        }
        StreamInfo info = reader.info(BTC);
        assertThat(info.records()).isEqualTo(model.size());
        assertThat(info.sealedSegments()).isGreaterThan(3);
        assertThat(info.segments()).isEqualTo(info.sealedSegments() + 1);
        assertThat(info.firstNs()).isEqualTo(model.getFirst().ns);
        assertThat(info.lastNs()).isEqualTo(model.getLast().ns);
        assertThat(info.diskBytes()).isLessThan(info.rawBytes());
        JournalVerifier.Report v = JournalVerifier.verify(dir);
        assertThat(v.problems()).isEmpty();
        assertThat(v.lines()).isEqualTo(model.size());
    }

    @Test
    void sealedSegmentsAreReadableWithZstdcat() throws Exception {
        Path zstdcat = Path.of("/usr/bin/zstdcat");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(zstdcat), "zstdcat not installed");
        List<String> lines = new ArrayList<>();
        try (Journal j = Journal.open(small())) {
            JournalWriter w = j.writer(BTC);
            for (int i = 0; i < 3_000; i++) {
                String m = SynthBook.message(2, i);
                w.append(1_000L + i, m);
                lines.add((1_000L + i) + " " + m);
            }
        }
        Path btc = SegmentFiles.streamDir(dir, BTC);
        List<Path> sealed;
        try (Stream<Path> s = Files.list(btc)) {
            sealed = s.filter(p -> p.toString().endsWith(".log.zst")).sorted().toList();
        }
        assertThat(sealed).isNotEmpty();
        List<String> seen = new ArrayList<>();
        long seq = 0;
        for (Path p : sealed) {
            Process pr = new ProcessBuilder(zstdcat.toString(), p.toString()).redirectErrorStream(true).start();
            String out = new String(pr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(pr.waitFor()).isZero();
            List<String> got = out.lines().toList();
            // format 2: a header naming the first sequence, then <ns> <message> <crc32c of the line and its sequence number>
            assertThat(checked(got.getFirst(), -1)).isEqualTo("#journal v2 seq=" + seq);
            for (String l : got.subList(1, got.size())) {
                seen.add(checked(l, seq++));
            }
        }
        assertThat(seen).isEqualTo(lines.subList(0, seen.size()));
        Path open = SegmentFiles.log(btc, seen.size());
        List<String> openLines = Files.readAllLines(open);
        assertThat(checked(openLines.getFirst(), -1)).isEqualTo("#journal v2 seq=" + seen.size());
        List<String> rest = new ArrayList<>();
        for (String l : openLines.subList(1, openLines.size())) {
            rest.add(checked(l, seq++));
        }
        assertThat(rest).isEqualTo(lines.subList(seen.size(), lines.size()));
    }

    /**
     * The line without its checksum field, after checking the CRC32C it states: of the text before
     * it, followed (for a record, {@code seq >= 0}) by the sequence number as 8 big-endian bytes.
     */
    static String checked(String line, long seq) {
        int sp = line.lastIndexOf(' ');
        String body = line.substring(0, sp);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        if (seq >= 0) {
            crc.update(java.nio.ByteBuffer.allocate(8).putLong(seq).array());
        }
        assertThat(line.substring(sp + 1)).as(line).isEqualTo(String.format("%08x", crc.getValue()));
        return body;
    }

    @Test
    void tornTailIsCutAndReported() throws Exception {
        try (Journal j = Journal.open(small())) {
            JournalWriter w = j.writer(BTC);
            for (int i = 0; i < 10; i++) {
                w.append(100 + i, SynthBook.message(3, i));
            }
        }
        Path log = SegmentFiles.log(SegmentFiles.streamDir(dir, BTC), 0);
        long good = Files.size(log);
        Files.write(log, "110 u=10 B:90".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
        JournalVerifier.Report before = JournalVerifier.verify(dir);
        assertThat(before.isOk()).isTrue();
        assertThat(before.problems()).singleElement().satisfies(p -> {
            assertThat(p.isDamage()).isFalse();
            assertThat(p.offset()).isEqualTo(good);
        });
        try (Journal j = Journal.open(small())) {
            assertThat(j.recovery()).singleElement().satisfies(r -> {
                assertThat(r.cutBytes()).isEqualTo(13);
                assertThat(r.cutLines()).isEqualTo(1);
                assertThat(r.reason()).isEqualTo("partial last line");
            });
            JournalWriter w = j.writer(BTC);
            assertThat(w.nextSeq()).isEqualTo(10);
            assertThat(w.append(120, "after")).isEqualTo(10);
        }
        assertThat(Files.size(log)).isEqualTo(good + "120 after 01234567\n".length());
        // garbage with complete-looking lines and zeros after the last good line
        Files.write(log, "\0\0zz\nbad line\n121 ok\0\0\0".getBytes(StandardCharsets.US_ASCII), StandardOpenOption.APPEND);
        try (Journal j = Journal.open(small())) {
            StreamRecovery r = j.recovery().getFirst();
            assertThat(r.cutBytes()).isEqualTo(20);
            assertThat(r.cutLines()).isEqualTo(3);
            assertThat(r.zeroBytes()).isEqualTo(3);
            assertThat(j.writer(BTC).nextSeq()).isEqualTo(11);
        }
        assertThat(JournalVerifier.verify(dir).problems()).isEmpty();
        assertThat(readAll(new JournalReader(dir), BTC, Long.MIN_VALUE, Long.MAX_VALUE)).hasSize(11).last()
                .isEqualTo(new Rec(10, 120, RecordKind.MESSAGE, "after"));
    }

    @Test
    void invalidAppendsThrowAndWriteNothing() throws Exception {
        try (Journal j = Journal.open(small())) {
            JournalWriter w = j.writer(BTC);
            assertThatThrownBy(() -> w.append(1, "a\nb")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> w.append(1, "#gap x")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> w.append(1, "")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> w.append(-1, "x")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> w.appendMarker(1, RecordKind.BOOK, "x")).isInstanceOf(IllegalArgumentException.class);
            assertThat(w.nextSeq()).isZero();
            w.append(50, "first");
            w.append(40, "earlier clock");
            assertThat(w.clampedTimes()).isEqualTo(1);
            w.close();
            assertThatThrownBy(() -> w.append(60, "x")).isInstanceOf(IllegalStateException.class);
        }
        assertThat(readAll(new JournalReader(dir), BTC, Long.MIN_VALUE, Long.MAX_VALUE))
                .extracting(Rec::ns).containsExactly(50L, 50L);
    }

    @Test
    void durabilityIsReportedUnderEachPolicy() throws Exception {
        for (FsyncPolicy policy : FsyncPolicy.values()) {
            Path d = dir.resolve(policy.name());
            List<Long> told = new CopyOnWriteArrayList<>();
            try (Journal j = Journal.open(JournalConfig.defaults(d).withFsync(policy, 5), (s, seq) -> told.add(seq))) {
                JournalWriter w = j.writer(ETH);
                long seq = 0;
                for (int i = 0; i < 100; i++) {
                    seq = w.append(i, "m" + i);
                }
                if (policy == FsyncPolicy.PER_MESSAGE) {
                    assertThat(w.durableSeq()).isEqualTo(100);
                }
                if (policy != FsyncPolicy.OS) {
                    assertThat(w.awaitDurable(seq, Duration.ofSeconds(30))).isTrue();
                    assertThat(told).isNotEmpty().isSorted();
                    assertThat(told.getLast()).isEqualTo(100);
                }
                w.close();
                assertThat(w.durableSeq()).isEqualTo(100);
                assertThat(told.getLast()).isEqualTo(100);
            }
        }
    }

    @Test
    void manyStreamsEachHaveTheirOwnDirectoryAndSequence() throws Exception {
        List<InstrumentId> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(InstrumentId.of(i % 2 == 0 ? Venue.BINANCE : Venue.BETFAIR, (i % 2 == 0 ? "SYM" : "1.") + i));
        }
        try (Journal j = Journal.open(small())) {
            for (int k = 0; k < 50; k++) {
                for (InstrumentId id : ids) {
                    assertThat(j.writer(id).append(k, id + " " + k)).isEqualTo(k);
                }
            }
        }
        JournalReader r = new JournalReader(dir);
        assertThat(r.streams()).hasSize(20);
        assertThat(Files.isDirectory(dir.resolve("betfair").resolve("1.1"))).isTrue();
        for (StreamInfo info : r.list()) {
            assertThat(info.records()).isEqualTo(50);
        }
    }

    @Test
    void retentionDeletesOldestSealedSegmentsByAgeAndBySize() throws Exception {
        ManualClock clock = new ManualClock(1_000_000_000_000L);
        JournalConfig cfg = small().withClock(clock).withRetention(0, 200 << 10);
        try (Journal j = Journal.open(cfg)) {
            JournalWriter w = j.writer(BTC);
            for (int i = 0; i < 20_000; i++) {
                w.append(1_000_000_000_000L + i * 1_000_000L, SynthBook.message(4, i) + " " + "y".repeat(30));
            }
        }
        JournalReader r = new JournalReader(dir);
        StreamInfo afterSize = r.info(BTC);
        assertThat(afterSize.firstSeq()).isGreaterThan(0);
        assertThat(afterSize.nextSeq()).isEqualTo(20_000);
        assertThat(afterSize.diskBytes()).isLessThanOrEqualTo(200 << 10 + (64 << 10));
        List<Rec> all = readAll(r, BTC, Long.MIN_VALUE, Long.MAX_VALUE);
        assertThat(all.getFirst().seq()).isEqualTo(afterSize.firstSeq());
        assertThat(all.getLast().seq()).isEqualTo(19_999);
        assertThat(JournalVerifier.verify(dir).problems()).isEmpty();

        // by age: everything sealed is older than a second at t = 1e12 + 30 s
        clock.set(1_000_000_000_000L + 30_000_000_000L);
        try (Journal j = Journal.open(cfg.withRetention(1_000_000_000L, 0))) {
            j.enforceRetention();
        }
        StreamInfo afterAge = r.info(BTC);
        assertThat(afterAge.segments()).isEqualTo(1);
        assertThat(afterAge.sealedSegments()).isZero();
        assertThat(afterAge.nextSeq()).isEqualTo(20_000);
    }

    @Test
    void linesOfAnyLengthAreWrittenAndReadFromOpenAndSealedSegments() throws Exception {
        // a 5,000-level snapshot is ~300 KB, a 20,000-level one ~1.3 MB; 5 MB for good measure
        int[] sizes = {300_000, 1_300_000, 5_000_000, 40, 1_300_000};
        List<Rec> model = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(4);
        try (Journal j = Journal.open(small())) {
            JournalWriter w = j.writer(BTC);
            long ns = 1_000;
            for (int size : sizes) {
                for (int i = 0; i < 50; i++) {
                    String m = SynthBook.message(6, model.size());
                    model.add(new Rec(w.append(++ns, m), ns, RecordKind.MESSAGE, m));
                }
                StringBuilder sb = new StringBuilder(size);
                while (sb.length() < size) {
                    sb.append((char) ('a' + rnd.nextInt(26)));
                }
                String big = sb.toString();
                if (size % 2 == 0) {
                    model.add(new Rec(w.appendBook(++ns, big.getBytes(StandardCharsets.US_ASCII)), ns, RecordKind.BOOK, big));
                } else {
                    model.add(new Rec(w.appendMarker(++ns, RecordKind.SNAPSHOT, big), ns, RecordKind.SNAPSHOT, big));
                }
            }
        }
        JournalReader r = new JournalReader(dir);
        assertThat(r.info(BTC).sealedSegments()).isGreaterThan(2);
        assertThat(readAll(r, BTC, Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(model);
        assertThat(JournalVerifier.verify(dir).problems()).isEmpty();
        Rec last = model.getLast();
        assertThat(readAll(r, BTC, last.ns(), last.ns())).containsExactly(last);
        // the book at T restores from the 5 MB #book line
        long[] restored = {0};
        JournalReader.Replay rep = r.replayTo(BTC, model.get(154).ns(), new ReplayTarget() {
            @Override
            public void reset() {
            }

            @Override
            public void restore(JournalCursor book) {
                restored[0] = book.payloadLength();
            }

            @Override
            public void apply(JournalCursor record) {
            }
        });
        assertThat(rep.isFromBook()).isTrue();
        assertThat(restored[0]).isEqualTo(5_000_000);
    }

    @Test
    void readersBesideALiveWriterSeeNoDamage() throws Exception {
        int total = 200_000;
        try (Journal j = Journal.open(small().withFsync(FsyncPolicy.OS, 100))) {
            JournalWriter w = j.writer(BTC);
            Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < total; i++) {
                        w.append(1_000_000L + i, SynthBook.message(12, i));
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            JournalReader r = j.reader();
            int passes = 0;
            long seen = 0;
            boolean done = false;
            while (!done) {
                done = !writer.isAlive();
                long n = readLive(r);
                assertThat(n).isGreaterThanOrEqualTo(seen);
                seen = n;
                passes++;
            }
            writer.join();
            assertThat(seen).isEqualTo(total);
            assertThat(passes).isGreaterThan(2);
        }
        assertThat(JournalVerifier.verify(dir).problems()).isEmpty();
    }

    /** Reads the whole stream checking every record, then a book at T near the end; returns the records read. */
    private static long readLive(JournalReader r) throws IOException {
        long n = 0;
        try (JournalCursor c = r.cursor(BTC, Long.MIN_VALUE, Long.MAX_VALUE)) {
            while (c.next()) {
                assertThat(c.seq()).isEqualTo(n);
                if (n % 997 == 0) {
                    assertThat(c.payloadString()).isEqualTo(SynthBook.message(12, n));
                }
                n++;
            }
            assertThat(c.damage()).as("after %d records", n).isEmpty();
        }
        if (n > 10) {
            JournalReader.Replay rep = r.replayTo(BTC, 1_000_000L + n - 5, new SynthBook());
            assertThat(rep.isExact()).isTrue();
            assertThat(rep.damage()).isEmpty();
        }
        return n;
    }

    @Test
    void rotatesByTime() throws Exception {
        JournalConfig cfg = small().withSegments(64 << 10, 1_000_000_000L);
        try (Journal j = Journal.open(cfg)) {
            JournalWriter w = j.writer(BTC);
            for (int i = 0; i < 50; i++) {
                w.append(i * 100_000_000L, "tick " + i);
            }
        }
        StreamInfo info = new JournalReader(dir).info(BTC);
        assertThat(info.segments()).isEqualTo(5);
        assertThat(info.records()).isEqualTo(50);
    }
}
