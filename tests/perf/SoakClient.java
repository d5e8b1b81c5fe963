import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load side of {@code tests/perf/soak.sh} (a JDK-only single-file program: {@code java SoakClient.java ...}).
 * Against a running node it keeps K server-sent-event clients on the books (checking each diff's
 * {@code previousUpdateId} against the event before it: a break is a gap the client saw), sends Q
 * queries a second spread over the book routes (latency from send to the whole answer), and every
 * interval samples the node's {@code /metrics} (messages, applied, gaps, resyncs), its heap
 * ({@code jstat -gc}: used, and old generation used as the live-set proxy) and its RSS
 * ({@code /proc/PID/status}: VmRSS, and its anonymous and file-backed parts, since the journal's open segment is
 * memory-mapped and counts as file-backed RSS). Prints one CSV line per interval and a summary at the end,
 * with the live heap (after a full GC forced by {@code jcmd GC.run}) after the first interval and at the end.
 *
 * <p>Arguments: BASE_URL SYMBOLS(comma) K Q DURATION_S INTERVAL_S SERVER_PID JSTAT_PATH
 */
public final class SoakClient {
    private static final Pattern PREV = Pattern.compile("\"previousUpdateId\":(\\d+)");
    private static final Pattern METRIC = Pattern.compile("^(ladder_messages_total|ladder_applied_total|ladder_gaps_total|ladder_resyncs_total)\\{[^}]*} ([0-9.eE+-]+)$");

    private static final AtomicLong sseEvents = new AtomicLong();
    private static final AtomicLong sseGaps = new AtomicLong();
    private static final AtomicLong sseSnapshots = new AtomicLong();
    private static final AtomicLong sseReconnects = new AtomicLong();
    private static final AtomicLong queryErrors = new AtomicLong();
    private static final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();

