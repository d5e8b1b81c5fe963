package dev.ladder.betfair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import dev.ladder.betfair.sim.BetfairSimulator;
import dev.ladder.betfair.sim.BetfairSimulatorConfig;
import dev.ladder.betfair.sim.SimMarketModel;
import dev.ladder.core.Clock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS to the simulator with a certificate made at test time; SSO login and keep-alive against a fake endpoint. */
class BetfairTlsAndLoginTest {
    @TempDir
    Path dir;

    private void keytool(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    @Test
    void clientSubscribesOverTlsWithATrustStore() throws Exception {
        Path server = dir.resolve("server.p12");
        Path cert = dir.resolve("sim.cer");
        Path trust = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "sim", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", server.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
        keytool("-exportcert", "-alias", "sim", "-keystore", server.toString(), "-storepass", "changeit",
                "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "sim", "-file", cert.toString(), "-keystore", trust.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit");
        BetfairSimulatorConfig cfg = BetfairSimulatorConfig.defaults().withLimits(64 * 1024, 200, 1000, 50)
                .withTls(server, "changeit");
        try (BetfairSimulator sim = new BetfairSimulator(cfg, Clock.system()).start()) {
            sim.addModel(new SimMarketModel("1.700000001", "7", 5, 5, 0, 0, 0, 7));
            MarketSubscription sub = MarketSubscription.of(MarketFilter.all()).withHeartbeatMs(200);
            StreamHarness h = new StreamHarness(BetfairStreamConfig.local("127.0.0.1", sim.port(), sub)
                    .withTls(trust, "changeit"), SessionProvider.fixed("app", "s"));
            try (h) {
                h.client.start();
                for (int i = 0; i < 20; i++) {
                    sim.stepModels();
                }
                await().atMost(StreamHarness.timeout()).untilAsserted(() ->
                        assertThat(h.state("1.700000001")).isEqualTo(sim.marketState("1.700000001")));
            }
            StreamHarness untrusting = new StreamHarness(BetfairStreamConfig.local("127.0.0.1", sim.port(), sub)
                    .withTls(null, null), SessionProvider.fixed("app", "s"));
            try (untrusting) {
                untrusting.client.start();
                await().atMost(StreamHarness.timeout()).until(() -> untrusting.reconnectDelays().size() >= 2);
                assertThat(untrusting.client.stats().connects()).isZero();
                assertThat(untrusting.events).anyMatch(e -> e.kind() == StreamConnectionEvent.Kind.DISCONNECTED
                        && e.detail() != null && e.detail().contains("PKIX"));
            }
        }
    }

    private static HttpServer fakeSso(List<String> log, AtomicInteger logins) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/api/login", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            log.add("login " + ex.getRequestHeaders().getFirst("X-Application") + " " + body);
            boolean ok = body.contains("password=right");
            int n = logins.incrementAndGet();
            reply(ex, ok ? "{\"token\":\"tok-" + n + "\",\"product\":\"app\",\"status\":\"SUCCESS\",\"error\":\"\"}"
                    : "{\"token\":\"\",\"product\":\"app\",\"status\":\"FAIL\",\"error\":\"INVALID_USERNAME_OR_PASSWORD\"}");
        });
        http.createContext("/api/certlogin", ex -> {
            ex.getRequestBody().readAllBytes();
            reply(ex, "{\"sessionToken\":\"cert-tok\",\"loginStatus\":\"SUCCESS\"}");
        });
        http.createContext("/api/keepAlive", ex -> {
            log.add("keepAlive " + ex.getRequestHeaders().getFirst("X-Authentication"));
            reply(ex, "{\"token\":\"" + ex.getRequestHeaders().getFirst("X-Authentication")
                    + "\",\"product\":\"app\",\"status\":\"SUCCESS\",\"error\":\"\"}");
        });
        http.start();
        return http;
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(200, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @Test
    void interactiveLoginKeepAliveAndRefusal() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        HttpServer http = fakeSso(log, new AtomicInteger());
        String base = "http://127.0.0.1:" + http.getAddress().getPort();
        try (BetfairLoginClient good = BetfairLoginClient.interactive("APPKEY", "me", "right".toCharArray(),
                URI.create(base + "/api/login"), URI.create(base + "/api/keepAlive"), Duration.ofMillis(100));
             BetfairLoginClient bad = BetfairLoginClient.interactive("APPKEY", "me", "wrong".toCharArray(),
                     URI.create(base + "/api/login"), URI.create(base + "/api/keepAlive"), null);
             BetfairLoginClient cert = BetfairLoginClient.certificate("APPKEY", "me", "pw".toCharArray(),
                     SSLContext.getDefault(), URI.create(base + "/api/certlogin"), URI.create(base + "/api/keepAlive"),
                     null)) {
            assertThat(good.session()).isEqualTo("tok-1");
            assertThat(good.session()).as("cached").isEqualTo("tok-1");
            assertThat(log.getFirst()).isEqualTo("login APPKEY username=me&password=right");
            await().atMost(StreamHarness.timeout()).until(() -> log.contains("keepAlive tok-1"));
            good.invalidate();
            assertThat(good.session()).isEqualTo("tok-2");
            assertThatThrownBy(bad::session).isInstanceOf(IOException.class)
                    .hasMessageContaining("INVALID_USERNAME_OR_PASSWORD");
            assertThat(cert.session()).isEqualTo("cert-tok");
        } finally {
            http.stop(0);
        }
    }

    @Test
    void rejectedSessionIsInvalidatedAndTheClientLogsInAgain() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        HttpServer http = fakeSso(log, new AtomicInteger());
        String base = "http://127.0.0.1:" + http.getAddress().getPort();
        BetfairSimulatorConfig cfg = BetfairSimulatorConfig.defaults().withLimits(64 * 1024, 200, 1000, 50)
                .withCredentials("APPKEY", "tok-2");
        try (BetfairSimulator sim = new BetfairSimulator(cfg, Clock.system()).start();
             BetfairLoginClient login = BetfairLoginClient.interactive("APPKEY", "me", "right".toCharArray(),
                     URI.create(base + "/api/login"), URI.create(base + "/api/keepAlive"), null)) {
            sim.addModel(new SimMarketModel("1.700000002", "7", 4, 3, 0, 0, 0, 8));
            StreamHarness h = new StreamHarness(BetfairStreamConfig.local("127.0.0.1", sim.port(),
                    MarketSubscription.of(MarketFilter.all()).withHeartbeatMs(200)), login);
            try (h) {
                h.client.start();
                await().atMost(StreamHarness.timeout()).until(() -> h.changesOfType("SUB_IMAGE") == 1);
                assertThat(h.statuses).anyMatch(s -> "INVALID_SESSION_INFORMATION".equals(s.errorCode()));
                assertThat(log.stream().filter(l -> l.startsWith("login"))).hasSize(2);
            }
        } finally {
            http.stop(0);
        }
    }
}
