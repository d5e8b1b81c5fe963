package dev.ladder.betfair;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.core.SharedData;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Golden check: after every line of {@code BASIC-1.132153978} our market book equals
 * betfairlightweight's ({@code BASIC-1.132153978-processed.json}) field by field wherever both have
 * the field, numbers compared as exact decimals.
 */
class BetfairGoldenTest {
    private static final String FILE = "data/betfair/BASIC-1.132153978";
    private static final String GOLDEN = "data/betfair/BASIC-1.132153978-processed.json";

    @Test
    void everyBookMatchesBetfairLightweight() throws IOException {
        Path file = SharedData.resolve(FILE);
        Assumptions.assumeTrue(file != null, SharedData.skipReason(FILE));
        Path golden = SharedData.resolve(GOLDEN);
        Assumptions.assumeTrue(golden != null, SharedData.skipReason(GOLDEN));

        JsonNode expectedBooks = BetfairStreamDecoder.MAPPER.readTree(golden.toFile());
        List<String> lines = Files.readAllLines(file);
        assertThat(expectedBooks.size()).isEqualTo(lines.size()).isEqualTo(480);

        BetfairMarketCache cache = new BetfairMarketCache(BetfairCacheConfig.keepAll());
        BetfairStreamDecoder decoder = new BetfairStreamDecoder(cache);
        int compared = 0;
        for (int i = 0; i < lines.size(); i++) {
            assertThat(decoder.decode(lines.get(i))).as("line %d: %s", i + 1, decoder.lastError())
                    .isEqualTo(BetfairStreamDecoder.Op.MCM);
            JsonNode expected = expectedBooks.get(i);
            BetfairMarket market = cache.market(expected.get("marketId").asText());
            assertThat(market).as("line %d market", i + 1).isNotNull();
            JsonNode actual = BetfairStreamDecoder.MAPPER.readTree(BetfairBookJson.toJson(market));
            compared += compare("line " + (i + 1), expected, actual, market);
        }
        assertThat(compared).isGreaterThan(480 * 14 * 5);
        BetfairMarket last = cache.market("1.132153978");
        assertThat(last.status()).isEqualTo("CLOSED");
        assertThat(last.runners()).hasSize(14);
    }

