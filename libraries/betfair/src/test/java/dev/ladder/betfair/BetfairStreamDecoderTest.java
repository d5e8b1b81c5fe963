package dev.ladder.betfair;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.book.ladder.RunnerLadder;
import dev.ladder.book.ladder.SpPrice;
import org.junit.jupiter.api.Test;

class BetfairStreamDecoderTest {
    private final BetfairMarketCache cache = new BetfairMarketCache();
    private final BetfairStreamDecoder decoder = new BetfairStreamDecoder(cache);

    @Test
    void connectionAndStatusMessagesAreRecognisedAndLeaveTheCacheAlone() {
        assertThat(decoder.decode("{\"op\":\"connection\",\"connectionId\":\"002-051134157842-432409\"}"))
                .isEqualTo(BetfairStreamDecoder.Op.CONNECTION);
        assertThat(decoder.connectionId()).isEqualTo("002-051134157842-432409");
        assertThat(decoder.decode("{\"op\":\"status\",\"id\":1,\"statusCode\":\"FAILURE\",\"errorCode\":\"NO_APP_KEY\","
                + "\"errorMessage\":\"AppKey is not configured\",\"connectionClosed\":true,\"connectionsAvailable\":9}"))
                .isEqualTo(BetfairStreamDecoder.Op.STATUS);
        assertThat(decoder.statusCode()).isEqualTo("FAILURE");
        assertThat(decoder.errorCode()).isEqualTo("NO_APP_KEY");
        assertThat(decoder.errorMessage()).isEqualTo("AppKey is not configured");
        assertThat(decoder.isConnectionClosed()).isTrue();
        assertThat(decoder.connectionsAvailable()).isEqualTo(9);
        assertThat(decoder.decode("{\"op\":\"ocm\",\"pt\":1,\"oc\":[{\"id\":\"1.1\"}]}")).isEqualTo(BetfairStreamDecoder.Op.OCM);
        assertThat(cache.size()).isZero();
        assertThat(cache.messages()).isZero();
    }

    @Test
    void malformedLinesAreCountedDescribedAndNeverHalfApplied() {
        String[] bad = {
                "", "not json", "[1,2]", "{\"op\":\"mcm\",\"mc\":[{\"id\":\"1.1\",\"rc\":[{\"id\":1,\"atb\":[[2,1]]}]}",
                "{\"op\":\"mcm\",\"pt\":1,\"mc\":[{\"id\":\"1.1\",\"rc\":[{\"id\":1,\"atb\":[[2,1]]},{\"id\":2,\"atb\":[[2,]]}]}]}",
                "{\"op\":\"mcm\",\"mc\":[{\"id\":\"1.1\",\"rc\":[{\"id\":1,\"atb\":[[2,1]}]}]}",
                "{\"op\":\"mcm\"} {\"op\":\"mcm\"}"};
        for (String line : bad) {
            assertThat(decoder.decode(line)).as(line).isEqualTo(BetfairStreamDecoder.Op.MALFORMED);
            assertThat(decoder.lastError()).as(line).isNotBlank();
        }
        assertThat(decoder.malformed()).isEqualTo(bad.length);
        assertThat(decoder.badFields().total()).isZero();
        assertThat(cache.size()).as("nothing of a malformed message is applied").isZero();
        assertThat(decoder.decode("{\"op\":\"mcm\",\"pt\":5,\"mc\":[{\"id\":\"1.1\",\"rc\":[{\"id\":1,\"ltp\":2}]}]}"))
                .isEqualTo(BetfairStreamDecoder.Op.MCM);
        assertThat(cache.market("1.1").runner(1, 0).ltp()).isEqualTo(200);
    }

