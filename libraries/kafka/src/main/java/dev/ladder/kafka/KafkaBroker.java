package dev.ladder.kafka;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A single-node KRaft Kafka broker (broker and controller in one) in a child JVM, on 127.0.0.1, for
 * local runs and tests. The broker's classes come from {@code classpath} (Kafka's {@code kafka_2.13}
 * jars from Maven Central, e.g. a test class path); nothing is downloaded.
 *
 * <p>{@link #start} writes {@code server.properties} into the directory, formats the storage the first
 * time ({@code kafka.tools.StorageTool format --standalone}) and starts {@code kafka.Kafka}; the broker
 * log goes to {@code broker.log} there. {@link #kill} ends it with SIGKILL and {@link #restart} starts it
 * again on the same directory and ports, so what it had acknowledged is still there. Group session
 * timeouts down to 1 s are allowed and the first rebalance is not delayed, so tests stay short.
 */
public final class KafkaBroker implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final int controllerPort;
    private final String classpath;
    private Process process;

    private KafkaBroker(Path dir, int port, int controllerPort, String classpath) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.classpath = classpath;
    }

    /**
     * Starts a broker on {@code port} (0: a free one) storing into {@code dir}, and waits until it
     * accepts connections (60 s at most).
     *
     * @throws IOException when the storage cannot be formatted or the broker does not come up (the
     *                     message holds the end of its log)
     */
    public static KafkaBroker start(Path dir, int port, String classpath) throws IOException {
        Files.createDirectories(dir);
        KafkaBroker b = new KafkaBroker(dir.toAbsolutePath(), port == 0 ? freePort() : port, freePort(), classpath);
        b.writeProperties();
        if (!Files.exists(b.dir.resolve("logs").resolve("meta.properties"))) {
            b.format();
        }
        b.launch();
        return b;
    }

    /** A broker started from this JVM's own class path (which must hold {@code kafka_2.13}). */
    public static KafkaBroker start(Path dir) throws IOException {
        return start(dir, 0, System.getProperty("java.class.path"));
    }

    /** {@code 127.0.0.1:port}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The child's process id, or -1 when it is not running. */
    public synchronized long pid() {
        return process != null && process.isAlive() ? process.pid() : -1;
    }

    /** Ends the broker with SIGKILL (no clean shutdown) and waits for it to be gone. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            process = null;
        }
    }

    /** Starts the broker again on the same directory and ports. */
    public synchronized void restart() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the broker is running");
        }
        launch();
    }

    private void writeProperties() throws IOException {
        String p = resource("broker.properties").replace("@CONTROLLER_PORT@", Integer.toString(controllerPort))
                .replace("@PORT@", Integer.toString(port)).replace("@LOG_DIRS@", dir.resolve("logs").toString());
        Files.writeString(dir.resolve("server.properties"), p);
        Files.writeString(dir.resolve("logback.xml"), resource("broker-logback.xml"));
    }

    /** A file of this package's resources (the broker's settings, shared with tests/system/kafka/broker.sh). */
    private static String resource(String name) throws IOException {
        try (java.io.InputStream in = KafkaBroker.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("resource " + name + " is missing from the kafka library");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private List<String> java(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlogback.configurationFile=" + dir.resolve("logback.xml"),
                "-cp", classpath, mainClass));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private void format() throws IOException {
        Path log = dir.resolve("format.log");
        Process f = new ProcessBuilder(java("kafka.tools.StorageTool", "format", "-t", clusterId(), "-c",
                dir.resolve("server.properties").toString(), "--standalone"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!f.waitFor(120, TimeUnit.SECONDS) || f.exitValue() != 0) {
                f.destroyForcibly();
                throw new IOException("formatting Kafka storage in " + dir + " failed: " + tail(log));
            }
        } catch (InterruptedException e) {
            f.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while formatting Kafka storage", e);
        }
    }

    private synchronized void launch() throws IOException {
        Path log = dir.resolve("broker.log");
        process = new ProcessBuilder(java("kafka.Kafka", dir.resolve("server.properties").toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the Kafka broker exited with " + process.exitValue() + ": " + tail(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while starting the broker", ie);
                }
            }
        }
        process.destroyForcibly();
        throw new IOException("the Kafka broker did not listen on " + port + " within 60 s: " + tail(log));
    }

    /**
     * A Kafka cluster id: 16 random bytes, base64url without padding, never starting with '-' (the
     * storage tool would take it for an option, as Kafka's own generator knows: one id in 64 did).
     */
    static String clusterId() {
        while (true) {
            UUID u = UUID.randomUUID();
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
            String id = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Stops the broker (SIGTERM, then SIGKILL after 20 s). */
    @Override
    public synchronized void close() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "KafkaBroker[%s, %s]", bootstrapServers(), dir);
    }
}
