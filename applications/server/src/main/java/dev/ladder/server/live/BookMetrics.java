package dev.ladder.server.live;

import dev.ladder.core.InstrumentId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters of one book, tagged {@code venue} and {@code symbol}: messages applied, gaps,
 * resyncs, the lag of our receive time behind the exchange's event time (histogram and last value),
 * the apply latency (histogram) and stream clients that fell behind. Thread-safe.
 *
 * <p>A negative lag (our clock behind the exchange's) shows as such in the last-value gauge and is
 * recorded as 0 in the histogram. Messages without an exchange time (0) record no lag.
 */
public final class BookMetrics {
    private static final Duration[] LATENCY_BUCKETS = {
            Duration.ofNanos(1_000), Duration.ofNanos(5_000), Duration.ofNanos(20_000),
            Duration.ofNanos(100_000), Duration.ofNanos(500_000), Duration.ofMillis(1),
            Duration.ofMillis(5), Duration.ofMillis(20)};
    private static final Duration[] LAG_BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofSeconds(5)};

    private final Counter applied;
    private final Counter gaps;
    private final Counter resyncs;
    private final Counter overflows;
    private final Timer applyLatency;
    private final Timer lag;
    private final AtomicLong lastLagNanos = new AtomicLong();
    private final AtomicInteger streamClients;

    BookMetrics(MeterRegistry registry, InstrumentId id, AtomicInteger streamClients) {
        Tags tags = Tags.of("venue", id.venue().id(), "symbol", id.symbol());
        this.streamClients = streamClients;
        applied = Counter.builder("ladder.applied").description("Snapshots and diffs applied to the book")
                .tags(tags).register(registry);
        gaps = Counter.builder("ladder.gaps").description("Sequence gaps detected in the book's diffs")
                .tags(tags).register(registry);
        resyncs = Counter.builder("ladder.resyncs").description("Resyncs of the book from a fresh snapshot")
                .tags(tags).register(registry);
        overflows = Counter.builder("ladder.stream.overflows")
                .description("Stream clients that fell behind and were sent a fresh snapshot")
                .tags(tags).register(registry);
        applyLatency = Timer.builder("ladder.apply").description("Time to apply one message to the book")
                .tags(tags).serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
        lag = Timer.builder("ladder.exchange.lag")
                .description("Receive time minus the exchange's event time of applied messages")
                .tags(tags).serviceLevelObjectives(LAG_BUCKETS).register(registry);
        Gauge.builder("ladder.exchange.lag.last", lastLagNanos, v -> v.get() / 1e9)
                .description("The exchange lag of the last applied message, seconds (negative: clock skew)")
                .tags(tags).baseUnit("seconds").register(registry);
    }

    /** The source found a gap in the update ids. */
    public void gap() {
        gaps.increment();
    }

    /** The source started a resync (a new snapshot will follow). */
    public void resync() {
        resyncs.increment();
    }

    void diffApplied(long applyNanos, long exchangeTimeMillis, long receiveTimeNanos) {
        applied.increment();
        applyLatency.record(applyNanos, TimeUnit.NANOSECONDS);
        recordLag(exchangeTimeMillis, receiveTimeNanos);
    }

    void snapshotApplied(long applyNanos, long exchangeTimeMillis, long receiveTimeNanos) {
        diffApplied(applyNanos, exchangeTimeMillis, receiveTimeNanos);
    }

    void streamOverflow() {
        overflows.increment();
    }

    void streamClients(int delta) {
        streamClients.addAndGet(delta);
    }

    private void recordLag(long exchangeTimeMillis, long receiveTimeNanos) {
        if (exchangeTimeMillis <= 0 || receiveTimeNanos <= 0) {
            return;
        }
        long lagNanos = receiveTimeNanos - exchangeTimeMillis * 1_000_000L;
        lastLagNanos.set(lagNanos);
        lag.record(Math.max(0, lagNanos), TimeUnit.NANOSECONDS);
    }
}