    @Test
    void aBadFieldIsSkippedAloneAndCountedByKind() {
        String line = "{\"op\":\"mcm\",\"clk\":{\"x\":[1]},\"pt\":7,\"mc\":[{\"id\":\"1.1\",\"tv\":\"lots\",\"rc\":["
                + "{\"id\":1,\"atb\":[[2,1],[2.2,1.005],[2.4,3]]},"
                + "{\"id\":2,\"atb\":[[2]],\"atl\":[[3,5]]},"
                + "{\"id\":3,\"atb\":[[2,-1]],\"ltp\":2.5},"
                + "{\"ltp\":2,\"atb\":[[2,9]]},"
                + "{\"id\":4,\"batb\":[[-1,2,3],[1001,2,3],[0,2,3]]},"
                + "{\"id\":5,\"atb\":[[-2.5,10],[1001,10],[2.03,10]],\"trd\":[[0.5,3]],\"atl\":[[2.5,4]],\"ltp\":\"2.5\"},"
                + "{\"id\":6,\"hc\":0.125,\"atb\":[[2,1]]},"
                + "{\"atb\":{\"a\":1},\"id\":7,\"tv\":12.5}]},"
                + "{\"rc\":[{\"id\":9,\"atb\":[[2,1]]}]},"
                + "\"oops\","
                + "{\"id\":\"1.2\",\"img\":\"yes\",\"rc\":[{\"id\":1,\"ltp\":3}]}]}";
        assertThat(decoder.decode(line)).as(decoder.lastError()).isEqualTo(BetfairStreamDecoder.Op.MCM);
        assertThat(decoder.malformed()).isZero();
        assertThat(decoder.publishTime()).isEqualTo(7);
        assertThat(decoder.clk()).isNull();

        BetfairMarket m = cache.market("1.1");
        assertThat(m.tv()).isZero();
        assertThat(m.runner(1, 0).atb().depth()).isEqualTo(2);
        assertThat(m.runner(1, 0).atb().sizeAt(240)).isEqualTo(300);
        assertThat(m.runner(2, 0).atb().isEmpty()).isTrue();
        assertThat(m.runner(2, 0).atl().sizeAt(300)).isEqualTo(500);
        assertThat(m.runner(3, 0).atb().isEmpty()).isTrue();
        assertThat(m.runner(3, 0).ltp()).isEqualTo(250);
        assertThat(m.runner(4, 0).batb().count()).isEqualTo(1);
        assertThat(m.runner(4, 0).batb().price(0)).isEqualTo(200);
        assertThat(m.runner(5, 0).atb().depth()).as("2.03 is off the ticks but in range: kept").isEqualTo(1);
        assertThat(m.runner(5, 0).atb().sizeAt(203)).isEqualTo(1000);
        assertThat(m.runner(5, 0).trd().isEmpty()).isTrue();
        assertThat(m.runner(5, 0).atl().sizeAt(250)).isEqualTo(400);
        assertThat(m.runner(5, 0).ltp()).isEqualTo(RunnerLadder.NO_PRICE);
        assertThat(m.runner(6, 0)).as("a runner whose handicap cannot be held cannot be placed").isNull();
        assertThat(m.runner(6, 12)).isNull();
        assertThat(m.runner(7, 0).tv()).isEqualTo(1250);
        assertThat(m.runners()).extracting(RunnerLadder::selectionId).containsExactly(1L, 2L, 3L, 4L, 5L, 7L);
        assertThat(cache.market("1.2").runner(1, 0).ltp()).isEqualTo(300);
        assertThat(cache.size()).isEqualTo(2);

        BadFields b = decoder.badFields();
        assertThat(b.count("clk", BadFields.Problem.WRONG_TYPE)).isEqualTo(1);
        assertThat(b.count("mc.tv", BadFields.Problem.WRONG_TYPE)).isEqualTo(1);
        assertThat(b.count("rc.atb", BadFields.Problem.NOT_REPRESENTABLE)).isEqualTo(1);
        assertThat(b.count("rc.atb", BadFields.Problem.WRONG_TYPE)).isEqualTo(2);
        assertThat(b.count("rc.atb", BadFields.Problem.OUT_OF_RANGE)).isEqualTo(3);
        assertThat(b.count("rc.batb", BadFields.Problem.OUT_OF_RANGE)).isEqualTo(2);
        assertThat(b.count("rc.trd", BadFields.Problem.OUT_OF_RANGE)).isEqualTo(1);
        assertThat(b.count("rc.ltp", BadFields.Problem.WRONG_TYPE)).isEqualTo(1);
        assertThat(b.count("rc.hc", BadFields.Problem.NOT_REPRESENTABLE)).isEqualTo(1);
        assertThat(b.count("rc.id", BadFields.Problem.MISSING)).isEqualTo(1);
        assertThat(b.count("mc.id", BadFields.Problem.MISSING)).isEqualTo(1);
        assertThat(b.count("mc", BadFields.Problem.WRONG_TYPE)).isEqualTo(1);
        assertThat(b.count("mc.img", BadFields.Problem.WRONG_TYPE)).isEqualTo(1);
        assertThat(b.total()).isEqualTo(17);
    }

