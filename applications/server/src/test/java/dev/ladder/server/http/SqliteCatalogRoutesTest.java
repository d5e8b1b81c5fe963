package dev.ladder.server.http;

import dev.ladder.catalog.CatalogConfig;
import java.nio.file.Path;

/** The catalog routes on the embedded default store. */
class SqliteCatalogRoutesTest extends CatalogRoutesTest {
    @Override
    CatalogConfig store(Path dir) {
        return CatalogConfig.sqlite(dir);
    }
}
