package dev.ladder.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ladder.book.Fill;
import dev.ladder.book.OrderBook;
import dev.ladder.book.PriceOp;
import dev.ladder.book.Volume;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.Side;
import dev.ladder.server.live.BookRegistry;
import dev.ladder.server.live.BookState;
import dev.ladder.server.live.BookView;
import dev.ladder.server.live.LiveBook;
import io.javalin.http.Context;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.List;
import java.util.Optional;

/**
 * The book query routes: list, one book with depth, volume at or around a price, cost to fill a size,
 * the compatibility volume route, and health. Every answer is JSON with exact decimal strings.
 */
final class BookRoutes {
    static final String JSON = "application/json";

    private final BookRegistry registry;
    private final ServerConfig config;

    BookRoutes(BookRegistry registry, ServerConfig config) {
        this.registry = registry;
        this.config = config;
    }

    /** {@code GET /api/books}. */
    void list(Context ctx) {
        byte[] body = BookJson.write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("books");
            for (LiveBook b : registry.all()) {
                BookView v = b.view(1);
                g.writeStartObject();
                BookJson.identity(g, v);
                best(g, "bestBid", v.bidPrices(), v.bidSizes(), v);
                best(g, "bestAsk", v.askPrices(), v.askSizes(), v);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
        ctx.contentType(JSON).result(body);
    }

    /** {@code GET /api/books/{venue}/{symbol}?depth=N}. */
    void book(Context ctx) {
        LiveBook b = find(ctx);
        int depth = Params.intInRange(ctx, "depth", config.defaultDepth(), 1, config.maxDepth());
        byte[] cached = b.rendered(depth);
        if (cached != null) {
            ctx.contentType(JSON).result(cached);
            return;
        }
        BookView v = b.view(depth);
        byte[] body = BookJson.write(g -> {
            g.writeStartObject();
            g.writeNumberField("depth", depth);
            long bid = v.bidPrices().length > 0 ? v.bidPrices()[0] : OrderBook.NO_PRICE;
            long ask = v.askPrices().length > 0 ? v.askPrices()[0] : OrderBook.NO_PRICE;
            BookJson.price(g, "bestBid", bid, v.priceScale());
            BookJson.price(g, "bestAsk", ask, v.priceScale());
            if (bid == OrderBook.NO_PRICE || ask == OrderBook.NO_PRICE) {
                g.writeNullField("spread");
                g.writeNullField("mid");
            } else {
                g.writeStringField("spread", BookJson.dec(ask - bid, v.priceScale()));
                g.writeStringField("mid", plain(BigDecimal.valueOf(bid, v.priceScale())
                        .add(BigDecimal.valueOf(ask, v.priceScale())).multiply(BigDecimal.valueOf(5, 1))));
            }
            BookJson.bookFields(g, v);
            g.writeEndObject();
        });
        b.cacheRendered(depth, v.version(), body);
        ctx.contentType(JSON).result(body);
    }

    /** {@code GET /api/books/{venue}/{symbol}/volume?side=&price=&op=}. */
    void volume(Context ctx) {
        LiveBook b = find(ctx);
        Side side = Params.bookSide("side", Params.required(ctx, "side"));
        BigDecimal price = Params.nonNegativeDecimal("price", Params.required(ctx, "price"));
        PriceOp op = Params.op("op", Params.required(ctx, "op"), PriceOp.values());
        Volume vol = volume(b, side, op, price);
        ctx.contentType(JSON).result(volumeBody(b, side, price, "op", op, vol, false));
    }

    /** {@code GET /volume/{a|b}?price=&operator=eq|lte}: the compatibility route on the default book. */
    void compatVolume(Context ctx) {
        LiveBook b = registry.defaultBook().orElseThrow(() -> ApiException.notFound("no book is being served"));
        String s = ctx.pathParam("side");
        Side side = switch (s.toLowerCase(Locale.ROOT)) {
            case "a" -> Side.ASK;
            case "b" -> Side.BID;
            default -> throw ApiException.badParameter("side", "'" + Params.clip(s) + "' is not a (asks) or b (bids)");
        };
        BigDecimal price = Params.nonNegativeDecimal("price", Params.required(ctx, "price"));
        PriceOp op = Params.op("operator", Params.required(ctx, "operator"), PriceOp.EQ, PriceOp.LTE);
        Volume vol = volume(b, side, op, price);
        ctx.contentType(JSON).result(volumeBody(b, side, price, "operator", op, vol, true));
    }

    /** {@code GET /api/books/{venue}/{symbol}/fill?side=buy|sell&size=Q}. */
    void fill(Context ctx) {
        LiveBook b = find(ctx);
        String sideText = Params.required(ctx, "side");
        Side taker = Params.takerSide("side", sideText);
        BigDecimal sizeValue = Params.nonNegativeDecimal("size", Params.required(ctx, "size"));
        long size = Params.exactScaled("size", sizeValue, b.sizeScale());
        if (size <= 0) {
            throw ApiException.badParameter("size", "must be greater than 0");
        }
        Fill f = b.query(book -> book.fill(taker, size));
        int ps = b.priceScale();
        int ss = b.sizeScale();
        byte[] body = BookJson.write(g -> {
            g.writeStartObject();
            ident(g, b);
            g.writeStringField("side", taker == Side.BID ? "buy" : "sell");
            g.writeStringField("requested", BookJson.dec(f.requested(), ss));
            g.writeStringField("filled", BookJson.dec(f.filled(), ss));
            g.writeStringField("cost", plain(f.cost()));
            if (f.averagePrice() == null) {
                g.writeNullField("average");
            } else {
                g.writeStringField("average", plain(f.averagePrice()));
            }
            BookJson.price(g, "worstPrice", f.worstPrice(), ps);
            g.writeNumberField("levels", f.levels());
            g.writeBooleanField("partial", f.partial());
            g.writeEndObject();
        });
        ctx.contentType(JSON).result(body);
    }

    /**
     * {@code GET /api/books/{venue}/{symbol}/trades?limit=N} (1..200, default 50): the book's newest trades first,
     * {@code {"venue","symbol","total","trades":[{"id","price","size","time","side"}]}} with {@code side} the
     * aggressor ({@code buy} or {@code sell}) and {@code time} epoch ms; empty when the feed takes no trades.
     */
    void trades(Context ctx) {
        LiveBook b = find(ctx);
        int limit = Params.intInRange(ctx, "limit", 50, 1, dev.ladder.server.live.RecentTrades.CAPACITY);
        dev.ladder.server.live.RecentTrades rt = b.trades();
        long total = rt.total();
        java.util.List<dev.ladder.server.live.RecentTrades.Trade> list = rt.newest(limit);
        byte[] body = BookJson.write(g -> {
            g.writeStartObject();
            ident(g, b);
            g.writeNumberField("total", total);
            g.writeArrayFieldStart("trades");
            for (dev.ladder.server.live.RecentTrades.Trade t : list) {
                g.writeStartObject();
                g.writeNumberField("id", t.tradeId());
                g.writeStringField("price", BookJson.dec(t.price(), b.priceScale()));
                g.writeStringField("size", BookJson.dec(t.size(), b.sizeScale()));
                g.writeNumberField("time", t.timeMillis());
                g.writeStringField("side", t.isBuyerMaker() ? "sell" : "buy");
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
        ctx.contentType(JSON).result(body);
    }

    /**
     * {@code GET /ready}: 200 when every book is live, the Betfair stream (when served) subscribed and every
     * check of the registry's {@link dev.ladder.server.live.Readiness} ready; else 503. The body names each
     * check: {@code {"status":"ready"|"not ready","checks":[{"name","ready","detail"}]}}.
     */
    void ready(Context ctx) {
        List<dev.ladder.server.live.Readiness.Result> checks = new java.util.ArrayList<>();
        List<String> notLive = new java.util.ArrayList<>();
        for (LiveBook b : registry.all()) {
            if (b.state() != BookState.LIVE) {
                notLive.add(b.id() + " " + b.state().id());
            }
        }
        checks.add(new dev.ladder.server.live.Readiness.Result("books", notLive.isEmpty(),
                notLive.isEmpty() ? registry.all().size() + " live" : String.join(", ", notLive)));
        registry.betfairStatus().ifPresent(f -> checks.add(new dev.ladder.server.live.Readiness.Result("betfair",
                f.subscribed(), (f.subscribed() ? "subscribed, " : "not subscribed, ") + f.markets() + " markets")));
        checks.addAll(registry.readiness().check());
        boolean ok = checks.stream().allMatch(dev.ladder.server.live.Readiness.Result::ready);
        byte[] body = BookJson.write(g -> {
            g.writeStartObject();
            g.writeStringField("status", ok ? "ready" : "not ready");
            g.writeArrayFieldStart("checks");
            for (dev.ladder.server.live.Readiness.Result r : checks) {
                g.writeStartObject();
                g.writeStringField("name", r.name());
                g.writeBooleanField("ready", r.ready());
                g.writeStringField("detail", r.detail());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
        ctx.status(ok ? 200 : 503).contentType(JSON).result(body);
    }

    /**
     * {@code GET /health}: liveness. 200 whenever the server answers; the body says {@code up} when every
     * book is live (and the Betfair stream subscribed), else {@code degraded}, and lists each book's state.
     * Readiness (503 until synced) is {@link #ready}.
     */
    void health(Context ctx) {
        boolean allLive = true;
        for (LiveBook b : registry.all()) {
            allLive &= b.state() == BookState.LIVE;
        }
        Optional<BookRegistry.FeedStatus> betfair = registry.betfairStatus();
        boolean ok = allLive && betfair.map(BookRegistry.FeedStatus::subscribed).orElse(true);
        byte[] body = BookJson.write(g -> {
            g.writeStartObject();
            g.writeStringField("status", ok ? "up" : "degraded");
            if (betfair.isPresent()) {
                g.writeObjectFieldStart("betfair");
                g.writeBooleanField("subscribed", betfair.get().subscribed());
                g.writeNumberField("markets", betfair.get().markets());
                g.writeEndObject();
            }
            g.writeArrayFieldStart("books");
            for (LiveBook b : registry.all()) {
                g.writeStartObject();
                ident(g, b);
                g.writeStringField("state", b.state().id());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
        ctx.status(200).contentType(JSON).result(body);
    }

    /** The book named by the {@code venue} and {@code symbol} path parameters; 404 when unknown. */
    LiveBook find(Context ctx) {
        InstrumentId id = Params.instrument(ctx, "book");
        return registry.find(id).orElseThrow(() -> ApiException.notFound("unknown book " + id));
    }

    /**
     * The volume for a query price that may be finer than the book's tick: {@code eq} then matches no
     * level; {@code lt}/{@code lte} round down to {@code lte}, {@code gt}/{@code gte} round up to {@code gte}.
     */
    static Volume volume(LiveBook b, Side side, PriceOp op, BigDecimal price) {
        BigDecimal scaled = price.movePointRight(b.priceScale());
        PriceOp effective = op;
        if (scaled.signum() != 0 && scaled.stripTrailingZeros().scale() > 0) {
            switch (op) {
                case EQ -> {
                    return new Volume(0, 0, BigDecimal.valueOf(0, b.priceScale() + b.sizeScale()));
                }
                case LT, LTE -> {
                    scaled = scaled.setScale(0, RoundingMode.FLOOR);
                    effective = PriceOp.LTE;
                }
                case GT, GTE -> {
                    scaled = scaled.setScale(0, RoundingMode.CEILING);
                    effective = PriceOp.GTE;
                }
            }
        }
        long p;
        try {
            p = scaled.setScale(0, RoundingMode.UNNECESSARY).longValueExact();
        } catch (ArithmeticException e) {
            throw ApiException.badParameter("price", "'" + Params.clip(price.toPlainString()) + "' is too large");
        }
        PriceOp q = effective;
        return b.query(book -> book.volume(side, q, p));
    }

    private static byte[] volumeBody(LiveBook b, Side side, BigDecimal price, String opField, PriceOp op,
                                     Volume vol, boolean compat) {
        int ss = b.sizeScale();
        return BookJson.write(g -> {
            g.writeStartObject();
            ident(g, b);
            g.writeStringField("side", side == Side.BID ? "bid" : "ask");
            g.writeStringField("price", plain(price));
            g.writeStringField(opField, op.name().toLowerCase(Locale.ROOT));
            if (compat) {
                g.writeStringField("volume", BookJson.dec(vol.size(), ss));
            }
            g.writeStringField("size", BookJson.dec(vol.size(), ss));
            g.writeNumberField("levels", vol.levels());
            g.writeStringField("notional", plain(vol.notional()));
            g.writeEndObject();
        });
    }

    private static void ident(JsonGenerator g, LiveBook b) throws IOException {
        g.writeStringField("venue", b.id().venue().id());
        g.writeStringField("symbol", b.id().symbol());
    }

    private static void best(JsonGenerator g, String field, long[] prices, long[] sizes, BookView v) throws IOException {
        if (prices.length == 0) {
            g.writeNullField(field);
            return;
        }
        g.writeObjectFieldStart(field);
        g.writeStringField("price", BookJson.dec(prices[0], v.priceScale()));
        g.writeStringField("size", BookJson.dec(sizes[0], v.sizeScale()));
        g.writeEndObject();
    }

    /** Plain decimal text without trailing fraction zeros; zero is {@code "0"}. */
    static String plain(BigDecimal d) {
        if (d.signum() == 0) {
            return "0";
        }
        BigDecimal s = d.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0).toPlainString() : s.toPlainString();
    }
}
