package dev.ladder.betfair;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.book.ladder.RunnerLadder;
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
                "{\"op\":\"mcm\",\"pt\":1,\"mc\":[{\"id\":\"1.1\",\"rc\":[{\"id\":1,\"atb\":[[2,1]]},{\"id\":2,\"atb\":[[2]]}]}]}",
                "{\"op\":\"mcm\",\"mc\":[{\"id\":\"1.1\",\"rc\":[{\"id\":1,\"atb\":[[2,1.005]]}]}]}",
                "{\"op\":\"mcm\",\"mc\":[{\"id\":\"1.1\",\"rc\":[{\"id\":1,\"atb\":[[2,-1]]}]}]}",
                "{\"op\":\"mcm\",\"mc\":[{\"rc\":[]}]}",
                "{\"op\":\"mcm\",\"mc\":[{\"id\":\"1.1\",\"rc\":[{\"ltp\":2}]}]}",
                "{\"op\":\"mcm\",\"mc\":[{\"id\":\"1.1\",\"rc\":[{\"id\":1,\"batb\":[[-1,2,3]]}]}]}",
                "{\"op\":\"mcm\",\"mc\":{}}",
                "{\"op\":\"mcm\"} {\"op\":\"mcm\"}"};
        for (String line : bad) {
            assertThat(decoder.decode(line)).as(line).isEqualTo(BetfairStreamDecoder.Op.MALFORMED);
            assertThat(decoder.lastError()).as(line).isNotBlank();
        }
        assertThat(decoder.malformed()).isEqualTo(bad.length);
        assertThat(cache.size()).as("nothing of a malformed message is applied").isZero();
        assertThat(decoder.decode("{\"op\":\"mcm\",\"pt\":5,\"mc\":[{\"id\":\"1.1\",\"rc\":[{\"id\":1,\"ltp\":2}]}]}"))
                .isEqualTo(BetfairStreamDecoder.Op.MCM);
        assertThat(cache.market("1.1").runner(1, 0).ltp()).isEqualTo(200);
    }

    @Test
    void numbersAreExact() {
        decoder.decode("{\"op\":\"mcm\",\"pt\":1,\"mc\":[{\"id\":\"1.1\",\"tv\":123456789.99,\"rc\":[{\"id\":1,"
                + "\"atb\":[[1.01,0.010],[1000,99999999.5]],\"trd\":[[1.1,2.10]],\"spn\":\"NaN\",\"spf\":\"Infinity\",\"ltp\":1e1}]}]}");
        BetfairMarket m = cache.market("1.1");
        RunnerLadder r = m.runner(1, 0);
        assertThat(m.tv()).isEqualTo(12345678999L);
        assertThat(r.atb().price(0)).isEqualTo(100000);
        assertThat(r.atb().size(0)).isEqualTo(9999999950L);
        assertThat(r.atb().size(1)).isEqualTo(1);
        assertThat(r.trd().size(0)).isEqualTo(210);
        assertThat(r.spn()).isEqualTo(RunnerLadder.NO_PRICE);
        assertThat(r.spf()).isEqualTo(RunnerLadder.INFINITE_PRICE);
        assertThat(r.ltp()).isEqualTo(1000);
        String json = BetfairBookJson.toJson(m);
        assertThat(json).contains("\"atb\":[[\"1000\",\"99999999.5\"],[\"1.01\",\"0.01\"]]")
                .contains("\"tv\":\"123456789.99\"").contains("\"spf\":\"Infinity\"").contains("\"spn\":null")
                .contains("\"trd\":[[\"1.1\",\"2.1\"]]");
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
