package dev.ladder.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class KafkaConfigTest {
    @Test
    void bootstrapServersAreValidatedAndTopicsNamedByVenue() {
        KafkaConfig c = KafkaConfig.of(" 127.0.0.1:9092 , kafka-2:9093");
        assertThat(c.bootstrapServers()).isEqualTo("127.0.0.1:9092,kafka-2:9093");
        assertThat(c.venueTopic("binance-futures")).isEqualTo("ladder.binance-futures");
        assertThat(c.restartTopic()).isEqualTo("ladder.restart-points");
        assertThat(c.catalogTopic()).isEqualTo("ladder.catalog-messages");
        assertThat(KafkaConfig.venueOf("betfair:1.234")).isEqualTo("betfair");
        assertThatThrownBy(() -> KafkaConfig.of("localhost")).hasMessageContaining("not HOST:PORT");
        assertThatThrownBy(() -> KafkaConfig.of("h:x")).hasMessageContaining("bad port");
        assertThatThrownBy(() -> KafkaConfig.of("h:70000")).hasMessageContaining("1..65535");
        assertThatThrownBy(() -> c.withPartitions(0)).hasMessageContaining("1..10000");
        assertThatThrownBy(() -> c.withTopicPrefix("a b")).hasMessageContaining("topic prefix");
        assertThatThrownBy(() -> KafkaConfig.venueOf("nocolon")).hasMessageContaining("venue:symbol");
    }

    @Test
    void recordsDecodeTheirHeadersAndToleratesBadOnes() {
        RecordHeaders h = new RecordHeaders();
        h.add(StreamPublisher.NS, java.nio.ByteBuffer.allocate(8).putLong(0, 42L).array());
        h.add(StreamPublisher.KIND, "snapshot".getBytes(StandardCharsets.UTF_8));
        h.add(StreamPublisher.RESTART, "AFTER_PREVIOUS".getBytes(StandardCharsets.UTF_8));
        ConsumerRecord<String, byte[]> r = new ConsumerRecord<>("ladder.binance", 3, 17L, 0L,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0, 0, "binance:BTCUSDT", "{}".getBytes(StandardCharsets.UTF_8),
                h, java.util.Optional.empty());
        StreamRecord s = StreamConsumer.decode(r);
        assertThat(s.stream()).isEqualTo("binance:BTCUSDT");
        assertThat(s.marker()).isEqualTo("snapshot");
        assertThat(s.receiveNanos()).isEqualTo(42L);
        assertThat(s.restart()).isEqualTo(StreamRecord.Restart.AFTER_PREVIOUS);
        assertThat(s.partition()).isEqualTo(3);
        assertThat(s.offset()).isEqualTo(17L);
        RecordHeaders bad = new RecordHeaders();
        bad.add(StreamPublisher.NS, new byte[3]);
        bad.add(StreamPublisher.RESTART, "SOMETIMES".getBytes(StandardCharsets.UTF_8));
        StreamRecord t = StreamConsumer.decode(new ConsumerRecord<>("ladder.binance", 0, 0L, 0L,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME, 0, 0, "binance:BTCUSDT", new byte[] {'x'}, bad,
                java.util.Optional.empty()));
        assertThat(t.receiveNanos()).isZero();
        assertThat(t.restart()).isEqualTo(StreamRecord.Restart.NONE);
        assertThat(t.isMessage()).isTrue();
        assertThat(RestartPoints.parse("ladder.binance 2 99".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new RestartPoints.Point("ladder.binance", 2, 99));
        assertThat(RestartPoints.parse("garbage".getBytes(StandardCharsets.UTF_8))).isNull();
    }
}
