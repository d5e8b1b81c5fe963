package dev.ladder.kafka;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the venue topics as one member of a consumer group and hands every record to a
 * {@link Listener}, on one thread of its own. Members of one group share the partitions (and so the
 * streams); separate groups each read everything.
 *
 * <p>Rebuild on assignment: when a partition is assigned (start-up, a rebalance, a member that died),
 * the consumer looks up the streams' restart points ({@link RestartPoints}) and seeks the partition to
 * the earliest of those that lie on it, or to the group's committed offset when that is earlier (with no
 * restart point there: the committed offset, else the beginning). The listener is told
 * {@link Listener#onAssigned} first, so it starts the partition's streams afresh; then it gets the
 * records from there on. Offsets are committed automatically as records are handed over (at least
 * once). Partitions are assigned by ranges per topic, so every member gets its share of each venue; a
 * rebalance revokes everything first (eager), and a partition the member keeps goes on from its committed
 * offset without a rebuild, while one it loses is reported through {@link Listener#onRevoked} when the
 * new assignment arrives (at once when the partition was lost: the session expired).
 *
 * <p>A record without the {@code ns} header gets receive time 0; one whose {@code restart} header names
 * no known kind counts as {@link StreamRecord.Restart#NONE}. A listener that throws is logged and
 * counted ({@link #listenerErrors()}); the loop goes on.
 */
public final class StreamConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamConsumer.class);

    /** Receives records and assignment changes on the consumer's thread. */
    public interface Listener {
        /** {@code partition} of {@code venueId}'s topic is now this member's; its records follow from a restart point. */
        void onAssigned(String venueId, int partition);

        /** {@code partition} of {@code venueId}'s topic is no longer this member's. */
        void onRevoked(String venueId, int partition);

        /** One record, in partition order. */
        void onRecord(StreamRecord record);
    }

    private final KafkaConfig config;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Listener listener;
    private final Thread thread;
    private final CountDownLatch firstAssignment = new CountDownLatch(1);
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong listenerErrors = new AtomicLong();
    /** The consumer's own records-lag-max (records behind the log end, worst partition), read on its thread. */
    private volatile double lag = Double.NaN;
    private long lagReadNanos;
    private org.apache.kafka.clients.admin.Admin admin;
    private volatile boolean running = true;
    /** Partitions revoked at the start of a rebalance, not yet known to be kept or gone (consumer thread). */
    private final java.util.Set<TopicPartition> revoking = new HashSet<>();

    private StreamConsumer(KafkaConfig config, KafkaConsumer<String, byte[]> consumer, Listener listener, List<String> topics) {
        this.config = config;
        this.consumer = consumer;
        this.listener = listener;
        this.thread = Thread.ofPlatform().name("kafka-consumer").daemon().unstarted(() -> loop(topics));
    }

    /**
     * Joins {@code groupId} on the topics of {@code venueIds} (created when missing) and starts reading.
     *
     * @throws IOException when the cluster cannot be reached within 30 s
     */
    public static StreamConsumer start(KafkaConfig config, Collection<String> venueIds, String groupId, Listener listener)
            throws IOException {
        Topics.ensure(config, venueIds);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true);
        p.put(ConsumerConfig.AUTO_COMMIT_INTERVAL_MS_CONFIG, 1000);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Integer.getInteger("ladder.kafka.sessionTimeoutMs", 10_000));
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1000);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        // ranges per topic: every member gets its share of each venue's partitions (a sticky assignor balances
        // the total count and may give one member all of a venue)
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, org.apache.kafka.clients.consumer.RangeAssignor.class.getName());
        KafkaConsumer<String, byte[]> c;
        try {
            c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        } catch (KafkaException e) {
            throw new IOException("Kafka consumer for " + config.bootstrapServers() + ": " + e.getMessage(), e);
        }
        List<String> topics = venueIds.stream().map(config::venueTopic).toList();
        StreamConsumer sc = new StreamConsumer(config, c, listener, topics);
        sc.thread.start();
        return sc;
    }

    /** Waits until this member has been given its first assignment (possibly empty). */
    public boolean awaitAssignment(Duration timeout) throws InterruptedException {
        return firstAssignment.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Records handed to the listener. */
    public long records() {
        return records.get();
    }

    /** Times the listener threw. */
    public long listenerErrors() {
        return listenerErrors.get();
    }

    /** Records this member is behind the end of its partitions (the worst one), NaN before it knows. */
    public double lag() {
        return lag;
    }

    /**
     * {@code null} when the cluster answers a metadata request within {@code timeout} and this member has
     * had its first assignment, else why not (for a readiness check).
     */
    public synchronized String notReady(Duration timeout) {
        if (firstAssignment.getCount() > 0) {
            return "no partition assignment yet";
        }
        try {
            if (admin == null) {
                admin = org.apache.kafka.clients.admin.Admin.create(config.adminProperties((int) timeout.toMillis(), (int) timeout.toMillis()));
            }
            int nodes = admin.describeCluster().nodes().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).size();
            return nodes > 0 ? null : "the cluster lists no broker";
        } catch (java.util.concurrent.TimeoutException e) {
            return "Kafka at " + config.bootstrapServers() + " did not answer within " + timeout.toMillis() + " ms";
        } catch (java.util.concurrent.ExecutionException | KafkaException e) {
            return "Kafka at " + config.bootstrapServers() + ": " + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private void readLag() {
        long now = System.nanoTime();
        if (now - lagReadNanos < 1_000_000_000L) {
            return;
        }
        lagReadNanos = now;
        for (var e : consumer.metrics().entrySet()) {
            if (e.getKey().name().equals("records-lag-max") && e.getKey().group().equals("consumer-fetch-manager-metrics")
                    && !e.getKey().tags().containsKey("topic")) {
                Object v = e.getValue().metricValue();
                if (v instanceof Number n) {
                    lag = n.doubleValue();
                }
            }
        }
    }

    private void loop(List<String> topics) {
        try {
            consumer.subscribe(topics, new Rebalance());
            while (running) {
                readLag();
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    StreamRecord sr = decode(r);
                    if (sr == null) {
                        continue;
                    }
                    records.incrementAndGet();
                    try {
                        listener.onRecord(sr);
                    } catch (RuntimeException e) {
                        failed(e);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("Kafka consumer stopped", e);
        } finally {
            try {
                consumer.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(Duration.ofSeconds(10)));
            } catch (RuntimeException e) {
                LOG.warn("closing the Kafka consumer: {}", e.toString());
            }
        }
    }

    static StreamRecord decode(ConsumerRecord<String, byte[]> r) {
        if (r.key() == null || r.value() == null) {
            return null;
        }
        long ns = 0;
        String marker = null;
        StreamRecord.Restart restart = StreamRecord.Restart.NONE;
        for (Header h : r.headers()) {
            switch (h.key()) {
                case StreamPublisher.NS -> {
                    if (h.value() != null && h.value().length == 8) {
                        ns = ByteBuffer.wrap(h.value()).getLong();
                    }
                }
                case StreamPublisher.KIND -> marker = h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
                case StreamPublisher.RESTART -> {
                    try {
                        restart = StreamRecord.Restart.valueOf(new String(h.value(), StandardCharsets.UTF_8));
                    } catch (IllegalArgumentException | NullPointerException e) {
                        restart = StreamRecord.Restart.NONE;
                    }
                }
                default -> {
                }
            }
        }
        return new StreamRecord(r.key(), marker, ns, r.value(), restart, r.partition(), r.offset());
    }

    private String venueOf(String topic) {
        return topic.startsWith(config.topicPrefix()) ? topic.substring(config.topicPrefix().length()) : topic;
    }

    private void failed(RuntimeException e) {
        if (listenerErrors.incrementAndGet() <= 10) {
            LOG.error("Kafka record listener failed", e);
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            try {
                // a partition this member had before the rebalance and keeps goes on from its committed offset
                List<TopicPartition> parts = new ArrayList<>();
                for (TopicPartition tp : assigned) {
                    if (!revoking.remove(tp)) {
                        parts.add(tp);
                    }
                }
                for (TopicPartition tp : revoking) {
                    revoked(tp);
                }
                revoking.clear();
                if (parts.isEmpty()) {
                    return;
                }
                Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(parts));
                Map<String, RestartPoints.Point> points = RestartPoints.read(config, Duration.ofSeconds(10));
                List<TopicPartition> fromStart = new ArrayList<>();
                List<String> seeks = new ArrayList<>();
                for (TopicPartition tp : parts) {
                    long min = Long.MAX_VALUE;
                    for (RestartPoints.Point pt : points.values()) {
                        if (pt.topic().equals(tp.topic()) && pt.partition() == tp.partition()) {
                            min = Math.min(min, pt.offset());
                        }
                    }
                    OffsetAndMetadata c = committed.get(tp);
                    if (c != null) {
                        min = Math.min(min, c.offset());
                    }
                    if (min == Long.MAX_VALUE) {
                        fromStart.add(tp);
                    } else {
                        consumer.seek(tp, min);
                    }
                    seeks.add(tp + (min == Long.MAX_VALUE ? "@start" : "@" + min));
                    try {
                        listener.onAssigned(venueOf(tp.topic()), tp.partition());
                    } catch (RuntimeException e) {
                        failed(e);
                    }
                }
                if (!fromStart.isEmpty()) {
                    consumer.seekToBeginning(fromStart);
                }
                LOG.info("assigned {} partitions, rebuilding from: {}", parts.size(), String.join(" ", seeks));
            } finally {
                firstAssignment.countDown();
            }
        }

        /** Eager rebalance: every partition is revoked first; those not assigned again are reported when the new assignment comes. */
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> parts) {
            revoking.addAll(parts);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> parts) {
            for (TopicPartition tp : parts) {
                revoking.remove(tp);
                revoked(tp);
            }
        }

        private void revoked(TopicPartition tp) {
            LOG.info("partition {} is no longer this member's", tp);
            try {
                listener.onRevoked(venueOf(tp.topic()), tp.partition());
            } catch (RuntimeException e) {
                failed(e);
            }
        }
    }

    /** Stops reading, commits what was handed over, leaves the group, and waits for the thread (10 s at most). */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (admin != null) {
                admin.close(Duration.ofSeconds(2));
                admin = null;
            }
        }
    }
}
