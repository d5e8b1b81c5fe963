package dev.ladder.journal;

import dev.ladder.core.InstrumentId;
import dev.ladder.core.SharedData;
import dev.ladder.core.Venue;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Short journal benchmarks (a main, not a test): appends/s under each fsync policy (real BTCUSDT
 * lines and small synthetic ones), replay records/s over sealed and open segments, and book-at-T
 * latency percentiles (one #book snapshot plus the tail). Usage: {@code JournalBenchmark [workDir]}.
 */
public final class JournalBenchmark {
    static final InstrumentId ID = InstrumentId.of(Venue.BINANCE, "BENCH");
    static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private JournalBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory(args.length > 0 ? Path.of(args[0]) : Path.of(System.getProperty("java.io.tmpdir")), "journal-bench");
        List<byte[]> real = realLines();
        List<byte[]> small = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            small.add(SynthBook.message(1, i).getBytes(StandardCharsets.US_ASCII));
        }
        System.out.printf(Locale.ROOT, "messages: real %d lines (avg %d B), synthetic (avg %d B)%n", real.size(),
                real.stream().mapToInt(b -> b.length).sum() / Math.max(1, real.size()), small.stream().mapToInt(b -> b.length).sum() / small.size());
        for (int round = 0; round < 2; round++) {
            String tag = round == 0 ? "warm-up " : "";
            append(work, tag + "group-commit 100ms, real lines", FsyncPolicy.GROUP_COMMIT, real, 2_000_000, 0);
            append(work, tag + "group-commit 100ms, synthetic", FsyncPolicy.GROUP_COMMIT, small, 5_000_000, 0);
            append(work, tag + "os, synthetic", FsyncPolicy.OS, small, 5_000_000, 0);
            append(work, tag + "per-message fsync, real lines", FsyncPolicy.PER_MESSAGE, real, Long.MAX_VALUE, 2_000_000_000L);
        }
        Path replayDir = append(work, "group-commit (replay source), real lines", FsyncPolicy.GROUP_COMMIT, real, 2_000_000, 0);
        for (int i = 0; i < 3; i++) {
            replay(replayDir);
        }
        bookAt(work);
        deleteTree(work);
    }

    static List<byte[]> realLines() throws Exception {
        Path p = SharedData.resolve("data/binance/btcusdt_20240808.gz");
        List<byte[]> out = new ArrayList<>();
        if (p == null) {
            for (int i = 0; i < 10_000; i++) {
                out.add(("{\"stream\":\"x\",\"data\":\"" + "y".repeat(250) + i + "\"}").getBytes(StandardCharsets.US_ASCII));
            }
            return out;
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(p)), StandardCharsets.UTF_8))) {
            String l;
            while ((l = r.readLine()) != null) {
                int sp = l.indexOf(' ');
                if (sp > 0 && l.charAt(sp + 1) == '{' && !l.contains("lastUpdateId")) {
                    out.add(l.substring(sp + 1).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    static Path append(Path work, String name, FsyncPolicy policy, List<byte[]> msgs, long count, long maxNanos) throws Exception {
        Path dir = Files.createTempDirectory(work, "append");
        JournalConfig cfg = JournalConfig.defaults(dir).withFsync(policy, 100);
        long n = 0;
        long bytes = 0;
        long cpu0 = CPU.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long elapsed;
        long cpu;
        try (Journal j = Journal.open(cfg)) {
            JournalWriter w = j.writer(ID);
            long ns = 1_700_000_000_000_000_000L;
            int size = msgs.size();
            while (n < count) {
                byte[] m = msgs.get((int) (n % size));
                w.append(ns + n * 1_000, m, 0, m.length);
                bytes += m.length;
                n++;
                if (maxNanos > 0 && (n & 63) == 0 && System.nanoTime() - t0 > maxNanos) {
                    break;
                }
            }
            elapsed = System.nanoTime() - t0;
            cpu = CPU.getCurrentThreadCpuTime() - cpu0;
        }
        long withClose = System.nanoTime() - t0;
        System.out.printf(Locale.ROOT, "append %-42s %,11.0f msgs/s wall %,11.0f msgs/s per CPU-s of the writer %7.1f MB/s (%,d msgs, %.2f s, with close+seal %.2f s)%n",
                name, n / (elapsed / 1e9), n / (cpu / 1e9), bytes / (elapsed / 1e9) / 1e6, n, elapsed / 1e9, withClose / 1e9);
        return dir;
    }

    static void replay(Path dir) throws Exception {
        JournalReader r = new JournalReader(dir);
        StreamInfo info = r.info(ID);
        long t0 = System.nanoTime();
        long n = 0;
        long bytes = 0;
        try (JournalCursor c = r.cursor(ID, Long.MIN_VALUE, Long.MAX_VALUE)) {
            while (c.next()) {
                n++;
                bytes += c.payloadLength();
            }
        }
        long el = System.nanoTime() - t0;
        System.out.printf(Locale.ROOT, "replay cursor (%d sealed + %d open segments)       %,12.0f records/s %8.1f MB/s (%,d records in %.2f s)%n",
                info.sealedSegments(), info.segments() - info.sealedSegments(), n / (el / 1e9), bytes / (el / 1e9) / 1e6, n, el / 1e9);
    }

    static void bookAt(Path work) throws Exception {
        Path dir = Files.createTempDirectory(work, "bookat");
        SynthBook live = new SynthBook();
        long ns = 1_700_000_000_000_000_000L;
        int total = 1_000_000;
        long t0 = System.nanoTime();
        try (Journal j = Journal.open(JournalConfig.defaults(dir).withSegments(16 << 20, JournalConfig.DEFAULT_SEGMENT_NANOS))) {
            JournalWriter w = j.writer(ID);
            // 1,000 messages per second of receive time, a #book every second
            w.snapshotSource(live::snapshot, 1_000_000_000L);
            for (int i = 0; i < total; i++) {
                String m = SynthBook.message(7, i);
                w.append(ns + i * 1_000_000L, m);
                live.apply(m);
            }
        }
        System.out.printf(Locale.ROOT, "book-at-T journal: %,d messages over %,d s, #book every 1 s (%d levels), built in %.1f s%n",
                total, total / 1000, live.book.depth(dev.ladder.core.Side.BID) + live.book.depth(dev.ladder.core.Side.ASK), (System.nanoTime() - t0) / 1e9);
        JournalReader r = new JournalReader(dir);
        SplittableRandom rnd = new SplittableRandom(5);
        int queries = 3_000;
        long[] lat = new long[queries];
        long[] cpuLat = new long[queries];
        for (int round = 0; round < 2; round++) {
            for (int q = 0; q < queries; q++) {
                long at = ns + (long) (rnd.nextDouble() * total) * 1_000_000L;
                SynthBook b = new SynthBook();
                long c = CPU.getCurrentThreadCpuTime();
                long s = System.nanoTime();
                r.replayTo(ID, at, b);
                lat[q] = System.nanoTime() - s;
                cpuLat[q] = CPU.getCurrentThreadCpuTime() - c;
            }
        }
        Arrays.sort(lat);
        Arrays.sort(cpuLat);
        System.out.printf(Locale.ROOT, "book-at-T (%d queries) wall: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n", queries,
                lat[queries / 2] / 1e6, lat[queries * 9 / 10] / 1e6, lat[queries * 99 / 100] / 1e6, lat[queries - 1] / 1e6);
        System.out.printf(Locale.ROOT, "book-at-T (%d queries) CPU:  p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n", queries,
                cpuLat[queries / 2] / 1e6, cpuLat[queries * 9 / 10] / 1e6, cpuLat[queries * 99 / 100] / 1e6, cpuLat[queries - 1] / 1e6);
    }

    static void deleteTree(Path p) throws Exception {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
