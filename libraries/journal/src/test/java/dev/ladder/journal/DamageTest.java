package dev.ladder.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.core.InstrumentId;
import dev.ladder.core.Venue;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The damage suite: a recorded synthetic book stream (sealed segments, an open one, {@code #book}
 * lines) is damaged one way per case, and for every case verify names the damage (file and
 * offset), the cursor reads every intact record (each record it returns equals the undamaged
 * journal's, and every record it does not return lies in a range it reported as lost), nothing
 * throws, books rebuilt at times outside the lost range equal the undamaged ones, opening the
 * journal destroys nothing that could be read, and a repair leaves no index problem behind.
 */
class DamageTest {
    static final InstrumentId ID = InstrumentId.of(Venue.BINANCE, "DMG");
    static final long BASE_NS = 1_700_000_000_000_000_000L;

    static Path pristine;
    /** The undamaged journal's records by sequence number. */
    static List<JournalTest.Rec> model;
    /** Receive time, and the book's checksum after every record at or before it. */
    static TreeMap<Long, Long> oracle;

    @TempDir
    Path tmp;

    static JournalConfig config(Path dir) {
        return JournalConfig.defaults(dir).withSegments(64 << 10, JournalConfig.DEFAULT_SEGMENT_NANOS).withIndexInterval(4 << 10);
    }

    @BeforeAll
    static void record() throws IOException {
        pristine = Files.createTempDirectory("journal-damage");
        SplittableRandom rnd = new SplittableRandom(31);
        SynthBook live = new SynthBook();
        long ns = BASE_NS;
        try (Journal j = Journal.open(config(pristine))) {
            JournalWriter w = j.writer(ID);
            w.snapshotSource(live::snapshot, 100_000_000L);
            int i = 0;
            while (i < 6_000 || openSegmentSize() < 24 << 10) {
                ns += rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(1_000_000);
                String m = SynthBook.message(13, i++);
                if (rnd.nextInt(200) == 0) {
                    w.appendMarker(ns, RecordKind.GAP, "{\"at\":" + i + "}");
                }
                w.append(ns, m);
                live.apply(m);
            }
        }
        model = JournalTest.readAll(new JournalReader(pristine), ID, Long.MIN_VALUE, Long.MAX_VALUE);
        for (int s = 0; s < model.size(); s++) {
            assertThat(model.get(s).seq()).isEqualTo(s);
        }
        oracle = new TreeMap<>();
        SynthBook b = new SynthBook();
        for (JournalTest.Rec r : model) {
            if (r.kind() == RecordKind.MESSAGE) {
                b.apply(r.payload());
            }
            oracle.put(r.ns(), b.checksum());
        }
        assertThat(b.checksum()).isEqualTo(live.checksum());
        assertThat(JournalVerifier.verify(pristine).problems()).isEmpty();
        assertThat(sealed(pristine)).hasSizeGreaterThan(6);
        assertThat(model.stream().filter(r -> r.kind() == RecordKind.BOOK).count()).isGreaterThan(20);
    }

    private static long openSegmentSize() throws IOException {
        Path dir = SegmentFiles.streamDir(pristine, ID);
        List<SegmentFiles.Found> f = SegmentFiles.list(dir);
        return f.isEmpty() || f.getLast().hasZst() ? 0 : Files.size(SegmentFiles.log(dir, f.getLast().baseSeq()));
    }

    @AfterAll
    static void cleanUp() throws IOException {
        deleteTree(pristine);
    }

    static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    // ---- fixtures -------------------------------------------------------------------------------

    /** A fresh copy of the undamaged journal. */
    Path copy(String name) throws IOException {
        Path to = tmp.resolve(name);
        try (Stream<Path> s = Files.walk(pristine)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(pristine.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }

    static Path stream(Path root) {
        return SegmentFiles.streamDir(root, ID);
    }

    static List<Path> sealed(Path root) throws IOException {
        try (Stream<Path> s = Files.list(stream(root))) {
            return s.filter(p -> p.toString().endsWith(".log.zst")).sorted().toList();
        }
    }

    static Path openLog(Path root) throws IOException {
        try (Stream<Path> s = Files.list(stream(root))) {
            return s.filter(p -> p.toString().endsWith(".log")).sorted().toList().getLast();
        }
    }

    static Path idx(Path data) {
        return Path.of(data + ".idx");
    }

    static long baseOf(Path segment) {
        String n = segment.getFileName().toString();
        return Long.parseLong(n.substring(0, n.indexOf('.')));
    }

    static void xor(Path f, long off, byte[] mask) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(mask.length);
            ch.read(b, off);
            byte[] a = b.array();
            for (int i = 0; i < a.length; i++) {
                a[i] ^= mask[i];
            }
            ch.write(ByteBuffer.wrap(a), off);
        }
    }

    static void truncate(Path f, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    static void append(Path f, byte[] b) throws IOException {
        Files.write(f, b, StandardOpenOption.APPEND);
    }

    // ---- the checks every case runs -------------------------------------------------------------

    record Outcome(List<JournalTest.Rec> records, List<Damage> damage) {
        long lost() {
            return damage.stream().mapToLong(Damage::records).sum();
        }
    }

    static Outcome read(Path root) throws IOException {
        Outcome o = read(new JournalReader(root));
        // the read-ahead (default: after 4,096 records; here also from the first) reads what the calling thread alone reads
        assertThat(read(new JournalReader(root).readAhead(-1))).isEqualTo(o);
        assertThat(read(new JournalReader(root).readAhead(0))).isEqualTo(o);
        return o;
    }

    static Outcome read(JournalReader reader) throws IOException {
        List<JournalTest.Rec> out = new ArrayList<>();
        List<Damage> heard = new ArrayList<>();
        try (JournalCursor c = reader.cursor(ID, Long.MIN_VALUE, Long.MAX_VALUE)) {
            c.onDamage(heard::add);
            while (c.next()) {
                out.add(new JournalTest.Rec(c.seq(), c.receiveNanos(), c.kind(), c.payloadString()));
            }
            assertThat(c.damage()).isEqualTo(heard);
        }
        return new Outcome(out, heard);
    }

    /**
     * What every case asserts.
     *
     * @param named        files verify must name (with a problem of {@code damage} or warning kind)
     * @param tailFrom     records from this sequence number to the end may be missing without a
     *                     reported range (a torn tail); -1 when none may
     */
    Outcome check(Path root, List<Path> named, long tailFrom) throws IOException {
        JournalVerifier.Report v = JournalVerifier.verify(root);
        for (Path f : named) {
            assertThat(v.problems()).as("verify names %s: %s", f, v.problems()).anySatisfy(p -> assertThat(p.file()).isEqualTo(f));
        }
        Outcome o = read(root);
        assertConsistent(o, tailFrom);
        if (o.lost() > 0) {
            // every loss is a damage finding of verify too
            assertThat(v.isOk()).as("verify: %s", v.problems()).isFalse();
            for (Damage d : o.damage()) {
                if (d.records() > 0) {
                    assertThat(v.problems()).as("verify names %s", d).anySatisfy(p -> {
                        assertThat(p.file()).isEqualTo(d.file());
                        assertThat(p.isDamage()).isTrue();
                    });
                }
            }
        }
        assertBooks(root, o);
        return o;
    }

    /** Every record read equals the undamaged one; every record not read lies in a reported range (or the allowed tail). */
    static void assertConsistent(Outcome o, long tailFrom) {
        long prev = -1;
        boolean[] seen = new boolean[model.size()];
        for (JournalTest.Rec r : o.records()) {
            assertThat(r.seq()).isGreaterThan(prev);
            prev = r.seq();
            assertThat(r.seq()).isLessThan(model.size());
            assertThat(r).isEqualTo(model.get((int) r.seq()));
            seen[(int) r.seq()] = true;
            assertThat(o.damage()).as("no damage range covers a record that was read").noneMatch(d -> d.covers(r.seq()));
        }
        for (int s = 0; s < seen.length; s++) {
            if (seen[s] || (tailFrom >= 0 && s >= tailFrom)) {
                continue;
            }
            long seq = s;
            assertThat(o.damage()).as("record %d is missing: reported as lost (damage: %s)", seq, o.damage()).anyMatch(d -> d.covers(seq));
        }
        for (Damage d : o.damage()) {
            assertThat(d.stream()).isEqualTo(ID);
            assertThat(d.file()).isNotNull();
            assertThat(d.offset()).isNotNegative();
            assertThat(d.reason()).isNotBlank();
            if (d.records() > 0) {
                // the times bound the lost records
                for (long s = d.firstSeq(); s < Math.min(d.endSeq(), model.size()); s++) {
                    long ns = model.get((int) s).ns();
                    if (d.fromNs() >= 0) {
                        assertThat(ns).as("%s", d).isGreaterThanOrEqualTo(d.fromNs());
                    }
                    assertThat(ns).as("%s", d).isLessThanOrEqualTo(d.toNs());
                }
            }
        }
    }

    /**
     * Books at sampled times: whenever replayTo says its state is exact, it equals the undamaged
     * book; before all loss, and from the first intact {@code #book} after the last loss on, it is exact.
     */
    static void assertBooks(Path root, Outcome o) throws IOException {
        JournalReader r = new JournalReader(root);
        long firstLossNs = Long.MAX_VALUE;
        long lastLossSeq = -1;
        for (Damage d : o.damage()) {
            if (d.records() > 0) {
                firstLossNs = Math.min(firstLossNs, model.get((int) Math.min(d.firstSeq(), model.size() - 1)).ns());
                lastLossSeq = Math.max(lastLossSeq, d.endSeq());
            }
        }
        long resyncNs = Long.MAX_VALUE;
        if (lastLossSeq >= 0) {
            for (JournalTest.Rec rec : o.records()) {
                if (rec.seq() >= lastLossSeq && rec.kind() == RecordKind.BOOK) {
                    resyncNs = rec.ns();
                    break;
                }
            }
        } else {
            resyncNs = Long.MIN_VALUE;
        }
        long lastReadNs = o.records().isEmpty() ? Long.MIN_VALUE : o.records().getLast().ns();
        List<Long> times = new ArrayList<>(oracle.keySet());
        SplittableRandom rnd = new SplittableRandom(times.size());
        int exactSeen = 0;
        for (int k = 0; k < 120; k++) {
            long t = times.get(k < 2 ? (k == 0 ? 0 : times.size() - 1) : rnd.nextInt(times.size()));
            SynthBook b = new SynthBook();
            JournalReader.Replay rep = r.replayTo(ID, t, b);
            if (rep.isExact()) {
                exactSeen++;
                if (t <= lastReadNs) {
                    assertThat(b.checksum()).as("book at %d (exact by the replay's account)", t).isEqualTo(oracle.get(t));
                }
            } else {
                assertThat(rep.damage()).isNotEmpty();
            }
            boolean outside = t < firstLossNs || (t >= resyncNs && t <= lastReadNs);
            if (outside && (lastLossSeq < 0 || t < firstLossNs || t >= resyncNs)) {
                assertThat(rep.isExact()).as("book at %d is outside the lost range (first loss at %d, resync from %d): %s", t, firstLossNs, resyncNs, rep).isTrue();
                assertThat(b.checksum()).as("book at %d", t).isEqualTo(oracle.get(t));
            }
        }
        assertThat(exactSeen).isPositive();
    }

    /** Opening the journal (recovery) keeps every record that could be read; returns what is read after. */
    Outcome openAndReread(Path root, Outcome before) throws IOException {
        try (Journal j = Journal.open(config(root))) {
            j.writer(ID);
        }
        Outcome after = read(root);
        List<Long> beforeSeqs = before.records().stream().map(JournalTest.Rec::seq).toList();
        assertThat(after.records().stream().map(JournalTest.Rec::seq).toList()).containsAll(beforeSeqs);
        assertConsistent(after, tailOf(before));
        return after;
    }

    private static long tailOf(Outcome o) {
        return o.records().isEmpty() ? 0 : o.records().getLast().seq() + 1;
    }

    /** A repair leaves no index problem; data damage stays reported. */
    void repairLeavesNoIndexProblem(Path root) throws IOException {
        JournalVerifier.Report rep = JournalVerifier.repair(root);
        assertThat(rep.problems()).as("after repair: %s", rep.problems())
                .noneMatch(p -> p.isDamage() && p.file().toString().endsWith(".idx") && p.message().contains("repairable"));
        assertThat(rep.problems()).noneMatch(p -> p.isDamage() && p.file().toString().endsWith(".idx") && Files.exists(p.file())
                && p.message().contains("entry"));
    }

    // ---- one case per row of the table -------------------------------------------------

    @Test
    void priceDigitChangedInTheOpenLogLosesThatRecordOnly() throws IOException {
        Path root = copy("digit");
        Path log = openLog(root);
        byte[] b = Files.readAllBytes(log);
        List<Integer> starts = lineStarts(b);
        int line = starts.size() / 2;
        while (!new String(b, starts.get(line), 60, StandardCharsets.US_ASCII).contains(" u=")) {
            line++;
        }
        int at = starts.get(line);
        String text = new String(b, at, starts.get(line + 1) - at, StandardCharsets.US_ASCII);
        long seq = baseOf(log) + line - 1;
        assertThat(model.get((int) seq).payload()).isEqualTo(text.substring(text.indexOf(' ') + 1, text.lastIndexOf(' ')));
        int price = text.indexOf(":", text.indexOf(" u=")) + 1;
        byte digit = b[at + price];
        xor(log, at + price, new byte[] {(byte) (digit ^ (digit == '9' ? '8' : digit + 1))});

        JournalVerifier.Report v = JournalVerifier.verify(root);
        assertThat(v.isOk()).isFalse();
        assertThat(v.problems()).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo(log);
            assertThat(p.offset()).isEqualTo(at);
            assertThat(p.message()).contains("checksum").contains("seq " + seq + ".." + seq);
        });
        Outcome o = check(root, List.of(log), -1);
        assertThat(o.damage()).singleElement().satisfies(d -> {
            assertThat(d.file()).isEqualTo(log);
            assertThat(d.offset()).isEqualTo(at);
            assertThat(d.firstSeq()).isEqualTo(seq);
            assertThat(d.endSeq()).isEqualTo(seq + 1);
        });
        assertThat(o.records()).hasSize(model.size() - 1);
        Outcome after = openAndReread(root, o);
        assertThat(after.damage()).hasSize(1);
        assertThat(JournalVerifier.verify(root).problems()).anySatisfy(p -> assertThat(p.offset()).isEqualTo(at));
    }

    @Test
    void deletedSealedSegmentWithItsIndexLeftIsANamedHole() throws IOException {
        for (int which : new int[] {0, 3}) {
            Path root = copy("deleted-" + which);
            Path zst = sealed(root).get(which);
            SegmentIndex.End end = SegmentIndex.read(idx(zst)).end();
            Files.delete(zst);
            Outcome o = check(root, List.of(zst), -1);
            assertThat(o.damage()).singleElement().satisfies(d -> {
                assertThat(d.file()).isEqualTo(zst);
                assertThat(d.firstSeq()).isEqualTo(baseOf(zst));
                assertThat(d.endSeq()).isEqualTo(end.nextSeq());
            });
            assertThat(o.records()).hasSize((int) (model.size() - (end.nextSeq() - baseOf(zst))));
            try (Journal j = Journal.open(config(root))) {
                assertThat(j.damage()).anySatisfy(d -> assertThat(d.file()).isEqualTo(zst));
            }
            // the index stays as the record of the loss: verify keeps naming it
            assertThat(JournalVerifier.verify(root).problems()).anySatisfy(p -> assertThat(p.file()).isEqualTo(zst));
            openAndReread(root, o);
        }
    }

    @Test
    void deletedSealedSegmentAndIndexIsAHoleNamedByTheNextSegment() throws IOException {
        Path root = copy("hole");
        Path zst = sealed(root).get(2);
        Path next = sealed(root).get(3);
        Files.delete(zst);
        Files.delete(idx(zst));
        Outcome o = check(root, List.of(next), -1);
        assertThat(o.damage()).singleElement().satisfies(d -> {
            assertThat(d.file()).isEqualTo(next);
            assertThat(d.firstSeq()).isEqualTo(baseOf(zst));
            assertThat(d.endSeq()).isEqualTo(baseOf(next));
        });
        assertThat(JournalVerifier.verify(root).problems()).anySatisfy(p -> assertThat(p.message()).contains("previous one ends at"));
    }

    @Test
    void sealedIndexTruncatedOrDeletedIsRebuiltAndNothingIsLost() throws IOException {
        for (String how : List.of("truncated", "deleted", "garbage")) {
            Path root = copy("sealed-idx-" + how);
            Path zst = sealed(root).get(2);
            Path idx = idx(zst);
            switch (how) {
                case "truncated" -> truncate(idx, Files.size(idx) / 2);
                case "deleted" -> Files.delete(idx);
                default -> append(idx, "17 3 garbage\n".getBytes(StandardCharsets.US_ASCII));
            }
            Outcome o = check(root, List.of(idx), -1);
            assertThat(o.damage()).as(how).isEmpty();
            assertThat(o.records()).hasSize(model.size());
            Path fixed = copy("sealed-idx-" + how + "-repaired");
            Path fixedIdx = fixed.resolve(root.relativize(idx));
            Files.deleteIfExists(fixedIdx);
            if (Files.exists(idx)) {
                Files.copy(idx, fixedIdx);
            }
            JournalVerifier.Report rep = JournalVerifier.repair(fixed);
            assertThat(rep.repairs()).as(how).singleElement().satisfies(s -> assertThat(s).contains(fixedIdx.toString()));
            assertThat(rep.problems()).as(how).isEmpty();
            assertThat(Files.readString(fixedIdx)).isEqualTo(Files.readString(idx(sealed(pristine).get(2))));
            // the next open rebuilds it too
            try (Journal j = Journal.open(config(root))) {
                assertThat(j.repairs()).singleElement().satisfies(s -> assertThat(s).contains(idx.toString()));
            }
            assertThat(JournalVerifier.verify(root).problems()).isEmpty();
            assertThat(Files.readString(idx)).isEqualTo(Files.readString(idx(sealed(pristine).get(2))));
        }
    }

    @Test
    void openIndexDeletedOrTruncatedIsNamedAndRebuilt() throws IOException {
        for (String how : List.of("deleted", "truncated", "garbage")) {
            Path root = copy("open-idx-" + how);
            Path log = openLog(root);
            Path idx = idx(log);
            switch (how) {
                case "truncated" -> truncate(idx, Files.size(idx) / 2 + 3);
                case "deleted" -> Files.delete(idx);
                default -> append(idx, new byte[] {'9', '9', ' ', 'x', '\n', 0, 7});
            }
            Outcome o = check(root, List.of(idx), -1);
            assertThat(o.damage()).as(how).isEmpty();
            assertThat(o.records()).hasSize(model.size());
            Path fixed = copy("open-idx-" + how + "-repaired");
            Path fixedIdx = fixed.resolve(root.relativize(idx));
            Files.deleteIfExists(fixedIdx);
            if (Files.exists(idx)) {
                Files.copy(idx, fixedIdx);
            }
            JournalVerifier.Report rep = JournalVerifier.repair(fixed);
            assertThat(rep.repairs()).as(how).hasSize(1);
            assertThat(rep.problems()).as(how).isEmpty();
            try (Journal j = Journal.open(config(root))) {
                if (!how.equals("truncated")) {
                    assertThat(j.repairs()).as(how).hasSize(1);
                }
            }
            assertThat(JournalVerifier.verify(root).problems()).isEmpty();
        }
    }

    @Test
    void halfOfTheOpenLogCutAwayIsNamedAndBooksStillWork() throws IOException {
        Path root = copy("half");
        Path log = openLog(root);
        long size = Files.size(log);
        truncate(log, size / 2);
        JournalVerifier.Report v = JournalVerifier.verify(root);
        assertThat(v.isOk()).isFalse();
        assertThat(v.problems()).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo(log);
            assertThat(p.isDamage()).isTrue();
            assertThat(p.message()).contains("cut short");
        });
        Outcome o = check(root, List.of(log), lastIndexedSeq(log) + 1);
        Damage cut = o.damage().getLast();
        assertThat(cut.file()).isEqualTo(log);
        assertThat(cut.reason()).contains("cut short");
        // the book at the end of the stream: not exact (records were lost), but no exception, and
        // every book before the cut is exact (checked by check())
        JournalReader.Replay rep = new JournalReader(root).replayTo(ID, Long.MAX_VALUE, new SynthBook());
        assertThat(rep.isExact()).isFalse();
        try (Journal j = Journal.open(config(root))) {
            assertThat(j.damage()).anySatisfy(d -> assertThat(d.reason()).contains("cut short"));
            // lost sequence numbers are not reused
            assertThat(j.writer(ID).nextSeq()).isGreaterThanOrEqualTo(cut.endSeq());
        }
        Outcome after = read(root);
        assertThat(after.damage()).anySatisfy(d -> assertThat(d.covers(cut.firstSeq())).isTrue());
        assertThat(JournalVerifier.verify(root).isOk()).isFalse();
    }

    /** The last sequence number the open segment's index lists: records after it are gone without a trace when the log is cut. */
    private static long lastIndexedSeq(Path log) throws IOException {
        long last = -1;
        for (IndexEntry e : SegmentIndex.read(idx(log)).entries()) {
            last = Math.max(last, e.seq());
        }
        return last;
    }

    @Test
    void bytesFlippedInASealedFrameLoseThatFrameOnly() throws IOException {
        Path root = copy("flip16");
        Path zst = sealed(root).get(3);
        List<IndexEntry> es = SegmentIndex.read(idx(zst)).entries();
        int k = es.size() / 2;
        while (es.get(k + 1).fileOffset() - es.get(k).fileOffset() < 64) {
            k++;
        }
        IndexEntry e = es.get(k);
        byte[] mask = new byte[16];
        Arrays.fill(mask, (byte) 0xff);
        xor(zst, e.fileOffset() + 24, mask);
        JournalVerifier.Report v = JournalVerifier.verify(root);
        assertThat(v.problems()).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo(zst);
            assertThat(p.offset()).isEqualTo(e.fileOffset());
        });
        Outcome o = check(root, List.of(zst), -1);
        long next = es.get(k + 1).seq();
        assertThat(o.damage()).singleElement().satisfies(d -> {
            assertThat(d.file()).isEqualTo(zst);
            assertThat(d.offset()).isEqualTo(e.fileOffset());
            assertThat(d.firstSeq()).isEqualTo(e.seq());
            assertThat(d.endSeq()).isEqualTo(next);
        });
        assertThat(o.records()).hasSize((int) (model.size() - (next - e.seq())));
        openAndReread(root, o);
    }

    // ---- every damage kind -----------------------------------------------------------------------

    @Test
    void randomBitFlipsInOpenAndSealedSegmentsAndIndexes() throws IOException {
        SplittableRandom rnd = new SplittableRandom(20240917);
        for (int round = 0; round < 24; round++) {
            Path root = copy("flip-" + round);
            List<Path> files = new ArrayList<>();
            files.add(openLog(root));
            files.add(sealed(root).get(rnd.nextInt(sealed(root).size())));
            files.add(idx(openLog(root)));
            files.add(idx(sealed(root).get(rnd.nextInt(sealed(root).size()))));
            Path f = files.get(round % files.size());
            long at = rnd.nextLong(Files.size(f));
            int flips = 1 + rnd.nextInt(3);
            for (int i = 0; i < flips; i++) {
                xor(f, Math.min(Files.size(f) - 1, at + rnd.nextInt(64)), new byte[] {(byte) (1 << rnd.nextInt(8))});
            }
            boolean isOpenLog = f.equals(openLog(root));
            Outcome o = check(root, f.toString().endsWith(".zst") ? List.of() : List.of(f), isOpenLog ? tornTailFrom(root) : -1);
            if (f.toString().endsWith(".zst") && (o.lost() > 0 || !o.damage().isEmpty())) {
                assertThat(JournalVerifier.verify(root).problems()).anySatisfy(p -> assertThat(p.file()).isEqualTo(f));
            }
            if (f.toString().endsWith(".idx")) {
                assertThat(o.damage()).as("round %d: index damage loses no record", round).isEmpty();
            }
            openAndReread(root, o);
            repairLeavesNoIndexProblem(root);
        }
    }

    /** The first sequence number of the open segment's torn tail as verify sees it (a damaged last line reads as one), or -1. */
    private static long tornTailFrom(Path root) throws IOException {
        for (JournalVerifier.Problem p : JournalVerifier.verify(root).problems()) {
            if (!p.isDamage() && p.message().startsWith("torn tail")) {
                Outcome o = read(root);
                return o.records().isEmpty() ? 0 : o.records().getLast().seq() + 1;
            }
        }
        return -1;
    }

    @Test
    void truncatedFilesLoseOnlyWhatWasCut() throws IOException {
        SplittableRandom rnd = new SplittableRandom(77);
        for (int round = 0; round < 12; round++) {
            Path root = copy("trunc-" + round);
            Path f = switch (round % 4) {
                case 0 -> openLog(root);
                case 1 -> sealed(root).get(rnd.nextInt(sealed(root).size()));
                case 2 -> idx(sealed(root).get(rnd.nextInt(sealed(root).size())));
                default -> idx(openLog(root));
            };
            long size = Files.size(f);
            truncate(f, 1 + rnd.nextLong(size - 1));
            boolean isOpenLog = round % 4 == 0;
            Outcome o = check(root, List.of(f), isOpenLog ? lastIndexedSeq(f) + 1 : -1);
            if (round % 4 >= 2) {
                assertThat(o.damage()).isEmpty();
            }
            if (round % 4 == 1) {
                assertThat(o.damage()).isNotEmpty().allSatisfy(d -> assertThat(d.file()).isEqualTo(f));
            }
            repairLeavesNoIndexProblem(root);
        }
    }

    @Test
    void deletedOpenSegmentWithItsIndexLeftIsANamedLoss() throws IOException {
        Path root = copy("open-deleted");
        Path log = openLog(root);
        long base = baseOf(log);
        Files.delete(log);
        Outcome o = check(root, List.of(log), base);
        assertThat(o.damage()).singleElement().satisfies(d -> {
            assertThat(d.file()).isEqualTo(log);
            assertThat(d.firstSeq()).isEqualTo(base);
        });
        try (Journal j = Journal.open(config(root))) {
            assertThat(j.damage()).anySatisfy(d -> assertThat(d.file()).isEqualTo(log));
            // the records its index lists keep their sequence numbers: new ones come after
            assertThat(j.writer(ID).nextSeq()).isGreaterThan(o.damage().getFirst().endSeq() - 1);
        }
    }

    @Test
    void garbageAppendedIsNamedAndLosesNothing() throws IOException {
        byte[] junk = "1700000000999999999 123 u=1 B:9000:1 deadbeef\n\u0001\u0002 more junk".getBytes(StandardCharsets.ISO_8859_1);
        for (int w = 0; w < 2; w++) {
            int which = w;
            Path root = copy("garbage-" + which);
            Path f = which == 0 ? openLog(root) : sealed(root).get(4);
            long size = Files.size(f);
            append(f, junk);
            JournalVerifier.Report v = JournalVerifier.verify(root);
            assertThat(v.problems()).anySatisfy(p -> {
                assertThat(p.file()).isEqualTo(f);
                assertThat(p.offset()).isEqualTo(size);
                // the open segment's tail is what a crash leaves: a warning; a sealed segment never changes: damage
                assertThat(p.isDamage()).isEqualTo(which == 1);
            });
            Outcome o = check(root, List.of(f), -1);
            assertThat(o.records()).hasSize(model.size());
            assertThat(o.damage()).isEmpty();
            try (Journal j = Journal.open(config(root))) {
                assertThat(j.recovery().getFirst().cutBytes()).isEqualTo(which == 0 ? junk.length : 0);
            }
            assertThat(JournalVerifier.verify(root).isOk()).isEqualTo(which == 0);
        }
    }

    @Test
    void aZeroedPageInTheOpenLogIsAHoleNotItsEnd() throws IOException {
        // what power loss can leave: a page never written back between pages that were
        Path root = copy("zero-page");
        Path log = openLog(root);
        long size = Files.size(log);
        long from = size - 8192;
        byte[] b = Files.readAllBytes(log);
        byte[] mask = Arrays.copyOfRange(b, (int) from, (int) from + 4096);
        xor(log, from, mask);
        JournalVerifier.Report v = JournalVerifier.verify(root);
        assertThat(v.problems()).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo(log);
            assertThat(p.isDamage()).isTrue();
            assertThat(p.offset()).isLessThanOrEqualTo(from);
        });
        Outcome o = check(root, List.of(log), -1);
        assertThat(o.damage()).singleElement().satisfies(d -> assertThat(d.records()).isPositive());
        assertThat(o.records().getLast()).isEqualTo(model.getLast());
        Outcome after = openAndReread(root, o);
        assertThat(after.records().getLast()).isEqualTo(model.getLast());
    }

    static List<Integer> lineStarts(byte[] b) {
        List<Integer> out = new ArrayList<>();
        out.add(0);
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                out.add(i + 1);
            }
        }
        return out;
    }
}
