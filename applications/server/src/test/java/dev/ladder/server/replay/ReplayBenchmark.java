package dev.ladder.server.replay;

import dev.ladder.core.InstrumentId;
import dev.ladder.core.SharedData;
import dev.ladder.core.Venue;
import dev.ladder.journal.JournalCursor;
import dev.ladder.journal.JournalReader;
import dev.ladder.journal.ProgressMeter;
import dev.ladder.server.cli.Main;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A short benchmark main (not a test): imports the real BTCUSDT capture into a journal (#book every
 * second), then measures replay through the Binance decoder and sync (records/s) and the book at a
 * random time (one #book plus the tail) as latency percentiles, wall and CPU. Arguments (optional): a
 * journal directory holding binance/BTCUSDT to use instead (kept), and the number of replay rounds.
 */
public final class ReplayBenchmark {
    private ReplayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path capture = SharedData.resolve("data/binance/btcusdt_20240808.gz");
        if (capture == null) {
            System.out.println(SharedData.skipReason("data/binance/btcusdt_20240808.gz"));
            return;
        }
        boolean own = args.length == 0;
        Path dir = own ? Files.createTempDirectory("replay-bench") : Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        if (own) {
            int code = Main.run("journal", "import", capture.toString(), "--data", dir.toString(), "--book-every", "1s");
            if (code != 0) {
                throw new IllegalStateException("import failed: " + code);
            }
        }
        InstrumentId id = InstrumentId.of(Venue.BINANCE, "BTCUSDT");
        JournalReader reader = new JournalReader(dir);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        ProgressMeter quiet = ProgressMeter.to(new PrintStream(OutputStream.nullOutputStream()), "replay", 0);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        for (int i = 0; i < rounds; i++) {
            long c0 = cpu.getCurrentThreadCpuTime();
            long p0 = os.getProcessCpuTime();
            JournalReplay.Result r = JournalReplay.replay(reader, List.of(id), Long.MIN_VALUE, Long.MAX_VALUE, 0, quiet);
            long c = cpu.getCurrentThreadCpuTime() - c0;
            long p = os.getProcessCpuTime() - p0;
            System.out.printf(Locale.ROOT, "replay %d: %,d records in %.3f s: %,.0f records/s wall, %,.0f per CPU-s of the replaying thread, %,.0f per process CPU-s%n",
                    i, r.total(), r.nanos() / 1e9, r.total() / (r.nanos() / 1e9), r.total() / (c / 1e9), r.total() / (p / 1e9));
        }
        long first;
        long last;
        try (JournalCursor c = reader.cursor(id, Long.MIN_VALUE, Long.MAX_VALUE)) {
            c.next();
            first = c.receiveNanos();
            last = first;
            while (c.next()) {
                last = c.receiveNanos();
            }
        }
        SplittableRandom rnd = new SplittableRandom(1);
        int n = 2_000;
        long[] wall = new long[n];
        long[] cpuNs = new long[n];
        for (int round = 0; round < 2; round++) {
            for (int q = 0; q < n; q++) {
                long at = first + (long) (rnd.nextDouble() * (last - first));
                BinanceBookTarget t = new BinanceBookTarget("BTCUSDT", false);
                long c0 = cpu.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                reader.replayTo(id, at, t);
                wall[q] = System.nanoTime() - w0;
                cpuNs[q] = cpu.getCurrentThreadCpuTime() - c0;
            }
        }
        Arrays.sort(wall);
        Arrays.sort(cpuNs);
        System.out.printf(Locale.ROOT, "book-at-T BTCUSDT (%d queries, #book every 1 s, ~3,400 levels) wall: p50 %.2f ms p90 %.2f ms p99 %.2f ms max %.2f ms%n",
                n, wall[n / 2] / 1e6, wall[n * 9 / 10] / 1e6, wall[n * 99 / 100] / 1e6, wall[n - 1] / 1e6);
        System.out.printf(Locale.ROOT, "book-at-T BTCUSDT CPU: p50 %.2f ms p90 %.2f ms p99 %.2f ms max %.2f ms%n",
                cpuNs[n / 2] / 1e6, cpuNs[n * 9 / 10] / 1e6, cpuNs[n * 99 / 100] / 1e6, cpuNs[n - 1] / 1e6);
        if (!own) {
            return;
        }
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
