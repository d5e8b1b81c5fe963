package dev.ladder.server.http;

/**
 * The HTTP server's settings, validated on construction with messages that name the setting.
 *
 * @param host                the address to bind (e.g. {@code 127.0.0.1}; {@code 0.0.0.0} for all)
 * @param port                the port (0 = an ephemeral port)
 * @param defaultDepth        levels per side when {@code depth} is not given
 * @param maxDepth            the largest {@code depth} accepted
 * @param streamQueueCapacity events queued per stream client before it is switched to a fresh snapshot
 * @param heartbeatMillis     how often an idle stream sends a comment line (keeps proxies and idle timeouts at bay)
 */
public record ServerConfig(String host, int port, int defaultDepth, int maxDepth, int streamQueueCapacity,
                           long heartbeatMillis) {
    public ServerConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be within 0..65535: " + port);
        }
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1: " + maxDepth);
        }
        if (defaultDepth < 1 || defaultDepth > maxDepth) {
            throw new IllegalArgumentException("defaultDepth must be within 1..maxDepth (" + maxDepth + "): " + defaultDepth);
        }
        if (streamQueueCapacity < 1) {
            throw new IllegalArgumentException("streamQueueCapacity must be at least 1: " + streamQueueCapacity);
        }
        if (heartbeatMillis < 10) {
            throw new IllegalArgumentException("heartbeatMillis must be at least 10: " + heartbeatMillis);
        }
    }

    /** Loopback on {@code port}: depth 20 by default, at most 5000, 1024 queued events per stream, 10 s heartbeats. */
    public static ServerConfig loopback(int port) {
        return new ServerConfig("127.0.0.1", port, 20, 5000, 1024, 10_000);
    }

    public ServerConfig withStreamQueueCapacity(int capacity) {
        return new ServerConfig(host, port, defaultDepth, maxDepth, capacity, heartbeatMillis);
    }

    public ServerConfig withHost(String newHost) {
        return new ServerConfig(newHost, port, defaultDepth, maxDepth, streamQueueCapacity, heartbeatMillis);
    }
}
