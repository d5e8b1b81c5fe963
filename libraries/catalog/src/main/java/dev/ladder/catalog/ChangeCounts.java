package dev.ladder.catalog;

import java.util.Map;
import java.util.TreeMap;

/** Created/updated counts per kind of record (sport, event, meeting, market, selection, race, runner, result). Not thread-safe. */
final class ChangeCounts {
    private final TreeMap<String, Long> created = new TreeMap<>();
    private final TreeMap<String, Long> updated = new TreeMap<>();

    void add(String kind, Rows.Change change) {
        switch (change) {
            case CREATED -> created.merge(kind, 1L, Long::sum);
            case UPDATED -> updated.merge(kind, 1L, Long::sum);
            case UNCHANGED -> { }
        }
    }

    void add(String kind, long createdCount, long updatedCount) {
        if (createdCount > 0) {
            created.merge(kind, createdCount, Long::sum);
        }
        if (updatedCount > 0) {
            updated.merge(kind, updatedCount, Long::sum);
        }
    }

    void addAll(ChangeCounts other) {
        other.created.forEach((k, v) -> created.merge(k, v, Long::sum));
        other.updated.forEach((k, v) -> updated.merge(k, v, Long::sum));
    }

    Map<String, Long> created() {
        return Map.copyOf(created);
    }

    Map<String, Long> updated() {
        return Map.copyOf(updated);
    }
}
