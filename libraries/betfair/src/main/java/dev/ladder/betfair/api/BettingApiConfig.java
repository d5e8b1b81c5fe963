package dev.ladder.betfair.api;

import java.net.URI;
import java.time.Duration;

/**
 * Where and how the {@link BettingApiClient} calls the Betting API. Validated in the constructor;
 * messages name the setting.
 *
 * @param endpoint       the JSON-RPC endpoint ({@link #LIVE} or a simulator's
 *                       {@code http://127.0.0.1:<port>/exchange/betting/json-rpc/v1})
 * @param connectTimeout to open a connection
 * @param requestTimeout for a whole call, from sending to the last byte of the answer
 */
public record BettingApiConfig(URI endpoint, Duration connectTimeout, Duration requestTimeout) {
    /** Betfair's global JSON-RPC endpoint for the Betting API. */
    public static final URI LIVE = URI.create("https://api.betfair.com/exchange/betting/json-rpc/v1");

    /**
     * Validates.
     *
     * @throws IllegalArgumentException naming the bad setting
     */
    public BettingApiConfig {
        if (endpoint == null || !endpoint.isAbsolute() || endpoint.getHost() == null
                || !("https".equals(endpoint.getScheme()) || "http".equals(endpoint.getScheme()))) {
            throw new IllegalArgumentException("betfair.bettingApi.endpoint must be an absolute http(s) URL, got " + endpoint);
        }
        if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("betfair.bettingApi.connectTimeout must be a positive duration, got " + connectTimeout);
        }
        if (requestTimeout == null || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("betfair.bettingApi.requestTimeout must be a positive duration, got " + requestTimeout);
        }
    }

    /** Betfair's endpoint, 10 s to connect, 30 s per call. */
    public static BettingApiConfig live() {
        return new BettingApiConfig(LIVE, Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    /** Another endpoint (a simulator) with the same timeouts. */
    public static BettingApiConfig at(URI endpoint) {
        return new BettingApiConfig(endpoint, Duration.ofSeconds(10), Duration.ofSeconds(30));
    }

    /** This configuration with other timeouts. */
    public BettingApiConfig withTimeouts(Duration connect, Duration request) {
        return new BettingApiConfig(endpoint, connect, request);
    }
}
