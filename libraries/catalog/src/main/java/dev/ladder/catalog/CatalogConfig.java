package dev.ladder.catalog;

import java.nio.file.Path;

/**
 * Where the catalog is stored.
 *
 * @param jdbcUrl     {@code jdbc:sqlite:<file>} (embedded, the default) or {@code jdbc:postgresql://host:port/db}
 * @param user        database user ({@code null} for SQLite or a URL that carries it)
 * @param password    database password ({@code null} when none)
 * @param poolSize    connections kept open (SQLite: readers; one writer at a time in any case)
 * @param workerBatch messages the intake worker applies per transaction
 */
public record CatalogConfig(String jdbcUrl, String user, String password, int poolSize, int workerBatch) {
    /**
     * @throws IllegalArgumentException naming the setting when the URL is neither SQLite nor PostgreSQL,
     *                                  or a number is out of range
     */
    public CatalogConfig {
        if (jdbcUrl == null || !(jdbcUrl.startsWith("jdbc:sqlite:") || jdbcUrl.startsWith("jdbc:postgresql://"))) {
            throw new IllegalArgumentException("catalog jdbcUrl must start with jdbc:sqlite: or jdbc:postgresql://, was " + jdbcUrl);
        }
        if (poolSize < 1 || poolSize > 64) {
            throw new IllegalArgumentException("catalog poolSize must be in 1..64, was " + poolSize);
        }
        if (workerBatch < 1 || workerBatch > 10_000) {
            throw new IllegalArgumentException("catalog workerBatch must be in 1..10000, was " + workerBatch);
        }
    }

    /** The embedded default: SQLite at {@code <dataDir>/catalog.db}. */
    public static CatalogConfig sqlite(Path dataDir) {
        return new CatalogConfig("jdbc:sqlite:" + dataDir.resolve("catalog.db").toAbsolutePath(), null, null, 4, 256);
    }

    /** PostgreSQL (or SQLite, by the URL's prefix) with default pool and batch sizes. */
    public static CatalogConfig of(String jdbcUrl, String user, String password) {
        return new CatalogConfig(jdbcUrl, user, password, 8, 256);
    }

    /** {@code true} for a SQLite URL. */
    public boolean isSqlite() {
        return jdbcUrl.startsWith("jdbc:sqlite:");
    }
}