    @Test
    void aRunnerWithAnInvalidPriceDoesNotCostAnotherRunnersValidChange() {
        decoder.decode("{\"op\":\"mcm\",\"pt\":1,\"mc\":[{\"id\":\"1.1\",\"img\":true,\"rc\":["
                + "{\"id\":11,\"atb\":[[2.5,10]]},{\"id\":12,\"atb\":[[3,10]]}]}]}");
        ReferenceMarketCache reference = new ReferenceMarketCache(false);
        reference.apply(tree("{\"op\":\"mcm\",\"pt\":1,\"mc\":[{\"id\":\"1.1\",\"img\":true,\"rc\":["
                + "{\"id\":11,\"atb\":[[2.5,10]]},{\"id\":12,\"atb\":[[3,10]]}]}]}"));

        assertThat(decoder.decode("{\"op\":\"mcm\",\"pt\":2,\"mc\":[{\"id\":\"1.1\",\"rc\":["
                + "{\"id\":11,\"atb\":[[-2.5,7]]},{\"id\":12,\"atb\":[[3.5,20]],\"ltp\":3}]}]}"))
                .isEqualTo(BetfairStreamDecoder.Op.MCM);
        reference.apply(tree("{\"op\":\"mcm\",\"pt\":2,\"mc\":[{\"id\":\"1.1\",\"rc\":["
                + "{\"id\":11},{\"id\":12,\"atb\":[[3.5,20]],\"ltp\":3}]}]}"));

        assertThat(decoder.malformed()).isZero();
        assertThat(decoder.badFields().count("rc.atb", BadFields.Problem.OUT_OF_RANGE)).isEqualTo(1);
        assertThat(decoder.badFields().total()).isEqualTo(1);
        assertThat(reference.diff(cache)).isEmpty();
        RunnerLadder valid = cache.market("1.1").runner(12, 0);
        assertThat(valid.atb().sizeAt(350)).isEqualTo(2000);
        assertThat(valid.ltp()).isEqualTo(300);
        assertThat(cache.market("1.1").runner(11, 0).atb().sizeAt(250)).isEqualTo(1000);
        assertThat(cache.market("1.1").publishTime()).isEqualTo(2);
    }

    @Test
    void theRangeCheckUsesTheMarketsOwnLadder() {
        String definition = "\"marketDefinition\":{\"status\":\"OPEN\",\"priceLadderDefinition\":{\"type\":\"LINE_RANGE\"},"
                + "\"lineMinUnit\":-10.5,\"lineMaxUnit\":1500.5,\"lineInterval\":1,\"runners\":[{\"id\":1,\"status\":\"ACTIVE\"}]}";
        decoder.decode("{\"op\":\"mcm\",\"pt\":1,\"mc\":[{\"rc\":[{\"id\":1,\"atb\":[[1200.5,3],[-3.5,4],[1600.5,5]]}],"
                + "\"id\":\"1.7\"," + definition + "}]}");
        RunnerLadder r = cache.market("1.7").runner(1, 0);
        assertThat(r.atb().sizeAt(120050)).isEqualTo(300);
        assertThat(r.atb().sizeAt(-350)).isEqualTo(400);
        assertThat(r.atb().depth()).isEqualTo(2);
        decoder.decode("{\"op\":\"mcm\",\"pt\":2,\"mc\":[{\"id\":\"1.7\",\"rc\":[{\"id\":1,\"atl\":[[1400,1],[-11,1]]}]}]}");
        assertThat(r.atl().depth()).as("later deltas use the cached definition's ladder").isEqualTo(1);
        assertThat(decoder.badFields().count("rc.atb", BadFields.Problem.OUT_OF_RANGE)).isEqualTo(1);
        assertThat(decoder.badFields().count("rc.atl", BadFields.Problem.OUT_OF_RANGE)).isEqualTo(1);
    }

