package dev.ladder.binance.sim;

import dev.ladder.book.OrderBook;
import dev.ladder.core.Decimals;
import dev.ladder.core.Side;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MarketModelTest {

    @Test
    void booksStayUncrossedDeepAndIdsIncrease() {
        for (long seed = 1; seed <= 20; seed++) {
            MarketModel m = new MarketModel(seed, 300);
            SimBook b = new SimBook("S" + seed);
            m.seed(b, 1000);
            long last = b.lastUpdateId;
            for (int i = 0; i < 500; i++) {
                SimBook.Diff d = m.next(b, (p, q, maker) -> assertThat(q).isPositive());
                assertThat(d.firstId).isEqualTo(last + 1);
                assertThat(d.finalId).isGreaterThanOrEqualTo(d.firstId);
                b.apply(d);
                last = b.lastUpdateId;
                OrderBook book = b.book;
                assertThat(book.bestPrice(Side.BID)).isLessThan(book.bestPrice(Side.ASK));
                assertThat(book.depth(Side.BID)).isBetween(200, 350);
                assertThat(book.depth(Side.ASK)).isBetween(200, 350);
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameBook() {
        OrderBook[] books = new OrderBook[2];
        for (int k = 0; k < 2; k++) {
            MarketModel m = new MarketModel(99, 300);
            SimBook b = new SimBook("X");
            m.seed(b, 1);
            for (int i = 0; i < 300; i++) {
                b.apply(m.next(b, null));
            }
            books[k] = b.book;
        }
        for (Side side : Side.values()) {
            assertThat(books[0].top(side, books[0].depth(side))).isEqualTo(books[1].top(side, books[1].depth(side)));
        }
    }

    @Test
    void wellKnownSymbolsStartAtRealisticLevelsWithRealisticSizes() {
        String[] symbols = {"BTCUSDT", "ETHUSDT", "BNBUSDT", "SOLUSDT", "XRPUSDT"};
        String[][] bands = {{"60000", "70000"}, {"2800", "3200"}, {"500", "600"}, {"140", "160"}, {"0.45", "0.55"}};
        long[] ticks = {1_000_000, 1_000_000, 1_000_000, 1_000_000, 10_000};
        long[] steps = {1_000, 10_000, 100_000, 100_000, 100_000_000};
        for (long seed = 1; seed <= 10; seed++) {
            MarketModel m = new MarketModel(seed, 300);
            for (int k = 0; k < symbols.length; k++) {
                SimBook b = new SimBook(symbols[k]);
                m.seed(b, 1);
                for (int i = 0; i < 200; i++) {
                    b.apply(m.next(b, null));
                }
                long mid = (b.book.bestPrice(Side.BID) + b.book.bestPrice(Side.ASK)) / 2;
                assertThat(mid).as("%s mid", symbols[k])
                        .isBetween(Decimals.parse(bands[k][0], MarketModel.SCALE), Decimals.parse(bands[k][1], MarketModel.SCALE));
                assertThat(b.tickSize).as("%s tick", symbols[k]).isEqualTo(ticks[k]);
                assertThat(b.lotSize).as("%s step", symbols[k]).isEqualTo(steps[k]);
                assertLevelsAreOnTheGridAndWorthAFewThousand(b);
            }
        }
    }

    @Test
    void otherSymbolsGetADeterministicRealisticLevelIndependentOfOrder() {
        for (String symbol : new String[] {"FOOUSDT", "ABCDEF", "ZZZUSDT", "PEPEUSDT"}) {
            MarketModel.Level a = MarketModel.levelFor(symbol, 5);
            assertThat(MarketModel.levelFor(symbol, 5)).isEqualTo(a);
            assertThat(a.price()).isBetween(Decimals.parse("0.1", MarketModel.SCALE) - a.tick(),
                    Decimals.parse("10000", MarketModel.SCALE));
            assertThat(a.price() % a.tick()).isZero();
            double price = a.price() / 1e8;
            assertThat(a.tick() / 1e8 / price).as("%s relative tick", symbol).isBetween(1e-7, 1e-3);
            assertThat(a.step() / 1e8 * price).as("%s step notional", symbol).isBetween(0.01, 10.0);
            SimBook b = new SimBook(symbol);
            new MarketModel(5, 100).seed(b, 1);
            assertLevelsAreOnTheGridAndWorthAFewThousand(b);
        }
    }

    private static void assertLevelsAreOnTheGridAndWorthAFewThousand(SimBook b) {
        double total = 0;
        int n = 0;
        for (Side side : Side.values()) {
            for (int i = 0; i < b.book.depth(side); i++) {
                assertThat(b.book.price(side, i) % b.tickSize).isZero();
                long size = b.book.size(side, i);
                assertThat(size % b.lotSize).isZero();
                total += (double) size / 1e8 * (b.book.price(side, i) / 1e8);
                n++;
            }
        }
        assertThat(total / n).as("%s mean notional per level", b.symbol).isBetween(1_000.0, 20_000.0);
    }
}
