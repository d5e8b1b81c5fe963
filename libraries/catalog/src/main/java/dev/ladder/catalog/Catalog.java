package dev.ladder.catalog;

import dev.ladder.core.Clock;

/**
 * The catalog of sports events and racing: opens the store (SQLite by default, PostgreSQL by URL), runs
 * its schema migrations, and hands out the {@link CatalogIntake} (event messages), the
 * {@link CatalogQueries}, the {@link BetfairCatalogMapper} (Betfair market definitions and Betting API
 * answers) and the {@link CatalogImporter} (files).
 *
 * <p>Typical use: {@code Catalog catalog = Catalog.open(CatalogConfig.sqlite(dataDir), Clock.system());
 * catalog.intake().start();} and {@link #close()} at shutdown (it stops the worker; queued messages
 * stay queued for the next start). Thread-safe.
 */
public final class Catalog implements AutoCloseable {
    private final Database db;
    private final CatalogIntake intake;
    private final CatalogQueries queries;
    private final BetfairCatalogMapper betfair;
    private final CatalogImporter importer;

    private Catalog(CatalogConfig config, Clock clock) {
        this.db = new Database(config);
        this.intake = new CatalogIntake(db, clock, config.workerBatch());
        this.queries = new CatalogQueries(db);
        this.betfair = new BetfairCatalogMapper(db, clock);
        this.importer = new CatalogImporter(this);
    }

    /**
     * Opens (creating or migrating) the store. The intake worker is not started: call
     * {@code intake().start()}.
     *
     * @throws RuntimeException (Flyway's or the pool's) when the database cannot be opened or migrated
     */
    public static Catalog open(CatalogConfig config, Clock clock) {
        return new Catalog(config, clock);
    }

    public CatalogIntake intake() {
        return intake;
    }

    public CatalogQueries queries() {
        return queries;
    }

    public BetfairCatalogMapper betfair() {
        return betfair;
    }

    public CatalogImporter importer() {
        return importer;
    }

    /** Stops the intake worker and closes the connections. */
    @Override
    public void close() {
        intake.close();
        db.close();
    }
}
