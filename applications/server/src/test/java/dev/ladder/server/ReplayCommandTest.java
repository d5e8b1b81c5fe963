package dev.ladder.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.binance.CaptureMessage;
import dev.ladder.binance.CaptureReader;
import dev.ladder.binance.CaptureReplay;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.SharedData;
import dev.ladder.core.Venue;
import dev.ladder.journal.Journal;
import dev.ladder.journal.JournalConfig;
import dev.ladder.journal.JournalCursor;
import dev.ladder.journal.JournalReader;
import dev.ladder.journal.JournalWriter;
import dev.ladder.journal.ProgressMeter;
import dev.ladder.journal.RecordKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A real capture (BTCUSDT spot, hftbacktest format) journaled as a recorder would (raw lines,
 * the REST snapshot as a #snapshot line, #book blobs of the live book every second) replays into
 * byte-identical books: at every #book line, from any #book line, and at the end, where the book also
 * equals the Binance module's own capture replay.
 */
class ReplayCommandTest {
    static final String CAPTURE = "data/binance/btcusdt_20240808.gz";
    static final InstrumentId BTC = InstrumentId.of(Venue.BINANCE, "BTCUSDT");

    @TempDir
    Path dir;

    record Point(long ns, long checksum) {
    }

    @Test
    void journaledCaptureReplaysToIdenticalBooks() throws Exception {
        Path capture = SharedData.resolve(CAPTURE);
        Assumptions.assumeTrue(capture != null, SharedData.skipReason(CAPTURE));
        // "live": apply as recorded, journal raw first, #book every second
        ReplayCommand.BinanceBookTarget live = new ReplayCommand.BinanceBookTarget("BTCUSDT", false);
        List<Point> points = new ArrayList<>();
        int books = 0;
        try (Journal j = Journal.open(JournalConfig.defaults(dir).withSegments(1 << 20, JournalConfig.DEFAULT_SEGMENT_NANOS));
             CaptureReader in = CaptureReader.open(capture)) {
            JournalWriter w = j.writer(BTC);
            long lastBook = Long.MIN_VALUE / 2;
            long prevNs = -1;
            CaptureMessage m;
            while ((m = in.next()) != null) {
                long ns = m.receiveTimeNanos();
                if (ns != prevNs && prevNs >= 0) {
                    points.add(new Point(prevNs, ReplayCommand.checksum(live.book())));
                }
                if (ns - lastBook >= 1_000_000_000L && live.sync().isSynced()) {
                    w.appendBook(ns, ReplayCommand.BinanceBookTarget.blob(live.book(), live.sync().lastUpdateId()));
                    lastBook = ns;
                    books++;
                }
                if (m.isSnapshot()) {
                    w.appendMarker(ns, RecordKind.SNAPSHOT, m.json());
                    live.onSnapshot(m.json(), ns);
                } else {
                    byte[] raw = m.json().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    w.append(ns, raw);
                    live.onMessage(raw, 0, raw.length, ns);
                }
                prevNs = ns;
            }
            points.add(new Point(prevNs, ReplayCommand.checksum(live.book())));
        }
        assertThat(books).isGreaterThan(100);
        assertThat(live.sync().isSynced()).isTrue();
        assertThat(live.sync().gaps()).isZero();

        // 1. a full replay matches the live book at every #book line, byte for byte
        JournalReader reader = new JournalReader(dir);
        ReplayCommand.BinanceBookTarget full = new ReplayCommand.BinanceBookTarget("BTCUSDT", false);
        int checked = 0;
        try (JournalCursor c = reader.cursor(BTC, Long.MIN_VALUE, Long.MAX_VALUE)) {
            while (c.next()) {
                if (c.kind() == RecordKind.BOOK) {
                    assertThat(ReplayCommand.BinanceBookTarget.blob(full.book(), full.sync().lastUpdateId()))
                            .as("book at seq %d", c.seq()).isEqualTo(c.payloadBytes());
                    checked++;
                } else {
                    full.apply(c);
                }
            }
        }
        assertThat(checked).isEqualTo(books);
        assertThat(ReplayCommand.checksum(full.book())).isEqualTo(ReplayCommand.checksum(live.book()));

        // 2. the book at T (one #book + tail) equals the live book at T, for random T
        SplittableRandom rnd = new SplittableRandom(3);
        for (int k = 0; k < 200; k++) {
            Point p = points.get(rnd.nextInt(points.size()));
            ReplayCommand.BinanceBookTarget at = new ReplayCommand.BinanceBookTarget("BTCUSDT", false);
            reader.replayTo(BTC, p.ns(), at);
            assertThat(ReplayCommand.checksum(at.book())).as("book at %d", p.ns()).isEqualTo(p.checksum());
        }

        // 3. the end state equals the Binance module's own capture replay
        CaptureReplay ref = new CaptureReplay("BTCUSDT", false, Long.MAX_VALUE, null);
        try (CaptureReader in = CaptureReader.open(capture)) {
            ref.run(in);
        }
        assertThat(ReplayCommand.checksum(ref.sync("BTCUSDT").book())).isEqualTo(ReplayCommand.checksum(live.book()));

        // 4. the command: from the middle, through the end
        Point mid = points.get(points.size() / 2);
        ReplayCommand.Result r = ReplayCommand.replay(reader, List.of(BTC), mid.ns() + 1, Long.MAX_VALUE, 0,
                ProgressMeter.to(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), "replay", 0));
        assertThat(ReplayCommand.checksum(((ReplayCommand.BinanceBookTarget) r.targets().get(BTC)).book()))
                .isEqualTo(ReplayCommand.checksum(live.book()));
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out, true));
        int code = cl.execute("replay", dir.toString(), "--stream", "binance:BTCUSDT", "--from", Long.toString(mid.ns() + 1));
        assertThat(code).isZero();
        assertThat(out.toString()).contains("binance:BTCUSDT").contains("synced=true")
                .contains(String.format("checksum=%016x", ReplayCommand.checksum(live.book())));
    }

    @Test
    void importedCaptureReplaysFromTheCommandLine() throws Exception {
        Path capture = SharedData.resolve(CAPTURE);
        Assumptions.assumeTrue(capture != null, SharedData.skipReason(CAPTURE));
        Path data = dir.resolve("imported");
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(new PrintWriter(out, true));
        assertThat(cl.execute("journal", "import", capture.toString(), "--data", data.toString(), "--book-every", "5s")).isZero();
        CaptureReplay ref = new CaptureReplay("BTCUSDT", false, Long.MAX_VALUE, null);
        try (CaptureReader in = CaptureReader.open(capture)) {
            ref.run(in);
        }
        String checksum = String.format("checksum=%016x", ReplayCommand.checksum(ref.sync("BTCUSDT").book()));
        assertThat(out.toString()).contains("binance:BTCUSDT").contains(checksum).contains("imported 41249 messages into 1 streams");

        StringWriter replayed = new StringWriter();
        CommandLine again = new CommandLine(new Main());
        again.setOut(new PrintWriter(replayed, true));
        assertThat(again.execute("replay", data.toString())).isZero();
        assertThat(replayed.toString()).contains("binance:BTCUSDT records=").contains("synced=true").contains(checksum);
        assertThat(new JournalReader(data).info(BTC).records()).isGreaterThan(41249);
    }

    @Test
    void aReplayThatLosesSyncIsRestoredByTheNextBookLine() throws Exception {
        Path capture = SharedData.resolve(CAPTURE);
        Assumptions.assumeTrue(capture != null, SharedData.skipReason(CAPTURE));
        Path full = dir.resolve("full");
        assertThat(Main.run("journal", "import", capture.toString(), "--data", full.toString(), "--book-every", "2s")).isZero();
        // copy the journal without one depth diff in the middle: the replay sees a gap no snapshot repairs
        Path holed = dir.resolve("holed");
        long total = new JournalReader(full).info(BTC).records();
        boolean dropped = false;
        long bookAfterHole = -1;
        try (Journal j = Journal.open(JournalConfig.defaults(holed));
             JournalCursor c = new JournalReader(full).cursor(BTC, Long.MIN_VALUE, Long.MAX_VALUE)) {
            JournalWriter w = j.writer(BTC);
            while (c.next()) {
                if (!dropped && c.seq() > total / 2 && c.kind() == RecordKind.MESSAGE && c.payloadString().contains("depthUpdate")) {
                    dropped = true;
                    continue;
                }
                switch (c.kind()) {
                    case MESSAGE -> w.append(c.receiveNanos(), c.payloadBytes());
                    case BOOK -> {
                        w.appendBook(c.receiveNanos(), c.payloadBytes());
                        if (dropped && bookAfterHole < 0) {
                            bookAfterHole = c.receiveNanos();
                        }
                    }
                    default -> w.appendMarker(c.receiveNanos(), c.kind(), c.payloadString());
                }
            }
        }
        assertThat(dropped).isTrue();
        assertThat(bookAfterHole).isPositive();
        ProgressMeter quiet = ProgressMeter.to(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), "replay", 0);
        ReplayCommand.BinanceBookTarget expected = (ReplayCommand.BinanceBookTarget) ReplayCommand.replay(new JournalReader(full),
                List.of(BTC), Long.MIN_VALUE, Long.MAX_VALUE, 0, quiet).targets().get(BTC);
        ReplayCommand.BinanceBookTarget got = (ReplayCommand.BinanceBookTarget) ReplayCommand.replay(new JournalReader(holed),
                List.of(BTC), Long.MIN_VALUE, Long.MAX_VALUE, 0, quiet).targets().get(BTC);
        assertThat(got.resyncsFromBook()).isEqualTo(1);
        assertThat(got.sync().isSynced()).isTrue();
        assertThat(ReplayCommand.checksum(got.book())).isEqualTo(ReplayCommand.checksum(expected.book()));
        assertThat(expected.resyncsFromBook()).isZero();
    }
}
