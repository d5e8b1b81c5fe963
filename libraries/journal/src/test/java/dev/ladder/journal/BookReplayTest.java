package dev.ladder.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.core.InstrumentId;
import dev.ladder.core.Venue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The book at any time from snapshot + tail equals the book built by applying every message (the oracle). */
class BookReplayTest {
    static final InstrumentId ID = InstrumentId.of(Venue.BINANCE, "SYNTH");

    @TempDir
    Path dir;

    @Test
    void bookAtAnyTimeEqualsFullReplayAndTheLiveBook() throws Exception {
        SplittableRandom rnd = new SplittableRandom(11);
        SynthBook live = new SynthBook();
        List<long[]> checkpoints = new ArrayList<>(); // ns, checksum after all records with that ns or earlier
        List<Long> bookSeqs = new ArrayList<>();
        JournalConfig cfg = JournalConfig.defaults(dir).withSegments(64 << 10, JournalConfig.DEFAULT_SEGMENT_NANOS).withIndexInterval(4 << 10);
        long ns = 5_000_000_000L;
        try (Journal j = Journal.open(cfg)) {
            JournalWriter w = j.writer(ID);
            w.snapshotSource(live::snapshot, 50_000_000L);
            for (int i = 0; i < 8_000; i++) {
                long prev = ns;
                ns += rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(2_000_000);
                if (ns != prev) {
                    checkpoints.add(new long[] {prev, live.checksum()});
                }
                long before = w.nextSeq();
                String m = SynthBook.message(5, i);
                long seq = w.append(ns, m);
                if (seq != before) {
                    bookSeqs.add(before);
                }
                live.apply(m);
            }
            checkpoints.add(new long[] {ns, live.checksum()});
        }
        assertThat(bookSeqs).hasSizeGreaterThan(50);
        JournalReader r = new JournalReader(dir);
        // every #book line restores exactly the book the live writer had there
        SynthBook oracle = new SynthBook();
        SynthBook restored = new SynthBook();
        int books = 0;
        try (JournalCursor c = r.cursor(ID, Long.MIN_VALUE, Long.MAX_VALUE)) {
            while (c.next()) {
                if (c.kind() == RecordKind.BOOK) {
                    restored.restore(c);
                    assertThat(restored.checksum()).as("book at seq %d", c.seq()).isEqualTo(oracle.checksum());
                    assertThat(restored.applied).isEqualTo(oracle.applied);
                    books++;
                } else {
                    oracle.apply(c);
                }
            }
        }
        assertThat(books).isEqualTo(bookSeqs.size());
        assertThat(oracle.checksum()).isEqualTo(live.checksum());
        // book at T (snapshot + tail) for random checkpoints, and at every snapshot time
        for (int k = 0; k < 300; k++) {
            long[] cp = checkpoints.get(rnd.nextInt(checkpoints.size()));
            SynthBook b = new SynthBook();
            JournalReader.Replay rep = r.replayTo(ID, cp[0], b);
            assertThat(b.checksum()).as("book at %d", cp[0]).isEqualTo(cp[1]);
            if (cp[0] > 5_100_000_000L) {
                assertThat(rep.isFromBook()).isTrue();
                assertThat(rep.applied()).isLessThan(1_000);
            }
        }
        SynthBook before = new SynthBook();
        JournalReader.Replay none = r.replayTo(ID, 4_000_000_000L, before);
        assertThat(none.applied()).isZero();
        assertThat(before.book.depth(dev.ladder.core.Side.BID)).isZero();
        assertThat(JournalVerifier.verify(dir).problems()).isEmpty();
    }
}
