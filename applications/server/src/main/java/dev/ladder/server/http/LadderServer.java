package dev.ladder.server.http;

import dev.ladder.server.live.BookRegistry;
import dev.ladder.server.node.LiveNode;
import io.javalin.Javalin;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.javalin.router.ParsedEndpoint;
import java.util.ArrayList;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The HTTP server (Javalin on Jetty, virtual threads): book queries, live streams, metrics, health,
 * the OpenAPI document and the web page. Books come from a {@link BookRegistry}; the server never
 * writes to them.
 *
 * <p>Routes: {@code GET /api/books}, {@code /api/books/{venue}/{symbol}} (with {@code ?at=TIME}: the
 * history handler given at start), {@code .../volume},
 * {@code .../fill}, {@code .../trades}, {@code .../stream}, {@code /volume/{a|b}}, {@code /health} (alive), {@code /ready},
 * {@code /metrics}, {@code /openapi.json}, {@code /}, {@code /app.js} and {@code /web/{file}} (the pages' modules and style), plus the extra routes given at start (a node adds
 * the Betfair market routes and the history routes, see {@link LiveNode#extras}). Errors are JSON {@code {"error": ...}} with
 * 400 for a bad parameter (also naming it), 404 for an unknown book and 500 for a bug (logged).
 */
public final class LadderServer implements AutoCloseable {
    /**
     * The listening socket's accept backlog: connections the kernel queues before Jetty accepts them
     * (capped by {@code net.core.somaxconn}). Sized for thousands of stream clients connecting at once.
     */
    static final int ACCEPT_BACKLOG = 8192;

    private static final Logger log = LoggerFactory.getLogger(LadderServer.class);
    /** The web pages' modules and style sheet, served at {@code /web/NAME} from the jar (no build step). */
    static final List<String> WEB_ASSETS = List.of("util.js", "overview.js", "book.js", "market.js", "history.js",
            "racing.js", "matches.js", "style.css");
    private static final String STARTED = "ladder.started";
    /** How long {@link #close} waits for stream senders to write their last event. */
    static final long STREAM_DRAIN_MILLIS = 2_000;
    private static final java.util.concurrent.atomic.AtomicLong REQUESTS = new java.util.concurrent.atomic.AtomicLong();

    private final BookRegistry registry;
    private final Javalin app;

    private LadderServer(BookRegistry registry, Javalin app) {
        this.registry = registry;
        this.app = app;
    }

    /**
     * Starts serving {@code registry} as configured.
     *
     * @throws IOException when the address cannot be bound (e.g. the port is taken)
     */
    public static LadderServer start(BookRegistry registry, ServerConfig config) throws IOException {
        return start(registry, config, List.of());
    }

    /**
     * Starts serving {@code registry} plus the routes that each of {@code extraRoutes} declares (e.g. the
     * Betfair market routes). Extra routes must not reuse a path of the core routes.
     *
     * @throws IOException when the address cannot be bound (e.g. the port is taken)
     */
    public static LadderServer start(BookRegistry registry, ServerConfig config, List<Consumer<RoutesConfig>> extraRoutes)
            throws IOException {
        return start(registry, config, extraRoutes, null);
    }

    /**
     * As {@link #start(BookRegistry, ServerConfig, List)}, with {@code bookAt} answering
     * {@code GET /api/books/{venue}/{symbol}?at=TIME} (the book as of a past instant, from a journal).
     * When {@code bookAt} is null, a request with {@code at} is answered 400 naming {@code at}.
     *
     * @throws IOException when the address cannot be bound (e.g. the port is taken)
     */
    public static LadderServer start(BookRegistry registry, ServerConfig config, List<Consumer<RoutesConfig>> extraRoutes,
                                     Handler bookAt) throws IOException {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(extraRoutes, "extraRoutes");
        Objects.requireNonNull(config, "config");
        BookRoutes routes = new BookRoutes(registry, config);
        StreamRoute stream = new StreamRoute(routes, config);
        byte[] openapi = resource("openapi.json");
        byte[] index = resource("web/index.html");
        byte[] appJs = resource("web/app.js");
        java.util.Map<String, byte[]> assets = new java.util.HashMap<>();
        for (String name : WEB_ASSETS) {
            assets.put(name, resource("web/" + name));
        }
        Javalin app = Javalin.create(cfg -> {
            cfg.concurrency.useVirtualThreads = true;
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jetty.host = config.host();
            cfg.jetty.port = config.port();
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            cfg.jetty.addConnector((server, http) -> {
                ServerConnector c = new ServerConnector(server, new HttpConnectionFactory(http));
                c.setHost(config.host());
                c.setPort(config.port());
                // thousands of stream clients may connect at once; Jetty's default backlog (50) drops some
                c.setAcceptQueueSize(ACCEPT_BACKLOG);
                return c;
            });
            cfg.routes.get("/api/books", routes::list);
            cfg.routes.get("/api/books/{venue}/{symbol}", ctx -> {
                if (ctx.queryParam("at") == null) {
                    routes.book(ctx);
                } else if (bookAt == null) {
                    throw ApiException.badParameter("at", "history needs a server recording a journal (--data DIR)");
                } else {
                    bookAt.handle(ctx);
                }
            });
            cfg.routes.get("/api/books/{venue}/{symbol}/volume", routes::volume);
            cfg.routes.get("/api/books/{venue}/{symbol}/fill", routes::fill);
            cfg.routes.get("/api/books/{venue}/{symbol}/trades", routes::trades);
            cfg.routes.get("/api/books/{venue}/{symbol}/stream", stream::handle);
            cfg.routes.get("/volume/{side}", routes::compatVolume);
            cfg.routes.get("/health", routes::health);
            cfg.routes.get("/ready", routes::ready);
            cfg.routes.before(LadderServer::beginRequest);
            cfg.routes.after(ctx -> endRequest(ctx, registry));
            cfg.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                    .result(registry.metrics().scrape()));
            cfg.routes.get("/openapi.json", ctx -> ctx.contentType(BookRoutes.JSON).result(openapi));
            cfg.routes.get("/", ctx -> ctx.contentType("text/html; charset=utf-8").result(index));
            cfg.routes.get("/app.js", ctx -> ctx.contentType("text/javascript; charset=utf-8").result(appJs));
            cfg.routes.get("/web/{file}", ctx -> {
                String name = ctx.pathParam("file");
                byte[] body = assets.get(name);
                if (body == null) {
                    throw ApiException.notFound("no web asset '" + Params.clip(name) + "'");
                }
                ctx.contentType(name.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8")
                        .result(body);
            });
            for (Consumer<RoutesConfig> extra : extraRoutes) {
                extra.accept(cfg.routes);
            }
            cfg.routes.exception(ApiException.class, LadderServer::apiError);
            cfg.routes.exception(SseStream.HeadAnswered.class, (e, ctx) -> { });
            cfg.routes.error(404, ctx -> {
                if (ctx.result() == null || ctx.result().isEmpty() || !ctx.result().startsWith("{")) {
                    error(ctx, 404, "no route " + ctx.method() + " " + ctx.path(), null);
                }
            });
            cfg.routes.exception(Exception.class, (e, ctx) -> {
                log.error("request {} {} failed", ctx.method(), ctx.path(), e);
                error(ctx, 500, "internal error: " + e.getClass().getSimpleName(), null);
            });
        });
        answerHeadLikeGet(app);
        try {
            app.start();
        } catch (RuntimeException e) {
            throw new IOException("cannot serve on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        return new LadderServer(registry, app);
    }

    /**
     * Registers a {@code HEAD} route for every {@code GET} route, running the same handler (Jetty
     * sends the headers, not the body), so {@code HEAD} answers 404, 400 or 200 exactly where
     * {@code GET} does; event streams stop after their headers ({@link SseStream.HeadAnswered}).
     * Without it Javalin answers 200 to {@code HEAD} on every {@code GET} path, whatever the handler would say.
     */
    private static void answerHeadLikeGet(Javalin app) {
        var router = app.unsafe.internalRouter;
        List<Endpoint> gets = new ArrayList<>();
        for (ParsedEndpoint p : router.allHttpHandlers()) {
            if (p.endpoint.method == HandlerType.GET && !router.hasHttpHandlerEntry(HandlerType.HEAD, p.endpoint.path)) {
                gets.add(p.endpoint);
            }
        }
        for (Endpoint e : gets) {
            router.addHttpEndpoint(new Endpoint(HandlerType.HEAD, e.path, e.handler, java.util.Set.of()));
        }
    }

    /** Names the request in the log context (MDC {@code request}, {@code requestId}) and notes its start. */
    private static void beginRequest(Context ctx) {
        ctx.attribute(STARTED, System.nanoTime());
        MDC.put("requestId", Long.toString(REQUESTS.incrementAndGet()));
        MDC.put("request", ctx.method() + " " + ctx.path());
    }

    /** Counts the request in {@code ladder_http_requests_seconds} by route template and status, and clears the MDC. */
    private static void endRequest(Context ctx, BookRegistry registry) {
        Long started = ctx.attribute(STARTED);
        io.javalin.router.Endpoint e = ctx.endpoints().matchedHttpEndpoint();
        if (started != null) {
            registry.metrics().httpRequest(ctx.method().name(), e == null ? "unmatched" : e.path, ctx.statusCode(),
                    System.nanoTime() - started);
        }
        MDC.remove("requestId");
        MDC.remove("request");
    }

    /** The bound port (the ephemeral one when configured with 0). */
    public int port() {
        return app.port();
    }

    /**
     * Ends every live stream (each client gets a last {@code state} event), waits up to
     * {@link #STREAM_DRAIN_MILLIS} for their senders to finish, then stops the server. Safe to call twice.
     */
    @Override
    public void close() {
        registry.closeStreams();
        long deadline = System.nanoTime() + STREAM_DRAIN_MILLIS * 1_000_000L;
        while (registry.all().stream().anyMatch(b -> b.subscriberCount() > 0) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        app.stop();
    }

    private static void apiError(ApiException e, Context ctx) {
        error(ctx, e.status(), e.getMessage(), e.parameter());
    }

    private static void error(Context ctx, int status, String message, String parameter) {
        byte[] body = BookJson.write(g -> {
            g.writeStartObject();
            g.writeStringField("error", message);
            if (parameter != null) {
                g.writeStringField("parameter", parameter);
            }
            g.writeEndObject();
        });
        ctx.status(status).contentType(BookRoutes.JSON).result(body);
    }

    private static byte[] resource(String name) {
        try (InputStream in = LadderServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource dev/ladder/server/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
