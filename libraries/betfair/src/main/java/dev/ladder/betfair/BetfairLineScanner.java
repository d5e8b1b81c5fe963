package dev.ladder.betfair;

import dev.ladder.book.ladder.LevelLadder;
import dev.ladder.book.ladder.PriceLadder;
import dev.ladder.book.ladder.RunnerLadder;
import dev.ladder.core.Decimals;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The fast path of {@link BetfairStreamDecoder}: a byte scanner that reads the common shape of a
 * stream message straight into the decoder's {@link MarketChangeBuffer}, without a JSON parser, and
 * gives up on anything else so that the Jackson path decides it.
 *
 * <p>It takes only what it can decide exactly as the Jackson path would, and answers {@code false}
 * (having changed nothing the decoder keeps) on the first byte of anything else: a market definition
 * the decoder's stream reading does not take (see {@code BetfairStreamDecoder.scannedDefinition}),
 * starting-price fields ({@code spn}, {@code spf}, {@code spb}, {@code spl}), a key it does not know, a
 * {@code null}, an escape or a non-ASCII byte in a string, a number with an exponent or a leading zero
 * or more than 18 digits, a value that would be a bad field (wrong type, not exact at its scale,
 * negative size, out of range), a missing market or runner id, a ladder entry of the wrong length, and
 * any syntax error. Numbers go through the same {@link Decimals#parse} as the Jackson path, on the
 * same characters. Prices outside the market's ladder are left to the decoder's own check, which runs
 * after each market change as it does for the Jackson path. A property test holds the two paths to the
 * same buffer, header, bad-field counts and cache state over every shared line and thousands of
 * perturbed ones ({@code BetfairLineScannerTest}).
 *
 * <p>Allocates nothing per message (market ids are interned in the decoder's table; clocks are copied as
 * bytes into reused arrays and become strings only when asked for). Not thread-safe: one per decoder.
 */
final class BetfairLineScanner {
    // keys of up to eight bytes compared as one long (their bytes, first byte lowest): one comparison per key
    private static final long K_ATB = code("atb");
    private static final long K_ATL = code("atl");
    private static final long K_BATB = code("batb");
    private static final long K_BATL = code("batl");
    private static final long K_BDATB = code("bdatb");
    private static final long K_BDATL = code("bdatl");
    private static final long K_CLK = code("clk");
    private static final long K_CON = code("con");
    private static final long K_CT = code("ct");
    private static final long K_HC = code("hc");
    private static final long K_ID = code("id");
    private static final long K_IMG = code("img");
    private static final long K_LTP = code("ltp");
    private static final long K_MC = code("mc");
    private static final long K_OP = code("op");
    private static final long K_PT = code("pt");
    private static final long K_RC = code("rc");
    private static final long K_TRD = code("trd");
    private static final long K_TV = code("tv");

    private static final long FAIL = Long.MIN_VALUE;
    private static final int MAX_NUMBER = 64;
    /** {@link #separator} results. */
    private static final int END = 1;
    private static final int MORE = 0;
    private static final int BAD = -1;
    private static final byte[] MCM = ascii("mcm");
    private static final byte[] OCM = ascii("ocm");
    private static final byte[] CONNECTION = ascii("connection");
    private static final byte[] STATUS = ascii("status");
    private static final byte[] HEARTBEAT = ascii("HEARTBEAT");
    private static final byte[] SUB_IMAGE = ascii("SUB_IMAGE");
    private static final byte[] RESUB_DELTA = ascii("RESUB_DELTA");
    private static final byte[] SEG_START = ascii("SEG_START");
    private static final byte[] SEG = ascii("SEG");
    private static final byte[] SEG_END = ascii("SEG_END");

    private final BetfairStreamDecoder decoder;
    private final MarketChangeBuffer b;
    private byte[] s;
    private int i;
    private int end;
    // string token found by string(): [strStart, strEnd)
    private int strStart;
    private int strEnd;
    // number token found by number(): [numStart, numEnd), and whether it has a fraction
    private int numStart;
    private int numEnd;
    private boolean numFraction;

    // the header of the message scanned last (valid when scan answered true)
    BetfairStreamDecoder.Op op;
    int id;
    BetfairStreamDecoder.ChangeType changeType;
    BetfairStreamDecoder.SegmentType segmentType;
    /** {@code clk} and {@code initialClk} as sent (a length of -1: absent); no string is made here. */
    byte[] clkBytes = new byte[32];
    int clkLength;
    byte[] initialClkBytes = new byte[32];
    int initialClkLength;
    long pt;
    long heartbeatMs;
    long conflateMs;

    BetfairLineScanner(BetfairStreamDecoder decoder, MarketChangeBuffer buffer) {
        this.decoder = decoder;
        this.b = buffer;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Scans one message into the (cleared) buffer and the header fields. {@code true}: done exactly as
     * the Jackson path would (the decoder's out-of-range checks included); {@code false}: not taken, the
     * caller clears the buffer and its pending bad fields and parses with Jackson.
     */
    boolean scan(byte[] bytes, int offset, int length) {
        s = bytes;
        i = offset;
        end = offset + length;
        op = BetfairStreamDecoder.Op.OTHER;
        id = -1;
        changeType = BetfairStreamDecoder.ChangeType.UPDATE;
        segmentType = BetfairStreamDecoder.SegmentType.NONE;
        clkLength = -1;
        initialClkLength = -1;
        pt = -1;
        heartbeatMs = -1;
        conflateMs = -1;
        try {
            return message();
        } finally {
            s = null;
        }
    }

    private boolean message() {
        if (next() != '{') {
            return false;
        }
        boolean sawMc = false;
        i++;
        if (next() == '}') {
            i++;
        } else {
            int sep;
            do {
                if (!key()) {
                    return false;
                }
                int k0 = strStart;
                int kl = strEnd - strStart;
                long key = keyCode();
                if (key == K_OP) {
                    if (!string()) {
                        return false;
                    }
                    op = eq(MCM) ? BetfairStreamDecoder.Op.MCM : eq(OCM) ? BetfairStreamDecoder.Op.OCM
                            : eq(CONNECTION) ? BetfairStreamDecoder.Op.CONNECTION
                            : eq(STATUS) ? BetfairStreamDecoder.Op.STATUS : BetfairStreamDecoder.Op.OTHER;
                } else if (key == K_CLK) {
                    if (!string()) {
                        return false;
                    }
                    clkBytes = copyString(clkBytes);
                    clkLength = strEnd - strStart;
                } else if (key == K_PT) {
                    long v = integer(0, Long.MAX_VALUE);
                    if (v == FAIL) {
                        return false;
                    }
                    pt = v;
                } else if (key == K_MC) {
                    sawMc = true;
                    if (!changes(true)) {
                        return false;
                    }
                } else if (key == K_ID) {
                    long v = integer(Integer.MIN_VALUE, Integer.MAX_VALUE);
                    if (v == FAIL) {
                        return false;
                    }
                    id = (int) v;
                } else if (is(k0, kl, "initialClk")) {
                    if (!string()) {
                        return false;
                    }
                    initialClkBytes = copyString(initialClkBytes);
                    initialClkLength = strEnd - strStart;
                } else if (key == K_CT) {
                    if (!string()) {
                        return false;
                    }
                    changeType = eq(HEARTBEAT) ? BetfairStreamDecoder.ChangeType.HEARTBEAT
                            : eq(SUB_IMAGE) ? BetfairStreamDecoder.ChangeType.SUB_IMAGE
                            : eq(RESUB_DELTA) ? BetfairStreamDecoder.ChangeType.RESUB_DELTA : BetfairStreamDecoder.ChangeType.UPDATE;
                } else if (is(k0, kl, "segmentType")) {
                    if (!string()) {
                        return false;
                    }
                    segmentType = eq(SEG_START) ? BetfairStreamDecoder.SegmentType.SEG_START
                            : eq(SEG) ? BetfairStreamDecoder.SegmentType.SEG
                            : eq(SEG_END) ? BetfairStreamDecoder.SegmentType.SEG_END : BetfairStreamDecoder.SegmentType.NONE;
                } else if (is(k0, kl, "heartbeatMs")) {
                    long v = integer(0, Long.MAX_VALUE);
                    if (v == FAIL) {
                        return false;
                    }
                    heartbeatMs = v;
                } else if (is(k0, kl, "conflateMs")) {
                    long v = integer(0, Long.MAX_VALUE);
                    if (v == FAIL) {
                        return false;
                    }
                    conflateMs = v;
                } else {
                    return false;
                }
            } while ((sep = separator('}')) == MORE);
            if (sep == BAD) {
                return false;
            }
        }
        if (next() != -1) {
            return false;
        }
        if (sawMc && op == BetfairStreamDecoder.Op.OTHER) {
            op = BetfairStreamDecoder.Op.MCM;
        }
        return true;
    }


    private boolean marketChange() {
        i++;
        int m = b.addMarket(null);
        if (next() == '}') {
            return false;
        }
        int sep;
        do {
            if (!key()) {
                return false;
            }
            long key = keyCode();
            if (key == K_ID) {
                if (!string()) {
                    return false;
                }
                b.marketIds[m] = decoder.internMarketId(s, strStart, strEnd - strStart);
            } else if (key == K_RC) {
                if (!changes(false)) {
                    return false;
                }
            } else if (key == K_IMG) {
                int v = bool();
                if (v < 0) {
                    return false;
                }
                b.img[m] = v == 1;
            } else if (key == K_TV) {
                long v = size();
                if (v == FAIL) {
                    return false;
                }
                b.hasMarketTv[m] = true;
                b.marketTv[m] = v;
            } else if (key == K_CON) {
                if (bool() < 0) {
                    return false;
                }
            } else if (key == 0 && is(strStart, strEnd - strStart, "marketDefinition")) {
                if (!definition(m)) {
                    return false;
                }
            } else {
                return false;
            }
        } while ((sep = separator('}')) == MORE);
        if (sep == BAD) {
            return false;
        }
        if (b.marketIds[m] == null) {
            return false;
        }
        b.runnerEnd[m] = b.runners;
        decoder.checkExchangePrices(m);
        return true;
    }


    private boolean runnerChange() {
        i++;
        int r = b.addRunner();
        boolean hasId = false;
        if (next() == '}') {
            return false;
        }
        int sep;
        do {
            if (!key()) {
                return false;
            }
            long key = keyCode();
            boolean ok;
            if (key == K_ID) {
                long v = integer(0, Long.MAX_VALUE);
                ok = v != FAIL;
                b.selectionId[r] = v;
                hasId = ok;
            } else if (key == K_ATB) {
                ok = ladder(MarketChangeBuffer.ATB, false);
            } else if (key == K_ATL) {
                ok = ladder(MarketChangeBuffer.ATL, false);
            } else if (key == K_TRD) {
                b.flags[r] |= MarketChangeBuffer.HAS_TRD;
                ok = ladder(MarketChangeBuffer.TRD, false);
            } else if (key == K_BATB) {
                ok = ladder(MarketChangeBuffer.BATB, true);
            } else if (key == K_BATL) {
                ok = ladder(MarketChangeBuffer.BATL, true);
            } else if (key == K_LTP) {
                long v = scaled(PriceLadder.PRICE_SCALE);
                ok = v != FAIL;
                b.ltp[r] = v;
                b.flags[r] |= MarketChangeBuffer.HAS_LTP;
            } else if (key == K_TV) {
                long v = size();
                ok = v != FAIL;
                b.tv[r] = v;
                b.flags[r] |= MarketChangeBuffer.HAS_TV;
            } else if (key == K_HC) {
                long v = scaled(PriceLadder.PRICE_SCALE);
                ok = v != FAIL;
                b.handicap[r] = v;
            } else if (key == K_BDATB) {
                ok = ladder(MarketChangeBuffer.BDATB, true);
            } else if (key == K_BDATL) {
                ok = ladder(MarketChangeBuffer.BDATL, true);
            } else {
                ok = false;
            }
            if (!ok) {
                return false;
            }
        } while ((sep = separator('}')) == MORE);
        if (sep == BAD) {
            return false;
        }
        if (!hasId) {
            return false;
        }
        b.opEnd[r] = b.ops;
        return true;
    }



    /**
     * A market definition: its object is cut out by brackets and read by the decoder as a stream; anything
     * unusual or not well formed leaves the whole line to the Jackson path.
     */
    private boolean definition(int m) {
        if (next() != '{') {
            return false;
        }
        int depth = 0;
        for (int j = i; j < end; j++) {
            byte c = s[j];
            if (c == '"') {
                j++;
                while (j < end && s[j] != '"') {
                    j += s[j] == '\\' ? 2 : 1;
                }
            } else if (c == '{' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ']') && --depth == 0) {
                BetfairMarketDefinition d = decoder.scannedDefinition(Arrays.copyOfRange(s, i, j + 1));
                if (d == null) {
                    return false;
                }
                b.definitions[m] = d;
                i = j + 1;
                return true;
            }
        }
        return false;
    }

    /** {@code [{...}, ...]}: the market changes ({@code markets}) or a market's runner changes. */
    private boolean changes(boolean markets) {
        if (next() != '[') {
            return false;
        }
        i++;
        if (next() == ']') {
            i++;
            return true;
        }
        while (true) {
            if (next() != '{' || !(markets ? marketChange() : runnerChange())) {
                return false;
            }
            int sep = separator(']');
            if (sep != MORE) {
                return sep == END;
            }
        }
    }

    /**
     * {@code [[price, size], ...]}, or with {@code hasLevel} {@code [[level, price, size], ...]}; an empty
     * {@code trd} clears the traded ladder.
     */
    private boolean ladder(byte ladder, boolean hasLevel) {
        if (next() != '[') {
            return false;
        }
        i++;
        if (next() == ']') {
            i++;
            if (ladder == MarketChangeBuffer.TRD) {
                b.addOp(MarketChangeBuffer.TRD_CLEAR, 0, 0, 0);
            }
            return true;
        }
        while (true) {
            if (next() != '[') {
                return false;
            }
            i++;
            long level = 0;
            if (hasLevel) {
                level = integer(0, LevelLadder.MAX_LEVEL);
                if (level == FAIL || next() != ',') {
                    return false;
                }
                i++;
            }
            long price = scaled(PriceLadder.PRICE_SCALE);
            if (price == FAIL || next() != ',') {
                return false;
            }
            i++;
            long size = size();
            if (size == FAIL || next() != ']') {
                return false;
            }
            i++;
            b.addOp(ladder, (int) level, price, size);
            int sep = separator(']');
            if (sep != MORE) {
                return sep == END;
            }
        }
    }

    /** What follows a member or an element: {@link #END} for {@code close}, {@link #MORE} for a comma, else {@link #BAD}. */
    private int separator(int close) {
        int c = next();
        i++;
        return c == close ? END : c == ',' ? MORE : BAD;
    }

    /** Skips whitespace; the next byte ({@code i} left on it), or -1 at the end. */
    private int next() {
        // kept small enough for the quick compiler to inline: Betfair's lines have no whitespace
        int at = i;
        if (at < end && s[at] > ' ') {
            return s[at] & 0xff;
        }
        return skipWhitespace();
    }

    private int skipWhitespace() {
        while (i < end) {
            byte c = s[i];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return c & 0xff;
            }
            i++;
        }
        return -1;
    }

    /** A key and its colon; the key is {@code [strStart, strEnd)}. */
    private boolean key() {
        if (!string()) {
            return false;
        }
        if (next() != ':') {
            return false;
        }
        i++;
        return true;
    }

    /** A string of printable ASCII without escapes, at the next token; {@code [strStart, strEnd)}. */
    private boolean string() {
        if (next() != '"') {
            return false;
        }
        int j = ++i;
        while (j < end) {
            byte c = s[j];
            if (c == '"') {
                strStart = i;
                strEnd = j;
                i = j + 1;
                return true;
            }
            if (c == '\\' || c < 0x20) {
                return false;
            }
            j++;
        }
        return false;
    }

    /** The key {@code [strStart, strEnd)} as {@link #code} packs it; 0 for a key longer than eight bytes. */
    private long keyCode() {
        int len = strEnd - strStart;
        if (len > 8) {
            return 0;
        }
        long v = 0;
        for (int k = strEnd - 1; k >= strStart; k--) {
            v = v << 8 | s[k];
        }
        return v;
    }

    /** A key of one to eight ASCII bytes as a long (keys hold no zero byte, so no two share a code). */
    private static long code(String name) {
        if (name.isEmpty() || name.length() > 8) {
            throw new IllegalArgumentException(name);
        }
        long v = 0;
        for (int k = name.length() - 1; k >= 0; k--) {
            v = v << 8 | name.charAt(k);
        }
        return v;
    }

    private boolean is(int from, int len, String name) {
        if (len != name.length()) {
            return false;
        }
        for (int k = 0; k < len; k++) {
            if (s[from + k] != name.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private boolean eq(byte[] text) {
        int len = strEnd - strStart;
        if (len != text.length) {
            return false;
        }
        for (int k = 0; k < len; k++) {
            if (s[strStart + k] != text[k]) {
                return false;
            }
        }
        return true;
    }

    /** Copies the string {@code [strStart, strEnd)} into {@code into} (or a larger array it returns). */
    private byte[] copyString(byte[] into) {
        int len = strEnd - strStart;
        byte[] out = len <= into.length ? into : new byte[Math.max(len, into.length * 2)];
        System.arraycopy(s, strStart, out, 0, len);
        return out;
    }

    /** {@code true} 1, {@code false} 0, anything else -1. */
    private int bool() {
        int c = next();
        if (c == 't' && i + 4 <= end && s[i + 1] == 'r' && s[i + 2] == 'u' && s[i + 3] == 'e' && delimiter(i + 4)) {
            i += 4;
            return 1;
        }
        if (c == 'f' && i + 5 <= end && s[i + 1] == 'a' && s[i + 2] == 'l' && s[i + 3] == 's' && s[i + 4] == 'e'
                && delimiter(i + 5)) {
            i += 5;
            return 0;
        }
        return -1;
    }

    private boolean delimiter(int at) {
        if (at >= end) {
            return true;
        }
        byte c = s[at];
        return c == ',' || c == ']' || c == '}' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /**
     * A JSON number without exponent at the next token: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?} followed
     * by a delimiter; {@code [numStart, numEnd)}.
     */
    private boolean number() {
        next();
        int j = i;
        if (j < end && s[j] == '-') {
            j++;
        }
        int intStart = j;
        while (j < end && s[j] >= '0' && s[j] <= '9') {
            j++;
        }
        int intDigits = j - intStart;
        if (intDigits == 0 || intDigits > 1 && s[intStart] == '0') {
            return false;
        }
        numFraction = false;
        if (j < end && s[j] == '.') {
            int f = ++j;
            while (j < end && s[j] >= '0' && s[j] <= '9') {
                j++;
            }
            if (j == f) {
                return false;
            }
            numFraction = true;
        }
        if (j - i > MAX_NUMBER || !delimiter(j)) {
            return false;
        }
        numStart = i;
        numEnd = j;
        i = j;
        return true;
    }

    /** An integer in {@code [min, max]} of at most 18 digits; {@link #FAIL} otherwise. */
    private long integer(long min, long max) {
        if (!number() || numFraction) {
            return FAIL;
        }
        int j = numStart;
        boolean negative = s[j] == '-';
        if (negative) {
            j++;
        }
        if (numEnd - j > 18) {
            return FAIL;
        }
        long v = 0;
        for (; j < numEnd; j++) {
            v = v * 10 + (s[j] - '0');
        }
        if (negative) {
            v = -v;
        }
        return v < min || v > max ? FAIL : v;
    }

    /** A number exact at {@code scale} ({@link Decimals#parse}, as the Jackson path); {@link #FAIL} otherwise. */
    private long scaled(int scale) {
        // one pass for the usual form (at most 18 digits in all once scaled, at most `scale` fraction digits, then a
        // delimiter); anything else takes the general path below, which decides it exactly
        next();
        int j = i;
        boolean negative = j < end && s[j] == '-';
        if (negative) {
            j++;
        }
        int intStart = j;
        long v = 0;
        while (j < end) {
            int d = s[j] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            v = v * 10 + d;
            j++;
        }
        int intDigits = j - intStart;
        if (intDigits > 0 && intDigits + scale <= 18 && (intDigits == 1 || s[intStart] != '0')) {
            int frac = 0;
            boolean hasPoint = j < end && s[j] == '.';
            if (hasPoint) {
                j++;
                while (j < end && frac <= scale) {
                    int d = s[j] - '0';
                    if (d < 0 || d > 9) {
                        break;
                    }
                    v = v * 10 + d;
                    frac++;
                    j++;
                }
            }
            if ((!hasPoint || frac > 0 && frac <= scale) && delimiter(j)) {
                for (int k = frac; k < scale; k++) {
                    v *= 10;
                }
                numStart = i;
                numEnd = j;
                numFraction = hasPoint;
                i = j;
                return negative ? -v : v;
            }
        }
        if (!number()) {
            return FAIL;
        }
        try {
            long parsed = Decimals.parse(s, numStart, numEnd, scale);
            return parsed == FAIL ? FAIL : parsed;
        } catch (RuntimeException e) {
            return FAIL;
        }
    }

    private long size() {
        long v = scaled(RunnerLadder.SIZE_SCALE);
        return v < 0 ? FAIL : v;
    }
}
