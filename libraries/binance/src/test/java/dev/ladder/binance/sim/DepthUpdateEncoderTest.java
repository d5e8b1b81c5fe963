package dev.ladder.binance.sim;

import dev.ladder.binance.BinanceDecoder;
import dev.ladder.binance.BinanceMessageType;
import dev.ladder.binance.DepthSnapshot;
import dev.ladder.binance.DepthUpdate;
import dev.ladder.book.OrderBook;
import dev.ladder.core.Side;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the simulator writes, the decoder reads back exactly (and it looks like Binance's JSON). */
class DepthUpdateEncoderTest {
    private final DepthUpdateEncoder encoder = new DepthUpdateEncoder(8);
    private final BinanceDecoder decoder = new BinanceDecoder();

    @Test
    void spotDepthUpdateRoundTrips() throws Exception {
        long[] prices = {6_183_763_000_000L, 6_183_762_000_000L, 6_183_764_000_000L};
        long[] sizes = {150_000L, 0, 2_000_000_000L};
        String json = encoder.depthUpdate(new StringBuilder(), "BTCUSDT", 1723161540000L, 0, 101, 105, 0, false,
                prices, sizes, 2, 1).toString();
        assertThat(json).isEqualTo("{\"e\":\"depthUpdate\",\"E\":1723161540000,\"s\":\"BTCUSDT\",\"U\":101,\"u\":105,"
                + "\"b\":[[\"61837.63000000\",\"0.00150000\"],[\"61837.62000000\",\"0.00000000\"]],"
                + "\"a\":[[\"61837.64000000\",\"20.00000000\"]]}");
        assertThat(decoder.decode(DepthUpdateEncoder.combined("btcusdt@depth@100ms", json))).isEqualTo(BinanceMessageType.DEPTH_UPDATE);
        DepthUpdate d = decoder.depthUpdate();
        assertThat(d.symbol()).isEqualTo("BTCUSDT");
        assertThat(d.firstUpdateId()).isEqualTo(101);
        assertThat(d.finalUpdateId()).isEqualTo(105);
        assertThat(d.hasPreviousFinalUpdateId()).isFalse();
        assertThat(d.bids().count()).isEqualTo(2);
        assertThat(d.bids().price(1)).isEqualTo(6_183_762_000_000L);
        assertThat(d.bids().size(1)).isZero();
        assertThat(d.asks().size(0)).isEqualTo(2_000_000_000L);
    }

    @Test
    void futuresDepthUpdateCarriesPreviousId() throws Exception {
        String json = encoder.depthUpdate(new StringBuilder(), "ETHUSDT", 5, 4, 200, 210, 199, true,
                new long[] {100_000_000L}, new long[] {1}, 0, 1).toString();
        assertThat(decoder.decode(json)).isEqualTo(BinanceMessageType.DEPTH_UPDATE);
        assertThat(decoder.depthUpdate().previousFinalUpdateId()).isEqualTo(199);
        assertThat(decoder.depthUpdate().transactionTime()).isEqualTo(4);
    }

    @Test
    void snapshotTickerAndTradeRoundTrip() throws Exception {
        OrderBook book = new OrderBook(8, 8);
        for (int i = 0; i < 10; i++) {
            book.set(Side.BID, 1_000_000_000L - i * 1000, 5 + i);
            book.set(Side.ASK, 1_000_001_000L + i * 1000, 7 + i);
        }
        String snap = encoder.snapshot(new StringBuilder(), book, 77, 3, false, 0).toString();
        DepthSnapshot s = decoder.decodeSnapshot(snap, "BTCUSDT");
        assertThat(s.lastUpdateId()).isEqualTo(77);
        assertThat(s.bids().count()).isEqualTo(3);
        assertThat(s.asks().price(2)).isEqualTo(1_000_003_000L);

        String ticker = encoder.bookTicker(new StringBuilder(), "BTCUSDT", 9, 1, 2, 3, 4, false, 0).toString();
        assertThat(decoder.decode(ticker)).isEqualTo(BinanceMessageType.BOOK_TICKER);
        assertThat(decoder.bookTicker().askSize()).isEqualTo(4);

        String trade = encoder.trade(new StringBuilder(), "BTCUSDT", 10, 12345, 100, 200, 9, true).toString();
        assertThat(decoder.decode(trade)).isEqualTo(BinanceMessageType.TRADE);
        assertThat(decoder.trade().tradeId()).isEqualTo(12345);
        assertThat(decoder.trade().isBuyerMaker()).isTrue();
    }
}
