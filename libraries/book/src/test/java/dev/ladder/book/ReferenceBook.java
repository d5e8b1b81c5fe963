package dev.ladder.book;

import dev.ladder.core.Decimals;
import dev.ladder.core.Side;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * The test oracle: the obvious book, one {@code TreeMap<BigDecimal, BigDecimal>} per side, every answer
 * computed the slow, exact way. It answers with the same record types as {@link OrderBook} so that
 * results compare with {@code equals} (including BigDecimal scales).
 */
final class ReferenceBook {
    private final int priceScale;
    private final int sizeScale;
    private final TreeMap<BigDecimal, BigDecimal> bids = new TreeMap<>();
    private final TreeMap<BigDecimal, BigDecimal> asks = new TreeMap<>();

    ReferenceBook(int priceScale, int sizeScale) {
        this.priceScale = priceScale;
        this.sizeScale = sizeScale;
    }

    private BigDecimal price(long scaled) {
        return BigDecimal.valueOf(scaled, priceScale);
    }

    private BigDecimal size(long scaled) {
        return BigDecimal.valueOf(scaled, sizeScale);
    }

    /** Best first. */
    private NavigableMap<BigDecimal, BigDecimal> side(Side side) {
        return side == Side.BID ? bids.descendingMap() : asks;
    }

    void set(Side side, long price, long size) {
        TreeMap<BigDecimal, BigDecimal> m = side == Side.BID ? bids : asks;
        if (size == 0) {
            m.remove(price(price));
        } else {
            m.put(price(price), size(size));
        }
    }

    void clear() {
        bids.clear();
        asks.clear();
    }

    void clear(Side side) {
        (side == Side.BID ? bids : asks).clear();
    }

    void snapshot(long[] bp, long[] bs, int bn, long[] ap, long[] as, int an) {
        clear();
        for (int i = 0; i < bn; i++) {
            set(Side.BID, bp[i], bs[i]);
        }
        for (int i = 0; i < an; i++) {
            set(Side.ASK, ap[i], as[i]);
        }
    }

    void replace(Side side, long[] prices, long[] sizes, int n) {
        clear(side);
        for (int i = 0; i < n; i++) {
            set(side, prices[i], sizes[i]);
        }
    }

    int depth(Side side) {
        return side(side).size();
    }

    List<Level> levels(Side side) {
        List<Level> out = new ArrayList<>();
        for (Map.Entry<BigDecimal, BigDecimal> e : side(side).entrySet()) {
            out.add(new Level(Decimals.fromBigDecimal(e.getKey(), priceScale), Decimals.fromBigDecimal(e.getValue(), sizeScale)));
        }
        return out;
    }

    long bestPrice(Side side) {
        NavigableMap<BigDecimal, BigDecimal> m = side(side);
        return m.isEmpty() ? OrderBook.NO_PRICE : Decimals.fromBigDecimal(m.firstKey(), priceScale);
    }

    long sizeAt(Side side, long price) {
        BigDecimal s = side(side).get(price(price));
        return s == null ? 0 : Decimals.fromBigDecimal(s, sizeScale);
    }

    BigDecimal mid() {
        if (bids.isEmpty() || asks.isEmpty()) {
            return null;
        }
        return bids.lastKey().add(asks.firstKey()).divide(BigDecimal.TWO).setScale(priceScale + 1);
    }

    long spread() {
        if (bids.isEmpty() || asks.isEmpty()) {
            return OrderBook.NO_PRICE;
        }
        return Decimals.fromBigDecimal(asks.firstKey().subtract(bids.lastKey()), priceScale);
    }

    Volume volume(Side side, PriceOp op, long queryPrice) {
        BigDecimal q = price(queryPrice);
        BigDecimal total = BigDecimal.ZERO;
        BigDecimal notional = BigDecimal.ZERO.setScale(priceScale + sizeScale);
        int n = 0;
        for (Map.Entry<BigDecimal, BigDecimal> e : side(side).entrySet()) {
            int c = e.getKey().compareTo(q);
            boolean hit = switch (op) {
                case EQ -> c == 0;
                case LT -> c < 0;
                case LTE -> c <= 0;
                case GT -> c > 0;
                case GTE -> c >= 0;
            };
            if (hit) {
                total = total.add(e.getValue());
                notional = notional.add(e.getKey().multiply(e.getValue()));
                n++;
            }
        }
        return new Volume(Decimals.fromBigDecimal(total, sizeScale), n, notional);
    }

    Fill fill(Side taker, long requested) {
        BigDecimal remaining = size(requested);
        BigDecimal cost = BigDecimal.ZERO.setScale(priceScale + sizeScale);
        int n = 0;
        long worst = OrderBook.NO_PRICE;
        for (Map.Entry<BigDecimal, BigDecimal> e : side(taker.opposite()).entrySet()) {
            if (remaining.signum() == 0) {
                break;
            }
            BigDecimal take = e.getValue().min(remaining);
            cost = cost.add(e.getKey().multiply(take));
            remaining = remaining.subtract(take);
            n++;
            worst = Decimals.fromBigDecimal(e.getKey(), priceScale);
        }
        BigDecimal filled = size(requested).subtract(remaining);
        BigDecimal avg = filled.signum() == 0 ? null
                : cost.divide(filled, priceScale + 8, RoundingMode.HALF_EVEN);
        return new Fill(taker, requested, Decimals.fromBigDecimal(filled, sizeScale), n, cost, avg, worst, remaining.signum() > 0);
    }

    long checksum(int n) {
        List<Level> b = levels(Side.BID);
        List<Level> a = levels(Side.ASK);
        int k = Math.min(n, Math.max(b.size(), a.size()));
        ByteBuffer buf = ByteBuffer.allocate(32 * k);
        for (int i = 0; i < k; i++) {
            if (i < b.size()) {
                buf.putLong(b.get(i).price()).putLong(b.get(i).size());
            }
            if (i < a.size()) {
                buf.putLong(a.get(i).price()).putLong(a.get(i).size());
            }
        }
        CRC32 crc = new CRC32();
        crc.update(buf.array(), 0, buf.position());
        return crc.getValue();
    }

    /** The kinds of violation the book should report: only crossed or locked, since the oracle is always sorted. */
    List<Violation.Kind> expectedViolations() {
        if (bids.isEmpty() || asks.isEmpty()) {
            return List.of();
        }
        int c = bids.lastKey().compareTo(asks.firstKey());
        return c > 0 ? List.of(Violation.Kind.CROSSED) : c == 0 ? List.of(Violation.Kind.LOCKED) : List.of();
    }

    /** The total size on a side (for choosing fill sizes). */
    long totalSize(Side side) {
        BigDecimal t = BigDecimal.ZERO;
        for (BigDecimal s : side(side).values()) {
            t = t.add(s);
        }
        return Decimals.fromBigDecimal(t, sizeScale);
    }
}
