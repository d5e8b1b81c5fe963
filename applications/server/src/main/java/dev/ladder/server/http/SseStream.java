package dev.ladder.server.http;

import io.javalin.http.Context;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The one writer of server-sent events for every live stream (books, markets, race cards): sets the
 * response headers, sends the reconnect hint, and writes events as {@code event: NAME}, optional
 * {@code id: N}, one {@code data:} line of JSON, and a blank line; heartbeats are comment lines.
 * Data must not hold a line break (our JSON never does). One request thread writes; an
 * {@link IOException} means the client went away.
 */
public final class SseStream {
    private static final byte[] EVENT = "event: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = "\nid: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "\ndata: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HELLO = "retry: 2000\n\n".getBytes(StandardCharsets.US_ASCII);

    private final ServletOutputStream out;

    private SseStream(ServletOutputStream out) {
        this.out = out;
    }

    /** Starts the event stream of {@code ctx}: status 200, {@code text/event-stream}, no caching or proxy buffering. */
    public static SseStream open(Context ctx) throws IOException {
        HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setContentType("text/event-stream");
        res.setCharacterEncoding("UTF-8");
        res.setHeader("Cache-Control", "no-cache");
        res.setHeader("X-Accel-Buffering", "no");
        if ("HEAD".equals(ctx.req().getMethod())) {
            throw new HeadAnswered();
        }
        SseStream s = new SseStream(res.getOutputStream());
        s.out.write(HELLO);
        s.out.flush();
        return s;
    }

    /** An event with an id (the stream's sequence number: an update id, a market update count). */
    public void event(String name, long id, byte[] json) throws IOException {
        out.write(EVENT);
        out.write(name.getBytes(StandardCharsets.US_ASCII));
        out.write(ID);
        out.write(Long.toString(id).getBytes(StandardCharsets.US_ASCII));
        out.write(DATA);
        out.write(json);
        out.write(END);
    }

    /** An event without an id (state changes, the end of a stream). */
    public void event(String name, byte[] json) throws IOException {
        out.write(EVENT);
        out.write(name.getBytes(StandardCharsets.US_ASCII));
        out.write(DATA);
        out.write(json);
        out.write(END);
    }

    /** A comment line that keeps proxies and idle timeouts at bay, and finds a client that went away. */
    public void heartbeat() throws IOException {
        out.write(HEARTBEAT);
        out.flush();
    }

    /** Sends what was written. */
    public void flush() throws IOException {
        out.flush();
    }

    /**
     * Thrown by {@link #open} for a {@code HEAD} request once the headers a {@code GET} would get are
     * set: the route's checks (404, 400) ran as for {@code GET}, and no stream is started. The server
     * maps it to the response as it stands.
     */
    public static final class HeadAnswered extends RuntimeException {
        HeadAnswered() {
            super("HEAD of an event stream", null, false, false);
        }
    }
}
