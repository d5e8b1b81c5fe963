package dev.ladder.betfair;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ladder.book.ladder.LevelLadder;
import dev.ladder.book.ladder.PriceLadder;
import dev.ladder.book.ladder.RunnerLadder;
import dev.ladder.core.Decimals;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes Betfair Exchange Stream API messages (one JSON object per line, as on the socket and in
 * historical files) with Jackson's streaming parser and applies market changes to a
 * {@link BetfairMarketCache}.
 *
 * <p>Every message's header is exposed after {@link #decode} (or {@link #parse}): {@link #op()},
 * {@link #id()}, {@link #changeType()}, {@link #segmentType()}, {@link #clk()},
 * {@link #initialClk()}, {@link #publishTime()}, {@link #heartbeatMs()}, {@link #conflateMs()}, and
 * for {@code connection}/{@code status} messages {@link #connectionId()}, {@link #statusCode()},
 * {@link #errorCode()}, {@link #errorMessage()}, {@link #isConnectionClosed()},
 * {@link #connectionsAvailable()}. Absent fields are {@code null}, -1 or {@code false}.
 *
 * <p>Only {@code op=mcm} changes the cache (heartbeats included, for their clk). {@code ocm} and
 * unknown ops are recognised and ignored. A message is applied only after it decoded completely,
 * so a malformed line changes nothing: {@link #decode} then answers {@link Op#MALFORMED}, counts it
 * ({@link #malformed()}) and describes it in {@link #lastError()}; it never throws.
 *
 * <p>Numbers are exact: prices and handicaps are scaled at {@link PriceLadder#PRICE_SCALE}, sizes at
 * {@link RunnerLadder#SIZE_SCALE}; a value with more fraction digits than that (other than trailing
 * zeros) makes the line malformed rather than being rounded. {@code "NaN"} prices are
 * {@link RunnerLadder#NO_PRICE}, {@code "Infinity"} is {@link RunnerLadder#INFINITE_PRICE}.
 *
 * <p>Hot path: decoding reuses its scratch buffers and market-id strings; only market definitions
 * (rare) and changed clk tokens allocate. Not thread-safe: one decoder per connection or replay.
 */
public final class BetfairStreamDecoder {
    /** The {@code op} of a message. */
    public enum Op { CONNECTION, STATUS, MCM, OCM, OTHER, MALFORMED }

    /** The {@code ct} of a change message; {@code UPDATE} when absent (a plain delta). */
    public enum ChangeType { UPDATE, SUB_IMAGE, RESUB_DELTA, HEARTBEAT }

    /** The {@code segmentType} of a change message; {@code NONE} when absent. */
    public enum SegmentType { NONE, SEG_START, SEG, SEG_END }

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private final BetfairMarketCache cache;
    private final MarketChangeBuffer buffer = new MarketChangeBuffer();
    private final String[] idTable = new String[1024];

    private Op op = Op.OTHER;
    private int id;
    private ChangeType changeType;
    private SegmentType segmentType;
    private String clk;
    private String initialClk;
    private long pt;
    private long heartbeatMs;
    private long conflateMs;
    private String connectionId;
    private String statusCode;
    private String errorCode;
    private String errorMessage;
    private boolean connectionClosed;
    private int connectionsAvailable;
    private boolean pendingApply;

    private long decoded;
    private long malformed;
    private String lastError;

    /** A decoder that applies market changes to {@code cache}. */
    public BetfairStreamDecoder(BetfairMarketCache cache) {
        this.cache = cache;
    }

    public BetfairMarketCache cache() {
        return cache;
    }

    /** Decodes one message and, when it is a clean {@code mcm}, applies it to the cache. Never throws. */
    public Op decode(byte[] bytes, int offset, int length) {
        Op result = parse(bytes, offset, length);
        applyParsed();
        return result;
    }

    /** {@link #decode(byte[], int, int)} over a whole array. */
    public Op decode(byte[] bytes) {
        return decode(bytes, 0, bytes.length);
    }

    /** {@link #decode(byte[], int, int)} of a string (tests, tools; allocates). */
    public Op decode(String line) {
        return decode(line.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Decodes one message without applying it, so that a replay can look at its header (e.g. its
     * {@link #publishTime()}) first; {@link #applyParsed()} then applies it. Never throws.
     */
    public Op parse(byte[] bytes, int offset, int length) {
        resetHeader();
        buffer.clear();
        pendingApply = false;
        try (JsonParser p = FACTORY.createParser(bytes, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new Malformed("not a JSON object");
            }
            readMessage(p);
            if (p.nextToken() != null) {
                throw new Malformed("trailing content after the message");
            }
        } catch (IOException | RuntimeException e) {
            buffer.clear();
            malformed++;
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            int nl = why.indexOf('\n');
            lastError = nl >= 0 ? why.substring(0, nl) : why;
            op = Op.MALFORMED;
            return op;
        }
        decoded++;
        pendingApply = op == Op.MCM;
        return op;
    }

    /** Applies the message last {@linkplain #parse parsed} when it was a clean {@code mcm}; once only. */
    public void applyParsed() {
        if (pendingApply) {
            pendingApply = false;
            cache.apply(buffer, initialClk, clk, pt);
        }
    }

    /** Messages decoded cleanly. */
    public long decoded() {
        return decoded;
    }

    /** Malformed messages seen (never applied). */
    public long malformed() {
        return malformed;
    }

    /** Why the last malformed message was rejected, or {@code null}. */
    public String lastError() {
        return lastError;
    }

    public Op op() {
        return op;
    }

    /** The message's {@code id} (the request it answers), or -1. */
    public int id() {
        return id;
    }

    public ChangeType changeType() {
        return changeType;
    }

    public SegmentType segmentType() {
        return segmentType;
    }

    /** {@code clk} of this message or {@code null}. */
    public String clk() {
        return clk;
    }

    /** {@code initialClk} of this message or {@code null}. */
    public String initialClk() {
        return initialClk;
    }

    /** {@code pt} (epoch ms) of this message or -1. */
    public long publishTime() {
        return pt;
    }

    public long heartbeatMs() {
        return heartbeatMs;
    }

    public long conflateMs() {
        return conflateMs;
    }

    /** The number of market changes ({@code mc[]}) in this message. */
    public int marketChangeCount() {
        return buffer.markets;
    }

    /** The market id of change {@code i} of this message. */
    public String marketId(int i) {
        if (i < 0 || i >= buffer.markets) {
            throw new IndexOutOfBoundsException("market change " + i + " of " + buffer.markets);
        }
        return buffer.marketIds[i];
    }

    public String connectionId() {
        return connectionId;
    }

    /** {@code statusCode} of a status message (SUCCESS, FAILURE) or {@code null}. */
    public String statusCode() {
        return statusCode;
    }

    public String errorCode() {
        return errorCode;
    }

    public String errorMessage() {
        return errorMessage;
    }

    public boolean isConnectionClosed() {
        return connectionClosed;
    }

    /** {@code connectionsAvailable} of a status message or -1. */
    public int connectionsAvailable() {
        return connectionsAvailable;
    }

    private void resetHeader() {
        op = Op.OTHER;
        id = -1;
        changeType = ChangeType.UPDATE;
        segmentType = SegmentType.NONE;
        clk = null;
        initialClk = null;
        pt = -1;
        heartbeatMs = -1;
        conflateMs = -1;
        connectionId = null;
        statusCode = null;
        errorCode = null;
        errorMessage = null;
        connectionClosed = false;
        connectionsAvailable = -1;
    }

    private void readMessage(JsonParser p) throws IOException {
        boolean sawMc = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "op" -> op = readOp(p, t);
                case "id" -> id = t == JsonToken.VALUE_NULL ? -1 : p.getIntValue();
                case "clk" -> clk = t == JsonToken.VALUE_NULL ? null : reuse(p, cache.clk());
                case "initialClk" -> initialClk = t == JsonToken.VALUE_NULL ? null : reuse(p, cache.initialClk());
                case "pt" -> pt = t == JsonToken.VALUE_NULL ? -1 : p.getLongValue();
                case "ct" -> changeType = readChangeType(p, t);
                case "segmentType" -> segmentType = readSegmentType(p, t);
                case "heartbeatMs" -> heartbeatMs = t == JsonToken.VALUE_NULL ? -1 : p.getLongValue();
                case "conflateMs" -> conflateMs = t == JsonToken.VALUE_NULL ? -1 : p.getLongValue();
                case "mc" -> {
                    sawMc = true;
                    readMarketChanges(p, t);
                }
                case "connectionId" -> connectionId = p.getValueAsString();
                case "statusCode" -> statusCode = p.getValueAsString();
                case "errorCode" -> errorCode = p.getValueAsString();
                case "errorMessage" -> errorMessage = p.getValueAsString();
                case "connectionClosed" -> connectionClosed = t == JsonToken.VALUE_TRUE;
                case "connectionsAvailable" -> connectionsAvailable = t == JsonToken.VALUE_NULL ? -1 : p.getIntValue();
                default -> p.skipChildren();
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new Malformed("expected a field name");
        }
        if (sawMc && op == Op.OTHER) {
            op = Op.MCM;
        }
    }

    private static Op readOp(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            throw new Malformed("op is not a string");
        }
        if (textEquals(p, "mcm")) {
            return Op.MCM;
        }
        if (textEquals(p, "ocm")) {
            return Op.OCM;
        }
        if (textEquals(p, "connection")) {
            return Op.CONNECTION;
        }
        return textEquals(p, "status") ? Op.STATUS : Op.OTHER;
    }

    private static ChangeType readChangeType(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_STRING) {
            return ChangeType.UPDATE;
        }
        if (textEquals(p, "HEARTBEAT")) {
            return ChangeType.HEARTBEAT;
        }
        if (textEquals(p, "SUB_IMAGE")) {
            return ChangeType.SUB_IMAGE;
        }
        return textEquals(p, "RESUB_DELTA") ? ChangeType.RESUB_DELTA : ChangeType.UPDATE;
    }

    private static SegmentType readSegmentType(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return SegmentType.NONE;
        }
        return switch (p.getText()) {
            case "SEG_START" -> SegmentType.SEG_START;
            case "SEG" -> SegmentType.SEG;
            case "SEG_END" -> SegmentType.SEG_END;
            default -> SegmentType.NONE;
        };
    }

    /** The current string token, reusing {@code previous} when the text is the same (no allocation then). */
    private static String reuse(JsonParser p, String previous) throws IOException {
        if (previous != null && textEquals(p, previous)) {
            return previous;
        }
        return p.getText();
    }

    private static boolean textEquals(JsonParser p, String s) throws IOException {
        char[] c = p.getTextCharacters();
        int off = p.getTextOffset();
        int len = p.getTextLength();
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

    private void readMarketChanges(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        if (t != JsonToken.START_ARRAY) {
            throw new Malformed("mc is not an array");
        }
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
                throw new Malformed("mc[] entry is not an object");
            }
            readMarketChange(p);
        }
    }

    private void readMarketChange(JsonParser p) throws IOException {
        int m = buffer.addMarket(null);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "id" -> {
                    if (t != JsonToken.VALUE_STRING) {
                        throw new Malformed("market id is not a string");
                    }
                    buffer.marketIds[m] = internMarketId(p);
                }
                case "img" -> buffer.img[m] = t == JsonToken.VALUE_TRUE;
                case "tv" -> {
                    if (t != JsonToken.VALUE_NULL) {
                        buffer.hasMarketTv[m] = true;
                        buffer.marketTv[m] = size(p, t, "market tv");
                    }
                }
                case "marketDefinition" -> {
                    if (t == JsonToken.START_OBJECT) {
                        JsonNode node = MAPPER.readTree(p);
                        buffer.definitions[m] = definition(node);
                    } else if (t != JsonToken.VALUE_NULL) {
                        throw new Malformed("marketDefinition is not an object");
                    }
                }
                case "rc" -> readRunnerChanges(p, t);
                default -> p.skipChildren();
            }
        }
        if (buffer.marketIds[m] == null) {
            throw new Malformed("market change without id");
        }
        buffer.runnerEnd[m] = buffer.runners;
    }

    private void readRunnerChanges(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        if (t != JsonToken.START_ARRAY) {
            throw new Malformed("rc is not an array");
        }
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
                throw new Malformed("rc[] entry is not an object");
            }
            readRunnerChange(p);
        }
    }

    private void readRunnerChange(JsonParser p) throws IOException {
        MarketChangeBuffer b = buffer;
        int r = b.addRunner();
        boolean hasId = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (name) {
                case "id" -> {
                    if (t != JsonToken.VALUE_NUMBER_INT) {
                        throw new Malformed("runner id is not an integer");
                    }
                    b.selectionId[r] = p.getLongValue();
                    hasId = true;
                }
                case "hc" -> b.handicap[r] = scaled(p, t, PriceLadder.PRICE_SCALE, "hc");
                case "ltp" -> {
                    b.ltp[r] = price(p, t, "ltp");
                    b.flags[r] |= MarketChangeBuffer.HAS_LTP;
                }
                case "tv" -> {
                    b.tv[r] = size(p, t, "runner tv");
                    b.flags[r] |= MarketChangeBuffer.HAS_TV;
                }
                case "spn" -> {
                    b.spn[r] = price(p, t, "spn");
                    b.flags[r] |= MarketChangeBuffer.HAS_SPN;
                }
                case "spf" -> {
                    b.spf[r] = price(p, t, "spf");
                    b.flags[r] |= MarketChangeBuffer.HAS_SPF;
                }
                case "atb" -> readPriceLadder(p, t, MarketChangeBuffer.ATB);
                case "atl" -> readPriceLadder(p, t, MarketChangeBuffer.ATL);
                case "trd" -> {
                    b.flags[r] |= MarketChangeBuffer.HAS_TRD;
                    readPriceLadder(p, t, MarketChangeBuffer.TRD);
                }
                case "spb" -> readPriceLadder(p, t, MarketChangeBuffer.SPB);
                case "spl" -> readPriceLadder(p, t, MarketChangeBuffer.SPL);
                case "batb" -> readLevelLadder(p, t, MarketChangeBuffer.BATB);
                case "batl" -> readLevelLadder(p, t, MarketChangeBuffer.BATL);
                case "bdatb" -> readLevelLadder(p, t, MarketChangeBuffer.BDATB);
                case "bdatl" -> readLevelLadder(p, t, MarketChangeBuffer.BDATL);
                default -> p.skipChildren();
            }
        }
        if (!hasId) {
            throw new Malformed("runner change without id");
        }
        b.opEnd[r] = b.ops;
    }

    private void readPriceLadder(JsonParser p, JsonToken t, byte ladder) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            throw new Malformed(ladderName(ladder) + " is not an array");
        }
        int before = buffer.ops;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_ARRAY) {
                throw new Malformed(ladderName(ladder) + " entry is not a [price, size] pair");
            }
            long price = price(p, p.nextToken(), ladderName(ladder));
            long size = size(p, p.nextToken(), ladderName(ladder));
            if (p.nextToken() != JsonToken.END_ARRAY) {
                throw new Malformed(ladderName(ladder) + " entry is not a [price, size] pair");
            }
            if (size < 0 || price == RunnerLadder.NO_PRICE) {
                throw new Malformed(ladderName(ladder) + " has a negative size or no price");
            }
            buffer.addOp(ladder, 0, price, size);
        }
        if (ladder == MarketChangeBuffer.TRD && buffer.ops == before) {
            buffer.addOp(MarketChangeBuffer.TRD_CLEAR, 0, 0, 0);
        }
    }

    private void readLevelLadder(JsonParser p, JsonToken t, byte ladder) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            throw new Malformed(ladderName(ladder) + " is not an array");
        }
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_ARRAY || p.nextToken() != JsonToken.VALUE_NUMBER_INT) {
                throw new Malformed(ladderName(ladder) + " entry is not a [level, price, size] triple");
            }
            int level = p.getIntValue();
            long price = price(p, p.nextToken(), ladderName(ladder));
            long size = size(p, p.nextToken(), ladderName(ladder));
            if (p.nextToken() != JsonToken.END_ARRAY) {
                throw new Malformed(ladderName(ladder) + " entry is not a [level, price, size] triple");
            }
            if (level < 0 || level > LevelLadder.MAX_LEVEL || size < 0) {
                throw new Malformed(ladderName(ladder) + " has level " + level + " or a negative size");
            }
            buffer.addOp(ladder, level, price, size);
        }
    }

    private static String ladderName(byte ladder) {
        return switch (ladder) {
            case MarketChangeBuffer.ATB -> "atb";
            case MarketChangeBuffer.ATL -> "atl";
            case MarketChangeBuffer.TRD -> "trd";
            case MarketChangeBuffer.SPB -> "spb";
            case MarketChangeBuffer.SPL -> "spl";
            case MarketChangeBuffer.BATB -> "batb";
            case MarketChangeBuffer.BATL -> "batl";
            case MarketChangeBuffer.BDATB -> "bdatb";
            case MarketChangeBuffer.BDATL -> "bdatl";
            default -> "ladder";
        };
    }

    private static long price(JsonParser p, JsonToken t, String what) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            String s = p.getText();
            if (s.equals("NaN")) {
                return RunnerLadder.NO_PRICE;
            }
            if (s.equals("Infinity")) {
                return RunnerLadder.INFINITE_PRICE;
            }
        }
        if (t == JsonToken.VALUE_NULL) {
            return RunnerLadder.NO_PRICE;
        }
        return scaled(p, t, PriceLadder.PRICE_SCALE, what);
    }

    private static long size(JsonParser p, JsonToken t, String what) throws IOException {
        return scaled(p, t, RunnerLadder.SIZE_SCALE, what);
    }

    /** The current number token as a long at {@code scale}, exactly; anything else is malformed. */
    static long scaled(JsonParser p, JsonToken t, int scale, String what) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT) {
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw new Malformed(what + " out of range");
            }
            long v = p.getLongValue();
            long f = scale == 2 ? 100 : Decimals.pow10(scale);
            if (Math.abs(v) > Long.MAX_VALUE / f) {
                throw new Malformed(what + " out of range: " + v);
            }
            return v * f;
        }
        if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_STRING) {
            throw new Malformed(what + " is not a number");
        }
        char[] c = p.getTextCharacters();
        int off = p.getTextOffset();
        int len = p.getTextLength();
        long v = parseScaled(c, off, off + len, scale);
        if (v == BAD) {
            String text = new String(c, off, len);
            try {
                return new BigDecimal(text).setScale(scale).unscaledValue().longValueExact();
            } catch (ArithmeticException | NumberFormatException e) {
                throw new Malformed(what + " '" + text + "' is not exact at " + scale + " decimals");
            }
        }
        return v;
    }

    private static final long BAD = Long.MIN_VALUE;

    /** Plain decimals ({@code -12.34}) at {@code scale}; {@link #BAD} for anything else (exponents, excess digits). */
    private static long parseScaled(char[] c, int from, int to, int scale) {
        int i = from;
        boolean neg = false;
        if (i < to && c[i] == '-') {
            neg = true;
            i++;
        }
        long acc = 0;
        int digits = 0;
        for (; i < to; i++) {
            char ch = c[i];
            if (ch < '0' || ch > '9') {
                break;
            }
            if (++digits > 16) {
                return BAD;
            }
            acc = acc * 10 + (ch - '0');
        }
        if (digits == 0) {
            return BAD;
        }
        int frac = 0;
        if (i < to && c[i] == '.') {
            i++;
            for (; i < to; i++) {
                char ch = c[i];
                if (ch < '0' || ch > '9') {
                    return BAD;
                }
                if (frac < scale) {
                    acc = acc * 10 + (ch - '0');
                    frac++;
                } else if (ch != '0') {
                    return BAD;
                }
            }
        }
        if (i != to) {
            return BAD;
        }
        for (; frac < scale; frac++) {
            acc *= 10;
        }
        return neg ? -acc : acc;
    }

    private String internMarketId(JsonParser p) throws IOException {
        char[] c = p.getTextCharacters();
        int off = p.getTextOffset();
        int len = p.getTextLength();
        int h = 0;
        for (int i = 0; i < len; i++) {
            h = 31 * h + c[off + i];
        }
        int slot = (h ^ (h >>> 16)) & (idTable.length - 1);
        String s = idTable[slot];
        if (s != null && s.length() == len) {
            boolean same = true;
            for (int i = 0; i < len; i++) {
                if (s.charAt(i) != c[off + i]) {
                    same = false;
                    break;
                }
            }
            if (same) {
                return s;
            }
        }
        s = new String(c, off, len);
        idTable[slot] = s;
        return s;
    }

    static BetfairMarketDefinition definition(JsonNode n) {
        List<BetfairRunnerDefinition> runners = new ArrayList<>();
        JsonNode rs = n.path("runners");
        for (JsonNode r : rs) {
            if (!r.path("id").canConvertToLong()) {
                throw new Malformed("market definition runner without an integer id");
            }
            runners.add(new BetfairRunnerDefinition(
                    r.path("id").asLong(),
                    r.hasNonNull("hc") ? exact(r.get("hc"), PriceLadder.PRICE_SCALE, "runner hc") : 0,
                    text(r, "status"),
                    r.path("sortPriority").asInt(0),
                    text(r, "name"),
                    decimal(r, "adjustmentFactor"),
                    decimal(r, "bsp"),
                    text(r, "removalDate")));
        }
        return new BetfairMarketDefinition(
                text(n, "status"), n.path("inPlay").asBoolean(false), n.path("version").asLong(0),
                text(n, "bettingType"), text(n, "marketType"), text(n, "eventId"), text(n, "eventTypeId"),
                text(n, "eventName"), text(n, "venue"), text(n, "countryCode"), text(n, "marketTime"),
                text(n, "suspendTime"), text(n, "openDate"), text(n, "settledTime"),
                n.path("complete").asBoolean(false), n.path("bspMarket").asBoolean(false),
                n.path("bspReconciled").asBoolean(false), n.path("crossMatching").asBoolean(false),
                n.path("turnInPlayEnabled").asBoolean(false), n.path("betDelay").asInt(0),
                n.path("numberOfWinners").asInt(0), n.path("numberOfActiveRunners").asInt(0),
                ladder(n), List.copyOf(runners), n);
    }

    private static PriceLadder ladder(JsonNode n) {
        String type = text(n.path("priceLadderDefinition"), "type");
        if ("LINE_RANGE".equals(type)) {
            try {
                long min = exact(n.get("lineMinUnit"), PriceLadder.PRICE_SCALE, "lineMinUnit");
                long max = exact(n.get("lineMaxUnit"), PriceLadder.PRICE_SCALE, "lineMaxUnit");
                long interval = exact(n.get("lineInterval"), PriceLadder.PRICE_SCALE, "lineInterval");
                return PriceLadder.lineRange(min, max, interval);
            } catch (RuntimeException e) {
                return PriceLadder.classic();
            }
        }
        return PriceLadder.of(type);
    }

    private static long exact(JsonNode v, int scale, String what) {
        if (v == null || !v.isNumber()) {
            throw new Malformed(what + " is not a number");
        }
        try {
            return v.decimalValue().setScale(scale).unscaledValue().longValueExact();
        } catch (ArithmeticException e) {
            throw new Malformed(what + " '" + v + "' is not exact at " + scale + " decimals");
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static BigDecimal decimal(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isNumber() ? null : v.decimalValue();
    }

    /** A rejected message; no stack trace (it is expected input, counted, not a bug). */
    static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }
}
