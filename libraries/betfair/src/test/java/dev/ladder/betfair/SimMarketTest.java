package dev.ladder.betfair;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
}
