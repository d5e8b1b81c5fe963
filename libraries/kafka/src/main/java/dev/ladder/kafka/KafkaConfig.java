package dev.ladder.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Where the Kafka cluster is and how Ladder names its topics there.
 *
 * <p>Topics: one per venue, {@code <prefix><venue>} (e.g. {@code ladder.binance}), keyed by stream
 * ({@code binance:BTCUSDT}, {@code betfair:1.234}); the compacted {@code <prefix>restart-points}
 * (key stream, value {@code <topic> <partition> <offset>} of the stream's latest snapshot or book);
 * and {@code <prefix>catalog-messages} for the catalog intake.
 *
 * @param bootstrapServers {@code HOST:PORT[,HOST:PORT...]}
 * @param topicPrefix      prefix of every topic name
 * @param partitions       partitions of a venue topic when Ladder creates it (an existing topic is kept as it is)
 */
public record KafkaConfig(String bootstrapServers, String topicPrefix, int partitions) {
    /** The default topic prefix. */
    public static final String PREFIX = "ladder.";
    /** Venue topics Ladder creates get this many partitions. */
    public static final int DEFAULT_PARTITIONS = 12;

    /**
     * @throws IllegalArgumentException when {@code bootstrapServers} is not a list of HOST:PORT, the prefix is
     *                                  not a valid topic name start, or {@code partitions} is not 1..10000
     */
    public KafkaConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(topicPrefix, "topicPrefix");
        List<String> parts = new ArrayList<>();
        for (String s : bootstrapServers.split(",")) {
            String t = s.trim();
            int colon = t.lastIndexOf(':');
            if (colon <= 0 || colon == t.length() - 1) {
                throw new IllegalArgumentException("not HOST:PORT[,HOST:PORT]: '" + bootstrapServers + "'");
            }
            int port;
            try {
                port = Integer.parseInt(t.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not HOST:PORT[,HOST:PORT]: '" + bootstrapServers + "' (bad port)", e);
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range 1..65535 in '" + bootstrapServers + "'");
            }
            parts.add(t);
        }
        bootstrapServers = String.join(",", parts);
        if (!topicPrefix.matches("[A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("topic prefix may hold letters, digits, '.', '_' and '-' only: '" + topicPrefix + "'");
        }
        if (partitions < 1 || partitions > 10_000) {
            throw new IllegalArgumentException("partitions must be within 1..10000: " + partitions);
        }
    }

    /** The cluster at {@code bootstrapServers} with the default prefix and partitions. */
    public static KafkaConfig of(String bootstrapServers) {
        return new KafkaConfig(bootstrapServers, PREFIX, DEFAULT_PARTITIONS);
    }

    /** The same cluster, venue topics created with {@code n} partitions. */
    public KafkaConfig withPartitions(int n) {
        return new KafkaConfig(bootstrapServers, topicPrefix, n);
    }

    /** The same cluster under another topic prefix (tests keep their topics apart this way). */
    public KafkaConfig withTopicPrefix(String prefix) {
        return new KafkaConfig(bootstrapServers, prefix, partitions);
    }

    /** The topic of a venue id ({@code binance}, {@code binance-futures}, {@code betfair}). */
    public String venueTopic(String venueId) {
        return topicPrefix + venueId.toLowerCase(Locale.ROOT);
    }

    /** The venue id of the stream key {@code venue:symbol}. */
    public static String venueOf(String stream) {
        int colon = stream.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("a stream key is venue:symbol: '" + stream + "'");
        }
        return stream.substring(0, colon);
    }

    /** The compacted topic of restart points. */
    public String restartTopic() {
        return topicPrefix + "restart-points";
    }

    /** The topic of catalog event messages. */
    public String catalogTopic() {
        return topicPrefix + "catalog-messages";
    }

    /** What every producer of ours shares: the cluster, {@code acks=all} and idempotence (callers add their timeouts). */
    java.util.Properties producerProperties() {
        java.util.Properties p = new java.util.Properties();
        p.put(org.apache.kafka.clients.producer.ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(org.apache.kafka.clients.producer.ProducerConfig.ACKS_CONFIG, "all");
        p.put(org.apache.kafka.clients.producer.ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return p;
    }

    /** An admin client's settings: the cluster, {@code apiTimeoutMs} per call and {@code requestTimeoutMs} per request. */
    java.util.Properties adminProperties(int apiTimeoutMs, int requestTimeoutMs) {
        java.util.Properties p = new java.util.Properties();
        p.put(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(org.apache.kafka.clients.admin.AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, apiTimeoutMs);
        p.put(org.apache.kafka.clients.admin.AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeoutMs);
        return p;
    }
}
