package dev.ladder.catalog;

import dev.ladder.core.Clock;
import dev.ladder.core.SharedData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Catalog benchmark (a main, not a test): on each store (SQLite file, and PostgreSQL started as in the
 * tests), messages per second from the first submit until every message is done, with 1 and 4
 * submitting threads (each thread owns its events, so per-event order holds), then query latency
 * percentiles of a race card and of a sport listing (page of 20).
 *
 * <p>Run from the repository root:
 * <pre>
 * ./mvnw -q -pl libraries/catalog -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=/tmp/catalog-cp.txt -Dmdep.includeScope=test
 * java --enable-native-access=ALL-UNNAMED -cp "$(cat /tmp/catalog-cp.txt):libraries/core/target/classes:libraries/book/target/classes:libraries/betfair/target/classes:libraries/catalog/target/classes:libraries/catalog/target/test-classes" \
 *     dev.ladder.catalog.CatalogBenchmark [messages] [queries]
 * </pre>
 */
public final class CatalogBenchmark {
    private CatalogBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int queries = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + cpu() + ", JDK "
                + Runtime.version() + ", " + System.getProperty("os.name") + " " + System.getProperty("os.version"));
        Path dir = Files.createTempDirectory("catalog-bench");
        run("sqlite", CatalogConfig.sqlite(dir.resolve("data")), messages, queries);
        run("postgresql", TestPostgres.get().newDatabase(), messages, queries);
        System.exit(0);
    }

    private static String cpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }

    private static void run(String store, CatalogConfig config, int messages, int queries) throws Exception {
        try (Catalog catalog = Catalog.open(config, Clock.system())) {
            catalog.intake().start();
            burst(store, catalog, messages, 1, 0);
            burst(store, catalog, messages, 4, 10_000_000);
            List<Path> files = new ArrayList<>();
            for (String rel : List.of("data/betfair/1.197931750.bz2", "data/betfair/1.197931750.catalogue.json",
                    "data/betfair/BASIC-1.132153978", "data/betfair/1.242971311.bz2")) {
                Path p = SharedData.resolve(rel);
                if (p != null) {
                    files.add(p);
                }
            }
            long t0 = System.nanoTime();
            ImportReport r = catalog.importer().importFiles(files);
            System.out.printf("%-10s import of %d Betfair files: %d market definitions, %d catalogue entries in %.0f ms%n",
                    store, files.size(), r.marketDefinitions(), r.catalogueEntries(), (System.nanoTime() - t0) / 1e6);
            latency(store, "race card 1.197931750", queries, () -> catalog.queries().raceCard("1.197931750").orElseThrow());
            latency(store, "events of sport soccer, page 1 of 20", queries,
                    () -> catalog.queries().eventsBySport("soccer", EventOrder.START_TIME, 1, 20));
        }
    }

    private static void burst(String store, Catalog catalog, int messages, int threads, int idBase) throws Exception {
        int perThread = messages / threads;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = idBase + t * perThread;
            futures.add(pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    int n = base + i;
                    int event = n / 4;
                    String json = n % 4 == 0
                            ? CatalogContractTest.newEvent(Integer.toString(n), Integer.toString(event), "Team " + event + " v Team " + (event + 1),
                            "2030-01-01T00:00:00Z", "1", "Soccer", Integer.toString(event), "1", "2.0", "2", "3.0")
                            : CatalogContractTest.updateOdds(Integer.toString(n), Integer.toString(event), Integer.toString(event),
                            Integer.toString(1 + n % 2), "1." + (10 + n % 90));
                    catalog.intake().submit(json.getBytes(StandardCharsets.UTF_8));
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        long submitted = System.nanoTime();
        if (!catalog.intake().awaitIdle(Duration.ofMinutes(30))) {
            throw new IllegalStateException("not idle after 30 minutes");
        }
        long done = System.nanoTime();
        pool.shutdown();
        int total = perThread * threads;
        System.out.printf("%-10s %,d messages, %d submitting thread(s): submit %.0f msg/s, submit-to-done %.0f msg/s (%.1f s)%n",
                store, total, threads, total / ((submitted - t0) / 1e9), total / ((done - t0) / 1e9), (done - t0) / 1e9);
    }

    interface Query {
        Object run() throws Exception;
    }

    private static void latency(String store, String what, int n, Query q) throws Exception {
        for (int i = 0; i < Math.min(1_000, n); i++) {
            q.run();
        }
        long[] ns = new long[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            q.run();
            ns[i] = System.nanoTime() - t;
        }
        Arrays.sort(ns);
        System.out.printf("%-10s %s: p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms (%d queries)%n", store, what,
                ns[n / 2] / 1e6, ns[n * 9 / 10] / 1e6, ns[n * 99 / 100] / 1e6, ns[n - 1] / 1e6, n);
    }
}
