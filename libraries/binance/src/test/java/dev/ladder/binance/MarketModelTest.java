package dev.ladder.binance;

import dev.ladder.book.OrderBook;
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
        BinanceClientSimulatorTest.assertSameLevels(books[0], books[1]);
    }
}
