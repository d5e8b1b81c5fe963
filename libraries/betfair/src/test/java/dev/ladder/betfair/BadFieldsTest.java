package dev.ladder.betfair;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class BadFieldsTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(BadFields.class);
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void capture() {
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void release() {
        logger.detachAppender(log);
    }

    private List<String> lines() {
        return log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void everyOccurrenceIsCountedAndAFloodLogsOnlyAtPowersOfTwo() {
        BadFields b = new BadFields();
        for (int i = 1; i <= 1000; i++) {
            b.record("rc.atb", BadFields.Problem.OUT_OF_RANGE, "1.23", 7, "price -" + i);
        }
        b.record("rc.spn", BadFields.Problem.NOT_REPRESENTABLE, "1.23", 8, "1.23456789012345678");
        assertThat(b.count("rc.atb", BadFields.Problem.OUT_OF_RANGE)).isEqualTo(1000);
        assertThat(b.total()).isEqualTo(1001);
        assertThat(b.snapshot()).containsExactly(
                java.util.Map.entry(new BadFields.Kind("rc.atb", BadFields.Problem.OUT_OF_RANGE), 1000L),
                java.util.Map.entry(new BadFields.Kind("rc.spn", BadFields.Problem.NOT_REPRESENTABLE), 1L));

        List<String> lines = lines();
        assertThat(lines).as("10 in full, then 16, 32, 64, 128, 256, 512; then the other kind").hasSize(17);
        assertThat(lines.getFirst()).contains("rc.atb").contains("OUT_OF_RANGE").contains("market 1.23")
                .contains("runner 7").contains("'price -1'");
        assertThat(lines.get(10)).contains("'price -16'").contains("occurrence 16 ");
        assertThat(lines.get(15)).contains("'price -512'");
        assertThat(lines.getLast()).contains("rc.spn").contains("runner 8").contains("'1.23456789012345678'");
        assertThat(log.list).allMatch(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN);
    }

    @Test
    void theDecoderLogsEachBadFieldWithItsMarketRunnerFieldAndValue() {
        BetfairStreamDecoder d = new BetfairStreamDecoder(new BetfairMarketCache());
        d.decode("{\"op\":\"mcm\",\"pt\":1,\"mc\":[{\"rc\":[{\"atb\":[[2,1],[2.555,3]],\"id\":42}],\"id\":\"1.99\"}]}");
        d.decode("{\"op\":\"mcm\",\"pt\":2,\"mc\":[{\"id\":\"1.99\",\"rc\":[{\"hc\":0.001,\"id\":43,\"atb\":[[2,1]]}]}]}");
        assertThat(lines()).hasSize(2);
        assertThat(lines().get(0)).contains("rc.atb (NOT_REPRESENTABLE) in market 1.99 runner 42: '2.555'");
        assertThat(lines().get(1)).contains("rc.hc (NOT_REPRESENTABLE) in market 1.99 runner 43: '0.001'");
        assertThat(d.cache().market("1.99").runner(42, 0).atb().sizeAt(200)).isEqualTo(100);
    }

    @Test
    void longValuesAreAbbreviated() {
        assertThat(BadFields.abbreviate("x".repeat(500))).hasSize(80 + 5);
        assertThat(BadFields.abbreviate(null)).isEqualTo("null");
    }
}
