package dev.ladder.server.node;

import dev.ladder.binance.BinanceDecoder;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.Venue;
import dev.ladder.kafka.KafkaConfig;
import dev.ladder.kafka.StreamConsumer;
import dev.ladder.kafka.StreamRecord;
import dev.ladder.server.live.BetfairServeSupport;
import dev.ladder.server.live.BookRegistry;
import dev.ladder.server.live.BookState;
import dev.ladder.server.live.LadderMetrics;
import dev.ladder.server.live.LiveBook;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds books and Betfair markets from Kafka instead of venue sockets: records published by
 * {@code ladder record --kafka} go through the same decoders and sync as a journal replay
 * ({@link ReplayFeed.LiveBinanceTarget} for Binance streams, the served market cache for Betfair
 * markets), so a book built here equals the recorder's at the same update id.
 *
 * <p>As one member of a consumer group it serves the streams of the partitions it is assigned. When a
 * partition is assigned (start-up, a rebalance, a member that died), its streams start afresh and are
 * rebuilt from their restart points ({@link StreamConsumer}); a book's first venue snapshot or
 * {@code #book} makes it live. When a partition is revoked its books are marked {@link BookState#STOPPED}
 * (they keep their last content; the new owner serves them live). Books are registered as their first
 * record arrives. Betfair markets are rebuilt by the next full image; a market whose partition was
 * revoked stays in the cache until it closes.
 *
 * <p>One thread (the consumer's) writes; request threads read. Control streams ({@code _CONTROL}) are
 * skipped. A record that does not decode is counted malformed and skipped. {@code /metrics} has
 * {@code ladder_kafka_records_total} (records read) and {@code ladder_kafka_listener_errors_total}.
 */
public final class KafkaFeed implements StreamConsumer.Listener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaFeed.class);
    /** The venues a node reads. */
    static final List<String> VENUES = List.of(Venue.BINANCE.id(), Venue.BINANCE_FUTURES.id(), Venue.BETFAIR.id());

    private final BookRegistry registry;
    private final BetfairServeSupport betfair;
    private final LadderMetrics metrics;
    private final Map<String, Entry> streams = new HashMap<>();
    private volatile StreamConsumer consumer;

    private record Entry(ReplayFeed.LiveBinanceTarget target, LiveBook live, String partition) {
    }

    private KafkaFeed(BookRegistry registry, BetfairServeSupport betfair) {
        this.registry = registry;
        this.betfair = betfair;
        this.metrics = registry.metrics();
    }

    /**
     * Joins {@code group} on the venue topics of {@code config} and starts building.
     *
     * @throws IOException when the cluster cannot be reached
     */
    static KafkaFeed start(KafkaConfig config, String group, BookRegistry registry, BetfairServeSupport betfair) throws IOException {
        KafkaFeed f = new KafkaFeed(registry, betfair);
        StreamConsumer c = StreamConsumer.start(config, VENUES, group, f);
        f.consumer = c;
        io.micrometer.core.instrument.FunctionCounter.builder("ladder.kafka.records", c, StreamConsumer::records)
                .description("records read from Kafka by this node").register(registry.metrics().registry());
        io.micrometer.core.instrument.FunctionCounter.builder("ladder.kafka.listener.errors", c, StreamConsumer::listenerErrors)
                .description("records from Kafka whose handling threw").register(registry.metrics().registry());
        io.micrometer.core.instrument.Gauge.builder("ladder.kafka.lag.records", c, StreamConsumer::lag)
                .description("records this node is behind the end of its partitions (the worst one)").register(registry.metrics().registry());
        registry.readiness().register("kafka", () -> {
            String why = c.notReady(Duration.ofMillis(1500));
            return why == null ? dev.ladder.server.live.Readiness.Check.ok("reachable, partitions assigned")
                    : dev.ladder.server.live.Readiness.Check.notReady(why);
        });
        return f;
    }

    /** Waits for this member's first assignment. */
    boolean awaitAssignment(Duration timeout) throws InterruptedException {
        return consumer.awaitAssignment(timeout);
    }

    private static String key(String venueId, int partition) {
        return venueId + "-" + partition;
    }

    @Override
    public void onAssigned(String venueId, int partition) {
        drop(key(venueId, partition), BookState.SYNCING);
    }

    @Override
    public void onRevoked(String venueId, int partition) {
        drop(key(venueId, partition), BookState.STOPPED);
    }

    private void drop(String partition, BookState state) {
        for (Iterator<Entry> it = streams.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (e.partition().equals(partition)) {
                it.remove();
                e.live().setState(state);
            }
        }
    }

    @Override
    public void onRecord(StreamRecord r) {
        InstrumentId id;
        try {
            id = InstrumentId.parse(r.stream());
        } catch (IllegalArgumentException e) {
            log.debug("skipping a record of stream {}: {}", r.stream(), e.getMessage());
            return;
        }
        if (id.symbol().startsWith("_")) {
            return;
        }
        switch (id.venue()) {
            case BINANCE, BINANCE_FUTURES -> {
                Entry e = streams.get(r.stream());
                if (e == null) {
                    LiveBook live = registry.register(id, BinanceDecoder.DEFAULT_SCALE, BinanceDecoder.DEFAULT_SCALE);
                    e = new Entry(new ReplayFeed.LiveBinanceTarget(id, live, metrics), live, key(id.venue().id(), r.partition()));
                    streams.put(r.stream(), e);
                }
                e.target().applyRecord(r.marker(), r.payload(), r.receiveNanos());
            }
            case BETFAIR -> {
                if (betfair == null || !r.isMessage()) {
                    return;
                }
                metrics.message(Venue.BETFAIR);
                try {
                    betfair.apply(r.payloadString());
                } catch (IOException | RuntimeException ex) {
                    metrics.malformed(Venue.BETFAIR);
                }
            }
        }
    }

    /** Leaves the group (its partitions go to the other members) and marks the books stopped. */
    @Override
    public void close() {
        StreamConsumer c = consumer;
        if (c != null) {
            c.close();
        }
        for (Entry e : streams.values()) {
            e.live().setState(BookState.STOPPED);
        }
    }
}
