package dev.ladder.betfair.api;

import java.math.BigDecimal;
import java.util.Map;

/**
 * A runner of a {@code listMarketCatalogue} answer.
 *
 * @param handicap     exact, 0 when absent
 * @param sortPriority 0 when absent
 * @param metadata     RUNNER_METADATA as sent (CLOTH_NUMBER, STALL_DRAW, JOCKEY_NAME, TRAINER_NAME,
 *                     WEIGHT_VALUE...), without null values; empty when not asked for
 */
public record RunnerCatalog(long selectionId, String runnerName, BigDecimal handicap, int sortPriority,
                            Map<String, String> metadata) {
    public RunnerCatalog {
        metadata = Map.copyOf(metadata);
    }

    /** The metadata value, {@code null} when absent or blank. */
    public String meta(String key) {
        String v = metadata.get(key);
        return v == null || v.isBlank() ? null : v;
    }
}