    public static void main(String[] args) throws Exception {
        String base = args[0];
        List<String> symbols = Arrays.asList(args[1].split(","));
        int k = Integer.parseInt(args[2]);
        int q = Integer.parseInt(args[3]);
        long duration = Long.parseLong(args[4]);
        long interval = Long.parseLong(args[5]);
        long pid = Long.parseLong(args[6]);
        String jstat = args[7];
        PrintStream out = System.out;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long end = System.nanoTime() + duration * 1_000_000_000L;

        for (int i = 0; i < k; i++) {
            String sym = symbols.get(i % symbols.size());
            Thread.ofVirtual().name("sse-" + i).start(() -> sse(http, base + "/api/books/binance/" + sym + "/stream", end));
        }
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        AtomicLong n = new AtomicLong();
        if (q > 0) {
            timer.scheduleAtFixedRate(() -> {
                long i = n.getAndIncrement();
                String sym = symbols.get((int) (i % symbols.size()));
                String path = switch ((int) (i % 4)) {
                    case 0 -> "/api/books/binance/" + sym + "?depth=20";
                    case 1 -> "/api/books/binance/" + sym + "/volume?side=bid&price=0.0001&op=gte";
                    case 2 -> "/api/books/binance/" + sym + "/fill?side=buy&size=1";
                    default -> "/api/books";
                };
                long t0 = System.nanoTime();
                http.sendAsync(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofByteArray()).whenComplete((r, e) -> {
                    if (e != null || r.statusCode() != 200) {
                        queryErrors.incrementAndGet();
                    } else {
                        latencies.add(System.nanoTime() - t0);
                    }
                });
            }, 0, 1_000_000L / q, TimeUnit.MICROSECONDS);
        }

        out.println("# t_s,msgs_per_s,applied_per_s,gaps,resyncs,queries_per_s,q_p50_ms,q_p99_ms,q_errors,sse_events_per_s,sse_gaps,sse_snapshots,heap_used_mb,old_used_mb,rss_mb,rss_anon_mb,rss_file_mb");
        List<Long> all = new ArrayList<>();
        List<double[]> samples = new ArrayList<>();
        double[] prev = scrape(http, base);
        long prevSse = 0;
        long t0 = System.nanoTime();
        double firstMessages = prev[0];
        double firstApplied = prev[1];
        long prevAt = System.nanoTime();
        double liveStart = Double.NaN;
        while (System.nanoTime() < end) {
            Thread.sleep(Math.min(interval * 1000, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            long now = System.nanoTime();
            double dt = (now - prevAt) / 1e9;
            prevAt = now;
            double[] m = scrape(http, base);
            List<Long> lat = new ArrayList<>();
            for (Long l; (l = latencies.poll()) != null; ) {
                lat.add(l);
            }
            all.addAll(lat);
            lat.sort(null);
            long sse = sseEvents.get();
            double[] heap = heap(jstat, pid);
            double[] rss = rss(pid);
            double t = (System.nanoTime() - t0) / 1e9;
            out.printf("%.0f,%.0f,%.0f,%.0f,%.0f,%.1f,%.2f,%.2f,%d,%.0f,%d,%d,%.1f,%.1f,%.1f,%.1f,%.1f%n", t,
                    (m[0] - prev[0]) / dt, (m[1] - prev[1]) / dt, m[2], m[3], lat.size() / dt,
                    pct(lat, 0.50), pct(lat, 0.99), queryErrors.get(), (sse - prevSse) / dt,
                    sseGaps.get(), sseSnapshots.get(), heap[0], heap[1], rss[0], rss[1], rss[2]);
            out.flush();
            samples.add(new double[] {t, heap[0], heap[1], rss[0], rss[1]});
            prev = m;
            prevSse = sse;
            if (Double.isNaN(liveStart)) {
                liveStart = liveHeap(jstat, pid);
            }
        }
        double liveEnd = liveHeap(jstat, pid);
        timer.shutdownNow();
        double secs = (System.nanoTime() - t0) / 1e9;
        all.sort(null);
        out.printf("# summary: %.0f s, %s symbols, %d SSE clients, %d queries/s asked%n", secs, symbols.size(), k, q);
        out.printf("# venue messages %.0f (%.0f/s), applied %.0f (%.0f/s), server gaps %.0f, resyncs %.0f%n",
                prev[0] - firstMessages, (prev[0] - firstMessages) / secs, prev[1] - firstApplied, (prev[1] - firstApplied) / secs,
                prev[2], prev[3]);
        out.printf("# queries %d (%.1f/s), errors %d, latency ms p50 %.2f p90 %.2f p99 %.2f p99.9 %.2f max %.2f%n",
                all.size(), all.size() / secs, queryErrors.get(), pct(all, 0.5), pct(all, 0.9), pct(all, 0.99), pct(all, 0.999),
                all.isEmpty() ? 0 : all.getLast() / 1e6);
        out.printf("# SSE events %d (%.0f/s), chain breaks %d, snapshots %d, reconnects %d%n", sseEvents.get(),
                sseEvents.get() / secs, sseGaps.get(), sseSnapshots.get(), sseReconnects.get());
        out.printf("# live heap after a full GC (jcmd GC.run): %.1f MB after the first interval, %.1f MB at the end (%+.1f%%)%n",
                liveStart, liveEnd, 100 * (liveEnd - liveStart) / liveStart);
        int quarter = Math.max(1, samples.size() / 4);
        if (samples.size() >= 4) {
            double[] a = mean(samples.subList(0, quarter));
            double[] b = mean(samples.subList(samples.size() - quarter, samples.size()));
            out.printf("# first vs last quarter (means): heap used %.1f -> %.1f MB (%+.1f%%), old gen used %.1f -> %.1f MB (%+.1f%%), RSS %.1f -> %.1f MB (%+.1f%%), anonymous RSS %.1f -> %.1f MB (%+.1f%%)%n",
                    a[1], b[1], 100 * (b[1] - a[1]) / a[1], a[2], b[2], 100 * (b[2] - a[2]) / Math.max(a[2], 0.1),
                    a[3], b[3], 100 * (b[3] - a[3]) / a[3], a[4], b[4], 100 * (b[4] - a[4]) / a[4]);
        }
        System.exit(0);
    }

    private static void sse(HttpClient http, String url, long end) {
        while (System.nanoTime() < end) {
            try {
                HttpResponse<java.util.stream.Stream<String>> r = http.send(HttpRequest.newBuilder(URI.create(url))
                        .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines());
                String event = null;
                long last = -1;
                long id = -1;
                var it = r.body().iterator();
                while (it.hasNext() && System.nanoTime() < end) {
                    String line = it.next();
                    if (line.startsWith("event: ")) {
                        event = line.substring(7);
                        id = -1;
                    } else if (line.startsWith("id: ")) {
                        id = Long.parseLong(line.substring(4).trim());
                    } else if (line.startsWith("data: ") && "snapshot".equals(event)) {
                        sseEvents.incrementAndGet();
                        sseSnapshots.incrementAndGet();
                        last = id;
                    } else if (line.startsWith("data: ") && "diff".equals(event)) {
                        sseEvents.incrementAndGet();
                        Matcher m = PREV.matcher(line);
                        if (m.find() && last >= 0 && Long.parseLong(m.group(1)) != last) {
                            sseGaps.incrementAndGet();
                        }
                        last = id;
                    }
                }
                r.body().close();
            } catch (IOException | RuntimeException e) {
                sseReconnects.incrementAndGet();
            } catch (InterruptedException e) {
                return;
            }
            if (System.nanoTime() < end) {
                sseReconnects.incrementAndGet();
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private static double[] scrape(HttpClient http, String base) {
        double[] v = new double[4];
        try {
            String body = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (String line : body.split("\n")) {
                Matcher m = METRIC.matcher(line);
                if (m.matches()) {
                    int i = switch (m.group(1)) {
                        case "ladder_messages_total" -> 0;
                        case "ladder_applied_total" -> 1;
                        case "ladder_gaps_total" -> 2;
                        default -> 3;
                    };
                    v[i] += Double.parseDouble(m.group(2));
                }
            }
        } catch (IOException | InterruptedException e) {
            Arrays.fill(v, Double.NaN);
        }
        return v;
    }

    /** The heap in use right after a full collection ({@code jcmd PID GC.run}): the live set, MB. */
    private static double liveHeap(String jstat, long pid) {
        try {
            Process p = new ProcessBuilder(Path.of(jstat).resolveSibling("jcmd").toString(), Long.toString(pid), "GC.run")
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor();
            return heap(jstat, pid)[0];
        } catch (IOException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    /** Heap used and old generation used, MB, from {@code jstat -gc PID}. */
    private static double[] heap(String jstat, long pid) {
        try {
            Process p = new ProcessBuilder(jstat, "-gc", Long.toString(pid)).redirectErrorStream(true).start();
            List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
            p.waitFor();
            List<String> h = Arrays.asList(lines.get(0).trim().split("\\s+"));
            String[] v = lines.get(1).trim().split("\\s+");
            double used = 0;
            for (String c : List.of("S0U", "S1U", "EU", "OU")) {
                used += Double.parseDouble(v[h.indexOf(c)]);
            }
            return new double[] {used / 1024, Double.parseDouble(v[h.indexOf("OU")]) / 1024};
        } catch (IOException | InterruptedException | RuntimeException e) {
            return new double[] {Double.NaN, Double.NaN};
        }
    }

    /** VmRSS, RssAnon (heap, native, stacks) and RssFile (the jars and the journal's mapped segments), MB. */
    private static double[] rss(long pid) {
        double[] v = {Double.NaN, Double.NaN, Double.NaN};
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                int i = line.startsWith("VmRSS:") ? 0 : line.startsWith("RssAnon:") ? 1 : line.startsWith("RssFile:") ? 2 : -1;
                if (i >= 0) {
                    v[i] = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            return v;
        }
        return v;
    }

    private static double pct(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1 < 0 ? 0 : (int) Math.ceil(p * sorted.size()) - 1)) / 1e6;
    }

    private static double[] mean(List<double[]> rows) {
        double[] m = new double[rows.getFirst().length];
        for (double[] r : rows) {
            for (int i = 0; i < m.length; i++) {
                m[i] += r[i] / rows.size();
            }
        }
        return m;
    }

    private SoakClient() {
    }
}
