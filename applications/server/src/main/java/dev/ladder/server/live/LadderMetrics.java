package dev.ladder.server.live;

import dev.ladder.core.InstrumentId;
import dev.ladder.core.Venue;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's metrics in one Prometheus registry: per book ({@link BookMetrics}), per venue
 * (messages received, reconnects, malformed messages) and for live streams. Thread-safe.
 */
public final class LadderMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<Venue, Counter> messages = new ConcurrentHashMap<>();
    private final Map<Venue, Counter> reconnects = new ConcurrentHashMap<>();
    private final Map<Venue, Counter> malformed = new ConcurrentHashMap<>();
    private final AtomicInteger streamClients = new AtomicInteger();

    public LadderMetrics() {
        Gauge.builder("ladder.stream.clients", streamClients, AtomicInteger::get)
                .description("Live-stream (SSE) clients connected")
                .register(registry);
    }

    /** The metrics of one book (created once per book by the {@link BookRegistry}). */
    BookMetrics forBook(InstrumentId id) {
        return new BookMetrics(registry, id, streamClients);
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

    /** The registry, for binding further meters. */
    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }
}
