package dev.ladder.catalog;

import java.nio.file.Path;

/** The catalog contract on the embedded store (SQLite at {@code <data>/catalog.db}). */
class SqliteCatalogTest extends CatalogContractTest {
    @Override
    CatalogConfig config(Path tmp) {
        return CatalogConfig.sqlite(tmp.resolve("data"));
    }
}
