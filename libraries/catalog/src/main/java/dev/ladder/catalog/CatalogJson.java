package dev.ladder.catalog;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * JSON for the catalog's records, as the HTTP API answers: record components as fields, times as
 * ISO-8601 UTC text ({@code 2018-06-20T10:30:00Z}), dates as {@code YYYY-MM-DD}, odds and BSP as exact
 * decimal strings ({@code "1.01"}), ids as strings, message states in lower case, {@code null}s kept.
 */
public final class CatalogJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new SimpleModule("catalog-time")
                    .addSerializer(Instant.class, new ToStringSerializer<>(Instant.class))
                    .addSerializer(LocalDate.class, new ToStringSerializer<>(LocalDate.class)))
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private CatalogJson() {
    }

    /** A mapper configured as described (shared; do not reconfigure it). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** {@code value} as JSON text. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private static final class ToStringSerializer<T> extends StdSerializer<T> {
        ToStringSerializer(Class<T> type) {
            super(type);
        }

        @Override
        public void serialize(T value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(value.toString());
        }
    }
}
