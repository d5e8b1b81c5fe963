package dev.ladder.server.replay;

import dev.ladder.betfair.BetfairCacheConfig;
import dev.ladder.betfair.BetfairMarket;
import dev.ladder.betfair.BetfairMarketCache;
import dev.ladder.betfair.BetfairStreamDecoder;
import dev.ladder.book.OrderBook;
import dev.ladder.book.ladder.PriceSizeLadder;
import dev.ladder.book.ladder.RunnerLadder;
import dev.ladder.core.Side;
import dev.ladder.journal.JournalCursor;
import dev.ladder.journal.RecordKind;

/**
 * Replays a journaled Betfair market stream ({@code betfair/<marketId>}) through the same decoder and
 * market cache as the live client, and shows one runner's ladders as an L2 book: the available-to-back
 * offers ({@code atb}) as bids, the available-to-lay offers ({@code atl}) as asks, prices and sizes at
 * scale 2 as the ladders keep them. With {@code selectionId} null it only keeps the market. Lines
 * that do not decode are counted ({@link #malformed}). Betfair journals carry no {@code #book} lines,
 * so a replay starts at the stream's first record. One replaying thread.
 */
public final class BetfairRunnerTarget implements HeatmapSource, DescribedTarget {
    private final String marketId;
    private final Long selectionId;
    private final OrderBook book = new OrderBook(2, 2);
    private BetfairMarketCache cache;
    private BetfairStreamDecoder decoder;
    private long changes;
    private long applied;

    public BetfairRunnerTarget(String marketId, Long selectionId) {
        this.marketId = marketId;
        this.selectionId = selectionId;
        reset();
    }

    private final SkippedRanges skipped = new SkippedRanges();

    /**
     * Records were lost to damage: the market misses their changes until the venue's next full image
     * (Betfair sends one after a reconnect), so the range is kept for the answer to report.
     */
    @Override
    public void lost(dev.ladder.journal.Damage damage) {
        skipped.add(damage);
    }

    /** The damaged ranges skipped, for answers that must say so. */
    public SkippedRanges skipped() {
        return skipped;
    }

    @Override
    public void reset() {
        cache = new BetfairMarketCache(BetfairCacheConfig.keepAll());
        decoder = new BetfairStreamDecoder(cache);
        book.clear();
        changes++;
    }

    @Override
    public void restore(JournalCursor snapshot) {
        reset();
    }

    @Override
    public void apply(JournalCursor record) {
        if (record.kind() != RecordKind.MESSAGE) {
            return;
        }
        decoder.decode(record.buffer(), record.payloadOffset(), record.payloadLength());
        applied++;
        if (selectionId != null) {
            project();
        }
        changes++;
    }

    private void project() {
        book.clear();
        BetfairMarket m = cache.market(marketId);
        if (m == null) {
            return;
        }
        for (RunnerLadder r : m.runners()) {
            if (r.selectionId() == selectionId) {
                copy(r.atb(), Side.BID);
                copy(r.atl(), Side.ASK);
                return;
            }
        }
    }

    private void copy(PriceSizeLadder l, Side side) {
        for (int i = 0; i < l.depth(); i++) {
            if (l.size(i) > 0) {
                book.set(side, l.price(i), l.size(i));
            }
        }
    }

    /** The market as replayed so far, or null when no line about it was applied yet. */
    public BetfairMarket market() {
        return cache.market(marketId);
    }

    /** Whether the market has a runner with {@code selectionId}. */
    public boolean hasRunner(long selectionId) {
        BetfairMarket m = market();
        return m != null && m.runners().stream().anyMatch(r -> r.selectionId() == selectionId);
    }

    @Override
    public OrderBook book() {
        return book;
    }

    @Override
    public long changes() {
        return changes;
    }

    /** Lines that did not decode. */
    public long malformed() {
        return decoder.malformed();
    }

    @Override
    public String describe(dev.ladder.core.InstrumentId id, long records) {
        BetfairMarket m = market();
        return id + " records=" + records + " status=" + (m == null ? "-" : m.status()) + " runners="
                + (m == null ? 0 : m.runners().size()) + " malformed=" + malformed();
    }
}