    @Test
    void badDefinitionFieldsAreSkippedAlone() {
        decoder.decode("{\"op\":\"mcm\",\"pt\":1,\"mc\":[{\"id\":\"1.3\",\"marketDefinition\":{\"status\":\"OPEN\","
                + "\"runners\":[{\"id\":1,\"status\":\"ACTIVE\"},{\"id\":2,\"status\":\"SOMETHING_NEW\"},{\"status\":\"ACTIVE\"},"
                + "{\"id\":\"x\"},{\"id\":4,\"hc\":0.333},{\"id\":5,\"status\":\"PLACED\",\"bsp\":\"NaN\"}]},"
                + "\"rc\":[{\"id\":1,\"ltp\":2}]}]}");
        BetfairMarket m = cache.market("1.3");
        assertThat(m.status()).isEqualTo("OPEN");
        assertThat(m.definition().runners()).extracting(BetfairRunnerDefinition::selectionId).containsExactly(1L, 2L, 5L);
        assertThat(m.runnerDefinition(2, 0).status()).isNull();
        assertThat(m.runnerDefinition(5, 0).status()).isEqualTo("PLACED");
        assertThat(m.runnerDefinition(5, 0).bsp()).isNull();
        assertThat(m.runner(1, 0).ltp()).isEqualTo(200);
        BadFields b = decoder.badFields();
        assertThat(b.count("marketDefinition.runners.status", BadFields.Problem.UNKNOWN_VALUE)).isEqualTo(1);
        assertThat(b.count("marketDefinition.runners.id", BadFields.Problem.MISSING)).isEqualTo(1);
        assertThat(b.count("marketDefinition.runners.id", BadFields.Problem.WRONG_TYPE)).isEqualTo(1);
        assertThat(b.count("marketDefinition.runners.hc", BadFields.Problem.NOT_REPRESENTABLE)).isEqualTo(1);
        assertThat(b.total()).isEqualTo(4);
    }

