package dev.ladder.kafka;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes recorded lines to Kafka ({@link StreamRecord} says the wire form): one topic per venue,
 * keyed by stream, so each stream stays in order on one partition and the partitions spread the
 * streams. The producer is idempotent with {@code acks=all}: a record acknowledged is on every
 * in-sync replica, retries never duplicate or reorder it. When a restart point is acknowledged, the
 * place a rebuild of its stream starts from ({@code <topic> <partition> <offset>}: the record itself, or
 * for {@link StreamRecord.Restart#AFTER_PREVIOUS} the stream's first record after its previous restart
 * point) is published to the compacted restart-point topic under the stream's key, where consumers
 * look it up.
 *
 * <p>Thread-safe ({@link KafkaProducer} is). {@link #publish} never throws into the caller and never
 * waits for the cluster: records are retried until acknowledged, and while more than 64 MiB are
 * unacknowledged (the cluster is away) new records are refused. A refused or failed record is counted
 * in {@link #errors()} and logged (the first ten).
 */
public final class StreamPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamPublisher.class);
    /** Bytes handed over and not yet acknowledged past which a record is refused (counted) rather than wait. */
    static final int MAX_UNACKED_BYTES = 64 << 20;
    static final String NS = "ns";
    static final String KIND = "kind";
    static final String RESTART = "restart";

    private final KafkaConfig config;
    private final KafkaProducer<String, byte[]> producer;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong unackedBytes = new AtomicLong();
    /** Per stream, the offset of its first record acknowledged after its last restart point (callback thread). */
    private final java.util.Map<String, Long> firstSinceRestart = new java.util.concurrent.ConcurrentHashMap<>();
    /** Sends restart points (one thread, so they go out in the order their records were acknowledged). */
    private final java.util.concurrent.ExecutorService restarts = java.util.concurrent.Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("kafka-restart-points").daemon().factory());

    private StreamPublisher(KafkaConfig config, KafkaProducer<String, byte[]> producer) {
        this.config = config;
        this.producer = producer;
    }

    /**
     * Creates the topics of {@code venueIds} when missing and connects.
     *
     * @throws IOException when the cluster cannot be reached within 30 s
     */
    public static StreamPublisher open(KafkaConfig config, Collection<String> venueIds) throws IOException {
        Topics.ensure(config, venueIds);
        Properties p = config.producerProperties();
        // one request in flight: a batch refused while a new partition's leader settles (NOT_LEADER) can never be
        // overtaken by the next one, which the broker would refuse as OUT_OF_ORDER_SEQUENCE_NUMBER for good
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "ladder-recorder");
        p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 2 * MAX_UNACKED_BYTES);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        try {
            KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
            try {
                // fetch the topics' metadata now, so a send never waits for it on the caller's thread
                for (String v : venueIds) {
                    producer.partitionsFor(config.venueTopic(v));
                }
                producer.partitionsFor(config.restartTopic());
            } catch (KafkaException e) {
                producer.close(Duration.ZERO);
                throw e;
            }
            return new StreamPublisher(config, producer);
        } catch (KafkaException e) {
            throw new IOException("Kafka producer for " + config.bootstrapServers() + ": " + e.getMessage(), e);
        }
    }

    public KafkaConfig config() {
        return config;
    }

    /** Sends {@code r} to its venue's topic (asynchronously; see {@link #flush}). */
    public void publish(StreamRecord r) {
        RecordHeaders h = new RecordHeaders();
        h.add(NS, ByteBuffer.allocate(8).putLong(0, r.receiveNanos()).array());
        if (r.marker() != null) {
            h.add(KIND, r.marker().getBytes(StandardCharsets.UTF_8));
        }
        if (r.restart() != StreamRecord.Restart.NONE) {
            h.add(RESTART, r.restart().name().getBytes(StandardCharsets.UTF_8));
        }
        String topic = config.venueTopic(KafkaConfig.venueOf(r.stream()));
        ProducerRecord<String, byte[]> pr = new ProducerRecord<>(topic, null, r.stream(), r.payload(), h);
        int size = r.payload().length + r.stream().length() + 64;
        if (unackedBytes.addAndGet(size) > MAX_UNACKED_BYTES) {
            // the cluster is away: refuse rather than block the venue client's thread (the journal has the record)
            unackedBytes.addAndGet(-size);
            failed(r.stream(), new IllegalStateException("more than " + (MAX_UNACKED_BYTES >> 20) + " MiB unacknowledged"));
            return;
        }
        try {
            producer.send(pr, (meta, e) -> {
                unackedBytes.addAndGet(-size);
                if (e != null) {
                    failed(r.stream(), e);
                    return;
                }
                acked.incrementAndGet();
                long from = meta.offset();
                switch (r.restart()) {
                    case NONE -> {
                        firstSinceRestart.putIfAbsent(r.stream(), meta.offset());
                        return;
                    }
                    case AFTER_PREVIOUS -> {
                        Long first = firstSinceRestart.remove(r.stream());
                        from = first == null ? meta.offset() : first;
                    }
                    case HERE -> firstSinceRestart.remove(r.stream());
                }
                byte[] where = (meta.topic() + " " + meta.partition() + " " + from).getBytes(StandardCharsets.UTF_8);
                // never send from the producer's I/O thread (a send may wait for metadata that thread fetches)
                restarts.execute(() -> sendRestartPoint(r.stream(), where));
            });
            sent.incrementAndGet();
        } catch (KafkaException | IllegalStateException e) {
            unackedBytes.addAndGet(-size);
            failed(r.stream(), e);
        }
    }

    private void sendRestartPoint(String stream, byte[] where) {
        try {
            producer.send(new ProducerRecord<>(config.restartTopic(), stream, where), (m, e) -> {
                if (e != null) {
                    failed(stream, e);
                }
            });
        } catch (KafkaException | IllegalStateException e) {
            failed(stream, e);
        }
    }

    /** Waits until every record sent so far, and the restart points they made, are acknowledged (or have failed). */
    public void flush() {
        producer.flush();
        try {
            restarts.submit(() -> { }).get();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.RejectedExecutionException e) {
            LOG.warn("restart-point sender: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        producer.flush();
    }

    /** Records handed to the producer. */
    public long sent() {
        return sent.get();
    }

    /** Records the cluster acknowledged. */
    public long acked() {
        return acked.get();
    }

    /** Records that could not be sent. */
    public long errors() {
        return errors.get();
    }

    private void failed(String stream, Exception e) {
        if (errors.incrementAndGet() <= 10) {
            LOG.error("Kafka publish failed for {}", stream, e);
        }
    }

    /** Sends what is buffered (waiting up to 30 s) and closes. */
    @Override
    public void close() {
        flush();
        restarts.shutdown();
        producer.close(Duration.ofSeconds(30));
    }
}
