package dev.ladder.book.ladder;

/**
 * One Betfair runner's prices in a market: the price-keyed ladders (available to back {@code atb},
 * available to lay {@code atl}, traded {@code trd}, SP back {@code spb}, SP lay {@code spl}), the
 * level-keyed ladders (best available {@code batb}/{@code batl}, best display, i.e. with virtual
 * bets, {@code bdatb}/{@code bdatl}), last traded price {@code ltp}, traded volume {@code tv} and the
 * SP near/far projections {@code spn}/{@code spf}.
 *
 * <p>A runner is identified by (selection id, handicap); the handicap is scaled at
 * {@link PriceLadder#PRICE_SCALE} and is 0 outside handicap markets. Prices are scaled at
 * {@link PriceLadder#PRICE_SCALE} and sizes at {@link #SIZE_SCALE} (pennies).
 *
 * <p>Edge cases: an absent price ({@code ltp}, {@code spn}, {@code spf} never sent, or sent as
 * {@code "NaN"}) is {@link #NO_PRICE}; {@code "Infinity"} (an SP projection with no lay side) is
 * {@link #INFINITE_PRICE}. {@code tv} starts at 0. Not thread-safe: the market cache's writer thread
 * owns it; readers take a {@link #copy()} under the owner's lock.
 */
public final class RunnerLadder {
    /** Fraction digits of a scaled Betfair size (stakes and volumes are exact to the penny). */
    public static final int SIZE_SCALE = 2;
    /** An absent price. */
    public static final long NO_PRICE = Long.MIN_VALUE;
    /** The price {@code "Infinity"} (seen in SP projections). */
    public static final long INFINITE_PRICE = Long.MAX_VALUE;

    private final long selectionId;
    private final long handicap;
    private final PriceSizeLadder atb = new PriceSizeLadder(true);
    private final PriceSizeLadder atl = new PriceSizeLadder(false);
    private final PriceSizeLadder trd = new PriceSizeLadder(false);
    private final PriceSizeLadder spb = new PriceSizeLadder(true);
    private final PriceSizeLadder spl = new PriceSizeLadder(false);
    private final LevelLadder batb = new LevelLadder();
    private final LevelLadder batl = new LevelLadder();
    private final LevelLadder bdatb = new LevelLadder();
    private final LevelLadder bdatl = new LevelLadder();
    private long ltp = NO_PRICE;
    private long tv;
    private long spn = NO_PRICE;
    private long spf = NO_PRICE;

    public RunnerLadder(long selectionId, long handicap) {
        this.selectionId = selectionId;
        this.handicap = handicap;
    }

    public long selectionId() {
        return selectionId;
    }

    /** The handicap scaled at {@link PriceLadder#PRICE_SCALE} (0 when the market has none). */
    public long handicap() {
        return handicap;
    }

    /** Available to back, highest price first. */
    public PriceSizeLadder atb() {
        return atb;
    }

    /** Available to lay, lowest price first. */
    public PriceSizeLadder atl() {
        return atl;
    }

    /** Traded volume per price, lowest price first (betfairlightweight's order). */
    public PriceSizeLadder trd() {
        return trd;
    }

    /** Starting price back (BSP back stakes), highest price first. */
    public PriceSizeLadder spb() {
        return spb;
    }

    /** Starting price lay (BSP lay liabilities), lowest price first. */
    public PriceSizeLadder spl() {
        return spl;
    }

    public LevelLadder batb() {
        return batb;
    }

    public LevelLadder batl() {
        return batl;
    }

    public LevelLadder bdatb() {
        return bdatb;
    }

    public LevelLadder bdatl() {
        return bdatl;
    }

    /** Last traded price or {@link #NO_PRICE}. */
    public long ltp() {
        return ltp;
    }

    public void ltp(long price) {
        this.ltp = price;
    }

    /** Traded volume at {@link #SIZE_SCALE} (0 until sent). */
    public long tv() {
        return tv;
    }

    public void tv(long size) {
        this.tv = size;
    }

    /** SP near price or {@link #NO_PRICE}. */
    public long spn() {
        return spn;
    }

    public void spn(long price) {
        this.spn = price;
    }

    /** SP far price or {@link #NO_PRICE}. */
    public long spf() {
        return spf;
    }

    public void spf(long price) {
        this.spf = price;
    }

    /** Empties every ladder and resets ltp, tv, spn and spf (a full image starts from here). */
    public void reset() {
        atb.clear();
        atl.clear();
        trd.clear();
        spb.clear();
        spl.clear();
        batb.clear();
        batl.clear();
        bdatb.clear();
        bdatl.clear();
        ltp = NO_PRICE;
        tv = 0;
        spn = NO_PRICE;
        spf = NO_PRICE;
    }

    /** An independent deep copy. */
    public RunnerLadder copy() {
        RunnerLadder c = new RunnerLadder(selectionId, handicap);
        c.atb.copyFrom(atb);
        c.atl.copyFrom(atl);
        c.trd.copyFrom(trd);
        c.spb.copyFrom(spb);
        c.spl.copyFrom(spl);
        c.batb.copyFrom(batb);
        c.batl.copyFrom(batl);
        c.bdatb.copyFrom(bdatb);
        c.bdatl.copyFrom(bdatl);
        c.ltp = ltp;
        c.tv = tv;
        c.spn = spn;
        c.spf = spf;
        return c;
    }

    @Override
    public String toString() {
        return "RunnerLadder[" + selectionId + "/" + handicap + " ltp " + ltp + " tv " + tv + " atb " + atb + " atl " + atl + "]";
    }
}
