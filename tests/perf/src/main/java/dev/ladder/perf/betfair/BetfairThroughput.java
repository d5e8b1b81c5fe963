package dev.ladder.perf.betfair;

import com.fasterxml.jackson.core.JsonFactory;
import dev.ladder.betfair.BetfairCacheConfig;
import dev.ladder.betfair.BetfairHistoricalReader;
import dev.ladder.betfair.BetfairMarketCache;
import dev.ladder.betfair.BetfairStreamDecoder;
import dev.ladder.core.SharedData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A plain main for the README figures: historical replay throughput (messages/s, MB/s of
 * decompressed JSON) on the shared Betfair files, one thread and all cores (files in parallel, one
 * cache per file), beside bare Jackson tokenising of the same bytes, and with bzip2 decompression
 * included. The contenders run interleaved, pass after pass, and the best and median pass of each
 * are reported, so that other work sharing the machine skews them alike.
 * Run: {@code java -cp tests/perf/target/benchmarks.jar dev.ladder.perf.betfair.BetfairThroughput [seconds]}.
 */
public final class BetfairThroughput {
    private BetfairThroughput() {
    }

    interface Pass {
        long run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 20;
        List<BetfairCorpus.Lines> corpus = BetfairCorpus.load();
        long bytes = 0;
        long lines = 0;
        for (BetfairCorpus.Lines l : corpus) {
            bytes += l.bytes().length;
            lines += l.count();
        }
        int threads = Runtime.getRuntime().availableProcessors();
        System.out.printf("corpus: %d files, %d lines, %.1f MB decompressed; %d cores; %s%n", corpus.size(), lines,
                bytes / 1e6, threads, Runtime.version());
        JsonFactory factory = new JsonFactory();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            String[] names = {
                    "jackson tokenise, 1 thread",
                    "decode into cache, 1 thread",
                    "decode into cache, Jackson only, 1 thread",
                    "jackson tokenise, " + threads + " threads (files in parallel)",
                    "decode into cache, " + threads + " threads (files in parallel)",
                    "bzip2 + decode into cache, 1 thread (from disk)"};
            Pass[] passes = {
                    () -> BetfairReplayBenchmark.tokenise(factory, corpus),
                    () -> BetfairReplayBenchmark.replay(corpus),
                    () -> BetfairReplayBenchmark.replay(corpus, false),
                    () -> parallel(pool, corpus, true),
                    () -> parallel(pool, corpus, false),
                    BetfairThroughput::fromDisk};
            run(names, passes, seconds, lines, bytes);
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            long tid = Thread.currentThread().threadId();
            long a0 = mx.getThreadAllocatedBytes(tid);
            BetfairReplayBenchmark.tokenise(factory, corpus);
            long a1 = mx.getThreadAllocatedBytes(tid);
            BetfairReplayBenchmark.replay(corpus);
            long a2 = mx.getThreadAllocatedBytes(tid);
            System.out.printf("allocated per message: jackson tokenise %.0f B, decode into cache %.0f B (caches and definitions included)%n",
                    (double) (a1 - a0) / lines, (double) (a2 - a1) / lines);
        } finally {
            pool.shutdown();
        }
    }

    private static long parallel(ExecutorService pool, List<BetfairCorpus.Lines> corpus, boolean tokenise) throws Exception {
        List<Future<Long>> fs = new ArrayList<>();
        for (BetfairCorpus.Lines f : corpus) {
            fs.add(pool.submit(() -> tokenise ? BetfairReplayBenchmark.tokenise(new JsonFactory(), List.of(f))
                    : BetfairReplayBenchmark.replay(List.of(f))));
        }
        long s = 0;
        for (Future<Long> f : fs) {
            s += f.get();
        }
        return s;
    }

    private static long fromDisk() throws Exception {
        long s = 0;
        for (String name : BetfairCorpus.FILES) {
            BetfairMarketCache cache = new BetfairMarketCache(BetfairCacheConfig.defaults());
            BetfairStreamDecoder d = new BetfairStreamDecoder(cache);
            new BetfairHistoricalReader().read(SharedData.resolve("data/betfair/" + name), (src, n, b, off, len) -> {
                d.decode(b, off, len);
                return true;
            });
            s += cache.marketChanges();
        }
        return s;
    }

    private static void run(String[] names, Pass[] passes, double seconds, long lines, long bytes) throws Exception {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int warm = 0; warm < 5; warm++) {
            for (Pass p : passes) {
                sink += p.run();
            }
        }
        long[][] times = new long[passes.length][100_000];
        long[][] cpu = new long[passes.length][100_000];
        int rounds = 0;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (rounds < times[0].length && (rounds < 5 || System.nanoTime() < end)) {
            for (int i = 0; i < passes.length; i++) {
                long c0 = mx.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                sink += passes[i].run();
                times[i][rounds] = System.nanoTime() - t0;
                cpu[i][rounds] = mx.getCurrentThreadCpuTime() - c0;
            }
            rounds++;
        }
        for (int i = 0; i < passes.length; i++) {
            Arrays.sort(times[i], 0, rounds);
            Arrays.sort(cpu[i], 0, rounds);
            double best = times[i][0] / 1e9;
            double median = times[i][rounds / 2] / 1e9;
            double cpuMedian = cpu[i][rounds / 2] / 1e9;
            String perCpu = names[i].contains("threads") ? "" : String.format(" | per CPU-s %8.0f msg/s %6.1f MB/s",
                    lines / cpuMedian, bytes / cpuMedian / 1e6);
            System.out.printf("%-50s best %8.0f msg/s %6.1f MB/s | median %8.0f msg/s %6.1f MB/s%s%n", names[i],
                    lines / best, bytes / best / 1e6, lines / median, bytes / median / 1e6, perCpu);
        }
        System.out.printf("(%d interleaved rounds; wall-clock best and median pass; per CPU-s: median pass over its thread CPU time; checksum %d)%n",
                rounds, sink);
    }
}
