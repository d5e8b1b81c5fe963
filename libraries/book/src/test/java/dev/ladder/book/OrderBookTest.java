package dev.ladder.book;

import static dev.ladder.core.Side.ASK;
import static dev.ladder.core.Side.BID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.ladder.core.Decimals;
import dev.ladder.core.Side;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** Focused edge cases; {@link OrderBookPropertyTest} covers random sequences against the reference book. */
class OrderBookTest {
    /** Price scale 2, size scale 3: "100.25" is 10025, "1.5" is 1500. */
    private static OrderBook book() {
        OrderBook b = new OrderBook(2, 3);
        b.set(BID, 10_000, 1_000);
        b.set(BID, 9_990, 2_000);
        b.set(BID, 9_980, 3_000);
        b.set(ASK, 10_010, 1_500);
        b.set(ASK, 10_020, 2_500);
        return b;
    }

    private static long p(String text) {
        return Decimals.parse(text, 2);
    }

    private static long s(String text) {
        return Decimals.parse(text, 3);
    }

    @Test
    void emptyBookAnswersNoPriceZeroSizesAndNulls() {
        OrderBook b = new OrderBook(2, 3);
        for (Side side : Side.values()) {
            assertThat(b.isEmpty(side)).isTrue();
            assertThat(b.depth(side)).isZero();
            assertThat(b.bestPrice(side)).isEqualTo(OrderBook.NO_PRICE);
            assertThat(b.bestSize(side)).isZero();
            assertThat(b.price(side, 0)).isEqualTo(OrderBook.NO_PRICE);
            assertThat(b.size(side, -1)).isZero();
            assertThat(b.top(side, 10)).isEmpty();
            assertThat(b.volume(side, PriceOp.LTE, 100)).isEqualTo(new Volume(0, 0, new BigDecimal("0.00000")));
        }
        assertThat(b.spread()).isEqualTo(OrderBook.NO_PRICE);
        assertThat(b.mid()).isNull();
        assertThat(b.midScaled()).isEqualTo(OrderBook.NO_PRICE);
        assertThat(b.checksum(10)).isZero();
        assertThat(b.checkInvariants()).isEmpty();
        assertThat(b.isCrossed()).isFalse();
    }

    @Test
    void setReplacesSizeAndZeroRemovesEvenWhenAbsent() {
        OrderBook b = book();
        b.set(BID, 9_990, 7_000);
        assertThat(b.sizeAt(BID, 9_990)).isEqualTo(7_000);
        assertThat(b.depth(BID)).isEqualTo(3);
        b.set(BID, 9_990, 0);
        assertThat(b.sizeAt(BID, 9_990)).isZero();
        assertThat(b.depth(BID)).isEqualTo(2);
        OrderBook before = b.copy();
        b.set(BID, 9_990, 0);
        b.set(ASK, 12_345, 0);
        assertThat(b.hasSameLevels(before)).isTrue();
    }

    @Test
    void levelsAreOrderedBestFirst() {
        OrderBook b = book();
        assertThat(b.top(BID, 5)).containsExactly(new Level(10_000, 1_000), new Level(9_990, 2_000), new Level(9_980, 3_000));
        assertThat(b.top(ASK, 1)).containsExactly(new Level(10_010, 1_500));
        assertThat(b.top(ASK, 0)).isEmpty();
        assertThat(b.price(BID, 2)).isEqualTo(9_980);
        assertThat(b.price(BID, 3)).isEqualTo(OrderBook.NO_PRICE);
        long[] prices = new long[2];
        long[] sizes = new long[5];
        assertThat(b.top(BID, 10, prices, sizes)).isEqualTo(2);
        assertThat(prices).containsExactly(10_000, 9_990);
    }

