package dev.ladder.server.live;

import dev.ladder.core.InstrumentId;
import dev.ladder.core.Venue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's metrics in one Prometheus registry: per book ({@link BookMetrics}), per venue
 * (messages received, reconnects, malformed messages), for live streams, HTTP requests, the journal,
 * the catalog intake and (once {@link #bindJvm} is called) the JVM and the process. Thread-safe.
 */
public final class LadderMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<Venue, Counter> messages = new ConcurrentHashMap<>();
    private final Map<Venue, Counter> reconnects = new ConcurrentHashMap<>();
    private final Map<Venue, Counter> malformed = new ConcurrentHashMap<>();
    private final AtomicInteger streamClients = new AtomicInteger();
    private final Map<String, Timer> httpTimers = new ConcurrentHashMap<>();
    private final Map<InstrumentId, AtomicLong> durable = new ConcurrentHashMap<>();
    private static final java.time.Duration[] HTTP_BUCKETS = {
            java.time.Duration.ofMillis(1), java.time.Duration.ofMillis(5), java.time.Duration.ofMillis(25),
            java.time.Duration.ofMillis(100), java.time.Duration.ofMillis(500), java.time.Duration.ofSeconds(2)};

    public LadderMetrics() {
        Gauge.builder("ladder.stream.clients", streamClients, AtomicInteger::get)
                .description("Live-stream (SSE) clients connected")
                .register(registry);
    }

    /** The metrics of one book (created once per book by the {@link BookRegistry}). */
    BookMetrics forBook(InstrumentId id) {
        return new BookMetrics(registry, id, streamClients);
    }

    /**
     * Registers {@code venue}'s message, reconnect and malformed counters at zero, so dashboards and alerts
     * see them before the first event (the counters are otherwise created on first use).
     */
    public void declare(Venue venue) {
        messages.computeIfAbsent(venue, v -> Counter.builder("ladder.messages")
                .description("Messages (frames) received from the venue")
                .tag("venue", v.id()).register(registry));
        reconnects.computeIfAbsent(venue, v -> Counter.builder("ladder.reconnects")
                .description("Connections to the venue re-established")
                .tag("venue", v.id()).register(registry));
        malformed.computeIfAbsent(venue, v -> Counter.builder("ladder.malformed")
                .description("Messages that could not be decoded")
                .tag("venue", v.id()).register(registry));
    }

    /** Counts a message (a websocket frame) received from {@code venue}, before it is decoded. */
    public void message(Venue venue) {
        messages.computeIfAbsent(venue, v -> Counter.builder("ladder.messages")
                .description("Messages (frames) received from the venue")
                .tag("venue", v.id()).register(registry)).increment();
    }

    /** Counts a reconnect of a connection to {@code venue}. */
    public void reconnect(Venue venue) {
        reconnects.computeIfAbsent(venue, v -> Counter.builder("ladder.reconnects")
                .description("Connections to the venue re-established")
                .tag("venue", v.id()).register(registry)).increment();
    }

    /** Counts a message from {@code venue} that could not be decoded (it changed no book). */
    public void malformed(Venue venue) {
        malformed.computeIfAbsent(venue, v -> Counter.builder("ladder.malformed")
                .description("Messages that could not be decoded")
                .tag("venue", v.id()).register(registry)).increment();
    }

    /**
     * Publishes {@code ladder_bad_fields_total{venue}}: fields of otherwise good messages that could not be
     * represented or were out of range and were skipped (the rest of the message applied), read from
     * {@code count} whenever the metrics are scraped.
     */
    public <T> void badFields(Venue venue, T source, java.util.function.ToDoubleFunction<T> count) {
        io.micrometer.core.instrument.FunctionCounter.builder("ladder.bad.fields", source, count)
                .description("Fields skipped because they could not be represented or were out of range")
                .tag("venue", venue.id()).register(registry);
    }

    /**
     * Counts one HTTP request: {@code ladder_http_requests_seconds{method,route,status}} (a histogram; the
     * route is the matched path template, {@code unmatched} for a 404 without a route). Server-sent event
     * streams are counted when they end, so their durations are the streams' lifetimes.
     */
    public void httpRequest(String method, String route, int status, long nanos) {
        String key = method + ' ' + route + ' ' + status;
        Timer t = httpTimers.get(key);
        if (t == null) {
            t = httpTimers.computeIfAbsent(key, k -> Timer.builder("ladder.http.requests")
                    .description("HTTP requests by method, route template and status")
                    .tag("method", method).tag("route", route).tag("status", Integer.toString(status))
                    .serviceLevelObjectives(HTTP_BUCKETS).register(registry));
        }
        t.record(nanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Binds the JVM's meters (memory pools and buffers, GC pauses and allocation, threads, classes, CPU,
     * uptime, open files) and {@code process_resident_memory_bytes} (Linux: VmRSS of /proc/self/status).
     * Close what is returned to unbind the GC listeners.
     */
    public AutoCloseable bindJvm() {
        new JvmMemoryMetrics().bindTo(registry);
        JvmGcMetrics gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        Gauge.builder("process.resident.memory", LadderMetrics::residentBytes)
                .description("Resident set size of this process (Linux VmRSS)").baseUnit("bytes").register(registry);
        return gc::close;
    }

    /**
     * Journal meters: {@code ladder_journal_size_bytes} (the size of {@code dir}, recomputed at most every 10 s),
     * and, fed by {@link #journalDurable}, {@code ladder_journal_commits_total} (group commits or fsyncs that
     * made records durable) and {@code ladder_journal_durable_records{stream}} (records durable per stream).
     */
    public void journal(Path dir) {
        Gauge.builder("ladder.journal.size", new DirectorySize(dir), DirectorySize::bytes)
                .description("Bytes of the journal directory (segments, indexes, catalog)").baseUnit("bytes").register(registry);
        Counter.builder("ladder.journal.commits").description("Journal commits (fsyncs) that made records durable")
                .register(registry);
    }

    /** Every record of {@code stream} below {@code durableSeq} is durable (a journal commit). */
    public void journalDurable(InstrumentId stream, long durableSeq) {
        registry.counter("ladder.journal.commits").increment();
        durable.computeIfAbsent(stream, s -> {
            AtomicLong v = new AtomicLong();
            Gauge.builder("ladder.journal.durable.records", v, AtomicLong::get)
                    .description("Records of the stream made durable (its durable sequence number)")
                    .tag("stream", s.venue().id() + ":" + s.symbol()).register(registry);
            return v;
        }).set(durableSeq);
    }

    /**
     * Catalog intake meters: {@code ladder_catalog_queue} (messages accepted but not yet applied since start)
     * and {@code ladder_catalog_messages_total{outcome}} (accepted, rejected, duplicate, done, failed).
     */
    public void catalogIntake(dev.ladder.catalog.CatalogIntake intake) {
        Gauge.builder("ladder.catalog.queue", intake, i -> {
            var st = i.stats();
            return Math.max(0, st.accepted() - st.done() - st.failed());
        }).description("Catalog messages accepted and not yet applied").register(registry);
        for (String outcome : List.of("accepted", "rejected", "duplicate", "done", "failed")) {
            io.micrometer.core.instrument.FunctionCounter.builder("ladder.catalog.messages", intake, i -> {
                var st = i.stats();
                return switch (outcome) {
                    case "accepted" -> st.accepted();
                    case "rejected" -> st.rejected();
                    case "duplicate" -> st.duplicates();
                    case "done" -> st.done();
                    default -> st.failed();
                };
            }).description("Catalog event messages by outcome").tag("outcome", outcome).register(registry);
        }
    }

    private static double residentBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    /** A directory's size in bytes, cached for 10 s (walking it costs a stat per file). */
    private static final class DirectorySize {
        private final Path dir;
        private long at = Long.MIN_VALUE;
        private double bytes;

        DirectorySize(Path dir) {
            this.dir = dir;
        }

        synchronized double bytes() {
            long now = System.nanoTime();
            if (at != Long.MIN_VALUE && now - at < 10_000_000_000L) {
                return bytes;
            }
            at = now;
            try (var files = Files.walk(dir)) {
                bytes = files.mapToLong(f -> {
                    try {
                        return Files.isRegularFile(f) ? Files.size(f) : 0;
                    } catch (IOException e) {
                        return 0;
                    }
                }).sum();
            } catch (IOException | java.io.UncheckedIOException e) {
                bytes = Double.NaN;
            }
            return bytes;
        }
    }

    /** The registry, for binding further meters. */
    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }
}
