package dev.ladder.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.betfair.BetfairBookJson;
import dev.ladder.betfair.BetfairMarket;
import dev.ladder.book.ladder.PriceSizeLadder;
import dev.ladder.book.ladder.RunnerLadder;
import dev.ladder.catalog.Catalog;
import dev.ladder.catalog.CatalogJson;
import dev.ladder.catalog.CatalogMessageException;
import dev.ladder.catalog.Event;
import dev.ladder.catalog.EventOrder;
import dev.ladder.catalog.Meeting;
import dev.ladder.catalog.MeetingSchedule;
import dev.ladder.catalog.MessageStatus;
import dev.ladder.catalog.Page;
import dev.ladder.catalog.Race;
import dev.ladder.catalog.RaceCard;
import dev.ladder.catalog.RaceMarket;
import dev.ladder.catalog.RaceResult;
import dev.ladder.catalog.RaceType;
import dev.ladder.catalog.Runner;
import dev.ladder.catalog.SubmitResult;
import dev.ladder.server.live.BetfairServeSupport;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The catalog routes: the event-message intake and the public reads of sports events and racing.
 * <ul>
 * <li>{@code POST /message/} (bearer token, see {@link CatalogAccess}): one event message
 * ({@code NewEvent}, {@code UpdateOdds}, {@code Meeting}, {@code RaceUpdate}), stored durably, then
 * {@code 202 Accepted} with {@code Location: /message/{id}} and its status; the same id again answers
 * 202 with the existing status. A malformed body is a 400 naming the field.</li>
 * <li>{@code GET /message/{id}}: {@code {"id","messageType","status","error","receivedAt","processedAt","event"}}.</li>
 * <li>{@code GET /api/match/{id}}: one event with its sport, markets, selections and odds;
 * {@code GET /api/match/?name=TEXT}: events by name; {@code GET /api/match/{sport}?ordering=startTime|-startTime}:
 * a sport's events (a path that is no event id is a sport name, any case); pages of
 * {@code {"items":[{"id","url","name","startTime","sport"}],"page","size","total"}}.</li>
 * <li>{@code GET /api/sports}; {@code GET /api/racing/schedule?date=YYYY-MM-DD[&type=][&country=]};
 * {@code GET /api/racing/races/{raceId}} (or the id of any of its Betfair markets): the race card with
 * live prices from the served Betfair cache; {@code .../stream}: server-sent {@code card} events when
 * the card changes.</li>
 * </ul>
 * Ids are strings (they exceed 2^53); odds exact decimal strings; times ISO-8601 with {@code Z}.
 */
public final class CatalogRoutes {
    private static final ObjectMapper JSON = CatalogJson.mapper();

    private final Catalog catalog;
    private final CatalogAccess access;
    private final BetfairServeSupport betfair;
    private final long heartbeatMillis;
    private final SharedIntake shared;

    /**
     * An intake shared by several nodes (Kafka): {@code POST /message/} appends an accepted message there,
     * and every node's reader submits it into its own catalog.
     */
    @FunctionalInterface
    public interface SharedIntake {
        /** Appends {@code raw} (message {@code id}); returns once it is durable there. */
        void publish(String id, byte[] raw) throws java.io.IOException;
    }

    CatalogRoutes(Catalog catalog, CatalogAccess access, BetfairServeSupport betfair, long heartbeatMillis) {
        this(catalog, access, betfair, heartbeatMillis, null);
    }

    CatalogRoutes(Catalog catalog, CatalogAccess access, BetfairServeSupport betfair, long heartbeatMillis, SharedIntake shared) {
        this.shared = shared;
        this.catalog = catalog;
        this.access = access;
        this.betfair = betfair;
        this.heartbeatMillis = heartbeatMillis;
    }

    /** Declares the routes; {@code betfair} (null: none) gives race cards their live prices. */
    public static void install(RoutesConfig routes, Catalog catalog, CatalogAccess access, BetfairServeSupport betfair,
                               ServerConfig config) {
        install(routes, catalog, access, betfair, config, null);
    }

