package dev.ladder.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The latest restart point of every stream, read from the compacted restart-point topic (see
 * {@link StreamPublisher}). A value that does not parse is skipped.
 */
public final class RestartPoints {
    /**
     * Where a stream's rebuild starts.
     *
     * @param topic     the venue topic
     * @param partition its partition
     * @param offset    the first record to read
     */
    public record Point(String topic, int partition, long offset) {
    }

    private RestartPoints() {
    }

    /** Every stream's latest point; empty when the topic is missing or empty. */
    public static Map<String, Point> read(KafkaConfig config, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        Map<String, Point> out = new HashMap<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(config.restartTopic(), timeout).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            if (parts.isEmpty()) {
                return out;
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline && parts.stream().anyMatch(tp -> c.position(tp, timeout) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(100))) {
                    Point pt = parse(r.value());
                    if (r.key() != null && pt != null) {
                        out.put(r.key(), pt);
                    }
                }
            }
        }
        return out;
    }

    static Point parse(byte[] value) {
        if (value == null) {
            return null;
        }
        String[] f = new String(value, StandardCharsets.UTF_8).trim().split(" ");
        if (f.length != 3) {
            return null;
        }
        try {
            return new Point(f[0], Integer.parseInt(f[1]), Long.parseLong(f[2]));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
