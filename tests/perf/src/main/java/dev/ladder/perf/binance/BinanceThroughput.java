package dev.ladder.perf.binance;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * A plain main for the README figures of {@link BinancePipelineBenchmark}: the same three passes run
 * interleaved for a while on one thread, and each is reported as messages per second of wall time and
 * per second of this thread's CPU time (best and median pass). On a machine shared with other work the
 * CPU-time figure is the steadier one: time spent waiting for a core is not counted.
 * Run: {@code java -cp tests/perf/target/benchmarks.jar dev.ladder.perf.binance.BinanceThroughput [seconds]}.
 */
public final class BinanceThroughput {
    private BinanceThroughput() {
    }

    interface Pass {
        long run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 20;
        BinancePipelineBenchmark b = new BinancePipelineBenchmark();
        b.load();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        String[] names = {"pipeline (all messages)", "depthDiffs (diffs only)", "decodeOnly (all messages)"};
        int[] perPass = {BinancePipelineBenchmark.MESSAGES, BinancePipelineBenchmark.DIFFS, BinancePipelineBenchmark.MESSAGES};
        Pass[] passes = {b::pipeline, b::depthDiffs, b::decodeOnly};
        int max = 100_000;
        double[][] wall = new double[passes.length][max];
        double[][] cpu = new double[passes.length][max];
        int n = 0;
        long sink = 0;
        long until = System.nanoTime() + (long) (seconds * 1e9);
        long warmUntil = System.nanoTime() + (long) (seconds * 0.25e9);
        while (System.nanoTime() < until && n < max) {
            boolean warm = System.nanoTime() < warmUntil;
            for (int k = 0; k < passes.length; k++) {
                long c0 = mx.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                sink += passes[k].run();
                long w1 = System.nanoTime();
                long c1 = mx.getCurrentThreadCpuTime();
                if (!warm) {
                    wall[k][n] = perPass[k] / ((w1 - w0) / 1e9);
                    cpu[k][n] = perPass[k] / ((c1 - c0) / 1e9);
                }
            }
            if (!warm) {
                n++;
            }
        }
        System.out.printf("%d passes each after warm-up; %d cores; %s; load average %.1f (sink %d)%n", n,
                Runtime.getRuntime().availableProcessors(), Runtime.version(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), sink & 1);
        for (int k = 0; k < passes.length; k++) {
            double[] w = Arrays.copyOf(wall[k], n);
            double[] c = Arrays.copyOf(cpu[k], n);
            Arrays.sort(w);
            Arrays.sort(c);
            System.out.printf("%-27s wall: best %,11.0f median %,11.0f msg/s   cpu: best %,11.0f median %,11.0f msg/s%n",
                    names[k], w[n - 1], w[n / 2], c[n - 1], c[n / 2]);
        }
    }
}
