package dev.ladder.files;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Times reading one large bzip2 file to the end three ways, side by side in alternating rounds (the
 * order rotates each round): the system's {@code bzcat} into {@code /dev/null}, our serial
 * {@link NativeBzip2InputStream} and our {@link ParallelBzip2InputStream}. Prints each round and the
 * medians with their ratios. Not a test: run it by hand (README, Benchmarks).
 *
 * <p>Arguments: the {@code .bz2} file, and the number of rounds (default 5).
 */
public final class Bzip2Benchmark {
    private Bzip2Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String[] names = {"bzcat", "serial", "parallel"};
        List<List<Double>> seconds = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        List<List<Double>> cpu = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long[] bytes = new long[3];
        System.out.printf("%s: %,d bytes compressed, %d cores%n", file, Files.size(file), Runtime.getRuntime().availableProcessors());
        for (int r = 0; r < rounds; r++) {
            StringBuilder line = new StringBuilder("round " + (r + 1) + ":");
            for (int k = 0; k < 3; k++) {
                int which = (r + k) % 3;
                long t0 = System.nanoTime();
                long c0 = os.getProcessCpuTime();
                bytes[which] = run(which, file);
                double s = (System.nanoTime() - t0) / 1e9;
                double c = (os.getProcessCpuTime() - c0) / 1e9;
                seconds.get(which).add(s);
                cpu.get(which).add(c);
                line.append(which == 0 ? String.format("  %s %.2f s", names[which], s)
                        : String.format("  %s %.2f s (%.2f CPU-s)", names[which], s, c));
            }
            System.out.println(line);
        }
        if (bytes[1] != bytes[2]) {
            throw new IllegalStateException("serial read " + bytes[1] + " bytes but parallel " + bytes[2]);
        }
        double[] median = new double[3];
        double[] medianCpu = new double[3];
        for (int k = 0; k < 3; k++) {
            median[k] = median(seconds.get(k));
            medianCpu[k] = median(cpu.get(k));
        }
        System.out.printf("decompressed %,d bytes; medians: bzcat %.2f s, serial %.2f s (%.2f CPU-s), parallel %.2f s (%.2f CPU-s)%n",
                bytes[1], median[0], median[1], medianCpu[1], median[2], medianCpu[2]);
        System.out.printf("parallel is %.2fx serial and %.2fx bzcat (%.0f MB/s decompressed)%n",
                median[1] / median[2], median[0] / median[2], bytes[2] / median[2] / 1e6);
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v[v.length / 2];
    }

    private static long run(int which, Path file) throws IOException, InterruptedException {
        if (which == 0) {
            Process p = new ProcessBuilder("bzcat", file.toString()).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (p.waitFor() != 0) {
                throw new IOException("bzcat failed");
            }
            return -1;
        }
        try (InputStream in = which == 1
                ? new NativeBzip2InputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))
                : new ParallelBzip2InputStream(file)) {
            byte[] buf = new byte[1 << 16];
            long n = 0;
            int k;
            while ((k = in.read(buf)) > 0) {
                n += k;
            }
            if (which == 2 && ((ParallelBzip2InputStream) in).isSerial()) {
                throw new IllegalStateException("the parallel stream fell back to serial after " + n + " bytes");
            }
            return n;
        }
    }
}