    private static int compare(String where, JsonNode expected, JsonNode actual, BetfairMarket market) {
        int n = 0;
        n += same(where + " marketId", expected.get("marketId"), actual.get("marketId"));
        n += same(where + " status", expected.get("status"), actual.get("status"));
        n += same(where + " inplay", expected.get("inplay"), actual.get("inPlay"));
        n += same(where + " totalMatched", expected.get("totalMatched"), actual.get("tv"));
        n += same(where + " publishTime", expected.get("publishTime"), actual.get("pt"));
        BetfairMarketDefinition d = market.definition();
        n += same(where + " version", expected.get("version"), BetfairStreamDecoder.MAPPER.valueToTree(d.version()));
        n += same(where + " betDelay", expected.get("betDelay"), BetfairStreamDecoder.MAPPER.valueToTree(d.betDelay()));
        n += same(where + " numberOfWinners", expected.get("numberOfWinners"), BetfairStreamDecoder.MAPPER.valueToTree(d.numberOfWinners()));
        n += same(where + " numberOfActiveRunners", expected.get("numberOfActiveRunners"),
                BetfairStreamDecoder.MAPPER.valueToTree(d.numberOfActiveRunners()));
        n += same(where + " complete", expected.get("complete"), BetfairStreamDecoder.MAPPER.valueToTree(d.complete()));
        n += same(where + " bspReconciled", expected.get("bspReconciled"), BetfairStreamDecoder.MAPPER.valueToTree(d.bspReconciled()));
        n += same(where + " crossMatching", expected.get("crossMatching"), BetfairStreamDecoder.MAPPER.valueToTree(d.crossMatching()));

        JsonNode expectedRunners = expected.get("runners");
        JsonNode actualRunners = actual.get("runners");
        assertThat(actualRunners.size()).as(where + " runner count").isEqualTo(expectedRunners.size());
        Map<String, JsonNode> byKey = new HashMap<>();
        List<String> actualOrder = new ArrayList<>();
        for (JsonNode r : actualRunners) {
            String key = r.get("id").asText() + "/" + new BigDecimal(r.get("hc").asText()).stripTrailingZeros().toPlainString();
            byKey.put(key, r);
            actualOrder.add(key);
        }
        List<String> expectedOrder = new ArrayList<>();
        for (JsonNode e : expectedRunners) {
            String key = e.get("selectionId").asText() + "/" + e.get("handicap").decimalValue().stripTrailingZeros().toPlainString();
            expectedOrder.add(key);
            JsonNode a = byKey.get(key);
            assertThat(a).as(where + " runner " + key).isNotNull();
            String w = where + " runner " + key;
            n += same(w + " status", e.get("status"), a.get("status"));
            n += same(w + " lastPriceTraded", e.get("lastPriceTraded"), a.get("ltp"));
            n += same(w + " totalMatched", e.get("totalMatched"), a.get("tv"));
            n += same(w + " sp.nearPrice", e.path("sp").get("nearPrice"), a.get("spn"));
            n += same(w + " sp.farPrice", e.path("sp").get("farPrice"), a.get("spf"));
            n += ladder(w + " availableToBack", e.path("ex").get("availableToBack"), shown(a, "atb", "bdatb", "batb"));
            n += ladder(w + " availableToLay", e.path("ex").get("availableToLay"), shown(a, "atl", "bdatl", "batl"));
            n += ladder(w + " tradedVolume", e.path("ex").get("tradedVolume"), a.get("trd"));
            BetfairRunnerDefinition rd = market.runnerDefinition(a.get("id").asLong(), new BigDecimal(a.get("hc").asText()).movePointRight(2).longValueExact());
            if (rd != null) {
                n += same(w + " actualSP", e.path("sp").get("actualSP"), rd.bsp() == null ? null : BetfairStreamDecoder.MAPPER.valueToTree(rd.bsp()));
                n += same(w + " adjustmentFactor", e.get("adjustmentFactor"),
                        rd.adjustmentFactor() == null ? null : BetfairStreamDecoder.MAPPER.valueToTree(rd.adjustmentFactor()));
            }
        }
        assertThat(actualOrder).as(where + " runner order").isEqualTo(expectedOrder);
        return n;
    }

    /** betfairlightweight shows atb, else the best display ladder, else the best ladder (levels dropped). */
    private static JsonNode shown(JsonNode runner, String full, String display, String best) {
        if (!runner.get(full).isEmpty()) {
            return runner.get(full);
        }
        var out = BetfairStreamDecoder.MAPPER.createArrayNode();
        JsonNode levels = !runner.get(display).isEmpty() ? runner.get(display) : runner.get(best);
        for (JsonNode l : levels) {
            out.addArray().add(l.get(1).asText()).add(l.get(2).asText());
        }
        return out;
    }

    private static int ladder(String where, JsonNode expected, JsonNode actual) {
        if (expected == null || actual == null) {
            return 0;
        }
        assertThat(actual.size()).as(where + " depth: expected " + expected + " actual " + actual).isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            same(where + "[" + i + "].price", expected.get(i).get("price"), actual.get(i).get(0));
            same(where + "[" + i + "].size", expected.get(i).get("size"), actual.get(i).get(1));
        }
        return 1;
    }

    /** Equal as exact decimals (text or number), booleans and texts as such; skipped when either side lacks the field. */
    private static int same(String where, JsonNode expected, JsonNode actual) {
        if (expected == null || actual == null) {
            return 0;
        }
        if (expected.isNull() || actual.isNull()) {
            assertThat(actual.isNull()).as(where + ": expected " + expected + ", actual " + actual).isEqualTo(expected.isNull());
            return 1;
        }
        if (expected.isNumber()) {
            BigDecimal a = actual.isNumber() ? actual.decimalValue() : new BigDecimal(actual.asText());
            assertThat(a).as(where).isEqualByComparingTo(expected.decimalValue());
        } else if (expected.isBoolean()) {
            assertThat(actual.asBoolean()).as(where).isEqualTo(expected.asBoolean());
        } else {
            assertThat(actual.asText()).as(where).isEqualTo(expected.asText());
        }
        return 1;
    }
}
