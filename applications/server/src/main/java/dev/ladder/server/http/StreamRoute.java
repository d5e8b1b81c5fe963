package dev.ladder.server.http;

import dev.ladder.server.live.BookState;
import dev.ladder.server.live.BookView;
import dev.ladder.server.live.DiffEvent;
import dev.ladder.server.live.LiveBook;
import dev.ladder.server.live.StreamSubscriber;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Objects;

/**
 * {@code GET /api/books/{venue}/{symbol}/stream}: server-sent events for one book.
 *
 * <p>Events: {@code snapshot} (the whole book with its {@code lastUpdateId}), then {@code diff} (the
 * changed levels of one applied message with the venue's {@code firstUpdateId}/{@code lastUpdateId}
 * and {@code previousUpdateId}, the {@code lastUpdateId} of the state it applies to; size "0" removes
 * a level), {@code state} when the book's state changes, and comment lines as heartbeats. After a
 * resync of the source, or when this client fell behind its bounded queue, the next event is a fresh
 * {@code snapshot}; each diff's {@code previousUpdateId} equals the update id of the event before it.
 *
 * <p>Each client is served by its own request thread (a virtual thread), which drains the client's
 * queue and writes; the book's writer only enqueues. A client that disconnects is noticed at the next
 * write (at the latest at the next heartbeat) and unsubscribed.
 */
final class StreamRoute {
    private final BookRoutes routes;
    private final ServerConfig config;

    StreamRoute(BookRoutes routes, ServerConfig config) {
        this.routes = Objects.requireNonNull(routes);
        this.config = Objects.requireNonNull(config);
    }

    void handle(Context ctx) throws IOException {
        LiveBook book = routes.find(ctx);
        org.slf4j.MDC.put("stream", book.id().toString());
        StreamSubscriber sub = book.subscribe(config.streamQueueCapacity());
        try {
            SseStream out = SseStream.open(ctx);
            while (!sub.isClosed()) {
                if (sub.needsSnapshot()) {
                    BookView v = book.resnapshot(sub);
                    out.event("snapshot", v.lastUpdateId(), BookJson.book(v));
                    out.flush();
                    continue;
                }
                Object item = sub.poll(config.heartbeatMillis());
                if (item == null) {
                    out.heartbeat();
                    continue;
                }
                while (item != null && !sub.needsSnapshot()) {
                    write(out, item);
                    item = sub.pollNow();
                }
                out.flush();
            }
            // the server is closing: a last state event (stopped, at shutdown) tells the client why the stream ends
            write(out, book.state());
            out.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away: nothing to answer
        } finally {
            book.unsubscribe(sub);
            org.slf4j.MDC.remove("stream");
        }
    }

    private static void write(SseStream out, Object item) throws IOException {
        if (item instanceof DiffEvent d) {
            out.event("diff", d.lastUpdateId, d.json());
        } else if (item instanceof BookState s) {
            out.event("state", BookJson.state(s));
        }
    }
}
