package dev.ladder.kafka;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared catalog intake: a one-partition topic ({@link KafkaConfig#catalogTopic()}) that every
 * node writes accepted messages to and every node reads whole, in the topic's one order, into its own
 * catalog, so the catalogs of all nodes converge.
 *
 * <p>{@link #publish} returns once the cluster acknowledged the message ({@code acks=all}, idempotent
 * producer), or throws. The reader starts at the beginning of the topic each time the node starts (no
 * consumer group: the catalog drops a message id it already has) and hands every message to the
 * handler on its own thread; a handler that throws is logged and counted, and reading goes on.
 */
public final class IntakeTopic implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IntakeTopic.class);
    private final KafkaConfig config;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread reader;
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong handlerErrors = new AtomicLong();
    private volatile boolean running = true;

    private IntakeTopic(KafkaConfig config, KafkaProducer<String, byte[]> producer, KafkaConsumer<String, byte[]> consumer,
                        Consumer<byte[]> handler) {
        this.config = config;
        this.producer = producer;
        this.consumer = consumer;
        this.reader = Thread.ofPlatform().name("kafka-catalog-intake").daemon().unstarted(() -> loop(handler));
    }

    /**
     * Creates the topic when missing, connects, and starts reading every message into {@code handler}.
     *
     * @throws IOException when the cluster cannot be reached within 30 s
     */
    public static IntakeTopic start(KafkaConfig config, Consumer<byte[]> handler) throws IOException {
        Topics.ensure(config, List.of());
        Properties pp = config.producerProperties();
        pp.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        pp.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        pp.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        Properties cp = new Properties();
        cp.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        cp.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try {
            KafkaProducer<String, byte[]> p = new KafkaProducer<>(pp, new StringSerializer(), new ByteArraySerializer());
            KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(cp, new StringDeserializer(), new ByteArrayDeserializer());
            IntakeTopic t = new IntakeTopic(config, p, c, handler);
            t.reader.start();
            return t;
        } catch (KafkaException e) {
            throw new IOException("Kafka at " + config.bootstrapServers() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Appends one message (keyed by {@code id}) and waits for the acknowledgement.
     *
     * @throws IOException when the cluster does not acknowledge it within 30 s (it may or may not be stored)
     */
    public void publish(String id, byte[] raw) throws IOException {
        try {
            producer.send(new ProducerRecord<>(config.catalogTopic(), 0, id, raw)).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IOException("Kafka did not take the message: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("Kafka did not acknowledge the message within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while publishing", e);
        } catch (KafkaException e) {
            throw new IOException("Kafka: " + e.getMessage(), e);
        }
    }

    /** Messages read so far. */
    public long read() {
        return read.get();
    }

    /** Times the handler threw. */
    public long handlerErrors() {
        return handlerErrors.get();
    }

    private void loop(Consumer<byte[]> handler) {
        try {
            TopicPartition tp = new TopicPartition(config.catalogTopic(), 0);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        continue;
                    }
                    read.incrementAndGet();
                    try {
                        handler.accept(r.value());
                    } catch (RuntimeException e) {
                        if (handlerErrors.incrementAndGet() <= 10) {
                            LOG.error("catalog intake from Kafka: message {} failed", r.key(), e);
                        }
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("catalog intake reader stopped", e);
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            reader.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
    }
}
