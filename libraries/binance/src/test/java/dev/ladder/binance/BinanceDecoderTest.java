package dev.ladder.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BinanceDecoderTest {
    private final BinanceDecoder decoder = new BinanceDecoder();

    @Test
    void decodesSpotDepthUpdateInCombinedEnvelope() throws Exception {
        String json = "{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1723161255208,\"s\":\"BTCUSDT\","
                + "\"U\":50093239189,\"u\":50093239202,\"b\":[[\"61737.63000000\",\"0.00000000\"]],"
                + "\"a\":[[\"61837.64000000\",\"1.54698000\"],[\"61839.85000000\",\"0.00000000\"]]}}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        assertThat(decoder.decode(bytes, 0, bytes.length)).isEqualTo(BinanceMessageType.DEPTH_UPDATE);
        DepthUpdate d = decoder.depthUpdate();
        assertThat(d.symbol()).isEqualTo("BTCUSDT");
        assertThat(d.eventTime()).isEqualTo(1723161255208L);
        assertThat(d.firstUpdateId()).isEqualTo(50093239189L);
        assertThat(d.finalUpdateId()).isEqualTo(50093239202L);
        assertThat(d.hasPreviousFinalUpdateId()).isFalse();
        assertThat(d.bids().count()).isEqualTo(1);
        assertThat(d.bids().price(0)).isEqualTo(6_173_763_000_000L);
        assertThat(d.bids().size(0)).isZero();
        assertThat(d.asks().count()).isEqualTo(2);
        assertThat(d.asks().size(0)).isEqualTo(154_698_000L);
    }

    @Test
    void decodesFromCharArraysAndStringBuilders() throws Exception {
        String json = "{\"e\":\"trade\",\"E\":1,\"s\":\"BTCUSDT\",\"t\":9,\"p\":\"1.5\",\"q\":\"2\",\"T\":1,\"m\":false}";
        char[] padded = ("  x" + json + "y").toCharArray();
        assertThat(decoder.decode(padded, 3, json.length())).isEqualTo(BinanceMessageType.TRADE);
        assertThat(decoder.trade().tradeId()).isEqualTo(9);
        StringBuilder sb = new StringBuilder(json.replace("\"t\":9", "\"t\":10"));
        assertThat(decoder.decode((CharSequence) sb)).isEqualTo(BinanceMessageType.TRADE);
        assertThat(decoder.trade().tradeId()).isEqualTo(10);
        assertThat(decoder.trade().size()).isEqualTo(200_000_000L);
    }

    @Test
    void decodesFuturesDepthUpdateWithPu() throws Exception {
        String json = "{\"stream\":\"sushiusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1626992741037,\"T\":1626992741024,"
                + "\"s\":\"SUSHIUSDT\",\"U\":600859599090,\"u\":600859600917,\"pu\":600859598061,\"b\":[[\"7.5040\",\"813\"]],\"a\":[]}}";
        assertThat(decoder.decode(json)).isEqualTo(BinanceMessageType.DEPTH_UPDATE);
        DepthUpdate d = decoder.depthUpdate();
        assertThat(d.previousFinalUpdateId()).isEqualTo(600859598061L);
        assertThat(d.transactionTime()).isEqualTo(1626992741024L);
        assertThat(d.bids().price(0)).isEqualTo(750_400_000L);
        assertThat(d.bids().size(0)).isEqualTo(81_300_000_000L);
        assertThat(d.asks().count()).isZero();
    }

    @Test
    void decodesRawPayloadWithoutEnvelopeAndAnyFieldOrder() throws Exception {
        String json = "{\"b\":[[\"1.5\",\"2\"]],\"a\":[],\"u\":7,\"U\":5,\"s\":\"ETHBTC\",\"e\":\"depthUpdate\"}";
        assertThat(decoder.decode(json)).isEqualTo(BinanceMessageType.DEPTH_UPDATE);
        assertThat(decoder.depthUpdate().bids().price(0)).isEqualTo(150_000_000L);
        assertThat(decoder.depthUpdate().eventTime()).isEqualTo(DepthUpdate.NONE);
    }

    @Test
    void decodesSnapshotsSpotAndFutures() throws Exception {
        String spot = "{\"lastUpdateId\":50093239218,\"bids\":[[\"61837.63000000\",\"3.78826000\"],[\"61837.62000000\",\"0.61700000\"]],\"asks\":[[\"61837.64000000\",\"1.9\"]]}";
        assertThat(decoder.decode(spot)).isEqualTo(BinanceMessageType.SNAPSHOT);
        DepthSnapshot s = decoder.snapshot();
        assertThat(s.lastUpdateId()).isEqualTo(50093239218L);
        assertThat(s.bids().count()).isEqualTo(2);
        assertThat(s.asks().size(0)).isEqualTo(190_000_000L);
        assertThat(s.priceFractionDigits()).isEqualTo(8);
        assertThat(s.sizeFractionDigits()).isEqualTo(8);
        assertThat(s.looksLikeFutures()).isFalse();
        String fut = "{\"lastUpdateId\":600859605926,\"E\":1626992741264,\"T\":1626992741261,\"bids\":[[\"7.6110\",\"6\"]],\"asks\":[[\"7.6120\",\"1\"]]}";
        assertThat(decoder.decodeSnapshot(fut, "SUSHIUSDT").symbol()).isEqualTo("SUSHIUSDT");
        assertThat(decoder.snapshot().looksLikeFutures()).isTrue();
        assertThat(decoder.snapshot().priceFractionDigits()).isEqualTo(4);
        assertThat(decoder.snapshot().sizeFractionDigits()).isZero();
        assertThat(decoder.snapshot().bids().count()).isEqualTo(1);
    }

    @Test
    void decodesBookTickerSpotAndFutures() throws Exception {
        String spot = "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":50093239212,\"s\":\"BTCUSDT\",\"b\":\"61837.63000000\",\"B\":\"3.78826000\",\"a\":\"61837.64000000\",\"A\":\"1.54698000\"}}";
        assertThat(decoder.decode(spot)).isEqualTo(BinanceMessageType.BOOK_TICKER);
        BookTicker t = decoder.bookTicker();
        assertThat(t.updateId()).isEqualTo(50093239212L);
        assertThat(t.bidPrice()).isEqualTo(6_183_763_000_000L);
        assertThat(t.askSize()).isEqualTo(154_698_000L);
        assertThat(t.eventTime()).isEqualTo(DepthUpdate.NONE);
        String fut = "{\"stream\":\"sushiusdt@bookTicker\",\"data\":{\"e\":\"bookTicker\",\"u\":600859600576,\"s\":\"SUSHIUSDT\",\"b\":\"7.6110\",\"B\":\"2\",\"a\":\"7.6120\",\"A\":\"297\",\"T\":1626992741012,\"E\":1626992741017}}";
        assertThat(decoder.decode(fut)).isEqualTo(BinanceMessageType.BOOK_TICKER);
        assertThat(decoder.bookTicker().eventTime()).isEqualTo(1626992741017L);
        assertThat(decoder.bookTicker().transactionTime()).isEqualTo(1626992741012L);
        assertThat(decoder.bookTicker().askSize()).isEqualTo(29_700_000_000L);
    }

    @Test
    void decodesTrade() throws Exception {
        String json = "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1723161255343,\"s\":\"BTCUSDT\",\"t\":3735683259,\"p\":\"61837.63000000\",\"q\":\"0.02000000\",\"T\":1723161255342,\"m\":true,\"M\":true}}";
        assertThat(decoder.decode(json)).isEqualTo(BinanceMessageType.TRADE);
        Trade t = decoder.trade();
        assertThat(t.tradeId()).isEqualTo(3735683259L);
        assertThat(t.price()).isEqualTo(6_183_763_000_000L);
        assertThat(t.size()).isEqualTo(2_000_000L);
        assertThat(t.tradeTime()).isEqualTo(1723161255342L);
        assertThat(t.isBuyerMaker()).isTrue();
    }

    @Test
    void skipsKlineAggTradeAndSubscriptionAnswers() throws Exception {
        assertThat(decoder.decode("{\"stream\":\"nknusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":1,\"s\":\"NKNUSDT\",\"a\":123,\"p\":\"0.35\",\"q\":\"10\",\"f\":1,\"l\":2,\"T\":1,\"m\":false,\"M\":true}}"))
                .isEqualTo(BinanceMessageType.IGNORED);
        assertThat(decoder.decode("{\"stream\":\"nknusdt@kline_1m\",\"data\":{\"e\":\"kline\",\"E\":1,\"s\":\"NKNUSDT\",\"k\":{\"t\":1,\"B\":\"0\",\"x\":false}}}"))
                .isEqualTo(BinanceMessageType.IGNORED);
        assertThat(decoder.decode("{\"result\":null,\"id\":1}")).isEqualTo(BinanceMessageType.IGNORED);
    }

    @Test
    void malformedInputThrowsClearErrorsAndDecoderRecovers() throws Exception {
        assertBad("not json", "malformed JSON");
        assertBad("[1,2]", "expected a JSON object");
        assertBad("{\"e\":\"depthUpdate\",\"s\":\"X\",\"U\":1,\"u\":2,\"b\":[[\"1.0\"", "malformed JSON");
        assertBad("{\"e\":\"depthUpdate\",\"s\":\"X\",\"U\":1,\"b\":[],\"a\":[]}", "depthUpdate without 'u'");
        assertBad("{\"e\":\"depthUpdate\",\"s\":\"X\",\"U\":\"1\",\"u\":2,\"b\":[],\"a\":[]}", "field 'U' is not an integer");
        assertBad("{\"e\":\"depthUpdate\",\"s\":\"X\",\"U\":1,\"u\":2,\"b\":[[\"abc\",\"1\"]],\"a\":[]}", "price: bad decimal 'abc'");
        assertBad("{\"e\":\"depthUpdate\",\"s\":\"X\",\"U\":1,\"u\":2,\"b\":[[\"1.5\"]],\"a\":[]}", "price level without a size");
        assertBad("{\"e\":\"depthUpdate\",\"s\":\"X\",\"U\":1,\"u\":2,\"b\":[[\"-1.5\",\"1\"]],\"a\":[]}", "negative value '-1.5'");
        assertBad("{\"e\":\"depthUpdate\",\"s\":\"X\",\"U\":1,\"u\":2,\"b\":[[\"1.000000001\",\"1\"]],\"a\":[]}", "more than 8 fraction digits");
        assertBad("{\"e\":\"depthUpdate\",\"s\":\"X\",\"U\":1,\"u\":2,\"b\":[[\"99999999999999999999\",\"1\"]],\"a\":[]}", "out of range");
        assertBad("{\"e\":\"depthUpdate\",\"s\":\"X\",\"U\":1,\"u\":2,\"b\":{},\"a\":[]}", "field 'b' is not an array or a string");
        assertBad("{\"u\":1,\"s\":\"X\",\"b\":\"1\",\"B\":\"1\",\"a\":\"2\"}", "bookTicker without 'A'");
        assertBad("{\"e\":\"trade\",\"s\":\"X\",\"t\":1,\"p\":\"1\"}", "trade without 'q'");
        assertBad("{\"lastUpdateId\":5,\"bids\":[]}", "depth snapshot without 'asks'");
        assertBad("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}", "error answer from Binance: code -1121: Invalid symbol.");
        assertBad("{\"error\":{\"code\":2,\"msg\":\"Invalid request\"},\"id\":1}", "error answer from Binance: code 2: Invalid request");
        assertBad("{\"stream\":\"x\",\"data\":{\"foo\":1}}", "stream payload without an event type");
        assertBad("{}", "unrecognised message");
        assertBad("{\"e\":\"trade\"} {}", "trailing content");
        assertThat(decoder.decode("{\"e\":\"depthUpdate\",\"s\":\"X\",\"U\":1,\"u\":2,\"b\":[],\"a\":[[\"2\",\"3\"]]}"))
                .isEqualTo(BinanceMessageType.DEPTH_UPDATE);
        assertThat(decoder.depthUpdate().asks().count()).isEqualTo(1);
    }

    private void assertBad(String json, String message) {
        assertThatThrownBy(() -> decoder.decode(json))
                .isInstanceOf(BinanceFormatException.class)
                .hasMessageContaining(message);
    }

    @Test
    void reusesScratchArraysAcrossMessages() throws Exception {
        decoder.decode("{\"e\":\"depthUpdate\",\"s\":\"X\",\"U\":1,\"u\":2,\"b\":[[\"1\",\"1\"],[\"2\",\"1\"]],\"a\":[]}");
        DepthUpdate first = decoder.depthUpdate();
        decoder.decode("{\"e\":\"depthUpdate\",\"s\":\"X\",\"U\":3,\"u\":4,\"b\":[],\"a\":[]}");
        assertThat(decoder.depthUpdate()).isSameAs(first);
        assertThat(first.bids().count()).isZero();
        assertThat(first.symbol()).isSameAs(decoder.depthUpdate().symbol());
    }
}
