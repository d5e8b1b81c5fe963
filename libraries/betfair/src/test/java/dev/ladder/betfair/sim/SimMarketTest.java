package dev.ladder.betfair.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.betfair.BetfairCacheConfig;
import dev.ladder.betfair.BetfairMarketCache;
import dev.ladder.betfair.BetfairStreamDecoder;
import dev.ladder.betfair.MarketDataFilter;
import dev.ladder.betfair.StreamHarness;
import dev.ladder.betfair.StreamJson;
import org.junit.jupiter.api.Test;

class SimMarketTest {
    @Test
    void modelChangesAppliedToAnImageMatchTheDecoderCache() throws Exception {
        SimMarketModel model = new SimMarketModel("1.5", "7", 6, 10, 0, 0, 0.05, 42);
        SimMarket state = new SimMarket("1.5", false);
        BetfairMarketCache cache = new BetfairMarketCache(BetfairCacheConfig.keepAll());
        BetfairStreamDecoder decoder = new BetfairStreamDecoder(cache);
        JsonNode first = model.image();
        state.apply(first);
        decoder.decode("{\"op\":\"mcm\",\"pt\":1,\"mc\":[" + StreamJson.write(first) + "]}");
        for (int i = 0; i < 300; i++) {
            JsonNode c = model.step();
            state.apply(c);
            String line = "{\"op\":\"mcm\",\"pt\":" + (i + 2) + ",\"mc\":[" + StreamJson.write(c) + "]}";
            decoder.decode(line);
            assertThat(StreamHarness.canonical(cache.market("1.5"))).as("step %d: %s", i, line)
                    .isEqualTo(state.canonical());
        }
    }

    /** Best backs sit just below fair odds, best lays one tick above, so the books stay near 100% as prices walk. */
    @Test
    void booksStayNearOneHundredPercentAroundTheTrueProbabilities() throws Exception {
        for (long seed = 0; seed < 30; seed++) {
            int runners = 2 + (int) (seed % 15);
            SimMarketModel model = new SimMarketModel("1.8", "7", runners, 10, 0, 0, 0.05, seed);
            SimMarket state = new SimMarket("1.8", false);
            state.apply(model.image());
            for (int step = 0; step <= 400; step++) {
                if (step > 0) {
                    state.apply(model.step());
                }
                double[] p = model.probabilities();
                long[] ids = model.selectionIds();
                assertThat(java.util.Arrays.stream(p).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
                JsonNode image = state.toImage(MarketDataFilter.allFields());
                double backBook = 0;
                double layBook = 0;
                JsonNode rc = image.get("rc");
                assertThat(rc).hasSize(runners);
                boolean clamped = false;
                for (JsonNode r : rc) {
                    int i = java.util.Arrays.stream(ids).boxed().toList().indexOf(r.get("id").longValue());
                    double bestBack = r.get("batb").get(0).get(1).doubleValue();
                    double bestLay = r.get("batl").get(0).get(1).doubleValue();
                    int backTick = tickIndex(bestBack);
                    assertThat(tickIndex(bestLay)).as("seed %d step %d: lay one tick above back", seed, step).isEqualTo(backTick + 1);
                    double fair = 1 / p[i];
                    clamped |= fair < 1.2;
                    if (fair >= 1.2) {
                        assertThat(bestBack).as("seed %d step %d runner %d", seed, step, i).isLessThan(fair);
                        assertThat(bestLay).as("seed %d step %d runner %d", seed, step, i).isGreaterThanOrEqualTo(fair);
                    }
                    backBook += 100 / bestBack;
                    layBook += 100 / bestLay;
                }
                if (!clamped) {
                    assertThat(backBook).as("seed %d step %d back book", seed, step).isBetween(99.0, 110.0);
                }
                assertThat(layBook).as("seed %d step %d lay book", seed, step).isBetween(90.0, 100.0);
                if (runners == 8 && !clamped) {
                    assertThat(backBook).as("8 runners: back overround").isBetween(95.0, 105.0);
                }
            }
        }
    }

    private static int tickIndex(double price) {
        for (int t = 0; t < SimMarketModel.TICKS.length; t++) {
            if (Math.abs(SimMarketModel.TICKS[t].doubleValue() - price) < 1e-9) {
                return t;
            }
        }
        throw new AssertionError("not a CLASSIC tick: " + price);
    }

    /** Merging any run of deltas into one (conflation, RESUB_DELTA) must give the same state as applying them one by one. */
    @Test
    void mergedDeltasEqualDeltasAppliedOneByOne() throws Exception {
        for (long seed = 0; seed < 40; seed++) {
            SimMarketModel model = new SimMarketModel("1.6", "7", 5, 6, 30, 0, 0.1, seed);
            SimMarket oneByOne = new SimMarket("1.6", false);
            SimMarket viaMerges = new SimMarket("1.6", false);
            JsonNode image = model.image();
            oneByOne.apply(image);
            viaMerges.apply(image);
            java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
            for (int batch = 0; batch < 20; batch++) {
                SimMarket acc = new SimMarket("1.6", true);
                int n = 1 + r.nextInt(8);
                for (int i = 0; i < n; i++) {
                    JsonNode c = model.step();
                    oneByOne.apply(c);
                    acc.apply(c);
                }
                com.fasterxml.jackson.databind.node.ObjectNode merged = acc.toChange(MarketDataFilter.allFields());
                if (merged != null) {
                    viaMerges.apply(StreamJson.parseObject(StreamJson.write(merged)));
                    assertThat(merged.has("con")).isEqualTo(n > 1);
                }
                assertThat(viaMerges.canonical()).as("seed %d batch %d", seed, batch).isEqualTo(oneByOne.canonical());
            }
        }
    }

    @Test
    void dataFilterSelectsFieldsAndLadderDepth() throws Exception {
        SimMarket m = new SimMarket("1.7", false);
        m.apply(StreamJson.parseObject("{\"id\":\"1.7\",\"img\":true,\"tv\":5,\"marketDefinition\":{\"status\":\"OPEN\"},"
                + "\"rc\":[{\"id\":1,\"atb\":[[2,3]],\"trd\":[[2,1]],\"ltp\":2,\"tv\":1,"
                + "\"batb\":[[0,2,3],[1,1.9,4],[2,1.8,5]],\"bdatl\":[[0,2.1,1]],\"spn\":2.02}]}"));
        MarketDataFilter best1 = new MarketDataFilter(java.util.Set.of(MarketDataFilter.Field.EX_BEST_OFFERS,
                MarketDataFilter.Field.EX_LTP), 1);
        assertThat(StreamJson.write(m.toImage(best1)))
                .isEqualTo("{\"id\":\"1.7\",\"img\":true,\"rc\":[{\"id\":1,\"batb\":[[0,2,3]],\"ltp\":2}]}");
        MarketDataFilter def = MarketDataFilter.of(MarketDataFilter.Field.EX_MARKET_DEF, MarketDataFilter.Field.EX_TRADED_VOL);
        assertThat(StreamJson.write(m.toImage(def)))
                .isEqualTo("{\"id\":\"1.7\",\"img\":true,\"marketDefinition\":{\"status\":\"OPEN\"},\"tv\":5,\"rc\":[{\"id\":1,\"tv\":1}]}");
        SimMarket delta = new SimMarket("1.7", true);
        delta.apply(StreamJson.parseObject("{\"id\":\"1.7\",\"rc\":[{\"id\":1,\"trd\":[[2,5]]}]}"));
        assertThat(delta.toChange(MarketDataFilter.of(MarketDataFilter.Field.EX_ALL_OFFERS))).isNull();
    }
}
