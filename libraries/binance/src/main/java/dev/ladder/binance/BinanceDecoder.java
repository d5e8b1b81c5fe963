package dev.ladder.binance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ladder.core.Decimals;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes Binance market-data JSON into reusable scratch objects: depth diffs ({@code depthUpdate},
 * spot and futures), REST depth snapshots, {@code bookTicker} (spot form without {@code e}/{@code E},
 * futures form with them), and {@code trade}; raw stream payloads or the combined-stream envelope
 * {@code {"stream":...,"data":{...}}} alike.
 *
 * <p>Two paths, one answer. Messages in the shapes Binance sends on its streams (compact ASCII JSON:
 * {@code depthUpdate}, {@code bookTicker}, {@code trade}, raw or in the envelope, fields in any order,
 * unknown fields with plain values) are read by an allocation-free byte scanner. Anything else
 * (snapshots, error and subscription answers, other event types, whitespace, escapes, non-ASCII text,
 * unusual types or number forms, duplicate fields, anything malformed) is decoded from scratch by
 * Jackson, which decides it: the scanner only takes what it reads exactly as Jackson's path would,
 * so the result or the error is the same whichever path ran. Text input ({@link String},
 * {@code char[]}, {@link CharSequence}) is copied into a reused byte buffer for the scanner when it is
 * ASCII.
 *
 * <p>Decimal strings become scaled {@code long}s at the decoder's price and size scales (default 8,
 * the most fraction digits Binance prints), parsed by {@link Decimals} on both paths: no
 * {@code double}, no per-level objects. After
 * {@link #decode} returns a type, read the matching scratch object ({@link #depthUpdate()},
 * {@link #snapshot()}, {@link #bookTicker()}, {@link #trade()}); it is overwritten by the next call.
 *
 * <p>Edge cases: events of other types (kline, aggTrade, ...) and subscription answers return
 * {@link BinanceMessageType#IGNORED}. Anything else that cannot be decoded (not JSON, a required field
 * missing or of the wrong type, a negative or too precise decimal, an error answer
 * {@code {"code":...,"msg":...}}) throws {@link BinanceFormatException} saying what is wrong; the
 * decoder stays usable for the next message. Field order does not matter.
 *
 * <p>Not thread-safe: one decoder per connection thread.
 */
public final class BinanceDecoder {
    /** The default scale of prices and sizes: Binance prints at most 8 fraction digits. */
    public static final int DEFAULT_SCALE = 8;

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private static final int EVENT_NONE = 0;
    private static final int EVENT_DEPTH = 1;
    private static final int EVENT_TICKER = 2;
    private static final int EVENT_TRADE = 3;
    private static final int EVENT_OTHER = 4;

    private final int priceScale;
    private final int sizeScale;
    private final DepthUpdate depthUpdate = new DepthUpdate();
    private final DepthSnapshot snapshot = new DepthSnapshot();
    private final BookTicker bookTicker = new BookTicker();
    private final Trade trade = new Trade();
    private final SymbolCache symbols = new SymbolCache();
    private char[] chars = new char[4096];
    private byte[] ascii = new byte[4096];

    // per-message parse state
    private int event;
    private String problem;
    private boolean hasData;
    private boolean hasSymbol;
    private boolean hasFirstId;
    private boolean hasFinalId;
    private boolean hasLastUpdateId;
    private boolean hasBidLevels;
    private boolean hasAskLevels;
    private boolean hasSnapshotBids;
    private boolean hasSnapshotAsks;
    private boolean hasBidPrice;
    private boolean hasAskPrice;
    private boolean hasBidSize;
    private boolean hasAskSize;
    private boolean hasTradeId;
    private boolean hasTradePrice;
    private boolean hasTradeSize;
    private boolean hasResult;
    private boolean hasCode;
    private String symbol;
    private long eventTime;
    private long transactionTime;
    private long firstId;
    private long finalId;
    private long previousId;
    private long lastUpdateId;
    private long bidPrice;
    private long bidSize;
    private long askPrice;
    private long askSize;
    private long tradeId;
    private long tradePrice;
    private long tradeSize;
    private boolean buyerMaker;
    private long code;
    private String errorMessage;
    private int priceDigits;
    private int sizeDigits;

    /** A decoder at scale 8 for prices and sizes. */
    public BinanceDecoder() {
        this(DEFAULT_SCALE, DEFAULT_SCALE);
    }

    /**
     * A decoder at the given scales (0..18). A decimal with more non-zero fraction digits than the
     * scale, or too large for a long at that scale, is a {@link BinanceFormatException}.
     */
    public BinanceDecoder(int priceScale, int sizeScale) {
        if (priceScale < 0 || priceScale > Decimals.MAX_SCALE || sizeScale < 0 || sizeScale > Decimals.MAX_SCALE) {
            throw new IllegalArgumentException("scales must be within 0.." + Decimals.MAX_SCALE + ": price " + priceScale + ", size " + sizeScale);
        }
        this.priceScale = priceScale;
        this.sizeScale = sizeScale;
    }

    public int priceScale() {
        return priceScale;
    }

    public int sizeScale() {
        return sizeScale;
    }

    /** The last depth diff decoded. */
    public DepthUpdate depthUpdate() {
        return depthUpdate;
    }

    /** The last snapshot decoded (its symbol is whatever the caller set; the decoder clears it). */
    public DepthSnapshot snapshot() {
        return snapshot;
    }

    public BookTicker bookTicker() {
        return bookTicker;
    }

    public Trade trade() {
        return trade;
    }

    /** Decodes UTF-8 JSON in {@code bytes[offset, offset+length)}. */
    public BinanceMessageType decode(byte[] bytes, int offset, int length) throws BinanceFormatException {
        if (offset >= 0 && length >= 0 && length <= bytes.length - offset && scan(bytes, offset, offset + length)) {
            return classify();
        }
        return decodeWithJackson(bytes, offset, length);
    }

    /** The general path: Jackson reads any well-formed JSON and reports what is wrong with the rest. */
    BinanceMessageType decodeWithJackson(byte[] bytes, int offset, int length) throws BinanceFormatException {
        try (JsonParser p = FACTORY.createParser(bytes, offset, length)) {
            return decode(p);
        } catch (BinanceFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new BinanceFormatException("malformed JSON: " + originalMessage(e), e);
        }
    }

    /** Decodes JSON text in {@code chars[offset, offset+length)}. */
    public BinanceMessageType decode(char[] chars, int offset, int length) throws BinanceFormatException {
        if (offset >= 0 && length >= 0 && length <= chars.length - offset && ascii(chars, offset, length)
                && scan(ascii, 0, length)) {
            return classify();
        }
        return decodeWithJackson(chars, offset, length);
    }

    /** The general path for text. */
    BinanceMessageType decodeWithJackson(char[] chars, int offset, int length) throws BinanceFormatException {
        try (JsonParser p = FACTORY.createParser(chars, offset, length)) {
            return decode(p);
        } catch (BinanceFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new BinanceFormatException("malformed JSON: " + originalMessage(e), e);
        }
    }

    /** Decodes JSON text. */
    public BinanceMessageType decode(String json) throws BinanceFormatException {
        int n = json.length();
        if (chars.length < n) {
            chars = new char[Math.max(n, chars.length * 2)];
        }
        json.getChars(0, n, chars, 0);
        if (ascii(chars, 0, n) && scan(ascii, 0, n)) {
            return classify();
        }
        return decodeWithJackson(json);
    }

    /** The general path for a String. */
    BinanceMessageType decodeWithJackson(String json) throws BinanceFormatException {
        try (JsonParser p = FACTORY.createParser(json)) {
            return decode(p);
        } catch (BinanceFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new BinanceFormatException("malformed JSON: " + originalMessage(e), e);
        }
    }

    /**
     * Decodes JSON text from any CharSequence (e.g. a StringBuilder that gathered WebSocket frame
     * parts); text that is not a String is copied into a reused buffer first.
     */
    public BinanceMessageType decode(CharSequence json) throws BinanceFormatException {
        if (json instanceof String s) {
            return decode(s);
        }
        int n = json.length();
        if (chars.length < n) {
            chars = new char[Math.max(n, chars.length * 2)];
        }
        if (json instanceof StringBuilder sb) {
            sb.getChars(0, n, chars, 0);
        } else {
            for (int i = 0; i < n; i++) {
                chars[i] = json.charAt(i);
            }
        }
        return decode(chars, 0, n);
    }

    /**
     * Decodes a REST depth snapshot for {@code symbol} (which the REST answer does not name).
     *
     * @throws BinanceFormatException when the text is not a depth snapshot
     */
    public DepthSnapshot decodeSnapshot(String json, String symbol) throws BinanceFormatException {
        if (decode(json) != BinanceMessageType.SNAPSHOT) {
            throw new BinanceFormatException("not a depth snapshot (no lastUpdateId/bids/asks)");
        }
        return snapshot.setSymbol(symbol);
    }

    /**
     * Copies {@code c[off, off+len)} into the reused {@link #ascii} buffer; {@code false} (nothing
     * decoded) when a char is not ASCII, which then leaves the text to Jackson.
     */
    private boolean ascii(char[] c, int off, int len) {
        if (ascii.length < len) {
            ascii = new byte[Math.max(len, ascii.length * 2)];
        }
        byte[] out = ascii;
        int bad = 0;
        for (int i = 0; i < len; i++) {
            char ch = c[off + i];
            bad |= ch;
            out[i] = (byte) ch;
        }
        return bad < 0x80;
    }

    // ---------------------------------------------------------------------------------------------
    // The fast path: an allocation-free byte scanner for the shapes Binance actually sends (compact
    // JSON, ASCII, known fields with their usual types, decimals in the plain digits[.digits] form,
    // read by Decimals.scanPlain, which gives the value Decimals.parse gives the Jackson path for the
    // same text). It fills the same parse state as the Jackson path and then shares classify(). It never
    // throws and never guesses: on anything outside that subset (whitespace, escapes, non-ASCII, a
    // field of an unexpected type, a duplicate field, a snapshot, an error answer, nested values in
    // unknown fields, a number that is negative, fractional or over 18 digits, a decimal in any other
    // form) it returns false and the message is decoded again from scratch by Jackson, which gives
    // the answer or the error. So the fast path can only ever produce what Jackson would.
    // ---------------------------------------------------------------------------------------------

    private static final int F_STREAM = 1;
    private static final int F_DATA = 1 << 1;
    private static final int F_E = 1 << 2;
    private static final int F_EVENT_TIME = 1 << 3;
    private static final int F_T = 1 << 4;
    private static final int F_S = 1 << 5;
    private static final int F_FIRST = 1 << 6;
    private static final int F_FINAL = 1 << 7;
    private static final int F_PU = 1 << 8;
    private static final int F_B = 1 << 9;
    private static final int F_A = 1 << 10;
    private static final int F_BID_SIZE = 1 << 11;
    private static final int F_ASK_SIZE = 1 << 12;
    private static final int F_TRADE_ID = 1 << 13;
    private static final int F_P = 1 << 14;
    private static final int F_Q = 1 << 15;
    private static final int F_M = 1 << 16;
    private static final int MAX_FAST_STRING = 4096;

    /** Fields already seen in this message (a duplicate leaves the message to Jackson). */
    private int seen;
    /** The value of the last number or decimal scanned. */
    private long scanned;
    /** Where {@link Decimals#scanPlain} leaves a plain decimal's value. */
    private final long[] plainValue = new long[1];

    /** For tests: {@code true} when the fast path alone takes {@code b[offset, offset+length)}. */
    boolean takesFastPath(byte[] b, int offset, int length) {
        return scan(b, offset, offset + length);
    }

    /** Scans {@code b[p, end)}; {@code true} when the state is complete for {@link #classify}. */
    private boolean scan(byte[] b, int p, int end) {
        reset();
        seen = 0;
        if (p >= end || b[p] != '{') {
            return false;
        }
        return scanObject(b, p + 1, end, true) == end;
    }

    /** Scans an object's members after its '{'; the position after its '}', or -1. */
    private int scanObject(byte[] b, int p, int end, boolean top) {
        if (p < end && b[p] == '}') {
            return p + 1;
        }
        while (p < end && b[p] == '"') {
            int name = p + 1;
            int q;
            if (end - p > 4 && b[p + 2] == '"' && b[p + 1] != '\\' && b[p + 1] != '"' && b[p + 1] >= 0x20) {
                q = p + 2;
            } else {
                q = stringEnd(b, name, end);
            }
            if (q < 0 || q + 1 >= end || b[q + 1] != ':') {
                return -1;
            }
            p = scanField(b, name, q - name, q + 2, end, top);
            if (p < 0 || p >= end) {
                return -1;
            }
            byte c = b[p];
            if (c == '}') {
                return p + 1;
            }
            if (c != ',') {
                return -1;
            }
            p++;
        }
        return -1;
    }

    /**
     * The index of the closing quote of a string starting at {@code p} (after its opening quote), or
     * -1 when it holds an escape, a control or non-ASCII byte, or is unterminated or very long.
     */
    private static int stringEnd(byte[] b, int p, int end) {
        int limit = Math.min(end, p + MAX_FAST_STRING);
        for (int i = p; i < limit; i++) {
            byte c = b[i];
            if (c == '"') {
                return i;
            }
            if (c < 0x20 || c == '\\') {
                return -1;
            }
        }
        return -1;
    }

    private boolean firstTime(int field) {
        if ((seen & field) != 0) {
            return false;
        }
        seen |= field;
        return true;
    }

    /** Scans one member's value at {@code p}; the position after it, or -1. */
    private int scanField(byte[] b, int name, int nameLength, int p, int end, boolean top) {
        if (p >= end) {
            return -1;
        }
        byte v = b[p];
        if (nameLength == 1) {
            switch (b[name]) {
                case 'e' -> {
                    if (v != '"' || !firstTime(F_E)) {
                        return -1;
                    }
                    int q = stringEnd(b, p + 1, end);
                    if (q < 0) {
                        return -1;
                    }
                    event = eventOf(b, p + 1, q - p - 1);
                    return q + 1;
                }
                case 'E' -> {
                    if (!firstTime(F_EVENT_TIME) || (p = scanLong(b, p, end)) < 0) {
                        return -1;
                    }
                    eventTime = scanned;
                    return p;
                }
                case 'T' -> {
                    if (!firstTime(F_T) || (p = scanLong(b, p, end)) < 0) {
                        return -1;
                    }
                    transactionTime = scanned;
                    return p;
                }
                case 's' -> {
                    if (v != '"' || !firstTime(F_S)) {
                        return -1;
                    }
                    int q = stringEnd(b, p + 1, end);
                    if (q < 0) {
                        return -1;
                    }
                    symbol = symbols.get(b, p + 1, q - p - 1);
                    hasSymbol = true;
                    return q + 1;
                }
                case 'U' -> {
                    if (!firstTime(F_FIRST) || (p = scanLong(b, p, end)) < 0) {
                        return -1;
                    }
                    firstId = scanned;
                    hasFirstId = true;
                    return p;
                }
                case 'u' -> {
                    if (!firstTime(F_FINAL) || (p = scanLong(b, p, end)) < 0) {
                        return -1;
                    }
                    finalId = scanned;
                    hasFinalId = true;
                    return p;
                }
                case 'b' -> {
                    if (!firstTime(F_B)) {
                        return -1;
                    }
                    if (v == '[') {
                        hasBidLevels = true;
                        return scanLevels(b, p + 1, end, depthUpdate.bids());
                    }
                    if (v != '"' || (p = scanDecimal(b, p + 1, end, priceScale)) < 0) {
                        return -1;
                    }
                    bidPrice = scanned;
                    hasBidPrice = true;
                    return p;
                }
                case 'a' -> {
                    if (!firstTime(F_A)) {
                        return -1;
                    }
                    if (v == '[') {
                        hasAskLevels = true;
                        return scanLevels(b, p + 1, end, depthUpdate.asks());
                    }
                    if (v != '"' || (p = scanDecimal(b, p + 1, end, priceScale)) < 0) {
                        return -1;
                    }
                    askPrice = scanned;
                    hasAskPrice = true;
                    return p;
                }
                case 'B' -> {
                    if (v != '"' || !firstTime(F_BID_SIZE) || (p = scanDecimal(b, p + 1, end, sizeScale)) < 0) {
                        return -1;
                    }
                    bidSize = scanned;
                    hasBidSize = true;
                    return p;
                }
                case 'A' -> {
                    if (v != '"' || !firstTime(F_ASK_SIZE) || (p = scanDecimal(b, p + 1, end, sizeScale)) < 0) {
                        return -1;
                    }
                    askSize = scanned;
                    hasAskSize = true;
                    return p;
                }
                case 't' -> {
                    if (!firstTime(F_TRADE_ID) || (p = scanLong(b, p, end)) < 0) {
                        return -1;
                    }
                    tradeId = scanned;
                    hasTradeId = true;
                    return p;
                }
                case 'p' -> {
                    if (v != '"' || !firstTime(F_P) || (p = scanDecimal(b, p + 1, end, priceScale)) < 0) {
                        return -1;
                    }
                    tradePrice = scanned;
                    hasTradePrice = true;
                    return p;
                }
                case 'q' -> {
                    if (v != '"' || !firstTime(F_Q) || (p = scanDecimal(b, p + 1, end, sizeScale)) < 0) {
                        return -1;
                    }
                    tradeSize = scanned;
                    hasTradeSize = true;
                    return p;
                }
                case 'm' -> {
                    if (!firstTime(F_M)) {
                        return -1;
                    }
                    if (literal(b, p, end, TRUE)) {
                        buyerMaker = true;
                        return p + 4;
                    }
                    if (literal(b, p, end, FALSE)) {
                        buyerMaker = false;
                        return p + 5;
                    }
                    return -1;
                }
                default -> {
                    return skipScalar(b, p, end);
                }
            }
        }
        if (nameIs(b, name, nameLength, PU)) {
            if (!firstTime(F_PU) || (p = scanLong(b, p, end)) < 0) {
                return -1;
            }
            previousId = scanned;
            return p;
        }
        if (nameIs(b, name, nameLength, STREAM)) {
            if (!top || v != '"' || !firstTime(F_STREAM)) {
                return -1;
            }
            int q = stringEnd(b, p + 1, end);
            return q < 0 ? -1 : q + 1;
        }
        if (nameIs(b, name, nameLength, DATA)) {
            if (!top || v != '{' || !firstTime(F_DATA)) {
                return -1;
            }
            hasData = true;
            return scanObject(b, p + 1, end, false);
        }
        if (isJacksonOnly(b, name, nameLength)) {
            return -1;
        }
        return skipScalar(b, p, end);
    }

    private static final byte[] PU = {'p', 'u'};
    private static final byte[] STREAM = {'s', 't', 'r', 'e', 'a', 'm'};
    private static final byte[] DATA = {'d', 'a', 't', 'a'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] DEPTH_UPDATE = {'d', 'e', 'p', 't', 'h', 'U', 'p', 'd', 'a', 't', 'e'};
    private static final byte[] BOOK_TICKER = {'b', 'o', 'o', 'k', 'T', 'i', 'c', 'k', 'e', 'r'};
    private static final byte[] TRADE = {'t', 'r', 'a', 'd', 'e'};
    /** Fields the fast path leaves to Jackson: snapshots, error and subscription answers. */
    private static final byte[][] JACKSON_ONLY = {
        "lastUpdateId".getBytes(StandardCharsets.US_ASCII),
        "bids".getBytes(StandardCharsets.US_ASCII),
        "asks".getBytes(StandardCharsets.US_ASCII),
        "error".getBytes(StandardCharsets.US_ASCII),
        "result".getBytes(StandardCharsets.US_ASCII),
        "code".getBytes(StandardCharsets.US_ASCII),
        "msg".getBytes(StandardCharsets.US_ASCII),
    };

    private static boolean isJacksonOnly(byte[] b, int name, int nameLength) {
        for (byte[] n : JACKSON_ONLY) {
            if (nameIs(b, name, nameLength, n)) {
                return true;
            }
        }
        return false;
    }

    private static boolean nameIs(byte[] b, int off, int len, byte[] name) {
        if (len != name.length) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (b[off + i] != name[i]) {
                return false;
            }
        }
        return true;
    }

    private static int eventOf(byte[] b, int off, int len) {
        if (nameIs(b, off, len, DEPTH_UPDATE)) {
            return EVENT_DEPTH;
        }
        if (nameIs(b, off, len, BOOK_TICKER)) {
            return EVENT_TICKER;
        }
        if (nameIs(b, off, len, TRADE)) {
            return EVENT_TRADE;
        }
        return EVENT_OTHER;
    }

    /** {@code true} when {@code word} is at {@code p} (the caller checks what follows it). */
    private static boolean literal(byte[] b, int p, int end, byte[] word) {
        return end - p >= word.length && nameIs(b, p, word.length, word);
    }

    /** Skips an unknown member's value: a plain string, a non-negative integer, true, false or null. */
    private int skipScalar(byte[] b, int p, int end) {
        byte v = b[p];
        if (v == '"') {
            int q = stringEnd(b, p + 1, end);
            return q < 0 ? -1 : q + 1;
        }
        if (v >= '0' && v <= '9') {
            return scanLong(b, p, end);
        }
        if (literal(b, p, end, TRUE) || literal(b, p, end, NULL)) {
            return p + 4;
        }
        if (literal(b, p, end, FALSE)) {
            return p + 5;
        }
        return -1;
    }

    /**
     * Scans a JSON integer of 1..18 digits without sign or leading zero into {@link #scanned}; the
     * position after it, or -1. A '0' followed by a digit stops after the '0', so the caller, which
     * expects ',' or '}', leaves the message to Jackson.
     */
    private int scanLong(byte[] b, int p, int end) {
        if (p >= end) {
            return -1;
        }
        int d = b[p] - '0';
        if (d < 0 || d > 9) {
            return -1;
        }
        long v = d;
        int i = p + 1;
        if (d != 0) {
            int limit = Math.min(end, p + 18);
            while (i < limit && (d = b[i] - '0') >= 0 && d <= 9) {
                v = v * 10 + d;
                i++;
            }
        }
        scanned = v;
        return i;
    }

    /**
     * Scans {@code "price","size"]} pairs of a level array after its '[' into {@code into}; the
     * position after the closing ']', or -1.
     */
    private int scanLevels(byte[] b, int p, int end, PriceLevels into) {
        if (p < end && b[p] == ']') {
            return p + 1;
        }
        while (end - p >= 2 && b[p] == '[' && b[p + 1] == '"') {
            p = scanDecimal(b, p + 2, end, priceScale);
            if (p < 0 || end - p < 2 || b[p] != ',' || b[p + 1] != '"') {
                return -1;
            }
            long price = scanned;
            p = scanDecimal(b, p + 2, end, sizeScale);
            if (p < 0 || end - p < 2 || b[p] != ']') {
                return -1;
            }
            into.add(price, scanned);
            byte c = b[p + 1];
            if (c == ']') {
                return p + 2;
            }
            if (c != ',') {
                return -1;
            }
            p += 2;
        }
        return -1;
    }

    /**
     * Scans a decimal string's content after its opening quote into {@link #scanned}: the plain form
     * {@code digits[.digits]}, read by {@link Decimals#scanPlain} with the value
     * {@link Decimals#parse(char[], int, int, int)} gives the Jackson path for the same text. The
     * position after the closing quote, or -1 for any other form (a sign, an exponent, an escape, more
     * than 18 significant digits, excess non-zero digits, garbage): Jackson's path then decides.
     */
    private int scanDecimal(byte[] b, int p, int end, int scale) {
        int q = Decimals.scanPlain(b, p, end, scale, plainValue);
        if (q < 0 || q >= end || b[q] != '"') {
            return -1;
        }
        scanned = plainValue[0];
        return q + 1;
    }

    private static String originalMessage(IOException e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
            String m = j.getOriginalMessage();
            com.fasterxml.jackson.core.JsonLocation loc = j.getLocation();
            return loc == null ? m : m + " at column " + loc.getColumnNr();
        }
        return e.getMessage();
    }

    private BinanceMessageType decode(JsonParser p) throws IOException {
        reset();
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new BinanceFormatException("expected a JSON object");
        }
        readObject(p, true);
        if (p.nextToken() != null) {
            throw new BinanceFormatException("trailing content after the JSON object");
        }
        return classify();
    }

    private void reset() {
        event = EVENT_NONE;
        problem = null;
        hasData = hasSymbol = hasFirstId = hasFinalId = hasLastUpdateId = false;
        hasBidLevels = hasAskLevels = hasSnapshotBids = hasSnapshotAsks = false;
        hasBidPrice = hasAskPrice = hasBidSize = hasAskSize = false;
        hasTradeId = hasTradePrice = hasTradeSize = hasResult = hasCode = false;
        symbol = null;
        eventTime = transactionTime = DepthUpdate.NONE;
        previousId = DepthUpdate.NONE;
        firstId = finalId = lastUpdateId = 0;
        buyerMaker = false;
        errorMessage = null;
        priceDigits = sizeDigits = 0;
        depthUpdate.bids().clear();
        depthUpdate.asks().clear();
    }

    private void readObject(JsonParser p, boolean top) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken v = p.nextToken();
            switch (name) {
                case "stream" -> {
                    if (top && v != JsonToken.VALUE_STRING) {
                        mismatch(name, "a string");
                    }
                }
                case "data" -> {
                    if (top && v == JsonToken.START_OBJECT) {
                        hasData = true;
                        readObject(p, false);
                    } else {
                        mismatch(name, "an object");
                        p.skipChildren();
                    }
                }
                case "e" -> readEventType(p, v);
                case "E" -> eventTime = longValue(p, v, name);
                case "T" -> transactionTime = longValue(p, v, name);
                case "s" -> {
                    if (v == JsonToken.VALUE_STRING) {
                        symbol = symbols.get(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                        hasSymbol = true;
                    } else {
                        mismatch(name, "a string");
                        p.skipChildren();
                    }
                }
                case "U" -> {
                    firstId = longValue(p, v, name);
                    hasFirstId = true;
                }
                case "u" -> {
                    finalId = longValue(p, v, name);
                    hasFinalId = true;
                }
                case "pu" -> previousId = longValue(p, v, name);
                case "b" -> {
                    if (v == JsonToken.START_ARRAY) {
                        readLevels(p, depthUpdate.bids(), false);
                        hasBidLevels = true;
                    } else if (v == JsonToken.VALUE_STRING) {
                        bidPrice = decimal(p, priceScale, name);
                        hasBidPrice = true;
                    } else {
                        mismatch(name, "an array or a string");
                        p.skipChildren();
                    }
                }
                case "a" -> {
                    if (v == JsonToken.START_ARRAY) {
                        readLevels(p, depthUpdate.asks(), false);
                        hasAskLevels = true;
                    } else if (v == JsonToken.VALUE_STRING) {
                        askPrice = decimal(p, priceScale, name);
                        hasAskPrice = true;
                    } else {
                        mismatch(name, "an array or a string");
                        p.skipChildren();
                    }
                }
                case "B" -> {
                    if (v == JsonToken.VALUE_STRING) {
                        bidSize = decimal(p, sizeScale, name);
                        hasBidSize = true;
                    } else {
                        p.skipChildren();
                    }
                }
                case "A" -> {
                    if (v == JsonToken.VALUE_STRING) {
                        askSize = decimal(p, sizeScale, name);
                        hasAskSize = true;
                    } else {
                        p.skipChildren();
                    }
                }
                case "t" -> {
                    tradeId = longValue(p, v, name);
                    hasTradeId = true;
                }
                case "p" -> {
                    if (v == JsonToken.VALUE_STRING) {
                        tradePrice = decimal(p, priceScale, name);
                        hasTradePrice = true;
                    } else {
                        mismatch(name, "a string");
                        p.skipChildren();
                    }
                }
                case "q" -> {
                    if (v == JsonToken.VALUE_STRING) {
                        tradeSize = decimal(p, sizeScale, name);
                        hasTradeSize = true;
                    } else {
                        mismatch(name, "a string");
                        p.skipChildren();
                    }
                }
                case "m" -> {
                    if (v == JsonToken.VALUE_TRUE || v == JsonToken.VALUE_FALSE) {
                        buyerMaker = v == JsonToken.VALUE_TRUE;
                    } else {
                        mismatch(name, "a boolean");
                        p.skipChildren();
                    }
                }
                case "lastUpdateId" -> {
                    lastUpdateId = longValue(p, v, name);
                    hasLastUpdateId = true;
                }
                case "bids" -> {
                    if (v == JsonToken.START_ARRAY) {
                        snapshot.bids().clear();
                        readLevels(p, snapshot.bids(), true);
                        hasSnapshotBids = true;
                    } else {
                        mismatch(name, "an array");
                        p.skipChildren();
                    }
                }
                case "asks" -> {
                    if (v == JsonToken.START_ARRAY) {
                        snapshot.asks().clear();
                        readLevels(p, snapshot.asks(), true);
                        hasSnapshotAsks = true;
                    } else {
                        mismatch(name, "an array");
                        p.skipChildren();
                    }
                }
                case "error" -> {
                    hasCode = true;
                    if (v == JsonToken.START_OBJECT) {
                        readObject(p, false);
                    } else if (v == JsonToken.VALUE_STRING) {
                        errorMessage = p.getText();
                    } else {
                        p.skipChildren();
                    }
                }
                case "result" -> {
                    hasResult = true;
                    p.skipChildren();
                }
                case "code" -> {
                    hasCode = true;
                    if (v == JsonToken.VALUE_NUMBER_INT) {
                        code = p.getLongValue();
                    }
                }
                case "msg" -> {
                    if (v == JsonToken.VALUE_STRING) {
                        errorMessage = p.getText();
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw new BinanceFormatException("malformed JSON object");
        }
    }

    private void readEventType(JsonParser p, JsonToken v) throws IOException {
        if (v != JsonToken.VALUE_STRING) {
            mismatch("e", "a string");
            p.skipChildren();
            return;
        }
        char[] c = p.getTextCharacters();
        int off = p.getTextOffset();
        int len = p.getTextLength();
        if (equals(c, off, len, "depthUpdate")) {
            event = EVENT_DEPTH;
        } else if (equals(c, off, len, "bookTicker")) {
            event = EVENT_TICKER;
        } else if (equals(c, off, len, "trade")) {
            event = EVENT_TRADE;
        } else {
            event = EVENT_OTHER;
        }
    }

    private static boolean equals(char[] c, int off, int len, String s) {
        if (len != s.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (c[off + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void mismatch(String field, String expected) {
        if (problem == null) {
            problem = "field '" + field + "' is not " + expected;
        }
    }

    private long longValue(JsonParser p, JsonToken v, String field) throws IOException {
        if (v == JsonToken.VALUE_NUMBER_INT) {
            try {
                return p.getLongValue();
            } catch (IOException e) {
                mismatch(field, "a 64-bit integer");
                return 0;
            }
        }
        mismatch(field, "an integer");
        p.skipChildren();
        return 0;
    }

    private void readLevels(JsonParser p, PriceLevels into, boolean countDigits) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.START_ARRAY) {
            if (!isDecimalToken(p.nextToken())) {
                throw new BinanceFormatException("price level without a price: expected [\"price\",\"size\"]");
            }
            if (countDigits) {
                priceDigits = Math.max(priceDigits, Decimals.fractionDigits(p.getTextCharacters(), p.getTextOffset(), p.getTextLength()));
            }
            long price = decimal(p, priceScale, "price");
            if (!isDecimalToken(p.nextToken())) {
                throw new BinanceFormatException("price level without a size: expected [\"price\",\"size\"]");
            }
            if (countDigits) {
                sizeDigits = Math.max(sizeDigits, Decimals.fractionDigits(p.getTextCharacters(), p.getTextOffset(), p.getTextLength()));
            }
            long size = decimal(p, sizeScale, "size");
            JsonToken end;
            while ((end = p.nextToken()) != JsonToken.END_ARRAY) {
                if (end == null) {
                    throw new BinanceFormatException("unterminated price level");
                }
                p.skipChildren();
            }
            into.add(price, size);
        }
        if (t != JsonToken.END_ARRAY) {
            throw new BinanceFormatException("price levels must be an array of [\"price\",\"size\"] arrays");
        }
    }

    private static boolean isDecimalToken(JsonToken t) {
        return t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT;
    }

    private static long decimal(JsonParser p, int scale, String field) throws IOException {
        char[] c = p.getTextCharacters();
        int off = p.getTextOffset();
        int len = p.getTextLength();
        long v;
        try {
            v = Decimals.parse(c, off, len, scale);
        } catch (NumberFormatException e) {
            throw new BinanceFormatException(field + ": " + e.getMessage());
        }
        if (v < 0) {
            throw new BinanceFormatException(field + ": negative value '" + new String(c, off, len) + "'");
        }
        return v;
    }

    private BinanceMessageType classify() throws BinanceFormatException {
        if (event == EVENT_OTHER) {
            return BinanceMessageType.IGNORED;
        }
        if (problem != null) {
            throw new BinanceFormatException(problem);
        }
        if (event == EVENT_DEPTH) {
            require(hasSymbol, "depthUpdate", "s");
            require(hasFirstId, "depthUpdate", "U");
            require(hasFinalId, "depthUpdate", "u");
            require(hasBidLevels, "depthUpdate", "b");
            require(hasAskLevels, "depthUpdate", "a");
            depthUpdate.setSymbol(symbol).setEventTime(eventTime).setTransactionTime(transactionTime)
                    .setUpdateIds(firstId, finalId).setPreviousFinalUpdateId(previousId);
            return BinanceMessageType.DEPTH_UPDATE;
        }
        if (event == EVENT_TICKER || (event == EVENT_NONE && hasFinalId && hasBidPrice && hasAskPrice)) {
            require(hasSymbol, "bookTicker", "s");
            require(hasFinalId, "bookTicker", "u");
            require(hasBidPrice, "bookTicker", "b");
            require(hasBidSize, "bookTicker", "B");
            require(hasAskPrice, "bookTicker", "a");
            require(hasAskSize, "bookTicker", "A");
            bookTicker.set(symbol, finalId, bidPrice, bidSize, askPrice, askSize).setTimes(eventTime, transactionTime);
            return BinanceMessageType.BOOK_TICKER;
        }
        if (event == EVENT_TRADE) {
            require(hasSymbol, "trade", "s");
            require(hasTradeId, "trade", "t");
            require(hasTradePrice, "trade", "p");
            require(hasTradeSize, "trade", "q");
            trade.set(symbol, tradeId, tradePrice, tradeSize, transactionTime, eventTime, buyerMaker);
            return BinanceMessageType.TRADE;
        }
        if (hasLastUpdateId || hasSnapshotBids || hasSnapshotAsks) {
            require(hasLastUpdateId, "depth snapshot", "lastUpdateId");
            require(hasSnapshotBids, "depth snapshot", "bids");
            require(hasSnapshotAsks, "depth snapshot", "asks");
            snapshot.setSymbol(null);
            snapshot.setLastUpdateId(lastUpdateId).setEventTime(eventTime).setTransactionTime(transactionTime)
                    .setFractionDigits(priceDigits, sizeDigits);
            return BinanceMessageType.SNAPSHOT;
        }
        if (hasCode) {
            throw new BinanceFormatException("error answer from Binance: code " + code + (errorMessage == null ? "" : ": " + errorMessage));
        }
        if (hasResult) {
            return BinanceMessageType.IGNORED;
        }
        if (hasData) {
            throw new BinanceFormatException("stream payload without an event type 'e'");
        }
        throw new BinanceFormatException("unrecognised message: no event type 'e', not a snapshot, ticker or subscription answer");
    }

    private static void require(boolean present, String what, String field) throws BinanceFormatException {
        if (!present) {
            throw new BinanceFormatException(what + " without '" + field + "'");
        }
    }

    /** Canonical symbol strings, so that decoding a known symbol allocates nothing. */
    private static final class SymbolCache {
        private final String[] table = new String[512];
        /** The ASCII bytes of {@code table[i]} once the byte path has met it, else null. */
        private final byte[][] keys = new byte[512][];
        /** The slot the byte path returned last: one stream's messages mostly name one symbol. */
        private int lastSlot = -1;

        String get(char[] c, int off, int len) {
            int h = 0;
            for (int i = 0; i < len; i++) {
                h = 31 * h + c[off + i];
            }
            int slot = (h ^ (h >>> 16)) & (table.length - 1);
            String s = table[slot];
            if (s != null && BinanceDecoder.equals(c, off, len, s)) {
                return s;
            }
            s = new String(c, off, len);
            table[slot] = s;
            keys[slot] = null;
            return s;
        }

        /** The same for ASCII bytes (the fast path checked they are ASCII); same hash, same table. */
        String get(byte[] b, int off, int len) {
            int last = lastSlot;
            if (last >= 0) {
                byte[] k = keys[last];
                if (k != null && Arrays.equals(b, off, off + len, k, 0, k.length)) {
                    return table[last];
                }
            }
            int h = 0;
            for (int i = 0; i < len; i++) {
                h = 31 * h + b[off + i];
            }
            int slot = (h ^ (h >>> 16)) & (table.length - 1);
            String s = table[slot];
            if (s == null || !sameAscii(b, off, len, s)) {
                s = new String(b, off, len, StandardCharsets.US_ASCII);
                table[slot] = s;
                keys[slot] = null;
            }
            if (keys[slot] == null) {
                keys[slot] = Arrays.copyOfRange(b, off, off + len);
            }
            lastSlot = slot;
            return s;
        }

        private static boolean sameAscii(byte[] b, int off, int len, String s) {
            if (len != s.length()) {
                return false;
            }
            for (int i = 0; i < len; i++) {
                if (b[off + i] != s.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
    }
}