    /**
     * As above, with accepted messages going through {@code shared} (null: straight into this node's intake).
     * Then {@code POST /message/} validates the message, appends it to the shared intake (503 when that
     * fails: nothing acknowledged) and answers 202 once this node's catalog has stored it from there, or
     * after 5 s with status {@code queued} (the message is durable either way).
     */
    public static void install(RoutesConfig routes, Catalog catalog, CatalogAccess access, BetfairServeSupport betfair,
                               ServerConfig config, SharedIntake shared) {
        CatalogRoutes r = new CatalogRoutes(catalog, access, betfair, config.heartbeatMillis(), shared);
        routes.post("/message", r::post);
        routes.post("/message/", r::post);
        routes.get("/message/{id}", r::status);
        routes.get("/api/match", r::byName);
        routes.get("/api/match/", r::byName);
        routes.get("/api/match/{id}", r::match);
        routes.get("/api/sports", r::sports);
        routes.get("/api/racing/schedule", r::schedule);
        routes.get("/api/racing/races/{raceId}", r::race);
        routes.get("/api/racing/races/{raceId}/stream", r::raceStream);
    }

    void post(Context ctx) {
        access.checkWrite(ctx);
        byte[] body = ctx.bodyAsBytes();
        if (shared != null) {
            postShared(ctx, body);
            return;
        }
        SubmitResult r;
        try {
            r = catalog.intake().submit(body);
        } catch (CatalogMessageException e) {
            throw ApiException.badParameter(e.path(), e.getMessage());
        } catch (SQLException e) {
            throw unavailable(e);
        }
        MessageStatus s = r.status();
        ctx.status(202);
        ctx.header("Location", "/message/" + s.id());
        ctx.contentType(BookRoutes.JSON).result(write(statusJson(s)));
    }