    @Test
    void negativeInputIsRejectedAndLeavesTheBookUnchanged() {
        OrderBook b = book();
        OrderBook before = b.copy();
        assertThatThrownBy(() -> b.set(BID, -1, 5)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> b.set(ASK, 5, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.applySnapshot(new long[] {1, 2}, new long[] {1, -2}, new long[0], new long[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BID level 1");
        assertThatThrownBy(() -> b.applySnapshot(new long[] {1}, new long[] {1}, 2, new long[0], new long[0], 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("count 2");
        assertThatThrownBy(() -> b.applySnapshot(new long[] {1}, new long[] {1, 2}, new long[0], new long[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ in length");
        assertThatThrownBy(() -> b.fill(BID, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.top(BID, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.checksum(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.set(null, 1, 1)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new OrderBook(19, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(b.hasSameLevels(before)).isTrue();
    }

    @Test
    void snapshotReplacesBothSidesInAnyOrderLastDuplicateWinsAndZeroIsAbsent() {
        OrderBook b = book();
        b.applySnapshot(new long[] {100, 300, 200, 300, 50}, new long[] {1, 3, 2, 4, 0},
                new long[] {500, 400}, new long[] {5, 4});
        assertThat(b.top(BID, 10)).containsExactly(new Level(300, 4), new Level(200, 2), new Level(100, 1));
        assertThat(b.top(ASK, 10)).containsExactly(new Level(400, 4), new Level(500, 5));
        b.applySnapshot(List.of(new Level(7, 1)), List.of());
        assertThat(b.top(BID, 10)).containsExactly(new Level(7, 1));
        assertThat(b.isEmpty(ASK)).isTrue();
        b.replace(ASK, new long[] {9, 8}, new long[] {1, 1}, 1);
        assertThat(b.top(ASK, 10)).containsExactly(new Level(9, 1));
        assertThat(b.top(BID, 10)).containsExactly(new Level(7, 1));
    }

    @Test
    void sortedSnapshotsOfEitherDirectionLoadTheSame() {
        long[] desc = new long[1000];
        long[] asc = new long[1000];
        long[] sizes = new long[1000];
        for (int i = 0; i < 1000; i++) {
            desc[i] = 5000 - i;
            asc[i] = 4001 + i;
            sizes[i] = i + 1;
        }
        long[] sizesReversed = new long[1000];
        for (int i = 0; i < 1000; i++) {
            sizesReversed[i] = 1000 - i;
        }
        OrderBook a = new OrderBook(0, 0);
        a.applySnapshot(desc, sizes, asc, sizesReversed);
        OrderBook b = new OrderBook(0, 0);
        b.applySnapshot(asc, sizesReversed, desc, sizes);
        assertThat(a.hasSameLevels(b)).isTrue();
        assertThat(a.bestPrice(BID)).isEqualTo(5000);
        assertThat(a.bestSize(BID)).isEqualTo(1);
        assertThat(a.bestPrice(ASK)).isEqualTo(4001);
        assertThat(a.bestSize(ASK)).isEqualTo(1000);
        assertThat(a.isCrossed()).isTrue();
    }

    @Test
    void clearEmptiesOneOrBothSides() {
        OrderBook b = book();
        b.clear(ASK);
        assertThat(b.isEmpty(ASK)).isTrue();
        assertThat(b.depth(BID)).isEqualTo(3);
        b.clear();
        assertThat(b.isEmpty(BID)).isTrue();
    }

    @Test
    void spreadAndExactMid() {
        OrderBook b = book();
        assertThat(b.spread()).isEqualTo(10);
        assertThat(b.mid()).isEqualTo(new BigDecimal("100.050"));
        assertThat(b.midScaled()).isEqualTo(100_050);
        b.set(ASK, 10_001, 1);
        assertThat(b.mid()).isEqualTo(new BigDecimal("100.005"));
        assertThat(b.mid().scale()).isEqualTo(3);
        b.set(BID, 10_002, 1);
        assertThat(b.spread()).isEqualTo(-1);
        assertThat(b.mid()).isEqualTo(new BigDecimal("100.015"));
        OrderBook high = new OrderBook(0, 0);
        high.set(BID, Long.MAX_VALUE - 1, 1);
        high.set(ASK, Long.MAX_VALUE, 1);
        assertThat(high.mid()).isEqualTo(new BigDecimal(Long.MAX_VALUE).subtract(new BigDecimal("0.5")));
        assertThatThrownBy(high::midScaled).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void volumeByOperatorOnBothSides() {
        OrderBook b = book();
        assertThat(b.volume(BID, PriceOp.EQ, p("99.90"))).isEqualTo(new Volume(s("2"), 1, new BigDecimal("199.80000")));
        assertThat(b.volume(BID, PriceOp.EQ, p("99.95"))).isEqualTo(new Volume(0, 0, new BigDecimal("0.00000")));
        assertThat(b.volume(BID, PriceOp.LTE, p("99.90")).size()).isEqualTo(s("5"));
        assertThat(b.volume(BID, PriceOp.LT, p("99.90")).size()).isEqualTo(s("3"));
        assertThat(b.volume(BID, PriceOp.GTE, p("99.90")).size()).isEqualTo(s("3"));
        assertThat(b.volume(BID, PriceOp.GT, p("99.90")).size()).isEqualTo(s("1"));
        assertThat(b.volume(ASK, PriceOp.LTE, p("100.10"))).isEqualTo(new Volume(s("1.5"), 1, new BigDecimal("150.15000")));
        assertThat(b.volume(ASK, PriceOp.GTE, p("100.10")).levels()).isEqualTo(2);
        assertThat(b.volume(ASK, PriceOp.LT, p("100.10")).levels()).isZero();
        assertThat(b.volume(ASK, PriceOp.GT, p("100.10")).levels()).isEqualTo(1);
        assertThat(b.volume(ASK, PriceOp.GT, -5).levels()).isEqualTo(2);
        assertThat(b.volume(ASK, PriceOp.LT, Long.MIN_VALUE).levels()).isZero();
        assertThat(b.volume(BID, PriceOp.LTE, Long.MAX_VALUE).levels()).isEqualTo(3);
        assertThat(b.volumeSize(BID, PriceOp.LTE, Long.MAX_VALUE)).isEqualTo(s("6"));
        assertThat(b.levelCount(ASK, PriceOp.GTE, 0)).isEqualTo(2);
    }

    @Test
    void notionalIsExactBeyond64Bits() {
        OrderBook b = new OrderBook(8, 8);
        long price = Decimals.parse("9999999999.99999999", 8);
        long size = Decimals.parse("5000000000.00000001", 8);
        b.set(ASK, price, size);
        b.set(ASK, price - 1, size);
        BigDecimal expected = new BigDecimal("9999999999.99999999").multiply(new BigDecimal("5000000000.00000001"))
                .add(new BigDecimal("9999999999.99999998").multiply(new BigDecimal("5000000000.00000001")));
        assertThat(b.volume(ASK, PriceOp.GTE, 0).notional()).isEqualTo(expected);
        assertThat(b.volume(ASK, PriceOp.GTE, 0).notional().scale()).isEqualTo(16);
        OrderBook max = new OrderBook(0, 0);
        for (int i = 0; i < 3; i++) {
            max.set(BID, Long.MAX_VALUE - i, Long.MAX_VALUE / 4);
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < 3; i++) {
            sum = sum.add(BigDecimal.valueOf(Long.MAX_VALUE - i).multiply(BigDecimal.valueOf(Long.MAX_VALUE / 4)));
        }
        assertThat(max.volume(BID, PriceOp.GTE, 0).notional()).isEqualTo(sum);
        assertThat(max.costToSell(Long.MAX_VALUE).cost()).isEqualTo(sum);
        max.set(BID, 1, Long.MAX_VALUE / 2);
        assertThatThrownBy(() -> max.volumeSize(BID, PriceOp.GTE, 0)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> max.volume(BID, PriceOp.GTE, 0)).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void unsignedSumAddsProductsExactlyIn128Bits() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int round = 0; round < 10_000; round++) {
            long lo = 0;
            long hi = 0;
            BigInteger expected = BigInteger.ZERO;
            for (int k = 0; k < 3; k++) {
                long a = rnd.nextBoolean() ? Long.MAX_VALUE - rnd.nextInt(3) : rnd.nextLong(Long.MAX_VALUE);
                long b = rnd.nextBoolean() ? Long.MAX_VALUE - rnd.nextInt(3) : rnd.nextLong(1L << rnd.nextInt(1, 63));
                long pLo = a * b;
                long nLo = lo + pLo;
                hi += Math.multiplyHigh(a, b) + UnsignedSum.carry(lo, pLo, nLo);
                lo = nLo;
                expected = expected.add(BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)));
            }
            assertThat(UnsignedSum.toBigDecimal(hi, lo, 3)).isEqualTo(new BigDecimal(expected, 3));
        }
        assertThat(UnsignedSum.toBigDecimal(0, 0, 4)).isEqualTo(new BigDecimal("0.0000"));
        assertThat(UnsignedSum.toBigDecimal(0, -1, 0)).isEqualTo(new BigDecimal(BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE)));
        assertThat(UnsignedSum.carry(-1, 1, 0)).isEqualTo(1);
        assertThat(UnsignedSum.carry(Long.MAX_VALUE, 1, Long.MIN_VALUE)).isZero();
    }

    @Test
    void fillWalksTheOppositeSideAndReportsPartialWhenThin() {
        OrderBook b = book();
        Fill buy = b.costToBuy(s("2"));
        assertThat(buy.taker()).isEqualTo(BID);
        assertThat(buy.filled()).isEqualTo(s("2"));
        assertThat(buy.levels()).isEqualTo(2);
        assertThat(buy.cost()).isEqualTo(new BigDecimal("200.25000"));
        assertThat(buy.averagePrice()).isEqualTo(new BigDecimal("100.1250000000"));
        assertThat(buy.worstPrice()).isEqualTo(p("100.20"));
        assertThat(buy.partial()).isFalse();

        Fill sell = b.costToSell(s("10"));
        assertThat(sell.filled()).isEqualTo(s("6"));
        assertThat(sell.unfilled()).isEqualTo(s("4"));
        assertThat(sell.partial()).isTrue();
        assertThat(sell.levels()).isEqualTo(3);
        assertThat(sell.worstPrice()).isEqualTo(p("99.80"));
        assertThat(sell.cost()).isEqualTo(new BigDecimal("599.20000"));
        assertThat(sell.averagePrice()).isEqualTo(new BigDecimal("99.8666666667"));

        Fill none = b.fill(BID, 0);
        assertThat(none).isEqualTo(new Fill(BID, 0, 0, 0, new BigDecimal("0.00000"), null, OrderBook.NO_PRICE, false));
        b.clear(ASK);
        Fill empty = b.costToBuy(5);
        assertThat(empty).isEqualTo(new Fill(BID, 5, 0, 0, new BigDecimal("0.00000"), null, OrderBook.NO_PRICE, true));
    }

    @Test
    void averagePriceRoundsHalfEvenAtPriceScalePlus8() {
        OrderBook b = new OrderBook(0, 0);
        b.set(ASK, 1, 1);
        b.set(ASK, 2, 2);
        // (1 + 4) / 3 = 1.666... -> 1.66666667
        assertThat(b.costToBuy(3).averagePrice()).isEqualTo(new BigDecimal("1.66666667"));
        OrderBook half = new OrderBook(0, 9);
        half.set(ASK, 1, 1);
        half.set(ASK, 2, 999_999_999);
        // cost 1*1e-9 + 2*0.999999999 over size 1: 1.999999999, more than 8 digits -> rounds half even to 2.00000000
        assertThat(half.costToBuy(1_000_000_000).averagePrice()).isEqualTo(new BigDecimal("2.00000000"));
    }

    @Test
    void checksumFollowsTheDocumentedFormula() {
        OrderBook b = book();
        byte[] bytes = new byte[3 * 16 + 2 * 16];
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        buf.putLong(10_000).putLong(1_000).putLong(10_010).putLong(1_500);
        buf.putLong(9_990).putLong(2_000).putLong(10_020).putLong(2_500);
        buf.putLong(9_980).putLong(3_000);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        assertThat(b.checksum(3)).isEqualTo(crc.getValue());
        assertThat(b.checksum(100)).isEqualTo(crc.getValue());
        assertThat(b.checksum(0)).isZero();
        CRC32 one = new CRC32();
        one.update(bytes, 0, 32);
        assertThat(b.checksum(1)).isEqualTo(one.getValue());
        OrderBook other = book();
        other.set(ASK, 10_020, 2_501);
        assertThat(other.checksum(1)).isEqualTo(b.checksum(1));
        assertThat(other.checksum(2)).isNotEqualTo(b.checksum(2));
    }

    @Test
    void checksumMatchesAKnownValue() {
        OrderBook b = new OrderBook(0, 0);
        b.set(BID, 1, 2);
        b.set(ASK, 3, 4);
        // Python: zlib.crc32(struct.pack(">qqqq", 1, 2, 3, 4))
        CRC32 crc = new CRC32();
        crc.update(new byte[] {0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 4});
        assertThat(b.checksum(1)).isEqualTo(crc.getValue());
    }

    @Test
    void invariantsReportCrossedAndLockedBooksWithoutThrowing() {
        OrderBook b = book();
        assertThat(b.checkInvariants()).isEmpty();
        b.set(BID, 10_010, 1);
        assertThat(b.checkInvariants()).extracting(Violation::kind).containsExactly(Violation.Kind.LOCKED);
        b.set(BID, 10_015, 1);
        List<Violation> v = b.checkInvariants();
        assertThat(v).extracting(Violation::kind).containsExactly(Violation.Kind.CROSSED);
        assertThat(v.get(0).side()).isNull();
        assertThat(v.get(0).level()).isEqualTo(-1);
        assertThat(v.get(0).message()).contains("10015").contains("10010");
        assertThat(b.isCrossed()).isTrue();
    }

    @Test
    void invariantsFindCorruptedLevels() {
        OrderBook b = book();
        OrderBook.SideLevels bids = b.levels(BID);
        // internal layout: (key, size) pairs from data[base], best (highest bid) at the end
        bids.data[bids.base + 1] = 0;
        bids.data[bids.base + 2] = bids.data[bids.base + 4];
        OrderBook.SideLevels asks = b.levels(ASK);
        asks.data[asks.base] = 5;
        List<Violation> v = b.checkInvariants();
        assertThat(v).extracting(Violation::kind, Violation::side, Violation::level).containsExactlyInAnyOrder(
                tuple(Violation.Kind.UNSORTED, BID, 1),
                tuple(Violation.Kind.NON_POSITIVE_SIZE, BID, 2),
                tuple(Violation.Kind.NEGATIVE_PRICE, ASK, 1),
                tuple(Violation.Kind.UNSORTED, ASK, 1));
    }

    @Test
    void copiesAreIndependentAndCopyFromReusesArrays() {
        OrderBook b = book();
        OrderBook c = b.copy();
        c.set(BID, 10_000, 0);
        assertThat(b.sizeAt(BID, 10_000)).isEqualTo(1_000);
        assertThat(c.hasSameLevels(b)).isFalse();
        c.copyFrom(b);
        assertThat(c.hasSameLevels(b)).isTrue();
        assertThatThrownBy(() -> new OrderBook(1, 3).copyFrom(b)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new OrderBook(1, 3).hasSameLevels(new OrderBook(2, 3))).isFalse();
    }

    @Test
    void deepBooksMatchATreeMapAtEveryDepth() {
        SplittableRandom rnd = new SplittableRandom(99);
        for (int round = 0; round < 20; round++) {
            OrderBook b = new OrderBook(0, 0);
            TreeMap<Long, Long> bids = new TreeMap<>();
            TreeMap<Long, Long> asks = new TreeMap<>();
            int span = 2_000 + rnd.nextInt(8_000);
            for (int i = 0; i < 20_000; i++) {
                Side side = rnd.nextBoolean() ? BID : ASK;
                long price = rnd.nextInt(3) == 0 ? rnd.nextInt(span) : (side == BID ? span / 2 - rnd.nextInt(20) : span / 2 + rnd.nextInt(20));
                long size = rnd.nextInt(3) == 0 ? 0 : 1 + rnd.nextInt(1000);
                b.set(side, price, size);
                TreeMap<Long, Long> m = side == BID ? bids : asks;
                if (size == 0) {
                    m.remove(price);
                } else {
                    m.put(price, size);
                }
                if (i % 1000 == 999) {
                    for (int q = 0; q < 200; q++) {
                        long qp = rnd.nextInt(span + 2) - 1;
                        assertThat(b.sizeAt(BID, qp)).isEqualTo(bids.getOrDefault(qp, 0L));
                        assertThat(b.sizeAt(ASK, qp)).isEqualTo(asks.getOrDefault(qp, 0L));
                    }
                }
            }
            assertThat(b.top(BID, Integer.MAX_VALUE)).isEqualTo(bids.descendingMap().entrySet().stream()
                    .map(e -> new Level(e.getKey(), e.getValue())).toList());
            assertThat(b.top(ASK, Integer.MAX_VALUE)).isEqualTo(asks.entrySet().stream()
                    .map(e -> new Level(e.getKey(), e.getValue())).toList());
            assertThat(b.checkInvariants()).extracting(Violation::kind).doesNotContain(
                    Violation.Kind.UNSORTED, Violation.Kind.NON_POSITIVE_SIZE, Violation.Kind.NEGATIVE_PRICE);
        }
    }

    @Test
    void toStringNamesScalesAndBest() {
        assertThat(book().toString()).contains("scales 2/3").contains("10000").contains("10010");
    }
}
