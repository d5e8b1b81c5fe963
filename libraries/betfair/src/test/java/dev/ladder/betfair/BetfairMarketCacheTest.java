package dev.ladder.betfair;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.book.ladder.RunnerLadder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BetfairMarketCacheTest {
    private static final String DEF = """
            "marketDefinition":{"status":"OPEN","inPlay":false,"version":7,"bettingType":"ODDS","marketType":"WIN",\
            "priceLadderDefinition":{"type":"CLASSIC"},"runners":[{"id":11,"status":"ACTIVE","sortPriority":1},\
            {"id":22,"status":"ACTIVE","sortPriority":2}]}""";

    private final BetfairMarketCache cache = new BetfairMarketCache();
    private final BetfairStreamDecoder decoder = new BetfairStreamDecoder(cache);

    private void ok(String json) {
        assertThat(decoder.decode(json)).as(decoder.lastError()).isNotEqualTo(BetfairStreamDecoder.Op.MALFORMED);
    }

    private RunnerLadder runner(long id) {
        return cache.market("1.1").runner(id, 0);
    }

    @Test
    void definitionWithoutRunnerChangesListsEveryRunner() {
        ok("{\"op\":\"mcm\",\"pt\":1,\"clk\":\"A\",\"mc\":[{\"id\":\"1.1\"," + DEF + "}]}");
        BetfairMarket m = cache.market("1.1");
        assertThat(m.status()).isEqualTo("OPEN");
        assertThat(m.runners()).extracting(RunnerLadder::selectionId).containsExactly(11L, 22L);
        assertThat(m.runnerDefinition(0).status()).isEqualTo("ACTIVE");
        assertThat(m.definition().raw().get("marketType").asText()).isEqualTo("WIN");
        assertThat(runner(11).ltp()).isEqualTo(RunnerLadder.NO_PRICE);
        assertThat(runner(11).tv()).isZero();
    }

    @Test
    void priceLaddersSetAndRemoveAndSeveralEntriesForOneRunnerMergeInOrder() {
        ok("{\"op\":\"mcm\",\"pt\":1,\"mc\":[{\"id\":\"1.1\",\"img\":true," + DEF + ",\"rc\":["
                + "{\"id\":11,\"atb\":[[2.5,10],[2.48,5.5]],\"atl\":[[2.52,3]]},"
                + "{\"id\":11,\"atb\":[[2.5,0],[2.46,1.01]],\"ltp\":2.5,\"tv\":100.25},"
                + "{\"id\":11,\"atb\":[[2.44,7]]}]}]}");
        RunnerLadder r = runner(11);
        assertThat(r.atb().depth()).isEqualTo(3);
        assertThat(r.atb().price(0)).isEqualTo(248);
        assertThat(r.atb().size(0)).isEqualTo(550);
        assertThat(r.atb().price(2)).isEqualTo(244);
        assertThat(r.atl().price(0)).isEqualTo(252);
        assertThat(r.ltp()).isEqualTo(250);
        assertThat(r.tv()).isEqualTo(10025);
        ok("{\"op\":\"mcm\",\"pt\":2,\"mc\":[{\"id\":\"1.1\",\"rc\":[{\"id\":11,\"atb\":[[9.99,0]]}]}]}");
        assertThat(r.atb().depth()).as("removing an absent price is a no-op").isEqualTo(3);
    }

    @Test
    void levelLaddersRemoveTheLevelOnSizeZero() {
        ok("{\"op\":\"mcm\",\"pt\":1,\"mc\":[{\"id\":\"1.1\",\"img\":true," + DEF
                + ",\"rc\":[{\"id\":22,\"batb\":[[0,3.1,5],[1,3.05,6],[2,3,7]],\"bdatl\":[[0,3.2,1]]}]}]}");
        ok("{\"op\":\"mcm\",\"pt\":2,\"mc\":[{\"id\":\"1.1\",\"rc\":[{\"id\":22,\"batb\":[[1,3.05,0]],\"bdatl\":[[0,3.2,0]]}]}]}");
        RunnerLadder r = runner(22);
        assertThat(r.batb().count()).isEqualTo(2);
        assertThat(r.batb().levelAt(1)).isEqualTo(2);
        assertThat(r.batb().price(2)).isEqualTo(300);
        assertThat(r.batb().has(1)).isFalse();
        assertThat(r.bdatl().isEmpty()).isTrue();
    }

    @Test
    void imageReplacesTheMarketAndKeepsTheDefinitionWhenNoneIsSent() {
        ok("{\"op\":\"mcm\",\"pt\":1,\"mc\":[{\"id\":\"1.1\",\"img\":true," + DEF + ",\"tv\":50,"
                + "\"rc\":[{\"id\":11,\"atb\":[[2,10]],\"trd\":[[2,5]],\"ltp\":2,\"tv\":5},{\"id\":33,\"atl\":[[4,1]]}]}]}");
        assertThat(cache.market("1.1").runners()).hasSize(3);
        ok("{\"op\":\"mcm\",\"pt\":2,\"mc\":[{\"id\":\"1.1\",\"img\":true,\"rc\":[{\"id\":22,\"atl\":[[3,2]]}]}]}");
        BetfairMarket m = cache.market("1.1");
        assertThat(m.tv()).isZero();
        assertThat(m.status()).isEqualTo("OPEN");
        assertThat(m.runners()).extracting(RunnerLadder::selectionId).containsExactly(11L, 22L);
        assertThat(runner(11).atb().isEmpty()).isTrue();
        assertThat(runner(11).ltp()).isEqualTo(RunnerLadder.NO_PRICE);
        assertThat(runner(22).atl().price(0)).isEqualTo(300);
    }

    @Test
    void handicapsKeepRunnersApart() {
        ok("{\"op\":\"mcm\",\"pt\":1,\"mc\":[{\"id\":\"1.1\",\"rc\":[{\"id\":5,\"hc\":-0.25,\"ltp\":1.9},"
                + "{\"id\":5,\"hc\":0.25,\"ltp\":2.1},{\"id\":5,\"ltp\":3}]}]}");
        BetfairMarket m = cache.market("1.1");
        assertThat(m.runners()).hasSize(3);
        assertThat(m.runner(5, -25).ltp()).isEqualTo(190);
        assertThat(m.runner(5, 25).ltp()).isEqualTo(210);
        assertThat(m.runner(5, 0).ltp()).isEqualTo(300);
        assertThat(m.runner(5, 50)).isNull();
    }

    @Test
    void cumulativeRunnerTvSumsTheTradedLadderAndMarketTvCanBeCalculated() {
        BetfairMarketCache pro = new BetfairMarketCache(BetfairCacheConfig.defaults()
                .withCumulativeRunnerTv(true).withCalculateMarketTv(true));
        BetfairStreamDecoder d = new BetfairStreamDecoder(pro);
        d.decode("{\"op\":\"mcm\",\"pt\":1,\"mc\":[{\"id\":\"1.1\",\"rc\":[{\"id\":1,\"trd\":[[2,10.5],[2.02,3]],\"tv\":13.5},"
                + "{\"id\":2,\"trd\":[[5,1]],\"tv\":1}]}]}");
        d.decode("{\"op\":\"mcm\",\"pt\":2,\"mc\":[{\"id\":\"1.1\",\"rc\":[{\"id\":1,\"trd\":[[2,12.25]],\"tv\":1.75}]}]}");
        BetfairMarket m = pro.market("1.1");
        assertThat(m.runner(1, 0).tv()).as("PRO tv 1.75 is a delta; the ladder sum is the total").isEqualTo(1525);
        assertThat(m.tv()).isEqualTo(1625);
        d.decode("{\"op\":\"mcm\",\"pt\":3,\"mc\":[{\"id\":\"1.1\",\"rc\":[{\"id\":1,\"trd\":[]}]}]}");
        assertThat(m.runner(1, 0).trd().isEmpty()).isTrue();
        assertThat(m.runner(1, 0).tv()).isZero();
    }

    @Test
    void clocksAreTrackedFromChangesAndHeartbeats() {
        ok("{\"op\":\"mcm\",\"id\":2,\"initialClk\":\"I1\",\"clk\":\"C1\",\"ct\":\"SUB_IMAGE\",\"pt\":1,\"mc\":[]}");
        assertThat(decoder.changeType()).isEqualTo(BetfairStreamDecoder.ChangeType.SUB_IMAGE);
        assertThat(decoder.id()).isEqualTo(2);
        ok("{\"op\":\"mcm\",\"id\":2,\"clk\":\"C2\",\"ct\":\"HEARTBEAT\",\"pt\":2}");
        assertThat(decoder.changeType()).isEqualTo(BetfairStreamDecoder.ChangeType.HEARTBEAT);
        assertThat(cache.initialClk()).isEqualTo("I1");
        assertThat(cache.clk()).isEqualTo("C2");
        assertThat(cache.messages()).isEqualTo(2);
        ok("{\"op\":\"mcm\",\"id\":2,\"pt\":3,\"ct\":\"RESUB_DELTA\",\"mc\":[]}");
        assertThat(cache.clk()).as("a message without clk keeps the last one").isEqualTo("C2");
    }

    @Test
    void closedMarketsAreEvictedAfterTheGracePeriodByPublishTime() {
        BetfairMarketCache c = new BetfairMarketCache(BetfairCacheConfig.defaults().withClosedGraceMillis(60_000));
        List<String> evicted = new ArrayList<>();
        c.listener(new BetfairCacheListener() {
            @Override
            public void onMarketChange(BetfairMarket market, boolean image) {
            }

            @Override
            public void onMarketEvicted(String marketId) {
                evicted.add(marketId);
            }
        });
        BetfairStreamDecoder d = new BetfairStreamDecoder(c);
        d.decode("{\"op\":\"mcm\",\"pt\":1000,\"mc\":[{\"id\":\"1.1\",\"marketDefinition\":{\"status\":\"CLOSED\",\"runners\":[]}},"
                + "{\"id\":\"1.2\",\"marketDefinition\":{\"status\":\"OPEN\",\"runners\":[]}}]}");
        d.decode("{\"op\":\"mcm\",\"pt\":61000,\"mc\":[{\"id\":\"1.2\",\"tv\":1}]}");
        assertThat(c.market("1.1")).as("exactly the grace period: kept").isNotNull();
        d.decode("{\"op\":\"mcm\",\"pt\":62001,\"mc\":[{\"id\":\"1.2\",\"tv\":2}]}");
        assertThat(c.market("1.1")).isNull();
        assertThat(c.market("1.2")).isNotNull();
        assertThat(c.evicted()).isEqualTo(1);
        assertThat(evicted).containsExactly("1.1");
    }

    @Test
    void listenersHearAfterTheWholeMessageAndAThrowingListenerIsCounted() {
        List<String> seen = new ArrayList<>();
        cache.listener((market, image) -> {
            seen.add(market.id() + ":" + image + ":" + market.runners().size());
            throw new IllegalStateException("boom");
        });
        ok("{\"op\":\"mcm\",\"pt\":1,\"mc\":[{\"id\":\"1.1\",\"rc\":[{\"id\":1,\"ltp\":2}]},{\"id\":\"1.2\",\"rc\":[{\"id\":1,\"ltp\":2}]},"
                + "{\"id\":\"1.1\",\"rc\":[{\"id\":2,\"ltp\":2}]}]}");
        assertThat(seen).containsExactly("1.1:true:2", "1.2:true:1", "1.1:false:2");
        assertThat(cache.listenerFailures()).isEqualTo(3);
    }
}
