package dev.ladder.journal;

import dev.ladder.core.InstrumentId;
import dev.ladder.core.Venue;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The recorder that {@link CrashTest} kills: resumes its book from the journal (snapshot + tail),
 * then appends synthetic messages under group commit forever, applying each after journaling it,
 * and prints {@code D <durableSeq> <book checksum after record durableSeq-1>} for each durable
 * position it was told about (printed from the writer thread, which knows the checksums).
 * Message {@code n} is {@link SynthBook#message}(seed, n) at receive time {@code BASE + n * 1000}.
 */
public final class CrashRecorder {
    static final InstrumentId ID = InstrumentId.of(Venue.BINANCE, "CRASH");
    static final long SEED = 42;
    static final long BASE_NS = 1_700_000_000_000_000_000L;
    private static final int RING = 1 << 22;

    private CrashRecorder() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long[] ring = new long[RING];
        PrintStream out = new PrintStream(System.out, false);
        JournalConfig cfg = JournalConfig.defaults(dir).withFsync(FsyncPolicy.GROUP_COMMIT, 50)
                .withSegments(256 << 10, JournalConfig.DEFAULT_SEGMENT_NANOS).withIndexInterval(8 << 10);
        AtomicLong told = new AtomicLong();
        try (Journal j = Journal.open(cfg, (s, seq) -> told.accumulateAndGet(seq, Math::max))) {
            SynthBook book = new SynthBook();
            j.reader().replayTo(ID, Long.MAX_VALUE, book);
            JournalWriter w = j.writer(ID);
            StreamRecovery r = w.recovery();
            synchronized (out) {
                out.println("R " + r.cutBytes() + " " + r.cutLines() + " " + w.nextSeq() + " " + book.applied);
                out.flush();
            }
            w.snapshotSource(book::snapshot, 2_000_000L);
            long last = w.nextSeq() - 1;
            long sum = book.checksum();
            long printed = 0;
            for (long n = book.applied; ; n++) {
                String m = SynthBook.message(SEED, n);
                long seq = w.append(BASE_NS + n * 1000, m);
                for (long s = last + 1; s < seq; s++) {
                    ring[(int) (s & (RING - 1))] = sum;
                }
                book.apply(m);
                sum = book.checksum();
                ring[(int) (seq & (RING - 1))] = sum;
                last = seq;
                long d = told.get();
                if (d > printed && d - 1 <= last) {
                    // the listener runs on the flusher; the book's checksum is known here, on the writer thread
                    out.println("D " + d + " " + ring[(int) ((d - 1) & (RING - 1))]);
                    out.flush();
                    printed = d;
                }
                if (n % 200 == 0) {
                    Thread.sleep(1);
                }
            }
        }
    }
}
