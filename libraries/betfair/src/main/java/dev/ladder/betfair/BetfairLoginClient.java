package dev.ladder.betfair;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Betfair identity SSO: interactive login ({@code POST /api/login}, form username/password with the
 * {@code X-Application} header, answer {@code {"token":..., "status":"SUCCESS"}}), certificate login
 * ({@code POST /api/certlogin} over a TLS client certificate, answer
 * {@code {"sessionToken":..., "loginStatus":"SUCCESS"}}) and keep-alive ({@code /api/keepAlive} with
 * {@code X-Authentication}), over {@code java.net.http}. Endpoints are configuration.
 *
 * <p>As a {@link SessionProvider} it logs in lazily, keeps the session alive on a virtual thread
 * every {@code keepAliveEvery}, and logs in again after {@link #invalidate()} or a failed
 * keep-alive. A refused login is an {@link IOException} carrying Betfair's error code (e.g.
 * {@code INVALID_USERNAME_OR_PASSWORD}); the stream client backs off before trying again.
 */
public final class BetfairLoginClient implements SessionProvider, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BetfairLoginClient.class);

    /** Default interactive login endpoint. */
    public static final URI LOGIN = URI.create("https://identitysso.betfair.com/api/login");
    /** Default certificate login endpoint. */
    public static final URI CERT_LOGIN = URI.create("https://identitysso-cert.betfair.com/api/certlogin");
    /** Default keep-alive endpoint. */
    public static final URI KEEP_ALIVE = URI.create("https://identitysso.betfair.com/api/keepAlive");

    private final String appKey;
    private final String username;
    private final char[] password;
    private final URI loginUri;
    private final URI keepAliveUri;
    private final boolean certificate;
    private final HttpClient http;
    private final Duration keepAliveEvery;
    private volatile String token;
    private volatile boolean closed;
    private Thread keeper;

    private BetfairLoginClient(String appKey, String username, char[] password, URI loginUri, URI keepAliveUri,
                               boolean certificate, SSLContext ssl, Duration keepAliveEvery) {
        if (appKey == null || appKey.isBlank() || username == null || username.isBlank() || password == null) {
            throw new IllegalArgumentException("login needs appKey, username and password");
        }
        this.appKey = appKey;
        this.username = username;
        this.password = password.clone();
        this.loginUri = loginUri;
        this.keepAliveUri = keepAliveUri;
        this.certificate = certificate;
        this.keepAliveEvery = keepAliveEvery;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (ssl != null) {
            b.sslContext(ssl);
        }
        this.http = b.build();
    }

    /**
     * Interactive (username/password) login.
     *
     * @param keepAliveEvery how often to call keep-alive; {@code null} or zero disables it
     */
    public static BetfairLoginClient interactive(String appKey, String username, char[] password, URI loginUri,
                                                 URI keepAliveUri, Duration keepAliveEvery) {
        return new BetfairLoginClient(appKey, username, password, loginUri, keepAliveUri, false, null, keepAliveEvery);
    }

    /** Certificate login: {@code clientTls} carries the client certificate (see {@link #clientCertificate}). */
    public static BetfairLoginClient certificate(String appKey, String username, char[] password, SSLContext clientTls,
                                                 URI certLoginUri, URI keepAliveUri, Duration keepAliveEvery) {
        return new BetfairLoginClient(appKey, username, password, certLoginUri, keepAliveUri, true, clientTls,
                keepAliveEvery);
    }

    /**
     * A TLS context presenting the client certificate in a PKCS#12 file.
     *
     * @throws IOException when the file cannot be read or the password is wrong
     */
    public static SSLContext clientCertificate(Path pkcs12, char[] password) throws IOException {
        try (InputStream in = Files.newInputStream(pkcs12)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot use client certificate " + pkcs12 + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String appKey() {
        return appKey;
    }

    @Override
    public synchronized String session() throws IOException {
        if (closed) {
            throw new IOException("login client closed");
        }
        if (token == null) {
            token = login();
            startKeeper();
        }
        return token;
    }

    @Override
    public void invalidate() {
        token = null;
    }

    /**
     * Logs in now and returns the token.
     *
     * @throws IOException on a transport failure or a refused login (message names Betfair's code)
     */
    public String login() throws IOException {
        String form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(new String(password), StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.newBuilder(loginUri)
                .timeout(Duration.ofSeconds(20))
                .header("X-Application", appKey)
                .header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        JsonNode body = send(req, "login");
        String status = text(body, certificate ? "loginStatus" : "status");
        String tok = text(body, certificate ? "sessionToken" : "token");
        if (!"SUCCESS".equals(status) || tok == null || tok.isEmpty()) {
            String error = certificate ? status : text(body, "error");
            throw new IOException("Betfair login refused: " + (error == null || error.isEmpty() ? status : error));
        }
        return tok;
    }

    /**
     * Extends the current session.
     *
     * @return whether Betfair answered SUCCESS; {@code false} also when there is no session yet
     * @throws IOException on a transport failure
     */
    public boolean keepAlive() throws IOException {
        String tok = token;
        if (tok == null) {
            return false;
        }
        HttpRequest req = HttpRequest.newBuilder(keepAliveUri)
                .timeout(Duration.ofSeconds(20))
                .header("X-Application", appKey)
                .header("X-Authentication", tok)
                .header("Accept", "application/json")
                .GET()
                .build();
        JsonNode body = send(req, "keepAlive");
        boolean ok = "SUCCESS".equals(text(body, "status"));
        if (ok) {
            String fresh = text(body, "token");
            if (fresh != null && !fresh.isEmpty()) {
                token = fresh;
            }
        } else {
            token = null;
        }
        return ok;
    }

    private JsonNode send(HttpRequest req, String what) throws IOException {
        HttpResponse<String> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(what + " interrupted", e);
        }
        if (resp.statusCode() / 100 != 2) {
            throw new IOException("Betfair " + what + " answered HTTP " + resp.statusCode() + " from " + req.uri());
        }
        try {
            return StreamJson.MAPPER.readTree(resp.body());
        } catch (IOException e) {
            throw new IOException("Betfair " + what + " answered non-JSON: " + StreamJson.abbreviate(resp.body()), e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private void startKeeper() {
        if (keeper != null || keepAliveEvery == null || keepAliveEvery.isZero() || keepAliveEvery.isNegative()) {
            return;
        }
        keeper = Thread.ofVirtual().name("betfair-keepalive").start(() -> {
            while (!closed) {
                try {
                    Thread.sleep(keepAliveEvery);
                    if (!keepAlive()) {
                        LOG.warn("Betfair keepAlive refused; will log in again on next use");
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    LOG.warn("Betfair keepAlive failed: {}", e.getMessage());
                }
            }
        });
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (keeper != null) {
            keeper.interrupt();
        }
    }
}