    @Test
    void aSettlementLineWithLongStartingPricesAppliesWholeAndPrintsBackExactly() throws Exception {
        String open = "{\"op\":\"mcm\",\"clk\":\"A1\",\"pt\":1627623963080,\"mc\":[{\"id\":\"1.185781277\",\"img\":true,"
                + "\"marketDefinition\":{\"bspMarket\":true,\"status\":\"OPEN\",\"inPlay\":true,\"bspReconciled\":true,"
                + "\"priceLadderDefinition\":{\"type\":\"CLASSIC\"},\"runners\":["
                + "{\"status\":\"ACTIVE\",\"sortPriority\":1,\"id\":40364042},{\"status\":\"ACTIVE\",\"sortPriority\":2,\"id\":18129666},"
                + "{\"status\":\"REMOVED\",\"sortPriority\":3,\"id\":40364040}]},"
                + "\"rc\":[{\"id\":40364042,\"trd\":[[4.1,120.5],[4.2,33]],\"atb\":[[4.1,10]],\"ltp\":4.1,\"tv\":153.5,"
                + "\"spn\":4.0571,\"spf\":3.9},"
                + "{\"id\":18129666,\"trd\":[[22,5]],\"atl\":[[23,8]],\"spb\":[[187.81,2]],\"spl\":[[187.81,4]]}]},"
                + "{\"id\":\"1.185781278\",\"img\":true,\"marketDefinition\":{\"status\":\"OPEN\",\"runners\":["
                + "{\"status\":\"ACTIVE\",\"id\":40364042}]},\"rc\":[{\"id\":40364042,\"trd\":[[1.5,40]],\"atb\":[[1.5,2]]}]}]}";
        String settlement = "{\"op\":\"mcm\",\"clk\":\"A2\",\"pt\":1627624007645,\"mc\":["
                + "{\"id\":\"1.185781277\",\"marketDefinition\":{\"bspMarket\":true,\"status\":\"CLOSED\",\"inPlay\":true,"
                + "\"bspReconciled\":true,\"complete\":true,\"settledTime\":\"2021-07-30T05:46:00.000Z\","
                + "\"priceLadderDefinition\":{\"type\":\"CLASSIC\"},\"runners\":["
                + "{\"adjustmentFactor\":16.667,\"status\":\"WINNER\",\"sortPriority\":1,\"bsp\":4.1,\"id\":40364042},"
                + "{\"adjustmentFactor\":0.68,\"status\":\"LOSER\",\"sortPriority\":2,\"bsp\":187.8050947177038,\"id\":18129666},"
                + "{\"adjustmentFactor\":26.678,\"status\":\"REMOVED\",\"sortPriority\":3,\"removalDate\":\"2021-07-29T21:06:40.000Z\","
                + "\"id\":40364040}]},"
                + "\"rc\":[{\"trd\":[],\"atb\":[[4.1,0]],\"spb\":[[38.387036360669896,2.5],[2.550036913,10]],"
                + "\"spl\":[[1.0123456789012345,3.18]],\"spn\":\"NaN\",\"spf\":\"Infinity\",\"tv\":0,\"id\":40364042},"
                + "{\"trd\":[[22,0]],\"atl\":[[23,0]],\"spb\":[[187.81,0]],\"spl\":[[187.81,0]],\"spn\":2.550036913,"
                + "\"spf\":38.387036360669896,\"tv\":0,\"id\":18129666}]},"
                + "{\"id\":\"1.185781278\",\"img\":true,\"marketDefinition\":{\"status\":\"CLOSED\",\"runners\":["
                + "{\"status\":\"WINNER\",\"id\":40364042}]},\"rc\":[{\"id\":40364042,\"atb\":[],\"atl\":[],\"trd\":[],"
                + "\"spn\":NaN,\"spf\":Infinity}]}]}";
        ReferenceMarketCache reference = new ReferenceMarketCache(false);
        for (String line : new String[] {open, settlement}) {
            assertThat(decoder.decode(line)).as(decoder.lastError()).isEqualTo(BetfairStreamDecoder.Op.MCM);
            reference.apply(tree(line));
            assertThat(reference.diff(cache)).isEmpty();
        }
        assertThat(decoder.malformed()).isZero();
        assertThat(decoder.badFields().total()).as(decoder.badFields().toString()).isZero();

        BetfairMarket m = cache.market("1.185781277");
        assertThat(m.status()).isEqualTo("CLOSED");
        assertThat(m.definition().runners()).extracting(BetfairRunnerDefinition::status).containsExactly("WINNER", "LOSER", "REMOVED");
        RunnerLadder winner = m.runner(40364042, 0);
        assertThat(winner.trd().isEmpty()).as("trd: [] resets the traded ladder").isTrue();
        assertThat(winner.atb().isEmpty()).isTrue();
        assertThat(winner.tv()).isZero();
        assertThat(winner.spNear()).isEqualTo(SpPrice.NAN);
        assertThat(winner.spFar()).isEqualTo(SpPrice.INFINITY);
        RunnerLadder loser = m.runner(18129666, 0);
        assertThat(loser.trd().isEmpty()).isTrue();
        assertThat(loser.atl().isEmpty()).isTrue();

        JsonNode book = BetfairStreamDecoder.MAPPER.readTree(BetfairBookJson.toJson(m));
        JsonNode w = book.get("runners").get(0);
        assertThat(w.get("spn").asText()).isEqualTo("NaN");
        assertThat(w.get("spf").asText()).isEqualTo("Infinity");
        assertThat(w.get("trd")).isEmpty();
        assertThat(w.get("spb").toString()).isEqualTo("[[\"38.387036360669896\",\"2.5\"],[\"2.550036913\",\"10\"]]");
        assertThat(w.get("spl").toString()).isEqualTo("[[\"1.0123456789012345\",\"3.18\"]]");
        JsonNode l = book.get("runners").get(1);
        assertThat(l.get("spn").asText()).isEqualTo("2.550036913");
        assertThat(l.get("spf").asText()).isEqualTo("38.387036360669896");
        assertThat(l.get("spb")).isEmpty();
        assertThat(book.get("runners").get(2).get("spn").isNull()).as("never sent").isTrue();
        assertThat(book.get("runners").get(2).get("status").asText()).isEqualTo("REMOVED");
        assertThat(m.runnerDefinition(18129666, 0).bsp()).isEqualByComparingTo("187.8050947177038");

        BetfairMarket place = cache.market("1.185781278");
        assertThat(place.status()).isEqualTo("CLOSED");
        RunnerLadder placed = place.runner(40364042, 0);
        assertThat(placed.trd().isEmpty()).isTrue();
        assertThat(placed.atb().isEmpty()).isTrue();
        assertThat(BetfairBookJson.spPrice(placed.spNear())).isEqualTo("NaN");
        assertThat(BetfairBookJson.spPrice(placed.spFar())).isEqualTo("Infinity");
    }

