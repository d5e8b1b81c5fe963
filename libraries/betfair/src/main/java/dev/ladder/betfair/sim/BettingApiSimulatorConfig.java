package dev.ladder.betfair.sim;

/**
 * The Betting API simulator's settings. Validated in the constructor; messages name the setting.
 *
 * @param host            address to bind (127.0.0.1 in tests)
 * @param port            port to bind; 0 picks a free one (see {@link BettingApiSimulator#port()})
 * @param appKey          the app key ({@code X-Application}) accepted, or {@code null} to accept any non-empty one
 * @param sessionToken    the session ({@code X-Authentication}) accepted, or {@code null} to accept any non-empty one
 * @param maxRequestBytes larger request bodies are refused with HTTP 413
 */
public record BettingApiSimulatorConfig(String host, int port, String appKey, String sessionToken, int maxRequestBytes) {

    /**
     * Validates.
     *
     * @throws IllegalArgumentException naming the bad setting
     */
    public BettingApiSimulatorConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("sim.bettingApi.host must be set");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("sim.bettingApi.port must be 0..65535, got " + port);
        }
        if (maxRequestBytes < 1024) {
            throw new IllegalArgumentException("sim.bettingApi.maxRequestBytes must be >= 1024, got " + maxRequestBytes);
        }
    }

    /** 127.0.0.1, a free port, any credentials, requests up to 1 MiB. */
    public static BettingApiSimulatorConfig defaults() {
        return new BettingApiSimulatorConfig("127.0.0.1", 0, null, null, 1 << 20);
    }

    /** This configuration on another port. */
    public BettingApiSimulatorConfig withPort(int p) {
        return new BettingApiSimulatorConfig(host, p, appKey, sessionToken, maxRequestBytes);
    }

    /** This configuration accepting only these credentials ({@code null}: any non-empty value). */
    public BettingApiSimulatorConfig withCredentials(String key, String session) {
        return new BettingApiSimulatorConfig(host, port, key, session, maxRequestBytes);
    }
}
