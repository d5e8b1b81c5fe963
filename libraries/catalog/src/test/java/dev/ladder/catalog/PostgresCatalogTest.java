package dev.ladder.catalog;

import java.nio.file.Path;

/** The catalog contract on a real PostgreSQL server (see {@link TestPostgres}), a fresh database per test. */
class PostgresCatalogTest extends CatalogContractTest {
    private CatalogConfig config;

    @Override
    CatalogConfig config(Path tmp) {
        if (config == null) {
            config = TestPostgres.get().newDatabase();
        }
        return config;
    }
}
