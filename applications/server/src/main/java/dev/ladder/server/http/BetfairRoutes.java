package dev.ladder.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ladder.betfair.BetfairBookJson;
import dev.ladder.betfair.BetfairMarket;
import dev.ladder.betfair.BetfairMarketDefinition;
import dev.ladder.betfair.BetfairRunnerDefinition;
import dev.ladder.book.ladder.PriceSizeLadder;
import dev.ladder.book.ladder.RunnerLadder;
import dev.ladder.server.live.BetfairServeSupport;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Betfair market routes over a {@link BetfairServeSupport}:
 * <ul>
 * <li>{@code GET /api/markets?eventTypeId=7,4339&status=OPEN&inPlay=false&marketType=WIN}: the markets,
 * each filter optional (comma lists match any); an unknown status or a non-boolean inPlay is 400.</li>
 * <li>{@code GET /api/markets/{marketId}?depth=N}: definition, runners with best back/lay, back and
 * lay ladders N deep (best first), traded ladder, ltp, tv, and the back and lay overround (the sum
 * of 100/best price over runners that have one, in percent, rounded half-even to 2 places; null when
 * no runner has a price). Unknown market: 404.</li>
 * <li>{@code GET /api/markets/{marketId}/stream?depth=N}: server-sent events: {@code snapshot} (the
 * body of the route above, {@code id} = the market's update count) at once, then a {@code diff} after
 * messages that changed the market: only the runners whose rendering changed, the market's own fields
 * when they changed, with {@code update} and {@code previousUpdate} chaining each diff to the event
 * before it (see {@link MarketFrame#diff}). Conflated: a slow client gets one diff to the latest state,
 * not a backlog. Comment heartbeats when idle, {@code closed} when the market leaves the cache, and
 * {@code state} {@code {"marketId","state":"stopped"}} when the node shuts down.</li>
 * </ul>
 * Prices and sizes are exact decimal strings; an absent price is null.
 */
public final class BetfairRoutes {
    private static final Set<String> STATUSES = Set.of("INACTIVE", "OPEN", "SUSPENDED", "CLOSED");

    private final BetfairServeSupport support;
    private final int defaultDepth;
    private final int maxDepth;
    private final long heartbeatMillis;
    private final Handler marketAt;

    BetfairRoutes(BetfairServeSupport support, int defaultDepth, int maxDepth, long heartbeatMillis, Handler marketAt) {
        this.marketAt = marketAt;
        this.support = support;
        this.defaultDepth = defaultDepth;
        this.maxDepth = maxDepth;
        this.heartbeatMillis = heartbeatMillis;
    }

    /** Declares the routes (one line in the server's route list); {@code ?at=} is refused (no journal). */
    public static void install(RoutesConfig routes, BetfairServeSupport support, ServerConfig config) {
        install(routes, support, config, null);
    }

    /**
     * Declares the routes; {@code marketAt} answers {@code GET /api/markets/{marketId}?at=TIME} from a
     * journal (null: such a request is a 400 naming {@code at}).
     */
    public static void install(RoutesConfig routes, BetfairServeSupport support, ServerConfig config, Handler marketAt) {
        BetfairRoutes r = new BetfairRoutes(support, Math.min(10, config.maxDepth()), Math.min(350, config.maxDepth()),
                config.heartbeatMillis(), marketAt);
        routes.get("/api/markets", r::list);
        routes.get("/api/markets/{marketId}", r::market);
        routes.get("/api/markets/{marketId}/stream", r::stream);
    }

    void list(Context ctx) {
        List<String> eventTypes = csv(ctx.queryParam("eventTypeId"));
        List<String> marketTypes = csv(ctx.queryParam("marketType"));
        List<String> statuses = csv(ctx.queryParam("status")).stream().map(s -> s.toUpperCase(Locale.ROOT)).toList();
        for (String s : statuses) {
            if (!STATUSES.contains(s)) {
                throw ApiException.badParameter("status", "'" + s + "' is not one of " + STATUSES);
            }
        }
        Boolean inPlay = bool(ctx, "inPlay");
        List<BetfairMarket> markets = support.markets();
        byte[] body = BookJson.write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("markets");
            for (BetfairMarket m : markets) {
                BetfairMarketDefinition d = m.definition();
                if (!eventTypes.isEmpty() && (d == null || !eventTypes.contains(d.eventTypeId()))
                        || !marketTypes.isEmpty() && (d == null || !marketTypes.contains(d.marketType()))
                        || !statuses.isEmpty() && !statuses.contains(m.status())
                        || inPlay != null && m.isInPlay() != inPlay) {
                    continue;
                }
                g.writeStartObject();
                g.writeStringField("marketId", m.id());
                summary(g, m);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
        ctx.contentType(BookRoutes.JSON).result(body);
    }

    void market(Context ctx) throws Exception {
        if (ctx.queryParam("at") != null) {
            if (marketAt == null) {
                throw ApiException.badParameter("at", "this server keeps no journal (start it with --data) to answer a past instant");
            }
            marketAt.handle(ctx);
            return;
        }
        int depth = Params.intInRange(ctx, "depth", defaultDepth, 1, maxDepth);
        BetfairMarket m = find(ctx);
        ctx.contentType(BookRoutes.JSON).result(detail(m, depth));
    }

    void stream(Context ctx) throws IOException {
        int depth = Params.intInRange(ctx, "depth", defaultDepth, 1, maxDepth);
        String id = find(ctx).id();
        BetfairServeSupport.Watcher w = support.watch(id);
        try {
            SseStream out = SseStream.open(ctx);
            MarketFrame last = null;
            boolean changed = true;
            while (!w.isClosed()) {
                if (changed) {
                    BetfairMarket m = support.market(id);
                    if (m == null) {
                        out.event("closed", ("{\"marketId\":" + BookJson.quote(id) + "}").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        return;
                    }
                    MarketFrame frame = MarketFrame.of(m, depth);
                    if (last == null) {
                        out.event("snapshot", frame.update(), frame.full());
                        last = frame;
                    } else if (frame.update() != last.update()) {
                        byte[] diff = frame.diff(last);
                        if (diff != null) {
                            out.event("diff", frame.update(), diff);
                            last = frame; // only a frame the client saw starts the next diff's chain
                        }
                    }
                    out.flush();
                } else {
                    out.heartbeat();
                }
                changed = w.await(heartbeatMillis);
            }
            // the node is shutting down: say so before the stream ends
            out.event("state", ("{\"marketId\":" + BookJson.quote(id) + ",\"state\":\"stopped\"}").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away
        } finally {
            support.unwatch(id, w);
        }
    }

    private BetfairMarket find(Context ctx) {
        String id = ctx.pathParam("marketId");
        BetfairMarket m = support.market(id);
        if (m == null) {
            throw ApiException.notFound("unknown market '" + id + "'");
        }
        return m;
    }

    private static void summary(JsonGenerator g, BetfairMarket m) throws IOException {
        BetfairMarketDefinition d = m.definition();
        g.writeStringField("status", m.status());
        g.writeBooleanField("inPlay", m.isInPlay());
        g.writeStringField("eventTypeId", d == null ? null : d.eventTypeId());
        g.writeStringField("eventId", d == null ? null : d.eventId());
        g.writeStringField("eventName", d == null ? null : d.eventName());
        g.writeStringField("marketType", d == null ? null : d.marketType());
        g.writeStringField("venue", d == null ? null : d.venue());
        g.writeStringField("countryCode", d == null ? null : d.countryCode());
        g.writeStringField("marketTime", d == null ? null : d.marketTime());
        g.writeNumberField("runners", m.runners().size());
        g.writeStringField("tv", BetfairBookJson.decimal(m.tv()));
        g.writeNumberField("pt", m.publishTime());
    }

    /** The market as {@code GET /api/markets/{id}} answers it (see {@link MarketFrame}). */
    public static byte[] detail(BetfairMarket m, int depth) {
        return MarketFrame.of(m, depth).full();
    }

    /** The market's own fields (everything but {@code runners}) as one JSON object. */
    static byte[] header(BetfairMarket m, int depth) {
        return BookJson.write(g -> {
            BetfairMarketDefinition d = m.definition();
            g.writeStartObject();
            g.writeStringField("marketId", m.id());
            summary(g, m);
            g.writeNumberField("depth", depth);
            g.writeObjectFieldStart("definition");
            if (d != null) {
                g.writeStringField("bettingType", d.bettingType());
                g.writeNumberField("version", d.version());
                g.writeStringField("suspendTime", d.suspendTime());
                g.writeStringField("openDate", d.openDate());
                g.writeStringField("settledTime", d.settledTime());
                g.writeBooleanField("complete", d.complete());
                g.writeBooleanField("bspMarket", d.bspMarket());
                g.writeBooleanField("turnInPlayEnabled", d.turnInPlayEnabled());
                g.writeBooleanField("crossMatching", d.crossMatching());
                g.writeNumberField("betDelay", d.betDelay());
                g.writeNumberField("numberOfWinners", d.numberOfWinners());
                g.writeNumberField("numberOfActiveRunners", d.numberOfActiveRunners());
                g.writeStringField("priceLadder", d.priceLadder() == null ? null : d.priceLadder().type().name());
            }
            g.writeEndObject();
            BigDecimal backBook = BigDecimal.ZERO;
            BigDecimal layBook = BigDecimal.ZERO;
            boolean anyBack = false;
            boolean anyLay = false;
            for (RunnerLadder r : m.runners()) {
                if (!isActive(m, r)) {
                    continue;
                }
                long b = r.atb().price(0);
                long l = r.atl().price(0);
                if (b != RunnerLadder.NO_PRICE && b > 0) {
                    backBook = backBook.add(percentOf(b));
                    anyBack = true;
                }
                if (l != RunnerLadder.NO_PRICE && l > 0) {
                    layBook = layBook.add(percentOf(l));
                    anyLay = true;
                }
            }
            g.writeStringField("backOverround", anyBack ? plain(backBook) : null);
            g.writeStringField("layOverround", anyLay ? plain(layBook) : null);
            g.writeEndObject();
        });
    }

    /** One runner of {@code m} as a JSON object. */
    static byte[] runner(BetfairMarket m, RunnerLadder r, int depth) {
        return BookJson.write(g -> {
            BetfairRunnerDefinition rd = m.runnerDefinition(r.selectionId(), r.handicap());
            g.writeStartObject();
            g.writeNumberField("selectionId", r.selectionId());
            g.writeStringField("hc", BetfairBookJson.decimal(r.handicap()));
            g.writeStringField("name", rd == null ? null : rd.name());
            g.writeStringField("status", rd == null ? null : rd.status());
            g.writeNumberField("sortPriority", rd == null ? 0 : rd.sortPriority());
            g.writeStringField("ltp", BetfairBookJson.price(r.ltp()));
            g.writeStringField("tv", BetfairBookJson.decimal(r.tv()));
            best(g, "bestBack", r.atb());
            best(g, "bestLay", r.atl());
            ladder(g, "back", r.atb(), depth);
            ladder(g, "lay", r.atl(), depth);
            ladder(g, "traded", r.trd(), Integer.MAX_VALUE);
            g.writeStringField("spn", BetfairBookJson.spPrice(r.spNear()));
            g.writeStringField("spf", BetfairBookJson.spPrice(r.spFar()));
            g.writeEndObject();
        });
    }

    private static boolean isActive(BetfairMarket m, RunnerLadder r) {
        BetfairRunnerDefinition rd = m.runnerDefinition(r.selectionId(), r.handicap());
        return rd == null || rd.status() == null || "ACTIVE".equals(rd.status());
    }

    /** 100 / price for a price scaled at 2, to 10 significant places. */
    private static BigDecimal percentOf(long scaledPrice) {
        return BigDecimal.valueOf(10_000L).divide(BigDecimal.valueOf(scaledPrice, 0), MathContext.DECIMAL64);
    }

    private static String plain(BigDecimal v) {
        BigDecimal r = v.setScale(2, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return (r.scale() < 0 ? r.setScale(0) : r).toPlainString();
    }

    private static void best(JsonGenerator g, String field, PriceSizeLadder l) throws IOException {
        if (l.isEmpty()) {
            g.writeNullField(field);
            return;
        }
        g.writeObjectFieldStart(field);
        g.writeStringField("price", BetfairBookJson.decimal(l.price(0)));
        g.writeStringField("size", BetfairBookJson.decimal(l.size(0)));
        g.writeEndObject();
    }

    private static void ladder(JsonGenerator g, String field, PriceSizeLadder l, int depth) throws IOException {
        g.writeArrayFieldStart(field);
        int n = Math.min(depth, l.depth());
        for (int i = 0; i < n; i++) {
            g.writeStartArray();
            g.writeString(BetfairBookJson.decimal(l.price(i)));
            g.writeString(BetfairBookJson.decimal(l.size(i)));
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    private static List<String> csv(String v) {
        if (v == null || v.isBlank()) {
            return List.of();
        }
        return List.of(v.trim().split("\\s*,\\s*"));
    }

    private static Boolean bool(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return null;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw ApiException.badParameter(name, "'" + v + "' is not true or false");
        };
    }
}
