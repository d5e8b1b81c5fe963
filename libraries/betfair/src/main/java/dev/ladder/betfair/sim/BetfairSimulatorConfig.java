package dev.ladder.betfair.sim;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The Betfair-compatible stream simulator's settings. Validated in the constructor; messages name the
 * setting.
 *
 * @param host                      address to bind (127.0.0.1 in tests)
 * @param port                      port to bind; 0 picks a free one (see {@link BetfairSimulator#port()})
 * @param keyStore                  a PKCS#12 key store with the server certificate to speak TLS, or
 *                                  {@code null} for plain TCP
 * @param keyStorePassword          its password
 * @param appKey                    the app key that authenticates, or {@code null} to accept any non-empty one
 * @param sessionToken              the session that authenticates, or {@code null} to accept any non-empty one
 * @param segmentBytes              with segmentation enabled, a change message whose market changes
 *                                  exceed this many bytes is split into SEG_START/SEG/SEG_END
 * @param maxMarketsPerSubscription more matching markets answer SUBSCRIPTION_LIMIT_EXCEEDED (Betfair: 200)
 * @param logCapacity               market changes kept for clk re-subscription; older clks get images
 * @param minHeartbeatMs            lower bound applied to a requested heartbeatMs (Betfair: 500)
 * @param authTimeout               a connection that does not authenticate in time gets TIMEOUT and is closed
 */
public record BetfairSimulatorConfig(String host, int port, Path keyStore, String keyStorePassword, String appKey,
                                     String sessionToken, int segmentBytes, int maxMarketsPerSubscription,
                                     int logCapacity, long minHeartbeatMs, Duration authTimeout) {

    /**
     * Validates.
     *
     * @throws IllegalArgumentException naming the bad setting
     */
    public BetfairSimulatorConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("sim.betfair.host must be set");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("sim.betfair.port must be 0..65535, got " + port);
        }
        if (segmentBytes < 256) {
            throw new IllegalArgumentException("sim.betfair.segmentBytes must be >= 256, got " + segmentBytes);
        }
        if (maxMarketsPerSubscription < 1) {
            throw new IllegalArgumentException("sim.betfair.maxMarketsPerSubscription must be >= 1");
        }
        if (logCapacity < 0) {
            throw new IllegalArgumentException("sim.betfair.logCapacity must be >= 0");
        }
        if (minHeartbeatMs < 10) {
            throw new IllegalArgumentException("sim.betfair.minHeartbeatMs must be >= 10");
        }
        if (authTimeout == null || authTimeout.isNegative() || authTimeout.isZero()) {
            throw new IllegalArgumentException("sim.betfair.authTimeout must be a positive duration");
        }
    }

    /** 127.0.0.1, a free port, plain TCP, any credentials, 64 KB segments, Betfair's limits. */
    public static BetfairSimulatorConfig defaults() {
        return new BetfairSimulatorConfig("127.0.0.1", 0, null, null, null, null, 64 * 1024, 200, 100_000, 500,
                Duration.ofSeconds(15));
    }

    /** This configuration on another port. */
    public BetfairSimulatorConfig withPort(int p) {
        return new BetfairSimulatorConfig(host, p, keyStore, keyStorePassword, appKey, sessionToken, segmentBytes,
                maxMarketsPerSubscription, logCapacity, minHeartbeatMs, authTimeout);
    }

    /** This configuration accepting only these credentials. */
    public BetfairSimulatorConfig withCredentials(String key, String session) {
        return new BetfairSimulatorConfig(host, port, keyStore, keyStorePassword, key, session, segmentBytes,
                maxMarketsPerSubscription, logCapacity, minHeartbeatMs, authTimeout);
    }

    /** This configuration over TLS with the given PKCS#12 key store. */
    public BetfairSimulatorConfig withTls(Path store, String password) {
        return new BetfairSimulatorConfig(host, port, store, password, appKey, sessionToken, segmentBytes,
                maxMarketsPerSubscription, logCapacity, minHeartbeatMs, authTimeout);
    }

    /** This configuration with other limits. */
    public BetfairSimulatorConfig withLimits(int segment, int maxMarkets, int log, long minHeartbeat) {
        return new BetfairSimulatorConfig(host, port, keyStore, keyStorePassword, appKey, sessionToken, segment,
                maxMarkets, log, minHeartbeat, authTimeout);
    }
}