    @Test
    void startingPricesThatCannotBeHeldAreBadFieldsNotBadLines() {
        assertThat(decoder.decode("{\"op\":\"mcm\",\"pt\":1,\"mc\":[{\"id\":\"1.1\",\"rc\":[{\"id\":1,"
                + "\"spn\":1.23456789012345678,\"spf\":-2.5,\"spb\":[[\"NaN\",2],[-1.5,2],[3.25,1]],\"ltp\":2}]}]}"))
                .isEqualTo(BetfairStreamDecoder.Op.MCM);
        RunnerLadder r = cache.market("1.1").runner(1, 0);
        assertThat(r.spNear()).isEqualTo(SpPrice.NONE);
        assertThat(r.spFar()).isEqualTo(SpPrice.NONE);
        assertThat(r.spb().depth()).isEqualTo(1);
        assertThat(BetfairBookJson.spPrice(r.spb().price(0))).isEqualTo("3.25");
        assertThat(r.ltp()).isEqualTo(200);
        BadFields b = decoder.badFields();
        assertThat(b.count("rc.spn", BadFields.Problem.NOT_REPRESENTABLE)).isEqualTo(1);
        assertThat(b.count("rc.spf", BadFields.Problem.OUT_OF_RANGE)).isEqualTo(1);
        assertThat(b.count("rc.spb", BadFields.Problem.OUT_OF_RANGE)).isEqualTo(2);
    }

    @Test
    void numbersTooLargeForTheirScaleAreBadFields() {
        assertThat(decoder.decode("{\"op\":\"mcm\",\"pt\":1,\"mc\":[{\"id\":\"1.1\",\"tv\":1e17,\"rc\":[{\"id\":1,"
                + "\"atb\":[[2,1e17],[2.2,99999999999999999999],[2.4,1e1]],\"tv\":123456789012345678901234567890}]}]}"))
                .isEqualTo(BetfairStreamDecoder.Op.MCM);
        RunnerLadder r = cache.market("1.1").runner(1, 0);
        assertThat(r.atb().depth()).isEqualTo(1);
        assertThat(r.atb().sizeAt(240)).isEqualTo(1000);
        assertThat(decoder.badFields().count("rc.atb", BadFields.Problem.NOT_REPRESENTABLE)).isEqualTo(2);
        assertThat(decoder.badFields().count("rc.tv", BadFields.Problem.NOT_REPRESENTABLE)).isEqualTo(1);
        assertThat(decoder.badFields().count("mc.tv", BadFields.Problem.NOT_REPRESENTABLE)).isEqualTo(1);
    }

    private static JsonNode tree(String line) {
        try {
            return BetfairStreamDecoder.MAPPER.readTree(line);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void parseThenApplyLetsAReplayLookAtThePublishTimeFirst() {
        byte[] line = "xx{\"op\":\"mcm\",\"pt\":77,\"mc\":[{\"id\":\"1.9\"}]}yy".getBytes();
        assertThat(decoder.parse(line, 2, line.length - 4))
                .isEqualTo(BetfairStreamDecoder.Op.MCM);
        assertThat(decoder.publishTime()).isEqualTo(77);
        assertThat(decoder.marketChangeCount()).isEqualTo(1);
        assertThat(decoder.marketId(0)).isEqualTo("1.9");
        assertThat(cache.size()).isZero();
        decoder.applyParsed();
        decoder.applyParsed();
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.messages()).isEqualTo(1);
    }

    @Test
    void segmentTypesAndUnknownFieldsAreTolerated() {
        assertThat(decoder.decode("{\"op\":\"mcm\",\"segmentType\":\"SEG_START\",\"pt\":1,\"future\":{\"a\":[1]},"
                + "\"mc\":[{\"id\":\"1.1\",\"new\":1,\"rc\":[{\"id\":1,\"newLadder\":[[1,2]],\"ltp\":null}]}]}"))
                .isEqualTo(BetfairStreamDecoder.Op.MCM);
        assertThat(decoder.segmentType()).isEqualTo(BetfairStreamDecoder.SegmentType.SEG_START);
        assertThat(cache.market("1.1").runner(1, 0)).isNotNull();
    }
}
