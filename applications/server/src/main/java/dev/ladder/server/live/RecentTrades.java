package dev.ladder.server.live;

import java.util.ArrayList;
import java.util.List;

/**
 * The last trades of one book, newest last, in a fixed ring ({@link #CAPACITY}): the book page's "recent
 * trades". Prices and sizes are scaled longs at the book's scales. The venue's writer thread adds, request
 * threads read a copy; both take this object's monitor (a trade is a few longs: no allocation on add).
 */
public final class RecentTrades {
    /** Trades kept per book; older ones are overwritten. */
    public static final int CAPACITY = 200;

    /** One trade: the venue's trade id, price, size, trade time (epoch ms), and whether the buyer rested (a sell aggressor). */
    public record Trade(long tradeId, long price, long size, long timeMillis, boolean isBuyerMaker) {
    }

    private final long[] ids = new long[CAPACITY];
    private final long[] prices = new long[CAPACITY];
    private final long[] sizes = new long[CAPACITY];
    private final long[] times = new long[CAPACITY];
    private final boolean[] buyerMakers = new boolean[CAPACITY];
    private long count;

    /** Adds a trade as the newest. */
    public synchronized void add(long tradeId, long price, long size, long timeMillis, boolean isBuyerMaker) {
        int i = (int) (count % CAPACITY);
        ids[i] = tradeId;
        prices[i] = price;
        sizes[i] = size;
        times[i] = timeMillis;
        buyerMakers[i] = isBuyerMaker;
        count++;
    }

    /** The newest {@code limit} trades (fewer when fewer were seen), newest first; {@code limit <= 0} gives none. */
    public synchronized List<Trade> newest(int limit) {
        int n = (int) Math.min(Math.max(0, limit), Math.min(count, CAPACITY));
        List<Trade> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            int i = (int) ((count - 1 - k) % CAPACITY);
            out.add(new Trade(ids[i], prices[i], sizes[i], times[i], buyerMakers[i]));
        }
        return out;
    }

    /** Trades seen since the book was registered. */
    public synchronized long total() {
        return count;
    }
}
