package dev.ladder.server.http;

import dev.ladder.book.OrderBook;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.Side;
import dev.ladder.core.Times;
import dev.ladder.core.Venue;
import dev.ladder.journal.JournalReader;
import dev.ladder.journal.StreamInfo;
import dev.ladder.server.live.BookState;
import dev.ladder.server.live.BookView;
import dev.ladder.server.replay.BetfairRunnerTarget;
import dev.ladder.server.replay.BinanceBookTarget;
import dev.ladder.server.replay.BookHistory;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Time travel over a journal directory (the server's {@code --data DIR}), Binance books and Betfair markets:
 * <ul>
 * <li>{@code GET /api/history}: {@code {"streams":[{"venue","symbol","from","to","records","book"}]}}, times
 * ISO-8601 (null for an empty stream), {@code book} true when the routes below can rebuild it.</li>
 * <li>{@code GET /api/history/{venue}/{symbol}?at=TIME&depth=N}: the book as of {@code at} (every
 * record received at or before it applied): the live book route's JSON plus {@code "at"} (the
 * requested instant, ISO-8601) and {@code "lastRecordTime"} (receive time of the last record applied,
 * ISO-8601). {@code state} is {@code live} when the rebuilt book was in sync, else {@code resyncing};
 * {@code exchangeTime} is the last applied diff's event time (ms, 0 when none since the {@code #book}
 * line) and {@code receiveTime} the last record's receive time (ms).</li>
 * <li>{@code GET /api/history/{venue}/{symbol}/heatmap?from=&to=&timeBuckets=&priceBuckets=[&side=bid|ask|both]
 * [&priceMin=&priceMax=][&band=BPS][&mode=sample|twa][&format=json|png]}: resting size per time bucket and
 * price bucket: {@code sample} (default) the book at the start of each time bucket, {@code twa} its
 * time-weighted average over the bucket (see {@link BookHistory#heatmap}); without a price range, where the
 * book traded over the window (BookHistory.tradedRange: best bid and ask envelope plus a margin), or with
 * {@code band} the mid at {@code from} plus and minus {@code band} basis points. JSON:
 * {@code {"venue","symbol","from","to","side","mode","priceMin","priceMax","timeBuckets","priceBuckets",
 * "sampleTimes":[ms...],"bestBids":[price|null...],"bestAsks":[...],"cells":[[size...]...]}} with {@code cells[t][p]} exact decimal strings,
 * (for Betfair, {@code /api/history/betfair/{marketId}/heatmap?selectionId=N}: that runner's back offers
 * as bids and lay offers as asks, prices in odds, plus {@code "selectionId"}),
 * time-major, prices ascending. PNG ({@code &width=&height=}, at most 4000 each): by default
 * {@code timeBuckets} pixels wide and {@code priceBuckets} high, cells scaled nearest-neighbour
 * (highest price on top), bids green, asks red, black for no size, best bid and ask as light lines; brightness
 * {@code log(1 + 1000 s/max) / log(1001)} of the cell's size {@code s} against the largest cell.</li>
 * <li>{@code GET /api/history/betfair/{marketId}?at=TIME&depth=N}: the Betfair market as of {@code at},
 * as the live market route answers it, plus {@code "at"} (see {@link #market}).</li>
 * </ul>
 * TIME follows {@link dev.ladder.core.Times} (ISO-8601, or epoch ms, or a number with a unit). Errors: 400 naming
 * the parameter (bad time, bucket count outside 1..2000 time or 1..1000 price, {@code to} not after
 * {@code from}, a missing {@code selectionId} for a Betfair heatmap); 404 for an unknown venue, stream,
 * market or runner, or a time before the stream's first record.
 */
public final class HistoryRoutes {
    /** The band in basis points when {@code band} is given empty (absent: the traded range). */
    static final int DEFAULT_BAND_BPS = 50;
    /** Largest PNG width or height. */
    static final int MAX_PIXELS = 4000;

    private final BookHistory history;
    private final HeavyRequests heavy;
    private final int defaultDepth;
    private final int maxDepth;

    public HistoryRoutes(JournalReader reader, ServerConfig config) {
        this(reader, config, HeavyRequests.forThisMachine());
    }

    /** Routes whose heavy requests share {@code heavy}'s permits. */
    public HistoryRoutes(JournalReader reader, ServerConfig config, HeavyRequests heavy) {
        this.heavy = heavy;
        this.history = new BookHistory(reader, HeavyRequests.MAX_RECORDS);
        this.defaultDepth = config.defaultDepth();
        this.maxDepth = config.maxDepth();
    }

    /** Declares the routes over the journal at {@code dataDir} (one line in the server's extra route list). */
    static void install(RoutesConfig routes, Path dataDir, ServerConfig config) {
        new HistoryRoutes(new JournalReader(dataDir), config).install(routes);
    }

    /**
     * Declares {@code /api/history}, {@code /api/history/{venue}/{symbol}}, {@code /api/history/{venue}/{symbol}/heatmap} and
     * the alias {@code /api/books/{venue}/{symbol}/heatmap}. The live book route delegates to
     * {@link #book} itself when {@code at} is present.
     */
    public void install(RoutesConfig routes) {
        routes.get("/api/history", this::streams);
        routes.get("/api/history/betfair/{marketId}", this::market);
        routes.get("/api/history/{venue}/{symbol}", this::book);
        routes.get("/api/history/{venue}/{symbol}/heatmap", this::heatmap);
        routes.get("/api/books/{venue}/{symbol}/heatmap", this::heatmap);
    }

    /** {@code GET /api/history}: the journal's streams with their first and last receive times and record counts. */
    void streams(Context ctx) throws IOException {
        List<StreamInfo> infos = history.reader().list();
        byte[] body = BookJson.write(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("streams");
            for (StreamInfo i : infos) {
                g.writeStartObject();
                g.writeStringField("venue", i.stream().venue().id());
                g.writeStringField("symbol", i.stream().symbol());
                if (i.firstNs() < 0) {
                    g.writeNullField("from");
                    g.writeNullField("to");
                } else {
                    g.writeStringField("from", BookHistory.instant(i.firstNs()));
                    g.writeStringField("to", BookHistory.instant(i.lastNs()));
                }
                g.writeNumberField("records", i.records());
                g.writeBooleanField("book", !i.stream().symbol().startsWith("_"));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
        ctx.contentType(BookRoutes.JSON).result(body);
    }

    /**
     * {@code GET /api/history/betfair/{marketId}?at=TIME&depth=N} (and {@code /api/markets/{marketId}?at=}):
     * the market as of {@code at} (every journaled line received at or before it applied), in the
     * live market route's JSON plus {@code "at"}. Unknown market or nothing before {@code at}: 404.
     */
    public void market(Context ctx) throws Exception {
        heavy.run(ctx, () -> marketAt(ctx));
    }

    private void marketAt(Context ctx) throws IOException {
        String marketId = ctx.pathParam("marketId");
        long at = time(ctx, "at");
        int depth = Params.intInRange(ctx, "depth", Math.min(10, maxDepth), 1, Math.min(350, maxDepth));
        BetfairRunnerTarget t;
        try {
            t = history.marketAt(marketId, null, at);
        } catch (BookHistory.NoHistoryException e) {
            throw ApiException.notFound(e.getMessage());
        } catch (IllegalArgumentException e) {
            // not a name a stream can have: no such market
            throw ApiException.notFound("no market '" + Params.clip(marketId) + "' in the journal");
        }
        byte[] detail = BetfairRoutes.detail(t.market(), depth);
        byte[] skipped = BookJson.write(g -> {
            g.writeStartObject();
            t.skipped().write(g);
            g.writeEndObject();
        });
        String skippedFields = new String(skipped, 1, skipped.length - 2, java.nio.charset.StandardCharsets.UTF_8);
        byte[] tail = (",\"at\":\"" + BookHistory.instant(at) + "\"," + skippedFields + "}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] body = java.util.Arrays.copyOf(detail, detail.length - 1 + tail.length);
        System.arraycopy(tail, 0, body, detail.length - 1, tail.length);
        ctx.contentType(BookRoutes.JSON).result(body);
    }

    /** {@code GET .../{venue}/{symbol}?at=TIME&depth=N}: callable from the live book route when {@code at} is present. */
    public void book(Context ctx) throws Exception {
        heavy.run(ctx, () -> bookAt(ctx));
    }

    private void bookAt(Context ctx) throws IOException {
        InstrumentId id = id(ctx);
        long at = time(ctx, "at");
        int depth = Params.intInRange(ctx, "depth", defaultDepth, 1, maxDepth);
        BinanceBookTarget t;
        try {
            t = history.bookAt(id, at);
        } catch (BookHistory.NoHistoryException e) {
            throw ApiException.notFound(e.getMessage());
        }
        OrderBook b = t.book();
        BookView v = view(id, t, depth);
        byte[] body = BookJson.write(g -> {
            g.writeStartObject();
            g.writeNumberField("depth", depth);
            long bid = b.bestPrice(Side.BID);
            long ask = b.bestPrice(Side.ASK);
            BookJson.price(g, "bestBid", bid, b.priceScale());
            BookJson.price(g, "bestAsk", ask, b.priceScale());
            if (bid == OrderBook.NO_PRICE || ask == OrderBook.NO_PRICE) {
                g.writeNullField("spread");
                g.writeNullField("mid");
            } else {
                g.writeStringField("spread", BookJson.dec(ask - bid, b.priceScale()));
                g.writeStringField("mid", BookRoutes.plain(BigDecimal.valueOf(bid, b.priceScale())
                        .add(BigDecimal.valueOf(ask, b.priceScale())).multiply(BigDecimal.valueOf(5, 1))));
            }
            BookJson.bookFields(g, v);
            g.writeStringField("at", BookHistory.instant(at));
            g.writeBooleanField("exact", t.isExact());
            t.skipped().write(g);
            if (t.receiveNanos() < 0) {
                g.writeNullField("lastRecordTime");
            } else {
                g.writeStringField("lastRecordTime", BookHistory.instant(t.receiveNanos()));
            }
            g.writeEndObject();
        });
        ctx.contentType(BookRoutes.JSON).result(body);
    }

    /** {@code GET .../{venue}/{symbol}/heatmap}: see the class comment. */
    void heatmap(Context ctx) throws Exception {
        heavy.run(ctx, () -> heatmapUnderPermit(ctx));
    }

    private void heatmapUnderPermit(Context ctx) throws IOException {
        InstrumentId id = id(ctx);
        boolean isBetfair = id.venue() == Venue.BETFAIR;
        Long selectionId = isBetfair ? selection(ctx) : null;
        long from = time(ctx, "from");
        long to = time(ctx, "to");
        if (to <= from) {
            throw ApiException.badParameter("to", "must be after from");
        }
        int timeBuckets = Params.intInRange(ctx, "timeBuckets", 100, 1, BookHistory.MAX_TIME_BUCKETS);
        int priceBuckets = Params.intInRange(ctx, "priceBuckets", 100, 1, BookHistory.MAX_PRICE_BUCKETS);
        int band = ctx.queryParam("band") == null ? 0 : Params.intInRange(ctx, "band", DEFAULT_BAND_BPS, 1, 5000);
        String sideText = ctx.queryParam("side");
        BookHistory.Sides sides = switch (sideText == null ? "both" : sideText.trim().toLowerCase(Locale.ROOT)) {
            case "bid", "bids", "b" -> BookHistory.Sides.BID;
            case "ask", "asks", "a" -> BookHistory.Sides.ASK;
            case "both" -> BookHistory.Sides.BOTH;
            default -> throw ApiException.badParameter("side", "'" + Params.clip(sideText) + "' is not bid, ask or both");
        };
        int width = Params.intInRange(ctx, "width", timeBuckets, 1, MAX_PIXELS);
        int height = Params.intInRange(ctx, "height", priceBuckets, 1, MAX_PIXELS);
        String format = ctx.queryParam("format");
        boolean png = false;
        if (format != null) {
            switch (format.trim().toLowerCase(Locale.ROOT)) {
                case "json" -> { }
                case "png" -> png = true;
                default -> throw ApiException.badParameter("format", "'" + Params.clip(format) + "' is not json or png");
            }
        }
        String modeText = ctx.queryParam("mode");
        boolean timeWeighted = switch (modeText == null ? "sample" : modeText.trim().toLowerCase(Locale.ROOT)) {
            case "sample" -> false;
            case "twa" -> true;
            default -> throw ApiException.badParameter("mode", "'" + Params.clip(modeText) + "' is not sample or twa");
        };
        if (png) {
            HeavyRequests.bound("width", (long) width * height, HeavyRequests.MAX_PNG_PIXELS, "width x height");
        } else {
            HeavyRequests.bound("priceBuckets", (long) timeBuckets * priceBuckets, HeavyRequests.MAX_JSON_CELLS,
                    "timeBuckets x priceBuckets");
        }
        int priceScale = isBetfair ? 2 : dev.ladder.binance.BinanceDecoder.DEFAULT_SCALE;
        Long priceMin = price(ctx, "priceMin", priceScale);
        Long priceMax = price(ctx, "priceMax", priceScale);
        if (priceMin != null && priceMax != null && priceMax <= priceMin) {
            throw ApiException.badParameter("priceMax", "must be above priceMin");
        }
        BookHistory.Heatmap h;
        try {
            h = isBetfair
                    ? history.runnerHeatmap(id.symbol(), selectionId, from, to, timeBuckets, priceBuckets, sides, priceMin,
                            priceMax, band, timeWeighted)
                    : history.heatmap(id, from, to, timeBuckets, priceBuckets, sides, priceMin, priceMax, band, timeWeighted);
        } catch (BookHistory.NoHistoryException e) {
            throw ApiException.notFound(e.getMessage());
        } catch (IllegalArgumentException e) {
            String m = e.getMessage();
            int colon = m.indexOf(':');
            throw ApiException.badParameter(colon > 0 ? m.substring(0, colon) : "priceMin",
                    colon > 0 ? m.substring(colon + 1).trim() : m);
        }
        if (png) {
            // a picture cannot list what it skipped: a header says how many damaged ranges it did not see
            ctx.header("X-Ladder-Skipped-Ranges", Long.toString(h.skipped().count()));
            ctx.contentType("image/png").result(png(h, width, height));
            return;
        }
        String sideName = sides.name().toLowerCase(Locale.ROOT);
        byte[] body = BookJson.write(g -> {
            g.writeStartObject();
            g.writeStringField("venue", id.venue().id());
            g.writeStringField("symbol", id.symbol());
            if (selectionId != null) {
                g.writeNumberField("selectionId", selectionId);
            }
            g.writeStringField("from", BookHistory.instant(h.fromNs()));
            g.writeStringField("to", BookHistory.instant(h.toNs()));
            g.writeStringField("side", sideName);
            g.writeStringField("mode", h.isTimeWeighted() ? "twa" : "sample");
            g.writeStringField("priceMin", BookJson.dec(h.priceMin(), h.priceScale()));
            g.writeStringField("priceMax", BookJson.dec(h.priceMax(), h.priceScale()));
            g.writeNumberField("timeBuckets", h.timeBuckets());
            g.writeNumberField("priceBuckets", h.priceBuckets());
            g.writeArrayFieldStart("sampleTimes");
            for (long ns : h.sampleNs()) {
                g.writeNumber(Math.floorDiv(ns, 1_000_000L));
            }
            g.writeEndArray();
            bests(g, "bestBids", h.bestBids(), h.priceScale());
            bests(g, "bestAsks", h.bestAsks(), h.priceScale());
            h.skipped().write(g);
            g.writeArrayFieldStart("cells");
            for (int t = 0; t < h.timeBuckets(); t++) {
                g.writeStartArray();
                for (int p = 0; p < h.priceBuckets(); p++) {
                    g.writeString(BookJson.dec(h.cell(t, p), h.sizeScale()));
                }
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
        });
        ctx.contentType(BookRoutes.JSON).result(body);
    }

    private static void bests(com.fasterxml.jackson.core.JsonGenerator g, String field, long[] prices, int scale)
            throws IOException {
        g.writeArrayFieldStart(field);
        for (long p : prices) {
            if (p == OrderBook.NO_PRICE) {
                g.writeNull();
            } else {
                g.writeString(BookJson.dec(p, scale));
            }
        }
        g.writeEndArray();
    }

    /** The heatmap as a PNG, one pixel per cell. */
    static byte[] png(BookHistory.Heatmap h) {
        return png(h, h.timeBuckets(), h.priceBuckets());
    }

    /**
     * The heatmap as a {@code width} x {@code height} PNG: time left to right, price bottom to top, each
     * pixel the colour of the cell it falls in (nearest neighbour).
     */
    static byte[] png(BookHistory.Heatmap h, int width, int height) {
        int tb = h.timeBuckets();
        int pb = h.priceBuckets();
        long max = 0;
        for (int t = 0; t < tb; t++) {
            for (int p = 0; p < pb; p++) {
                max = Math.max(max, Math.max(h.bids()[t][p], h.asks()[t][p]));
            }
        }
        int[][] colours = new int[tb][pb];
        double logK = Math.log1p(1000.0);
        for (int t = 0; t < tb; t++) {
            for (int p = 0; p < pb; p++) {
                long bid = h.bids()[t][p];
                long ask = h.asks()[t][p];
                if (max > 0 && (bid > 0 || ask > 0)) {
                    boolean isBid = bid >= ask;
                    double f = Math.log1p(1000.0 * (isBid ? bid : ask) / max) / logK;
                    int hi = 40 + (int) Math.round(215 * f);
                    int lo = (int) Math.round(90 * f * f);
                    colours[t][p] = isBid ? (lo << 16) | (hi << 8) | lo : (hi << 16) | (lo << 8) | lo;
                }
            }
        }
        for (int t = 0; t < tb; t++) {
            line(colours[t], h.bestBids()[t], h, 0x7CFF9B);
            line(colours[t], h.bestAsks()[t], h, 0xFF8A80);
        }
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            int t = (int) ((long) x * tb / width);
            for (int y = 0; y < height; y++) {
                int p = (int) ((long) (height - 1 - y) * pb / height);
                img.setRGB(x, y, colours[t][p]);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Colours the price bucket of {@code price} in one time bucket's column (a best bid or ask line); prices outside the range draw nothing. */
    private static void line(int[] column, long price, BookHistory.Heatmap h, int rgb) {
        if (price == OrderBook.NO_PRICE || price < h.priceMin() || price > h.priceMax()) {
            return;
        }
        int p = (int) ((double) (price - h.priceMin()) / (h.priceMax() - h.priceMin()) * column.length);
        column[Math.max(0, Math.min(column.length - 1, p))] = rgb;
    }

    private static BookView view(InstrumentId id, BinanceBookTarget t, int depth) {
        OrderBook b = t.book();
        int nb = Math.min(depth, b.depth(Side.BID));
        int na = Math.min(depth, b.depth(Side.ASK));
        long[] bp = new long[nb];
        long[] bs = new long[nb];
        long[] ap = new long[na];
        long[] as = new long[na];
        for (int i = 0; i < nb; i++) {
            bp[i] = b.price(Side.BID, i);
            bs[i] = b.size(Side.BID, i);
        }
        for (int i = 0; i < na; i++) {
            ap[i] = b.price(Side.ASK, i);
            as[i] = b.size(Side.ASK, i);
        }
        BookState state = t.isSynced() ? BookState.LIVE : BookState.RESYNCING;
        return new BookView(id, state, 0, t.lastUpdateId(), t.exchangeTimeMillis(), Math.max(0, t.receiveNanos()),
                b.priceScale(), b.sizeScale(), bp, bs, ap, as, b.depth(Side.BID), b.depth(Side.ASK));
    }

    private static InstrumentId id(Context ctx) {
        return Params.instrument(ctx, "stream");
    }

    private static long time(Context ctx, String name) {
        String v = Params.required(ctx, name);
        try {
            return Times.parseNanos(v);
        } catch (IllegalArgumentException e) {
            throw ApiException.badParameter(name, e.getMessage());
        }
    }

    private static Long price(Context ctx, String name, int scale) {
        String v = ctx.queryParam(name);
        if (v == null) {
            return null;
        }
        BigDecimal d = Params.nonNegativeDecimal(name, v.trim());
        return Params.exactScaled(name, d, scale);
    }

    /** The required {@code selectionId} of a Betfair runner heatmap. */
    private static long selection(Context ctx) {
        String v = Params.required(ctx, "selectionId");
        try {
            long id = Long.parseLong(v.trim());
            if (id <= 0) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw ApiException.badParameter("selectionId", "'" + Params.clip(v) + "' is not a selection id (a positive integer)");
        }
    }
}
