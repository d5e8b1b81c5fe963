package dev.ladder.betfair;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ladder.book.ladder.LevelLadder;
import dev.ladder.book.ladder.PriceLadder;
import dev.ladder.book.ladder.PriceSizeLadder;
import dev.ladder.book.ladder.RunnerLadder;
import dev.ladder.book.ladder.SpPrice;
import dev.ladder.core.Decimals;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Writes a {@link BetfairMarket} as a market book:
 * <pre>{"marketId":"1.23","pt":1497351220318,"status":"OPEN","inPlay":false,"tv":"123.45",
 *  "runners":[{"id":123,"hc":"0","status":"ACTIVE","ltp":"4.6","tv":"10",
 *   "atb":[["4.5","12.34"],...],"atl":[...],"trd":[...],"batb":[[0,"4.5","12.34"],...],"batl":[...],
 *   "bdatb":[...],"bdatl":[...],"spb":[["38.387036360669896","2"],...],"spl":[...],
 *   "spn":"2.550036913","spf":"Infinity"}]}</pre>
 * Best first: atb and spb highest price first, atl and spl lowest first, trd by price ascending
 * (betfairlightweight's order), level ladders by level. Prices, sizes and handicaps are exact
 * decimal strings without trailing zeros ({@code "4.6"}, {@code "12"}), formatted by {@link Decimals};
 * an absent price or status is {@code null}.
 *
 * <p>Starting-price values (spn, spf and the prices of spb and spl) print back every digit Betfair
 * sent ({@code "38.387036360669896"}), and spn/spf print {@code "NaN"} and {@code "Infinity"} as sent;
 * one never sent is {@code null}. See {@link SpPrice}.
 */
public final class BetfairBookJson {
    private BetfairBookJson() {
    }

    /** The market book as one line of JSON. */
    public static String toJson(BetfairMarket market) {
        StringWriter w = new StringWriter(4096);
        try (JsonGenerator g = BetfairStreamDecoder.MAPPER.getFactory().createGenerator(w)) {
            write(market, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    /** Writes the market book as one JSON object. */
    public static void write(BetfairMarket m, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("marketId", m.id());
        g.writeNumberField("pt", m.publishTime());
        g.writeStringField("status", m.status());
        g.writeBooleanField("inPlay", m.isInPlay());
        g.writeStringField("tv", decimal(m.tv()));
        g.writeArrayFieldStart("runners");
        for (int i = 0; i < m.runners().size(); i++) {
            RunnerLadder r = m.runners().get(i);
            BetfairRunnerDefinition d = m.runnerDefinition(i);
            g.writeStartObject();
            g.writeNumberField("id", r.selectionId());
            g.writeStringField("hc", decimal(r.handicap()));
            g.writeStringField("status", d == null ? null : d.status());
            g.writeStringField("ltp", price(r.ltp()));
            g.writeStringField("tv", decimal(r.tv()));
            ladder(g, "atb", r.atb(), false);
            ladder(g, "atl", r.atl(), false);
            ladder(g, "trd", r.trd(), false);
            levels(g, "batb", r.batb());
            levels(g, "batl", r.batl());
            levels(g, "bdatb", r.bdatb());
            levels(g, "bdatl", r.bdatl());
            ladder(g, "spb", r.spb(), true);
            ladder(g, "spl", r.spl(), true);
            g.writeStringField("spn", spPrice(r.spNear()));
            g.writeStringField("spf", spPrice(r.spFar()));
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void ladder(JsonGenerator g, String name, PriceSizeLadder l, boolean sp) throws IOException {
        g.writeArrayFieldStart(name);
        for (int i = 0; i < l.depth(); i++) {
            g.writeStartArray();
            g.writeString(sp ? spPrice(l.price(i)) : decimal(l.price(i)));
            g.writeString(decimal(l.size(i)));
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    private static void levels(JsonGenerator g, String name, LevelLadder l) throws IOException {
        g.writeArrayFieldStart(name);
        for (int i = 0; i < l.count(); i++) {
            g.writeStartArray();
            g.writeNumber(l.levelAt(i));
            g.writeString(decimal(l.priceAt(i)));
            g.writeString(decimal(l.sizeAt(i)));
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    /**
     * An exchange price (scaled at {@link PriceLadder#PRICE_SCALE}) as text: {@code null} when absent
     * ({@link RunnerLadder#NO_PRICE}).
     */
    public static String price(long price) {
        return price == RunnerLadder.NO_PRICE ? null : decimal(price);
    }

    /**
     * A starting-price value (an {@link SpPrice} encoding) as Betfair sent it: every digit
     * ({@code "38.387036360669896"}), {@code "NaN"}, {@code "Infinity"}, or {@code null} when never sent.
     */
    public static String spPrice(long sp) {
        return SpPrice.toString(sp);
    }

    /** A value scaled at 2 as exact text without trailing zeros ({@code 460 → "4.6"}, {@code 1200 → "12"}). */
    public static String decimal(long v) {
        return Decimals.formatStripped(v, PriceLadder.PRICE_SCALE);
    }
}
