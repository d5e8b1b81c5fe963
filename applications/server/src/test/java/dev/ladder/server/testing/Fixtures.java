package dev.ladder.server.testing;

import dev.ladder.binance.CaptureReader;
import dev.ladder.binance.CaptureReplay;
import dev.ladder.book.OrderBook;
import dev.ladder.core.Decimals;
import dev.ladder.core.InstrumentId;
import dev.ladder.journal.JournalReader;
import dev.ladder.server.live.LevelChanges;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Shared data and small builders for the server's tests. */
public final class Fixtures {
    /** The shared BTCUSDT capture (hftbacktest lines, REST snapshot inline), relative to ../shared. */
    public static final String BTCUSDT_CAPTURE = "data/binance/btcusdt_20240808.gz";
    /** A shared Betfair historical file (bz2), relative to ../shared. */
    public static final String BETFAIR_FILE = "data/betfair/1.185781277.bz2";

    private Fixtures() {
    }

    /** The BTCUSDT book of {@code file} rebuilt by the Binance module up to receive time {@code ns}. */
    public static OrderBook captureBookAt(Path file, long ns) throws IOException {
        CaptureReplay replay = new CaptureReplay("BTCUSDT", false, ns, null);
        try (CaptureReader reader = CaptureReader.openAll(List.of(file))) {
            replay.run(reader);
        }
        return replay.sync("BTCUSDT").book();
    }

    /**
     * Imports the shared BTCUSDT capture into a new journal at {@code dir} ({@code journal import} with
     * {@code --book-every 5s} and the given segment size, so the journal has several sealed segments),
     * skipping the test with the reason when ../shared is absent.
     */
    public static Path importBtcusdt(Path dir, String segmentBytes) {
        Path capture = dev.ladder.core.SharedData.resolve(BTCUSDT_CAPTURE);
        org.junit.jupiter.api.Assumptions.assumeTrue(capture != null, dev.ladder.core.SharedData.skipReason(BTCUSDT_CAPTURE));
        Cli.Run r = Cli.run("journal", "import", "--data", dir.toString(), "--book-every", "5s", "--segment-bytes", segmentBytes,
                capture.toString());
        if (r.code() != 0) {
            throw new IllegalStateException("journal import failed: " + r.err());
        }
        return dir;
    }

    /** Records in a journal stream (0 when the journal does not exist yet). */
    public static long records(Path data, InstrumentId id) throws IOException {
        return Files.isDirectory(data) ? new JournalReader(data).info(id).records() : 0;
    }

    /** Levels from decimal {@code price, size} pairs at the given scales. */
    public static LevelChanges levels(int priceScale, int sizeScale, String... pairs) {
        long[] p = new long[pairs.length / 2];
        long[] s = new long[pairs.length / 2];
        for (int i = 0; i < p.length; i++) {
            p[i] = Decimals.parse(pairs[2 * i], priceScale);
            s[i] = Decimals.parse(pairs[2 * i + 1], sizeScale);
        }
        return new LevelChanges(p, s);
    }
}
