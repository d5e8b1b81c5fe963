package dev.ladder.server.http;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * Who may write to (and, optionally, read) the catalog: bearer tokens from the environment,
 * {@code LADDER_API_TOKEN} for writes and {@code LADDER_READ_TOKEN} for reads. Without a write token
 * every write is refused with a 403 saying how to enable writes; a request without a token is a 401,
 * with a wrong one a 403. Reads are public unless a read token is set (then the write token reads
 * too). Tokens are compared in constant time and never logged or echoed.
 */
public record CatalogAccess(String writeToken, String readToken) {
    /** The environment variable holding the write token. */
    public static final String WRITE_ENV = "LADDER_API_TOKEN";
    /** The environment variable holding the read token. */
    public static final String READ_ENV = "LADDER_READ_TOKEN";

    public CatalogAccess {
        writeToken = blankToNull(writeToken);
        readToken = blankToNull(readToken);
    }

    /** The tokens of {@code env} (usually {@code System.getenv()}). */
    public static CatalogAccess fromEnvironment(Map<String, String> env) {
        return new CatalogAccess(env.get(WRITE_ENV), env.get(READ_ENV));
    }

    /** Throws the 401/403 for a write without the right token. */
    void checkWrite(Context ctx) {
        if (writeToken == null) {
            throw ApiException.of(403, "writes are disabled on this server: set " + WRITE_ENV
                    + " in its environment and send 'Authorization: Bearer <token>'");
        }
        check(ctx, writeToken, null);
    }

    /** Throws the 401/403 for a read without the right token, when reads need one. */
    void checkRead(Context ctx) {
        if (readToken != null) {
            check(ctx, readToken, writeToken);
        }
    }

    private static void check(Context ctx, String token, String alsoAccepted) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw ApiException.of(401, "missing 'Authorization: Bearer <token>'");
        }
        String h = header.trim();
        if (!h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw ApiException.of(401, "the Authorization header must be 'Bearer <token>'");
        }
        byte[] sent = h.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        boolean ok = MessageDigest.isEqual(sent, token.getBytes(StandardCharsets.UTF_8))
                || alsoAccepted != null && MessageDigest.isEqual(sent, alsoAccepted.getBytes(StandardCharsets.UTF_8));
        if (!ok) {
            throw ApiException.of(403, "the bearer token is not valid for this request");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public String toString() {
        return "CatalogAccess[writes " + (writeToken == null ? "disabled" : "need a token") + ", reads "
                + (readToken == null ? "public" : "need a token") + "]";
    }
}
