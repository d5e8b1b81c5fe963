package dev.ladder.betfair;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ladder.book.ladder.LevelLadder;
import dev.ladder.book.ladder.PriceSizeLadder;
import dev.ladder.book.ladder.RunnerLadder;
import dev.ladder.core.SharedData;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link BetfairBookJson} writes its bytes by hand; a plain Jackson generator writing the same fields is
 * the reference. Every market of every shared file, thousands of fuzzed markets, and markets whose ids
 * and statuses need escaping give byte-for-byte the reference's UTF-8.
 */
class BetfairBookJsonTest {
    private static final List<String> FILES = List.of("data/betfair/BASIC-1.132153978", "data/betfair/1.180305278.bz2",
            "data/betfair/1.185781277.bz2", "data/betfair/1.197931750.bz2", "data/betfair/1.200806927.bz2",
            "data/betfair/1.242971311.bz2");

    @Test
    void everySharedMarketPrintsAsTheJacksonReference() throws IOException {
        int markets = 0;
        for (String rel : FILES) {
            Path file = SharedData.resolve(rel);
            Assumptions.assumeTrue(file != null, SharedData.skipReason(rel));
            BetfairMarketCache cache = new BetfairMarketCache(BetfairCacheConfig.keepAll());
            BetfairStreamDecoder decoder = new BetfairStreamDecoder(cache);
            BetfairBookJson.Bytes reused = new BetfairBookJson.Bytes(16);
            long[] lines = {0};
            new BetfairHistoricalReader().read(file, (source, number, bytes, off, len) -> {
                decoder.decode(bytes, off, len);
                // mid-replay states too: half-built ladders, suspended markets, SP projections
                if (++lines[0] % 500 == 0) {
                    for (BetfairMarket m : cache.markets()) {
                        assertSame(m, reused);
                    }
                }
                return true;
            });
            for (BetfairMarket m : cache.markets()) {
                assertSame(m, reused);
                markets++;
            }
        }
        assertThat(markets).isEqualTo(205);
    }

    @Test
    void fuzzedMarketsPrintAsTheJacksonReference() throws Exception {
        List<String> base = BetfairDecoderFuzzTest.lines();
        SplittableRandom rnd = new SplittableRandom(7);
        BetfairStreamDecoder decoder = new BetfairStreamDecoder(new BetfairMarketCache(BetfairCacheConfig.keepAll()));
        BetfairBookJson.Bytes reused = new BetfairBookJson.Bytes(16);
        for (int round = 0; round < 3_000; round++) {
            decoder.decode(BetfairDecoderFuzzTest.mutate(base.get(rnd.nextInt(base.size())), rnd));
            decoder.decode(base.get(rnd.nextInt(base.size())));
            if (round % 100 == 0) {
                for (BetfairMarket m : decoder.cache().markets()) {
                    assertSame(m, reused);
                }
            }
        }
        assertThat(decoder.cache().size()).isPositive();
    }

    @Test
    void idsAndStatusesAreEscapedAsJacksonDoes() throws IOException {
        BetfairStreamDecoder decoder = new BetfairStreamDecoder(new BetfairMarketCache(BetfairCacheConfig.keepAll()));
        String[] ids = {"1.2\\\"3", "1.\\\\x", "1.\\u0001\\n\\t\\r\\b\\f\\u001f", "1.é€😀", "1.\\u007f/"};
        for (String id : ids) {
            String line = "{\"op\":\"mcm\",\"pt\":1700000000000,\"mc\":[{\"id\":\"" + id + "\",\"img\":true,"
                    + "\"marketDefinition\":{\"status\":\"OPEN\",\"inPlay\":true,\"runners\":[{\"id\":7,\"hc\":-1.25,\"status\":\"ACTIVE\"}]},"
                    + "\"rc\":[{\"id\":7,\"hc\":-1.25,\"atb\":[[1.01,0.01],[1000,123456.78]],\"batl\":[[2,3.5,0.5]],\"ltp\":2.5,\"tv\":10000000,"
                    + "\"spn\":\"NaN\",\"spf\":\"Infinity\",\"spb\":[[38.387036360669896,2]]}]}]}";
            assertThat(decoder.decode(line)).as(line).isNotEqualTo(BetfairStreamDecoder.Op.MALFORMED);
        }
        assertThat(decoder.cache().size()).isEqualTo(ids.length);
        BetfairBookJson.Bytes reused = new BetfairBookJson.Bytes(16);
        for (BetfairMarket m : decoder.cache().markets()) {
            assertSame(m, reused);
        }
        assertThat(BetfairBookJson.toJson(decoder.cache().market("1.é€😀"))).startsWith("{\"marketId\":\"1.é€😀\",\"pt\":1700000000000,");
    }

