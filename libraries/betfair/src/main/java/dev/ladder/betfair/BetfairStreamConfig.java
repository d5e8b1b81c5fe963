package dev.ladder.betfair;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where and how the stream client connects. Validated once in the constructor; messages name the
 * setting.
 *
 * @param host               stream host ({@code stream-api.betfair.com})
 * @param port               stream port (443)
 * @param tls                whether to speak TLS
 * @param trustStore         a PKCS#12 trust store for the server certificate (e.g. the simulator's
 *                           self-signed one), or {@code null} for the JDK's default trust
 * @param trustStorePassword its password ({@code null} when none)
 * @param subscription       the market subscription to hold
 * @param connectTimeout     TCP/TLS connect timeout
 * @param handshakeTimeout   time allowed from connect until the first change message
 * @param reconnectMin       first reconnect delay; doubles on each failure up to {@code reconnectMax}
 * @param reconnectMax       longest reconnect delay
 * @param authBackoff        first delay after an authentication failure; doubles up to 16 times
 *                           itself, so that bad credentials never hot-loop
 * @param maxLineBytes       longest accepted line; longer lines are skipped and counted
 */
public record BetfairStreamConfig(String host, int port, boolean tls, Path trustStore, String trustStorePassword,
                                  MarketSubscription subscription, Duration connectTimeout, Duration handshakeTimeout,
                                  Duration reconnectMin, Duration reconnectMax, Duration authBackoff,
                                  int maxLineBytes) {

    /** Betfair's production stream endpoint. */
    public static final String LIVE_HOST = "stream-api.betfair.com";

    /**
     * Validates.
     *
     * @throws IllegalArgumentException naming the bad setting
     */
    public BetfairStreamConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("betfair.stream.host must be set");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("betfair.stream.port must be 1..65535, got " + port);
        }
        if (subscription == null) {
            throw new IllegalArgumentException("betfair.stream.subscription must be set");
        }
        positive(connectTimeout, "connectTimeout");
        positive(handshakeTimeout, "handshakeTimeout");
        positive(reconnectMin, "reconnectMin");
        positive(reconnectMax, "reconnectMax");
        positive(authBackoff, "authBackoff");
        if (reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("betfair.stream.reconnectMax must be >= reconnectMin");
        }
        if (maxLineBytes < 1024) {
            throw new IllegalArgumentException("betfair.stream.maxLineBytes must be >= 1024, got " + maxLineBytes);
        }
    }

    /** Betfair live: TLS to stream-api.betfair.com:443, 1..30 s reconnects, 5 s auth backoff, 64 MB lines. */
    public static BetfairStreamConfig live(MarketSubscription subscription) {
        return new BetfairStreamConfig(LIVE_HOST, 443, true, null, null, subscription, Duration.ofSeconds(10),
                Duration.ofSeconds(15), Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(5),
                64 << 20);
    }

    /** A plain-TCP local endpoint (the simulator) with short delays. */
    public static BetfairStreamConfig local(String host, int port, MarketSubscription subscription) {
        return new BetfairStreamConfig(host, port, false, null, null, subscription, Duration.ofSeconds(5),
                Duration.ofSeconds(10), Duration.ofMillis(50), Duration.ofSeconds(2), Duration.ofMillis(200),
                64 << 20);
    }

    /** This configuration over TLS, trusting the given PKCS#12 store. */
    public BetfairStreamConfig withTls(Path trustStore, String password) {
        return new BetfairStreamConfig(host, port, true, trustStore, password, subscription, connectTimeout,
                handshakeTimeout, reconnectMin, reconnectMax, authBackoff, maxLineBytes);
    }

    /** This configuration with other reconnect delays. */
    public BetfairStreamConfig withBackoff(Duration min, Duration max, Duration auth) {
        return new BetfairStreamConfig(host, port, tls, trustStore, trustStorePassword, subscription, connectTimeout,
                handshakeTimeout, min, max, auth, maxLineBytes);
    }

    /** This configuration with another line limit. */
    public BetfairStreamConfig withMaxLineBytes(int max) {
        return new BetfairStreamConfig(host, port, tls, trustStore, trustStorePassword, subscription, connectTimeout,
                handshakeTimeout, reconnectMin, reconnectMax, authBackoff, max);
    }

    private static void positive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("betfair.stream." + name + " must be a positive duration, got " + d);
        }
    }

    @Override
    public String toString() {
        return "BetfairStreamConfig[" + host + ":" + port + (tls ? " tls" : "") + ", " + subscription + "]";
    }
}
