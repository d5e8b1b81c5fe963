package dev.ladder.betfair;

import java.util.Arrays;

/**
 * The market changes of one decoded {@code mcm}, held as flat primitive arrays that are reused from
 * message to message, so that a message is applied to the cache only once it has decoded completely.
 * Owned by one {@link BetfairStreamDecoder}.
 */
final class MarketChangeBuffer {
    static final byte ATB = 0;
    static final byte ATL = 1;
    static final byte TRD = 2;
    static final byte SPB = 3;
    static final byte SPL = 4;
    static final byte BATB = 5;
    static final byte BATL = 6;
    static final byte BDATB = 7;
    static final byte BDATL = 8;
    /** {@code trd: []}: the traded ladder is replaced by nothing. */
    static final byte TRD_CLEAR = 9;
    /** An operation found bad after it was read (a price outside the market's range): not applied. */
    static final byte SKIP = 10;

    static final int HAS_LTP = 1;
    static final int HAS_TV = 2;
    static final int HAS_SPN = 4;
    static final int HAS_SPF = 8;
    static final int HAS_TRD = 16;

    // markets
    int markets;
    String[] marketIds = new String[4];
    boolean[] img = new boolean[4];
    boolean[] hasMarketTv = new boolean[4];
    long[] marketTv = new long[4];
    BetfairMarketDefinition[] definitions = new BetfairMarketDefinition[4];
    int[] runnerEnd = new int[4];

    // runner changes
    int runners;
    long[] selectionId = new long[16];
    long[] handicap = new long[16];
    int[] flags = new int[16];
    long[] ltp = new long[16];
    long[] tv = new long[16];
    /** SP near and far projections, {@link dev.ladder.book.ladder.SpPrice} encodings. */
    long[] spn = new long[16];
    long[] spf = new long[16];
    int[] opEnd = new int[16];

    // ladder operations (SP ladders' prices are SpPrice encodings)
    int ops;
    byte[] opLadder = new byte[64];
    int[] opLevel = new int[64];
    long[] opPrice = new long[64];
    long[] opSize = new long[64];

    void clear() {
        Arrays.fill(definitions, 0, markets, null);
        markets = 0;
        runners = 0;
        ops = 0;
    }

    /** Forgets market {@code m} (the last added) and its runners and operations: it could not be placed. */
    void dropMarket(int m, int runnersBefore, int opsBefore) {
        definitions[m] = null;
        markets = m;
        runners = runnersBefore;
        ops = opsBefore;
    }

    /** Forgets runner change {@code r} (the last added) and its operations: it could not be placed. */
    void dropRunner(int r, int opsBefore) {
        runners = r;
        ops = opsBefore;
    }

    /** The first runner change of market {@code m}. */
    int runnerStart(int m) {
        return m == 0 ? 0 : runnerEnd[m - 1];
    }

    /** The first operation of runner change {@code r}. */
    int opStart(int r) {
        return r == 0 ? 0 : opEnd[r - 1];
    }

    int addMarket(String id) {
        if (markets == marketIds.length) {
            int n = markets * 2;
            marketIds = Arrays.copyOf(marketIds, n);
            img = Arrays.copyOf(img, n);
            hasMarketTv = Arrays.copyOf(hasMarketTv, n);
            marketTv = Arrays.copyOf(marketTv, n);
            definitions = Arrays.copyOf(definitions, n);
            runnerEnd = Arrays.copyOf(runnerEnd, n);
        }
        int m = markets++;
        marketIds[m] = id;
        img[m] = false;
        hasMarketTv[m] = false;
        marketTv[m] = 0;
        definitions[m] = null;
        runnerEnd[m] = runners;
        return m;
    }

    int addRunner() {
        if (runners == selectionId.length) {
            int n = runners * 2;
            selectionId = Arrays.copyOf(selectionId, n);
            handicap = Arrays.copyOf(handicap, n);
            flags = Arrays.copyOf(flags, n);
            ltp = Arrays.copyOf(ltp, n);
            tv = Arrays.copyOf(tv, n);
            spn = Arrays.copyOf(spn, n);
            spf = Arrays.copyOf(spf, n);
            opEnd = Arrays.copyOf(opEnd, n);
        }
        int r = runners++;
        selectionId[r] = 0;
        handicap[r] = 0;
        flags[r] = 0;
        opEnd[r] = ops;
        return r;
    }

    void addOp(byte ladder, int level, long price, long size) {
        if (ops == opLadder.length) {
            int n = ops * 2;
            opLadder = Arrays.copyOf(opLadder, n);
            opLevel = Arrays.copyOf(opLevel, n);
            opPrice = Arrays.copyOf(opPrice, n);
            opSize = Arrays.copyOf(opSize, n);
        }
        opLadder[ops] = ladder;
        opLevel[ops] = level;
        opPrice[ops] = price;
        opSize[ops] = size;
        ops++;
    }
}
