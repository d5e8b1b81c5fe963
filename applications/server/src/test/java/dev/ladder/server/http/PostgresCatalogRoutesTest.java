package dev.ladder.server.http;

import dev.ladder.catalog.CatalogConfig;
import dev.ladder.catalog.TestPostgres;
import java.nio.file.Path;

/** The catalog routes on a real PostgreSQL (started by the test harness from Maven's binaries). */
class PostgresCatalogRoutesTest extends CatalogRoutesTest {
    @Override
    CatalogConfig store(Path dir) {
        return TestPostgres.get().newDatabase();
    }
}