    private static void assertSame(BetfairMarket m, BetfairBookJson.Bytes reused) {
        byte[] expected = reference(m).getBytes(StandardCharsets.UTF_8);
        BetfairBookJson.toJson(m, reused);
        assertThat(Arrays.copyOf(reused.array(), reused.length())).as(m.id()).isEqualTo(expected);
        assertThat(BetfairBookJson.toJson(m).getBytes(StandardCharsets.UTF_8)).as(m.id()).isEqualTo(expected);
    }

    /** The book through Jackson's generator: the field order and formats BetfairBookJson documents. */
    private static String reference(BetfairMarket m) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = BetfairStreamDecoder.MAPPER.getFactory().createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("marketId", m.id());
            g.writeNumberField("pt", m.publishTime());
            g.writeStringField("status", m.status());
            g.writeBooleanField("inPlay", m.isInPlay());
            g.writeStringField("tv", BetfairBookJson.decimal(m.tv()));
            g.writeArrayFieldStart("runners");
            for (int i = 0; i < m.runners().size(); i++) {
                RunnerLadder r = m.runners().get(i);
                BetfairRunnerDefinition d = m.runnerDefinition(i);
                g.writeStartObject();
                g.writeNumberField("id", r.selectionId());
                g.writeStringField("hc", BetfairBookJson.decimal(r.handicap()));
                g.writeStringField("status", d == null ? null : d.status());
                g.writeStringField("ltp", BetfairBookJson.price(r.ltp()));
                g.writeStringField("tv", BetfairBookJson.decimal(r.tv()));
                ladder(g, "atb", r.atb(), false);
                ladder(g, "atl", r.atl(), false);
                ladder(g, "trd", r.trd(), false);
                levels(g, "batb", r.batb());
                levels(g, "batl", r.batl());
                levels(g, "bdatb", r.bdatb());
                levels(g, "bdatl", r.bdatl());
                ladder(g, "spb", r.spb(), true);
                ladder(g, "spl", r.spl(), true);
                g.writeStringField("spn", BetfairBookJson.spPrice(r.spNear()));
                g.writeStringField("spf", BetfairBookJson.spPrice(r.spFar()));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }

    private static void ladder(JsonGenerator g, String name, PriceSizeLadder l, boolean sp) throws IOException {
        g.writeArrayFieldStart(name);
        for (int i = 0; i < l.depth(); i++) {
            g.writeStartArray();
            g.writeString(sp ? BetfairBookJson.spPrice(l.price(i)) : BetfairBookJson.decimal(l.price(i)));
            g.writeString(BetfairBookJson.decimal(l.size(i)));
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    private static void levels(JsonGenerator g, String name, LevelLadder l) throws IOException {
        g.writeArrayFieldStart(name);
        for (int i = 0; i < l.count(); i++) {
            g.writeStartArray();
            g.writeNumber(l.levelAt(i));
            g.writeString(BetfairBookJson.decimal(l.priceAt(i)));
            g.writeString(BetfairBookJson.decimal(l.sizeAt(i)));
            g.writeEndArray();
        }
        g.writeEndArray();
    }
}
