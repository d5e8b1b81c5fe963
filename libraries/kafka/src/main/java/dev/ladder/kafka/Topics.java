package dev.ladder.kafka;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates Ladder's topics when they are missing; existing topics are left as they are. */
final class Topics {
    private Topics() {
    }

    /** Waits (30 s at most) until every partition of {@code topics} has a leader. */
    private static void awaitLeaders(Admin admin, List<String> topics) throws ExecutionException, TimeoutException,
            InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            boolean ready = true;
            try {
                for (var d : admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values()) {
                    ready &= d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
                }
            } catch (ExecutionException e) {
                ready = false;
            }
            if (ready) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("topics without a leader after 30 s: " + topics);
            }
            Thread.sleep(50);
        }
    }

    /**
     * Makes sure the venue topics of {@code venueIds}, the restart-point topic and the catalog topic exist.
     *
     * @throws IOException when the cluster does not answer within 30 s or refuses
     */
    static void ensure(KafkaConfig config, Collection<String> venueIds) throws IOException {
        try (Admin admin = Admin.create(config.adminProperties(30_000, 10_000))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> wanted = new ArrayList<>();
            for (String v : venueIds) {
                String t = config.venueTopic(v);
                if (!existing.contains(t)) {
                    wanted.add(new NewTopic(t, config.partitions(), (short) 1).configs(Map.of(
                            TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "1")));
                }
            }
            if (!existing.contains(config.restartTopic())) {
                wanted.add(new NewTopic(config.restartTopic(), 1, (short) 1).configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
            }
            if (!existing.contains(config.catalogTopic())) {
                wanted.add(new NewTopic(config.catalogTopic(), 1, (short) 1));
            }
            if (wanted.isEmpty()) {
                return;
            }
            try {
                admin.createTopics(wanted).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            awaitLeaders(admin, wanted.stream().map(NewTopic::name).toList());
        } catch (ExecutionException e) {
            throw new IOException("Kafka at " + config.bootstrapServers() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("Kafka at " + config.bootstrapServers() + " did not answer within 30 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating topics", e);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new IOException("Kafka at " + config.bootstrapServers() + ": " + e.getMessage(), e);
        }
    }
}
