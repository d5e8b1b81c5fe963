package dev.ladder.betfair;

import java.io.IOException;
import java.util.Map;

/**
 * Where the stream client gets its app key and session token. Implementations are thread-safe.
 */
public interface SessionProvider {
    /** The application key sent as {@code appKey}. */
    String appKey();

    /**
     * The current session token, logging in first when there is none (or after {@link #invalidate}).
     *
     * @throws IOException when a login is needed and fails
     */
    String session() throws IOException;

    /**
     * The stream rejected the session (NO_SESSION, INVALID_SESSION_INFORMATION): drop it so that the
     * next {@link #session()} logs in again. Providers with a fixed token ignore this.
     */
    void invalidate();

    /** A fixed app key and session token (never refreshed). */
    static SessionProvider fixed(String appKey, String session) {
        return new Fixed(appKey, session);
    }

    /**
     * App key and session from the environment variables {@code APP_KEY} and {@code SSOID}.
     *
     * @throws IllegalStateException naming the variable that is missing or blank
     */
    static SessionProvider fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /** As {@link #fromEnvironment()} over the given variables (for tests). */
    static SessionProvider fromEnvironment(Map<String, String> env) {
        String appKey = env.get("APP_KEY");
        String ssoid = env.get("SSOID");
        if (appKey == null || appKey.isBlank()) {
            throw new IllegalStateException("environment variable APP_KEY (Betfair application key) is not set");
        }
        if (ssoid == null || ssoid.isBlank()) {
            throw new IllegalStateException("environment variable SSOID (Betfair session token) is not set");
        }
        return fixed(appKey, ssoid);
    }

    /** A fixed pair. */
    record Fixed(String appKey, String token) implements SessionProvider {
        /** Validates. */
        public Fixed {
            if (appKey == null || token == null) {
                throw new IllegalArgumentException("appKey and session must not be null");
            }
        }

        @Override
        public String session() {
            return token;
        }

        @Override
        public void invalidate() {
        }

        @Override
        public String toString() {
            return "Fixed[appKey=" + appKey + ", session=***]";
        }
    }
}
