package dev.ladder.catalog;

import java.util.Map;
import java.util.TreeMap;

/**
 * How many records a write created and updated, per kind: {@code sport}, {@code event}, {@code meeting},
 * {@code market}, {@code selection}, {@code race}, {@code runner}, {@code result}. A record written with
 * the values it already had counts as neither. Kinds with no change are absent.
 */
public record CatalogChanges(Map<String, Long> created, Map<String, Long> updated) {
    public static final CatalogChanges NONE = new CatalogChanges(Map.of(), Map.of());

    public CatalogChanges {
        created = Map.copyOf(created);
        updated = Map.copyOf(updated);
    }

    static CatalogChanges of(ChangeCounts counts) {
        return new CatalogChanges(counts.created(), counts.updated());
    }

    /** Records of {@code kind} created (0 when none). */
    public long created(String kind) {
        return created.getOrDefault(kind, 0L);
    }

    /** Records of {@code kind} updated (0 when none). */
    public long updated(String kind) {
        return updated.getOrDefault(kind, 0L);
    }

    /** The sum of this and {@code other}. */
    public CatalogChanges plus(CatalogChanges other) {
        Map<String, Long> c = new TreeMap<>(created);
        other.created.forEach((k, v) -> c.merge(k, v, Long::sum));
        Map<String, Long> u = new TreeMap<>(updated);
        other.updated.forEach((k, v) -> u.merge(k, v, Long::sum));
        return new CatalogChanges(c, u);
    }
}
