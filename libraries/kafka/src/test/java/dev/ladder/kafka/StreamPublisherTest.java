package dev.ladder.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing and consuming streams through a real single-node KRaft broker in a child JVM. */
class StreamPublisherTest {
    @TempDir
    static Path dir;
    static KafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start(dir.resolve("broker"));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /** Collects what a consumer hands over, per stream. */
    static final class Collected implements StreamConsumer.Listener {
        final Map<String, List<StreamRecord>> byStream = Collections.synchronizedMap(new HashMap<>());
        final List<String> assigned = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onAssigned(String venueId, int partition) {
            assigned.add(venueId + "-" + partition);
        }

        @Override
        public void onRevoked(String venueId, int partition) {
        }

        @Override
        public void onRecord(StreamRecord r) {
            byStream.computeIfAbsent(r.stream(), k -> Collections.synchronizedList(new ArrayList<>())).add(r);
        }

        int total() {
            synchronized (byStream) {
                return byStream.values().stream().mapToInt(List::size).sum();
            }
        }
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void streamsKeepTheirOrderAndCarryTimeAndMarkers() throws Exception {
        KafkaConfig cfg = KafkaConfig.of(broker.bootstrapServers()).withTopicPrefix("t1.").withPartitions(4);
        try (StreamPublisher pub = StreamPublisher.open(cfg, List.of("binance", "betfair"))) {
            for (int i = 0; i < 300; i++) {
                for (String s : List.of("binance:BTCUSDT", "binance:ETHUSDT", "betfair:1.23")) {
                    String marker = i == 10 ? "snapshot" : null;
                    pub.publish(StreamRecord.of(s, marker, 1_000L + i, text(s + " #" + i),
                            marker == null ? StreamRecord.Restart.NONE : StreamRecord.Restart.AFTER_PREVIOUS));
                }
            }
            pub.flush();
            assertThat(pub.acked()).isEqualTo(900);
            assertThat(pub.errors()).isZero();
        }
        Collected got = new Collected();
        try (StreamConsumer c = StreamConsumer.start(cfg, List.of("binance", "betfair"), "g-order", got)) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> got.total() >= 900);
        }
        assertThat(got.total()).isEqualTo(900);
        for (String s : List.of("binance:BTCUSDT", "binance:ETHUSDT", "betfair:1.23")) {
            List<StreamRecord> rs = got.byStream.get(s);
            for (int i = 0; i < 300; i++) {
                StreamRecord r = rs.get(i);
                assertThat(r.payloadString()).isEqualTo(s + " #" + i);
                assertThat(r.receiveNanos()).isEqualTo(1_000L + i);
                assertThat(r.marker()).isEqualTo(i == 10 ? "snapshot" : null);
            }
        }
        // the snapshot's restart point is the stream's first record (nothing before it was a restart point)
        Map<String, RestartPoints.Point> points = RestartPoints.read(cfg, Duration.ofSeconds(10));
        assertThat(points).containsOnlyKeys("binance:BTCUSDT", "binance:ETHUSDT", "betfair:1.23");
        for (var e : points.entrySet()) {
            assertThat(e.getValue().offset()).isEqualTo(got.byStream.get(e.getKey()).getFirst().offset());
        }
    }

    @Test
    void aGroupMemberStartsAtTheLastRestartPointAndARestartedOneRebuildsFromItToo() throws Exception {
        KafkaConfig cfg = KafkaConfig.of(broker.bootstrapServers()).withTopicPrefix("t2.").withPartitions(2);
        try (StreamPublisher pub = StreamPublisher.open(cfg, List.of("binance"))) {
            for (int i = 0; i < 100; i++) {
                boolean book = i == 40 || i == 70;
                pub.publish(StreamRecord.of("binance:BTCUSDT", book ? "book" : null, i, text("m" + i),
                        book ? StreamRecord.Restart.HERE : StreamRecord.Restart.NONE));
            }
            pub.flush();
        }
        // a new group starts each stream at its latest restart point: the #book of record 70
        Collected first = new Collected();
        try (StreamConsumer c = StreamConsumer.start(cfg, List.of("binance"), "g-restart", first)) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> first.total() >= 30);
        }
        List<StreamRecord> rs = first.byStream.get("binance:BTCUSDT");
        assertThat(rs).hasSize(30);
        assertThat(rs.getFirst().payloadString()).isEqualTo("m70");
        assertThat(rs.getFirst().marker()).isEqualTo("book");
        assertThat(rs.getFirst().restart()).isEqualTo(StreamRecord.Restart.HERE);
        try (StreamPublisher pub = StreamPublisher.open(cfg, List.of("binance"))) {
            for (int i = 100; i < 110; i++) {
                pub.publish(StreamRecord.of("binance:BTCUSDT", null, i, text("m" + i), StreamRecord.Restart.NONE));
            }
            pub.flush();
        }
        // the group committed offset 100; the member that comes back rebuilds from record 70 and goes on past 100
        Collected second = new Collected();
        try (StreamConsumer c = StreamConsumer.start(cfg, List.of("binance"), "g-restart", second)) {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> second.total() >= 40);
            Thread.sleep(300);
        }
        rs = second.byStream.get("binance:BTCUSDT");
        assertThat(rs).hasSize(40);
        assertThat(rs.getFirst().payloadString()).isEqualTo("m70");
        assertThat(rs.getLast().payloadString()).isEqualTo("m109");
    }

    @Test
    void aBrokerKilledAndRestartedLosesNothingAcknowledged() throws Exception {
        KafkaConfig cfg = KafkaConfig.of(broker.bootstrapServers()).withTopicPrefix("t3.").withPartitions(3);
        try (StreamPublisher pub = StreamPublisher.open(cfg, List.of("binance"))) {
            for (int i = 0; i < 2000; i++) {
                pub.publish(StreamRecord.of("binance:S" + (i % 5), null, i, text("a" + i), StreamRecord.Restart.NONE));
            }
            pub.flush();
            assertThat(pub.acked()).isEqualTo(2000);
            broker.kill();
            broker.restart();
            for (int i = 2000; i < 2500; i++) {
                pub.publish(StreamRecord.of("binance:S" + (i % 5), null, i, text("a" + i), StreamRecord.Restart.NONE));
            }
            pub.flush();
            assertThat(pub.acked()).isEqualTo(2500);
            assertThat(pub.errors()).isZero();
        }
        Collected got = new Collected();
        try (StreamConsumer c = StreamConsumer.start(cfg, List.of("binance"), "g-kill", got)) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> got.total() >= 2500);
            Thread.sleep(300);
        }
        assertThat(got.total()).isEqualTo(2500);
        for (int s = 0; s < 5; s++) {
            List<StreamRecord> rs = got.byStream.get("binance:S" + s);
            for (int k = 0; k < rs.size(); k++) {
                assertThat(rs.get(k).receiveNanos()).isEqualTo(s + 5L * k);
            }
        }
    }
}
