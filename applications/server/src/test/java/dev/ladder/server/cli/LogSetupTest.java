package dev.ladder.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.server.testing.Http;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class LogSetupTest {
    @Test
    void aJsonLineCarriesTheMessageTheContextAndTheStackTrace() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger logger = context.getLogger("dev.ladder.test");
        LogSetup.JsonLayout layout = new LogSetup.JsonLayout();
        layout.setContext(context);
        layout.start();
        MDC.put("request", "GET /api/books/binance/BTCUSDT");
        MDC.put("stream", "binance:BTCUSDT");
        try {
            LoggingEvent e = new LoggingEvent(Logger.class.getName(), logger, Level.WARN, "line \"{}\"\nsecond",
                    new IllegalStateException("boom"), new Object[] {"quoted"});
            String line = layout.doLayout(e);
            assertThat(line).endsWith("\n").doesNotContain("\n\"");
            assertThat(line.indexOf('\n')).isEqualTo(line.length() - 1);
            JsonNode j = Http.MAPPER.readTree(line);
            assertThat(j.get("level").asText()).isEqualTo("WARN");
            assertThat(j.get("logger").asText()).isEqualTo("dev.ladder.test");
            assertThat(j.get("message").asText()).isEqualTo("line \"quoted\"\nsecond");
            assertThat(j.get("request").asText()).isEqualTo("GET /api/books/binance/BTCUSDT");
            assertThat(j.get("stream").asText()).isEqualTo("binance:BTCUSDT");
            assertThat(j.get("exception").asText()).startsWith("java.lang.IllegalStateException: boom");
            assertThat(j.get("ts").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        } finally {
            MDC.clear();
        }
    }
}
