package dev.ladder.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.Venue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Journals in format 1 (what the recorder wrote before checksums: {@code <ns> <message>} lines, no
 * segment header, five-field index lines) stay readable, verifiable and appendable.
 */
class FormatCompatibilityTest {
    static final InstrumentId ID = InstrumentId.of(Venue.BINANCE, "OLD");

    @TempDir
    Path dir;
    List<JournalTest.Rec> records;

    /**
     * Writes {@code records} as format-1 segments of {@code perSegment} records: all but the last
     * sealed (one zstd frame per index entry, index with a seven-field end line), the last open.
     */
    static void writeFormatOne(Path root, List<JournalTest.Rec> records, int perSegment, int interval) throws IOException {
        Path d = SegmentFiles.streamDir(root, ID);
        Files.createDirectories(d);
        for (int from = 0; from < records.size(); from += perSegment) {
            List<JournalTest.Rec> seg = records.subList(from, Math.min(records.size(), from + perSegment));
            boolean isOpen = from + perSegment >= records.size();
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            List<IndexEntry> entries = new ArrayList<>();
            long lastIndexed = Long.MIN_VALUE / 2;
            for (JournalTest.Rec r : seg) {
                long off = raw.size();
                boolean isBook = r.kind() == RecordKind.BOOK;
                if (entries.isEmpty() || isBook || off - lastIndexed >= interval) {
                    entries.add(new IndexEntry(r.ns(), r.seq(), off, off, isBook));
                    lastIndexed = off;
                }
                String marker = r.kind() == RecordKind.MESSAGE ? "" : "#" + r.kind().marker() + " ";
                raw.writeBytes((r.ns() + " " + marker + r.payload() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            byte[] data = raw.toByteArray();
            long base = seg.getFirst().seq();
            if (isOpen) {
                Files.write(SegmentFiles.log(d, base), data);
                Files.writeString(SegmentFiles.logIdx(d, base), v1Lines(entries));
                continue;
            }
            ByteArrayOutputStream zst = new ByteArrayOutputStream();
            List<IndexEntry> sealed = new ArrayList<>();
            for (int i = 0; i < entries.size(); i++) {
                IndexEntry e = entries.get(i);
                int end = i + 1 < entries.size() ? (int) entries.get(i + 1).rawOffset() : data.length;
                byte[] part = java.util.Arrays.copyOfRange(data, (int) e.rawOffset(), end);
                sealed.add(new IndexEntry(e.ns(), e.seq(), e.rawOffset(), zst.size(), e.isBook()));
                zst.writeBytes(Zstd.compress(part, 3));
            }
            Files.write(SegmentFiles.zst(d, base), zst.toByteArray());
            Files.writeString(SegmentFiles.zstIdx(d, base), v1Lines(sealed) + "end " + seg.getFirst().ns() + " " + seg.getLast().ns() + " "
                    + base + " " + (seg.getLast().seq() + 1) + " " + data.length + " " + zst.size() + "\n");
        }
    }

    private static String v1Lines(List<IndexEntry> entries) {
        StringBuilder sb = new StringBuilder();
        for (IndexEntry e : entries) {
            sb.append(e.ns()).append(' ').append(e.seq()).append(' ').append(e.rawOffset()).append(' ').append(e.fileOffset())
                    .append(' ').append(e.isBook() ? 'b' : 'i').append('\n');
        }
        return sb.toString();
    }

    @BeforeEach
    void write() throws IOException {
        SplittableRandom rnd = new SplittableRandom(3);
        SynthBook live = new SynthBook();
        records = new ArrayList<>();
        long ns = 1_600_000_000_000_000_000L;
        long lastBook = Long.MIN_VALUE / 2;
        for (int i = 0; i < 3_000; i++) {
            ns += rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(1_000_000);
            if (ns - lastBook >= 100_000_000L) {
                records.add(new JournalTest.Rec(records.size(), ns, RecordKind.BOOK, new String(live.snapshot(), StandardCharsets.US_ASCII)));
                lastBook = ns;
            }
            if (rnd.nextInt(100) == 0) {
                records.add(new JournalTest.Rec(records.size(), ns, RecordKind.GAP, "{\"i\":" + i + "}"));
            }
            String m = SynthBook.message(8, i);
            records.add(new JournalTest.Rec(records.size(), ns, RecordKind.MESSAGE, m));
            live.apply(m);
        }
        writeFormatOne(dir, records, 700, 4 << 10);
    }

    @Test
    void formatOneJournalsAreReadVerifiedAndReplayed() throws IOException {
        JournalReader r = new JournalReader(dir);
        assertThat(JournalTest.readAll(r, ID, Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(records);
        JournalVerifier.Report v = JournalVerifier.verify(dir);
        assertThat(v.problems()).isEmpty();
        assertThat(v.lines()).isEqualTo(records.size());
        assertThat(r.info(ID).records()).isEqualTo(records.size());
        try (JournalCursor c = r.cursor(ID, Long.MIN_VALUE, Long.MAX_VALUE)) {
            for (JournalTest.Rec rec : records.subList(0, 3)) {
                assertThat(c.next()).isTrue();
                String marker = rec.kind() == RecordKind.MESSAGE ? "" : "#" + rec.kind().marker() + " ";
                assertThat(c.line()).isEqualTo(rec.ns() + " " + marker + rec.payload());
            }
        }
        SynthBook oracle = new SynthBook();
        for (int i = 0; i < records.size(); i++) {
            JournalTest.Rec rec = records.get(i);
            if (rec.kind() == RecordKind.MESSAGE) {
                oracle.apply(rec.payload());
            }
            if (i % 97 == 0 && (i + 1 == records.size() || records.get(i + 1).ns() != rec.ns())) {
                SynthBook b = new SynthBook();
                JournalReader.Replay rep = r.replayTo(ID, rec.ns(), b);
                assertThat(rep.isExact()).isTrue();
                assertThat(b.checksum()).as("book at %d", rec.ns()).isEqualTo(oracle.checksum());
            }
        }
    }

    @Test
    void appendingSealsTheFormatOneOpenSegmentAndWritesFormatTwo() throws IOException {
        List<JournalTest.Rec> all = new ArrayList<>(records);
        long ns = records.getLast().ns();
        try (Journal j = Journal.open(FormatCompatibilityTest.config(dir))) {
            JournalWriter w = j.writer(ID);
            assertThat(w.nextSeq()).isEqualTo(records.size());
            for (int i = 0; i < 500; i++) {
                String m = SynthBook.message(8, 10_000 + i);
                ns += 1_000;
                assertThat(w.append(ns, m)).isEqualTo(all.size());
                all.add(new JournalTest.Rec(all.size(), ns, RecordKind.MESSAGE, m));
            }
        }
        Path d = SegmentFiles.streamDir(dir, ID);
        List<SegmentFiles.Found> found = SegmentFiles.list(d);
        long lastOldBase = records.size() / 700 * 700L;
        assertThat(found).anySatisfy(f -> {
            assertThat(f.baseSeq()).isEqualTo(lastOldBase);
            assertThat(f.hasZst()).isTrue();
        });
        Path newLog = SegmentFiles.log(d, found.getLast().baseSeq());
        assertThat(found.getLast().baseSeq()).isGreaterThanOrEqualTo(records.size());
        assertThat(Files.readAllLines(newLog).getFirst()).startsWith("#journal v2 seq=" + found.getLast().baseSeq() + " ");
        assertThat(JournalTest.readAll(new JournalReader(dir), ID, Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(all);
        assertThat(JournalVerifier.verify(dir).problems()).isEmpty();
    }

    @Test
    void aMalformedFormatOneLineIsSkippedAndCounted() throws IOException {
        Path d = SegmentFiles.streamDir(dir, ID);
        long base = SegmentFiles.list(d).getLast().baseSeq();
        Path log = SegmentFiles.log(d, base);
        byte[] b = Files.readAllBytes(log);
        List<Integer> starts = DamageTest.lineStarts(b);
        int line = 200;
        int at = starts.get(line);
        int sp = at;
        while (b[sp] != ' ') {
            sp++;
        }
        b[sp] = 'x';
        Files.write(log, b);
        long seq = base + line;
        JournalVerifier.Report v = JournalVerifier.verify(dir);
        assertThat(v.problems()).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo(log);
            assertThat(p.offset()).isEqualTo(at);
        });
        List<JournalTest.Rec> read = new ArrayList<>();
        List<Damage> damage;
        try (JournalCursor c = new JournalReader(dir).cursor(ID, Long.MIN_VALUE, Long.MAX_VALUE)) {
            while (c.next()) {
                read.add(new JournalTest.Rec(c.seq(), c.receiveNanos(), c.kind(), c.payloadString()));
            }
            damage = c.damage();
        }
        List<JournalTest.Rec> expected = new ArrayList<>(records);
        expected.remove((int) seq);
        assertThat(read).isEqualTo(expected);
        assertThat(damage).singleElement().satisfies(x -> {
            assertThat(x.firstSeq()).isEqualTo(seq);
            assertThat(x.endSeq()).isEqualTo(seq + 1);
            assertThat(x.offset()).isEqualTo(at);
        });
    }

    @Test
    void aFormatOneIndexIsRebuiltAndAFormatOneFrameIsSkipped() throws IOException {
        Path d = SegmentFiles.streamDir(dir, ID);
        List<SegmentFiles.Found> found = SegmentFiles.list(d);
        Path zst = SegmentFiles.zst(d, found.get(1).baseSeq());
        Path idx = SegmentFiles.zstIdx(d, found.get(1).baseSeq());
        Files.delete(idx);
        assertThat(JournalVerifier.verify(dir).problems()).singleElement().satisfies(p -> assertThat(p.file()).isEqualTo(idx));
        assertThat(JournalTest.readAll(new JournalReader(dir), ID, Long.MIN_VALUE, Long.MAX_VALUE)).isEqualTo(records);
        JournalVerifier.Report rep = JournalVerifier.repair(dir);
        assertThat(rep.repairs()).hasSize(1);
        assertThat(rep.problems()).isEmpty();
        // a damaged frame of a format-1 segment: its records are skipped, the range named by the index
        Path other = SegmentFiles.zst(d, found.get(2).baseSeq());
        List<IndexEntry> es = SegmentIndex.read(SegmentFiles.zstIdx(d, found.get(2).baseSeq())).entries();
        IndexEntry e = es.get(1);
        byte[] b = Files.readAllBytes(other);
        for (int i = 0; i < 8; i++) {
            b[(int) e.fileOffset() + 12 + i] ^= (byte) 0xff;
        }
        Files.write(other, b);
        List<JournalTest.Rec> read = new ArrayList<>();
        List<Damage> damage;
        try (JournalCursor c = new JournalReader(dir).cursor(ID, Long.MIN_VALUE, Long.MAX_VALUE)) {
            while (c.next()) {
                read.add(new JournalTest.Rec(c.seq(), c.receiveNanos(), c.kind(), c.payloadString()));
            }
            damage = c.damage();
        }
        assertThat(damage).singleElement().satisfies(x -> {
            assertThat(x.file()).isEqualTo(other);
            assertThat(x.offset()).isEqualTo(e.fileOffset());
            assertThat(x.firstSeq()).isEqualTo(e.seq());
            assertThat(x.endSeq()).isEqualTo(es.get(2).seq());
        });
        List<JournalTest.Rec> expected = records.stream().filter(r -> r.seq() < e.seq() || r.seq() >= es.get(2).seq()).toList();
        assertThat(read).isEqualTo(expected);
        assertThat(JournalVerifier.verify(dir).problems()).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo(other);
            assertThat(p.offset()).isEqualTo(e.fileOffset());
        });
    }

    static JournalConfig config(Path d) {
        return JournalConfig.defaults(d).withSegments(64 << 10, JournalConfig.DEFAULT_SEGMENT_NANOS).withIndexInterval(4 << 10);
    }
}
