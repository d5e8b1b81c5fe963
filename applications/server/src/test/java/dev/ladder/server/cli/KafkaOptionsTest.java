package dev.ladder.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.server.testing.Cli;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka options are validated at start-up, naming the option. */
class KafkaOptionsTest {
    @TempDir
    Path dir;

    @Test
    void badKafkaAddressesAreRefusedNamingTheOption() {
        Cli.Run serve = Cli.run("serve", "--from-kafka", "localhost", "--port", "0");
        assertThat(serve.code()).isEqualTo(2);
        assertThat(serve.err()).contains("--from-kafka: not HOST:PORT[,HOST:PORT]: 'localhost'");
        Cli.Run group = Cli.run("serve", "--from-kafka", "127.0.0.1:9092", "--group", " ", "--port", "0");
        assertThat(group.code()).isEqualTo(2);
        assertThat(group.err()).contains("--group must not be blank");
        Cli.Run record = Cli.run("record", "binance", "--symbols", "BTCUSDT", "--data", dir.toString(), "--kafka", "h:99999");
        assertThat(record.code()).isEqualTo(2);
        assertThat(record.err()).contains("--kafka: port out of range 1..65535");
        assertThat(Cli.run("serve", "--help").out()).contains("--from-kafka").contains("--group");
        assertThat(Cli.run("record", "--help").out()).contains("--kafka");
    }
}
