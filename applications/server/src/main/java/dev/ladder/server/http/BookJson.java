package dev.ladder.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.ladder.book.OrderBook;
import dev.ladder.core.Decimals;
import dev.ladder.server.live.BookState;
import dev.ladder.server.live.BookView;
import dev.ladder.server.live.DiffEvent;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON encoding of books and stream events with Jackson's streaming generator. Prices and sizes are
 * written as exact decimal strings without trailing zeros ({@code "0.0098"}); an absent price is null.
 */
public final class BookJson {
    static final JsonFactory FACTORY = new JsonFactory();

    private BookJson() {
    }

    /** Exact decimal text of a scaled value, trailing fraction zeros removed ({@code "12"}, {@code "0.5"}). */
    public static String dec(long value, int scale) {
        return Decimals.formatStripped(value, scale);
    }

    static void price(JsonGenerator g, String field, long price, int scale) throws IOException {
        if (price == OrderBook.NO_PRICE) {
            g.writeNullField(field);
        } else {
            g.writeStringField(field, dec(price, scale));
        }
    }

    static void levels(JsonGenerator g, String field, long[] prices, long[] sizes, int priceScale, int sizeScale)
            throws IOException {
        g.writeArrayFieldStart(field);
        for (int i = 0; i < prices.length; i++) {
            g.writeStartArray();
            g.writeString(dec(prices[i], priceScale));
            g.writeString(dec(sizes[i], sizeScale));
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    /** A book's venue, symbol, state, last update id and exchange and receive times (ms). */
    static void identity(JsonGenerator g, BookView v) throws IOException {
        g.writeStringField("venue", v.id().venue().id());
        g.writeStringField("symbol", v.id().symbol());
        g.writeStringField("state", v.state().id());
        g.writeNumberField("lastUpdateId", v.lastUpdateId());
        g.writeNumberField("exchangeTime", v.exchangeTimeMillis());
        g.writeNumberField("receiveTime", v.receiveTimeNanos() / 1_000_000L);
    }

    /** The body of a book: identity, state, times, depth counts and the levels of the view. */
    static void bookFields(JsonGenerator g, BookView v) throws IOException {
        identity(g, v);
        g.writeNumberField("bidLevels", v.bidDepth());
        g.writeNumberField("askLevels", v.askDepth());
        levels(g, "bids", v.bidPrices(), v.bidSizes(), v.priceScale(), v.sizeScale());
        levels(g, "asks", v.askPrices(), v.askSizes(), v.priceScale(), v.sizeScale());
    }

    static byte[] book(BookView v) {
        return write(g -> {
            g.writeStartObject();
            bookFields(g, v);
            g.writeEndObject();
        });
    }

    public static byte[] diff(DiffEvent e) {
        return write(g -> {
            g.writeStartObject();
            g.writeNumberField("previousUpdateId", e.previousUpdateId);
            g.writeNumberField("firstUpdateId", e.firstUpdateId);
            g.writeNumberField("lastUpdateId", e.lastUpdateId);
            g.writeNumberField("exchangeTime", e.exchangeTimeMillis);
            g.writeNumberField("receiveTime", e.receiveTimeNanos / 1_000_000L);
            levels(g, "bids", e.bids.prices(), e.bids.sizes(), e.priceScale, e.sizeScale);
            levels(g, "asks", e.asks.prices(), e.asks.sizes(), e.priceScale, e.sizeScale);
            g.writeEndObject();
        });
    }

    static byte[] state(BookState state) {
        return write(g -> {
            g.writeStartObject();
            g.writeStringField("state", state.id());
            g.writeEndObject();
        });
    }

    /** {@code text} as a JSON string literal, quotes included. */
    static String quote(String text) {
        return new String(write(g -> g.writeString(text)), java.nio.charset.StandardCharsets.UTF_8);
    }

    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    /** Runs {@code body} against a generator and returns the UTF-8 bytes. */
    static byte[] write(Body body) {
        ByteArrayBuilder out = new ByteArrayBuilder(512);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