    private void postShared(Context ctx, byte[] body) {
        MessageStatus queued;
        try {
            queued = catalog.intake().validate(body);
        } catch (CatalogMessageException e) {
            throw ApiException.badParameter(e.path(), e.getMessage());
        }
        java.util.Optional<MessageStatus> s = call(() -> catalog.intake().status(queued.id()));
        if (s.isEmpty()) {
            try {
                shared.publish(queued.id(), body);
            } catch (java.io.IOException e) {
                throw ApiException.of(503, "the shared intake is unavailable: " + e.getMessage());
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (s.isEmpty() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                s = call(() -> catalog.intake().status(queued.id()));
            }
        }
        MessageStatus st = s.orElse(queued);
        ctx.status(202);
        ctx.header("Location", "/message/" + st.id());
        ctx.contentType(BookRoutes.JSON).result(write(statusJson(st)));
    }

    void status(Context ctx) {
        access.checkRead(ctx);
        String id = ctx.pathParam("id");
        MessageStatus s = call(() -> catalog.intake().status(id)).orElseThrow(() -> ApiException.notFound("unknown message '" + Params.clip(id) + "'"));
        ctx.contentType(BookRoutes.JSON).result(write(statusJson(s)));
    }

    private static ObjectNode statusJson(MessageStatus s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", s.id());
        n.put("messageType", s.messageType());
        n.put("status", s.status().wire());
        n.put("error", s.error());
        n.put("receivedAt", s.receivedAt() == null ? null : s.receivedAt().toString());
        n.put("processedAt", s.processedAt() == null ? null : s.processedAt().toString());
        n.put("event", s.eventId() == null ? null : "/api/match/" + s.eventId());
        return n;
    }

    void byName(Context ctx) {
        access.checkRead(ctx);
        String name = ctx.queryParam("name");
        if (name == null || name.isBlank()) {
            throw ApiException.badParameter("name", "required: a part of the event's name (or use /api/match/{sport})");
        }
        int page = page(ctx);
        int size = size(ctx);
        ctx.contentType(BookRoutes.JSON).result(write(listing(call(() -> catalog.queries().eventsByName(name.trim(), page, size)))));
    }

    void match(Context ctx) {
        access.checkRead(ctx);
        String id = ctx.pathParam("id");
        String ordering = ctx.queryParam("ordering");
        if (ordering == null) {
            Optional<Event> e = call(() -> catalog.queries().event(id));
            if (e.isPresent()) {
                ctx.contentType(BookRoutes.JSON).result(write(JSON.valueToTree(e.get())));
                return;
            }
        }
        EventOrder order;
        try {
            order = EventOrder.parse(ordering == null ? "startTime" : ordering.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.badParameter("ordering", "'" + Params.clip(ordering) + "' is not startTime or -startTime");
        }
        int page = page(ctx);
        int size = size(ctx);
        boolean isSport = call(() -> catalog.queries().sports()).stream().anyMatch(s -> s.name().equalsIgnoreCase(id.trim()));
        if (!isSport) {
            throw ApiException.notFound("no event with id '" + Params.clip(id) + "' and no sport named so");
        }
        ctx.contentType(BookRoutes.JSON).result(write(listing(call(() -> catalog.queries().eventsBySport(id.trim(), order, page, size)))));
    }

    private static ObjectNode listing(Page<Event> p) {
        ObjectNode n = JSON.createObjectNode();
        ArrayNode items = n.putArray("items");
        for (Event e : p.items()) {
            ObjectNode i = items.addObject();
            i.put("id", e.id());
            i.put("url", "/api/match/" + e.id());
            i.put("name", e.name());
            i.put("startTime", e.startTime() == null ? null : e.startTime().toString());
            i.put("sport", e.sport() == null ? null : e.sport().name());
        }
        n.put("page", p.page());
        n.put("size", p.size());
        n.put("total", p.total());
        return n;
    }

    void sports(Context ctx) {
        access.checkRead(ctx);
        ObjectNode n = JSON.createObjectNode();
        n.set("sports", JSON.valueToTree(call(() -> catalog.queries().sports())));
        ctx.contentType(BookRoutes.JSON).result(write(n));
    }

    void schedule(Context ctx) {
        access.checkRead(ctx);
        String dateText = Params.required(ctx, "date");
        LocalDate date;
        try {
            date = LocalDate.parse(dateText.trim());
        } catch (DateTimeParseException e) {
            throw ApiException.badParameter("date", "'" + Params.clip(dateText) + "' is not a date YYYY-MM-DD");
        }
        String typeText = ctx.queryParam("type");
        RaceType type;
        try {
            type = typeText == null ? null : RaceType.parse(typeText.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.badParameter("type", "'" + Params.clip(typeText) + "' is not horse, greyhound or harness");
        }
        String country = ctx.queryParam("country");
        if (country != null && !country.trim().matches("[A-Za-z]{2}")) {
            throw ApiException.badParameter("country", "'" + Params.clip(country) + "' is not a two-letter country code");
        }
        String c = country == null ? null : country.trim().toUpperCase(Locale.ROOT);
        ObjectNode n = JSON.createObjectNode();
        n.put("date", date.toString());
        ArrayNode meetings = n.putArray("meetings");
        for (MeetingSchedule ms : call(() -> catalog.queries().schedule(date, type, c))) {
            ObjectNode m = meeting(ms.meeting());
            ArrayNode races = m.putArray("races");
            for (Race r : ms.races()) {
                ObjectNode rn = races.addObject();
                rn.put("id", r.id());
                rn.put("number", r.number());
                rn.put("name", r.name());
                rn.put("startTime", r.startTime() == null ? null : r.startTime().toString());
                rn.put("status", r.status() == null ? null : r.status().name());
                rn.set("markets", markets(r.markets()));
            }
            meetings.add(m);
        }
        ctx.contentType(BookRoutes.JSON).result(write(n));
    }

    void race(Context ctx) {
        access.checkRead(ctx);
        ctx.contentType(BookRoutes.JSON).result(card(ctx.pathParam("raceId")));
    }

    void raceStream(Context ctx) throws IOException {
        access.checkRead(ctx);
        String id = ctx.pathParam("raceId");
        byte[] last = card(id);
        String market = winMarket(id);
        BetfairServeSupport.Watcher w = betfair == null || market == null ? null : betfair.watch(market);
        long seq = 1;
        try {
            SseStream out = SseStream.open(ctx);
            out.event("card", seq, last);
            out.flush();
            while (w == null || !w.isClosed()) {
                boolean woken = w == null ? sleep(Math.min(heartbeatMillis, 1000)) : w.await(Math.min(heartbeatMillis, 1000));
                byte[] now = card(id);
                if (!Arrays.equals(now, last)) {
                    out.event("card", ++seq, now);
                    out.flush();
                    last = now;
                } else if (!woken) {
                    out.heartbeat();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | ApiException e) {
            // the client went away, or the race left the catalog
        } finally {
            if (w != null) {
                betfair.unwatch(market, w);
            }
        }
    }

    private static boolean sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return false;
    }

    private String winMarket(String raceId) {
        RaceCard c = call(() -> catalog.queries().raceCard(raceId)).orElse(null);
        if (c == null) {
            return null;
        }
        return c.markets().stream().filter(m -> "WIN".equalsIgnoreCase(m.type())).map(RaceMarket::id).findFirst()
                .orElse(c.markets().isEmpty() ? null : c.markets().getFirst().id());
    }

    /** The race card of {@code id} (a race id or any of its market ids) with live prices, as JSON bytes. */
    private byte[] card(String id) {
        RaceCard c = call(() -> catalog.queries().raceCard(id))
                .orElseThrow(() -> ApiException.notFound("no race or race market '" + Params.clip(id) + "'"));
        Race r = c.race();
        ObjectNode n = JSON.createObjectNode();
        n.put("id", r.id());
        n.put("name", r.name());
        n.put("number", r.number());
        n.put("startTime", r.startTime() == null ? null : r.startTime().toString());
        n.put("status", r.status() == null ? null : r.status().name());
        n.put("distance", r.distance());
        n.set("meeting", c.meeting() == null ? null : meeting(c.meeting()));
        n.set("markets", markets(c.markets()));
        String win = c.markets().stream().filter(m -> "WIN".equalsIgnoreCase(m.type())).map(RaceMarket::id).findFirst().orElse(null);
        BetfairMarket live = betfair == null || win == null ? null : betfair.market(win);
        ArrayNode runners = n.putArray("runners");
        for (Runner x : c.runners()) {
            ObjectNode rn = runners.addObject();
            rn.put("id", x.selectionId());
            rn.put("number", x.number());
            rn.put("barrier", x.barrier());
            rn.put("name", x.name());
            rn.put("jockey", x.jockey());
            rn.put("trainer", x.trainer());
            rn.put("weight", x.weight());
            rn.put("status", x.status());
            rn.put("scratched", x.scratched());
            rn.put("placed", x.placed());
            rn.put("bsp", x.bsp() == null ? null : x.bsp().toString());
            rn.set("prices", prices(live, x.selectionId()));
        }
        ArrayNode results = n.putArray("results");
        for (RaceResult res : c.results()) {
            ObjectNode o = results.addObject();
            o.put("position", res.position());
            o.put("id", res.selectionId());
            o.put("number", res.number());
            o.put("name", res.name());
        }
        return write(n);
    }

    /** Best three back and lay offers, last traded price and traded volume of a runner in the live market, or null. */
    private static JsonNode prices(BetfairMarket live, String selectionId) {
        if (live == null) {
            return null;
        }
        for (RunnerLadder l : live.runners()) {
            if (Long.toString(l.selectionId()).equals(selectionId)) {
                ObjectNode p = JSON.createObjectNode();
                p.set("back", top(l.atb()));
                p.set("lay", top(l.atl()));
                p.put("ltp", BetfairBookJson.price(l.ltp()));
                p.put("tv", BetfairBookJson.decimal(l.tv()));
                return p;
            }
        }
        return null;
    }

    private static ArrayNode top(PriceSizeLadder l) {
        ArrayNode a = JSON.createArrayNode();
        for (int i = 0; i < Math.min(3, l.depth()); i++) {
            a.addArray().add(BetfairBookJson.decimal(l.price(i))).add(BetfairBookJson.decimal(l.size(i)));
        }
        return a;
    }

    private static ObjectNode meeting(Meeting m) {
        ObjectNode n = JSON.createObjectNode();
        n.put("id", m.id());
        n.put("name", m.name());
        n.put("venue", m.venue());
        n.put("country", m.countryCode());
        n.put("date", m.date() == null ? null : m.date().toString());
        n.put("type", m.type() == null ? null : m.type().name().toLowerCase(Locale.ROOT));
        return n;
    }

    private static ArrayNode markets(java.util.List<RaceMarket> ms) {
        ArrayNode a = JSON.createArrayNode();
        for (RaceMarket m : ms) {
            ObjectNode o = a.addObject();
            o.put("id", m.id());
            o.put("type", m.type());
            o.put("status", m.status());
            o.put("places", m.places());
        }
        return a;
    }

    private static int page(Context ctx) {
        return Params.intInRange(ctx, "page", 1, 1, 1_000_000);
    }

    private static int size(Context ctx) {
        return Params.intInRange(ctx, "size", Page.DEFAULT_SIZE, 1, Page.MAX_SIZE);
    }

    private static byte[] write(JsonNode n) {
        try {
            return JSON.writeValueAsString(n).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private interface Query<T> {
        T run() throws SQLException;
    }

    private static <T> T call(Query<T> q) {
        try {
            return q.run();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private static ApiException unavailable(SQLException e) {
        return ApiException.of(503, "the catalog store is unavailable: " + e.getMessage());
    }
}
