package dev.ladder.book.ladder;

/**
 * One Betfair runner's prices in a market: the price-keyed ladders (available to back {@code atb},
 * available to lay {@code atl}, traded {@code trd}, SP back {@code spb}, SP lay {@code spl}), the
 * level-keyed ladders (best available {@code batb}/{@code batl}, best display, i.e. with virtual
 * bets, {@code bdatb}/{@code bdatl}), last traded price {@code ltp}, traded volume {@code tv} and the
 * SP near/far projections {@code spn}/{@code spf}.
 *
 * <p>A runner is identified by (selection id, handicap); the handicap is scaled at
 * {@link PriceLadder#PRICE_SCALE} and is 0 outside handicap markets. Exchange prices (atb, atl, trd,
 * the level ladders, ltp) are scaled at {@link PriceLadder#PRICE_SCALE}; sizes everywhere at
 * {@link #SIZE_SCALE} (pennies). Starting-price values are not on the price ladder and come with many
 * digits, so they are {@link SpPrice} encodings instead: {@link #spNear()}, {@link #spFar()} and the
 * prices (not the sizes) of {@link #spb()} and {@link #spl()}.
 *
 * <p>Edge cases: an ltp never sent is {@link #NO_PRICE}; an SP projection never sent is
 * {@link SpPrice#NONE} (the same value), {@code "NaN"} is {@link SpPrice#NAN} and {@code "Infinity"}
 * is {@link SpPrice#INFINITY} (the same value as {@link #INFINITE_PRICE}). {@code tv} starts at 0.
 * Not thread-safe: the market cache's writer thread owns it; readers take a {@link #copy()} under the
 * owner's lock.
 */
public final class RunnerLadder {
    /** Fraction digits of a scaled Betfair size (stakes and volumes are exact to the penny). */
    public static final int SIZE_SCALE = 2;
    /** An absent price (also {@link SpPrice#NONE}). */
    public static final long NO_PRICE = Long.MIN_VALUE;
    /** {@code "Infinity"}: {@link SpPrice#INFINITY}, only ever an SP value. */
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
    private long spNear = SpPrice.NONE;
    private long spFar = SpPrice.NONE;

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

    /** Starting price back (BSP back stakes), highest price first; prices are {@link SpPrice} encodings. */
    public PriceSizeLadder spb() {
        return spb;
    }

    /** Starting price lay (BSP lay liabilities), lowest price first; prices are {@link SpPrice} encodings. */
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

    /** The SP near price ({@code spn}) as an {@link SpPrice} encoding; {@link SpPrice#NONE} until sent. */
    public long spNear() {
        return spNear;
    }

    /** Sets the SP near price, an {@link SpPrice} encoding. */
    public void spNear(long sp) {
        this.spNear = sp;
    }

    /** The SP far price ({@code spf}) as an {@link SpPrice} encoding; {@link SpPrice#NONE} until sent. */
    public long spFar() {
        return spFar;
    }

    /** Sets the SP far price, an {@link SpPrice} encoding. */
    public void spFar(long sp) {
        this.spFar = sp;
    }

    /** Empties every ladder and resets ltp, tv and the SP projections (a full image starts from here). */
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
        spNear = SpPrice.NONE;
        spFar = SpPrice.NONE;
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
        c.spNear = spNear;
        c.spFar = spFar;
        return c;
    }

    @Override
    public String toString() {
        return "RunnerLadder[" + selectionId + "/" + handicap + " ltp " + ltp + " tv " + tv + " atb " + atb + " atl " + atl + "]";
    }
}
