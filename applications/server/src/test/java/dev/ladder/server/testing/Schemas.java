package dev.ladder.server.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Checks of answers against the schemas of the served OpenAPI document. */
public final class Schemas {
    private Schemas() {
    }

    /** Every field of {@code answer} is declared in {@code schema}, and every required one is present. */
    public static void assertFields(JsonNode schemas, String schema, JsonNode answer) {
        JsonNode props = schemas.get(schema).get("properties");
        List<String> missing = new ArrayList<>();
        answer.fieldNames().forEachRemaining(f -> {
            if (!props.has(f)) {
                missing.add(f);
            }
        });
        assertThat(missing).as("fields of " + schema + " missing from openapi.json").isEmpty();
        JsonNode required = schemas.get(schema).get("required");
        if (required != null) {
            for (JsonNode r : required) {
                assertThat(answer.has(r.asText())).as(schema + " requires " + r.asText()).isTrue();
            }
        }
    }
}
