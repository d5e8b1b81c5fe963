package dev.ladder.server.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Switches the standard-error log appender (logback.xml's {@code STDERR}) between the text pattern and
 * one JSON object a line ({@code --log-format json}) for Elasticsearch or Loki: {@code ts} (ISO-8601 UTC),
 * {@code level}, {@code logger}, {@code thread}, {@code message}, every MDC entry ({@code stream},
 * {@code request}, ...) as a field of its own, and {@code exception} (the stack trace) when there is one.
 * Does nothing when logging is not logback or the appender is missing.
 */
final class LogSetup {
    static final String TEXT_PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n";

    private LogSetup() {
    }

    static void apply(LadderConfig.LogFormat format) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Appender<ILoggingEvent> a = root.getAppender("STDERR");
        if (!(a instanceof ConsoleAppender<ILoggingEvent> console)) {
            return;
        }
        console.stop();
        if (format == LadderConfig.LogFormat.JSON) {
            JsonLayout layout = new JsonLayout();
            layout.setContext(context);
            layout.start();
            LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
            encoder.setContext(context);
            encoder.setCharset(StandardCharsets.UTF_8);
            encoder.setLayout(layout);
            encoder.start();
            console.setEncoder(encoder);
        } else {
            PatternLayoutEncoder encoder = new PatternLayoutEncoder();
            encoder.setContext(context);
            encoder.setPattern(TEXT_PATTERN);
            encoder.start();
            console.setEncoder(encoder);
        }
        console.start();
    }

    /** One JSON object per event, newline-terminated. */
    static final class JsonLayout extends LayoutBase<ILoggingEvent> {
        private static final JsonFactory JSON = new JsonFactory();

        @Override
        public String doLayout(ILoggingEvent e) {
            StringWriter w = new StringWriter(256);
            try (JsonGenerator g = JSON.createGenerator(w)) {
                g.writeStartObject();
                g.writeStringField("ts", Instant.ofEpochMilli(e.getTimeStamp()).toString());
                g.writeStringField("level", e.getLevel().toString());
                g.writeStringField("logger", e.getLoggerName());
                g.writeStringField("thread", e.getThreadName());
                g.writeStringField("message", e.getFormattedMessage());
                Map<String, String> mdc = e.getMDCPropertyMap();
                if (mdc != null) {
                    for (Map.Entry<String, String> m : mdc.entrySet()) {
                        if (!m.getKey().equals("ts") && !m.getKey().equals("message")) {
                            g.writeStringField(m.getKey(), m.getValue());
                        }
                    }
                }
                IThrowableProxy t = e.getThrowableProxy();
                if (t != null) {
                    g.writeStringField("exception", ThrowableProxyUtil.asString(t));
                }
                g.writeEndObject();
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
            return w.append('\n').toString();
        }
    }
}
