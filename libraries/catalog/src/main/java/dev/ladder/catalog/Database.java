package dev.ladder.catalog;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The connection pool, the schema migrations and the write discipline. SQLite allows one writer: every
 * write transaction takes {@link #writeLock} there. On PostgreSQL only writes of catalog rows take it
 * (the select-then-write merges must not race); message inserts run concurrently.
 */
final class Database implements AutoCloseable {
    enum Dialect { SQLITE, POSTGRESQL }

    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final HikariDataSource writers;
    private final HikariDataSource readers;
    private final Dialect dialect;
    private final ReentrantLock writeLock = new ReentrantLock(true);

    Database(CatalogConfig config) {
        this.dialect = config.isSqlite() ? Dialect.SQLITE : Dialect.POSTGRESQL;
        if (dialect == Dialect.SQLITE) {
            Path file = Path.of(config.jdbcUrl().substring("jdbc:sqlite:".length()));
            try {
                if (file.getParent() != null) {
                    Files.createDirectories(file.getParent());
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot create the catalog folder " + file.getParent() + ": " + e.getMessage(), e);
            }
            // writers begin IMMEDIATE (the write lock at BEGIN, so another process waits instead of failing
            // an upgrade); readers begin DEFERRED: a WAL snapshot that never blocks the writer
            writers = pool("catalog-write", 2, sqlite(config.jdbcUrl(), SQLiteConfig.TransactionMode.IMMEDIATE));
            readers = pool("catalog-read", config.poolSize(), sqlite(config.jdbcUrl(), SQLiteConfig.TransactionMode.DEFERRED));
        } else {
            HikariConfig hc = new HikariConfig();
            hc.setPoolName("catalog");
            hc.setMaximumPoolSize(config.poolSize());
            hc.setMinimumIdle(1);
            hc.setJdbcUrl(config.jdbcUrl());
            if (config.user() != null) {
                hc.setUsername(config.user());
            }
            if (config.password() != null) {
                hc.setPassword(config.password());
            }
            writers = new HikariDataSource(hc);
            readers = writers;
        }
        try {
            Flyway.configure()
                    .dataSource(writers)
                    .locations("classpath:db/migration/" + (dialect == Dialect.SQLITE ? "sqlite" : "postgresql"))
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static SQLiteDataSource sqlite(String url, SQLiteConfig.TransactionMode mode) {
        SQLiteConfig sc = new SQLiteConfig();
        sc.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sc.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        sc.setBusyTimeout(30_000);
        sc.setTransactionMode(mode);
        SQLiteDataSource ds = new SQLiteDataSource(sc);
        ds.setUrl(url);
        return ds;
    }

    private static HikariDataSource pool(String name, int size, javax.sql.DataSource ds) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName(name);
        hc.setMaximumPoolSize(size);
        hc.setMinimumIdle(1);
        hc.setDataSource(ds);
        return new HikariDataSource(hc);
    }

    Dialect dialect() {
        return dialect;
    }

    /** Runs {@code work} in one read transaction (a consistent view of several queries). */
    <T> T read(Work<T> work) throws SQLException {
        try (Connection c = readers.getConnection()) {
            c.setAutoCommit(false);
            if (dialect == Dialect.POSTGRESQL) {
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            }
            try {
                T out = work.run(c);
                c.commit();
                return out;
            } finally {
                safeRollback(c);
                if (dialect == Dialect.POSTGRESQL) {
                    c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
                }
                c.setAutoCommit(true);
            }
        }
    }

    /** Runs {@code work} in one write transaction: committed when it returns, rolled back when it throws. */
    <T> T write(boolean catalogRows, Work<T> work) throws SQLException {
        boolean lock = dialect == Dialect.SQLITE || catalogRows;
        if (lock) {
            writeLock.lock();
        }
        try (Connection c = writers.getConnection()) {
            c.setAutoCommit(false);
            try {
                T out = work.run(c);
                c.commit();
                return out;
            } catch (SQLException | RuntimeException | Error e) {
                safeRollback(c);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } finally {
            if (lock) {
                writeLock.unlock();
            }
        }
    }

    private static void safeRollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool drops it
        }
    }

    @Override
    public void close() {
        if (readers != writers) {
            readers.close();
        }
        writers.close();
    }
}
