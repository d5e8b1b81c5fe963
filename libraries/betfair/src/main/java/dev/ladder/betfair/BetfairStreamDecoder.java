package dev.ladder.betfair;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ladder.book.ladder.LevelLadder;
import dev.ladder.book.ladder.PriceLadder;
import dev.ladder.book.ladder.RunnerLadder;
import dev.ladder.book.ladder.SpPrice;
import dev.ladder.core.Decimals;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Decodes Betfair Exchange Stream API messages (one JSON object per line, as on the socket and in
 * historical files) and applies market changes to a {@link BetfairMarketCache}. A byte scanner
 * ({@link BetfairLineScanner}) takes the common shape of a market change message without a parser (a
 * definition it cuts out and this decoder reads as a stream) and hands anything else (unusual
 * definitions, SP fields, bad fields, odd syntax) to Jackson's streaming parser,
 * which decides every line the scanner does not; the two give the same results (a property test says so).
 *
 * <p>Every message's header is exposed after {@link #decode} (or {@link #parse}): {@link #op()},
 * {@link #id()}, {@link #changeType()}, {@link #segmentType()}, {@link #clk()},
 * {@link #initialClk()}, {@link #publishTime()}, {@link #heartbeatMs()}, {@link #conflateMs()}, and
 * for {@code connection}/{@code status} messages {@link #connectionId()}, {@link #statusCode()},
 * {@link #errorCode()}, {@link #errorMessage()}, {@link #isConnectionClosed()},
 * {@link #connectionsAvailable()}. Absent fields are {@code null}, -1 or {@code false}.
 *
 * <p>Only {@code op=mcm} changes the cache (heartbeats included, for their clk). {@code ocm} and
 * unknown ops are recognised and ignored. A message is applied only after it decoded completely.
 *
 * <p>Bad input, two grades:
 * <ul>
 *   <li>A line that is not one JSON object (a syntax error, an array, trailing content) is
 *       <em>malformed</em>: nothing of it is applied; {@link #decode} answers {@link Op#MALFORMED},
 *       counts it ({@link #malformed()}) and describes it in {@link #lastError()}; it never throws.</li>
 *   <li>A <em>bad field</em> in a well-formed line (a number that cannot be held exactly, a wrong JSON
 *       type, a negative size, a level above {@link LevelLadder#MAX_LEVEL}, an exchange price outside
 *       the market's {@linkplain PriceLadder#isInRange ladder range}, a runner status the
 *       specification does not list, a market or runner change without its id) is skipped alone:
 *       it is counted and logged by {@link #badFields()} (with market id, runner id, field and value)
 *       and every other change in the line is applied. A ladder entry is skipped as a whole when its
 *       price, size or level is bad; a runner change is skipped when its id or handicap is bad (it
 *       cannot be placed), a market change when its id is.</li>
 * </ul>
 *
 * <p>Numbers are exact and parsed by {@link Decimals}: exchange prices and handicaps at
 * {@link PriceLadder#PRICE_SCALE}, sizes at {@link RunnerLadder#SIZE_SCALE}; a value with more
 * fraction digits than that (other than trailing zeros) is a bad field, never rounded. Starting-price
 * values ({@code spn}, {@code spf} and the prices of {@code spb}/{@code spl}) keep every digit sent, as
 * {@link SpPrice} encodings; {@code spn}/{@code spf} may also be {@code "NaN"} or {@code "Infinity"}
 * (quoted, or bare as Python's JSON writes them), kept as {@link SpPrice#NAN} and
 * {@link SpPrice#INFINITY}.
 *
 * <p>Hot path: decoding reuses its scratch buffers and market-id strings; only market definitions
 * (rare), SP values and bad fields allocate (clk tokens are kept as bytes; {@link #clk()} makes the string when asked). Not thread-safe: one decoder per
 * connection or replay.
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
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    /** The runner statuses of the specification ({@code RunnerDefinition.status}). */
    static final Set<String> RUNNER_STATUSES = Set.of("ACTIVE", "WINNER", "LOSER", "REMOVED", "REMOVED_VACANT",
            "HIDDEN", "PLACED");

    private static final long BAD = Long.MIN_VALUE;

    private final BetfairMarketCache cache;
    private final MarketChangeBuffer buffer = new MarketChangeBuffer();
    private final String[] idTable = new String[1024];
    private final BadFields badFields = new BadFields();
    private final BetfairLineScanner scanner = new BetfairLineScanner(this, buffer);
    private boolean isScannerOn = true;
    private long scanned;

    private Op op = Op.OTHER;
    private int id;
    private ChangeType changeType;
    private SegmentType segmentType;
    private String clk;
    private String initialClk;
    /** Definitions read as a stream when usual (on by default; off: always as a tree, for the tests that hold the two equal). */
    private boolean isDefinitionStreamed = true;
    private long streamedDefinitions;
    /** The bytes of the message being parsed by Jackson (definitions are cut out of them), and where it starts. */
    private byte[] src;
    private int srcOffset;
    /** The last message came through the byte scanner: its clocks are the scanner's bytes, strings made on demand. */
    private boolean isScanned;
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

    // bad fields of the message being parsed, recorded once it parsed (ids may come after the field)
    private int pending;
    private String[] pendingField = new String[4];
    private BadFields.Problem[] pendingProblem = new BadFields.Problem[4];
    private String[] pendingValue = new String[4];
    private int[] pendingMarket = new int[4];
    private int[] pendingRunner = new int[4];
    private long[] pendingSelection = new long[4];

    /** A decoder that applies market changes to {@code cache}. */
    public BetfairStreamDecoder(BetfairMarketCache cache) {
        this.cache = cache;
    }

    public BetfairMarketCache cache() {
        return cache;
    }

    /** The bad fields skipped so far (counts by kind, and their log). */
    public BadFields badFields() {
        return badFields;
    }

    /** Decodes one message and, when it is a well-formed {@code mcm}, applies it to the cache. Never throws. */
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
     * {@link #publishTime()}) first; {@link #applyParsed()} then applies it. Bad fields are counted
     * here. Never throws.
     */
    public Op parse(byte[] bytes, int offset, int length) {
        resetHeader();
        buffer.clear();
        pending = 0;
        pendingApply = false;
        if (isScannerOn && scanner.scan(bytes, offset, length)) {
            op = scanner.op;
            id = scanner.id;
            changeType = scanner.changeType;
            segmentType = scanner.segmentType;
            isScanned = true;
            for (int m = 0; m < buffer.markets; m++) {
                if (buffer.definitions[m] != null) {
                    streamedDefinitions++; // the scanner takes a definition only as a stream
                }
            }
            pt = scanner.pt;
            heartbeatMs = scanner.heartbeatMs;
            conflateMs = scanner.conflateMs;
            if (pending > 0) {
                recordBadFields();
            }
            decoded++;
            scanned++;
            pendingApply = op == Op.MCM;
            return op;
        }
        buffer.clear();
        for (int i = 0; i < pending; i++) {
            pendingValue[i] = null;
        }
        pending = 0;
        src = bytes;
        srcOffset = offset;
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
            pending = 0;
            malformed++;
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            int nl = why.indexOf('\n');
            lastError = nl >= 0 ? why.substring(0, nl) : why;
            op = Op.MALFORMED;
            return op;
        }
        if (pending > 0) {
            recordBadFields();
        }
        decoded++;
        pendingApply = op == Op.MCM;
        return op;
    }

    /**
     * Turns the byte scanner (on by default) on or off; off, every message goes through Jackson. For the
     * tests that hold the two paths equal, and for benchmarks that compare them; results are the same
     * either way.
     */
    public void scanner(boolean on) {
        isScannerOn = on;
    }

    /** Turns the streamed reading of usual definitions on or off (tests: the results are the same either way). */
    void definitionsStreamed(boolean on) {
        isDefinitionStreamed = on;
    }

    /** Definitions read as a stream (the rest were read as trees). */
    long streamedDefinitions() {
        return streamedDefinitions;
    }

    /** Messages the byte scanner decoded (the rest of {@link #decoded()} went through Jackson). */
    long scanned() {
        return scanned;
    }

    /** The decoded changes of the message last parsed (tests). */
    MarketChangeBuffer buffer() {
        return buffer;
    }

    /** Applies the message last {@linkplain #parse parsed} when it was a well-formed {@code mcm}; once only. */
    public void applyParsed() {
        if (pendingApply) {
            pendingApply = false;
            if (isScanned) {
                cache.apply(buffer, scanner, pt);
            } else {
                cache.apply(buffer, initialClk, clk, pt);
            }
        }
    }

    /** Messages decoded (well-formed, bad fields or not). */
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
        if (isScanned && clk == null && scanner.clkLength >= 0) {
            clk = new String(scanner.clkBytes, 0, scanner.clkLength, StandardCharsets.US_ASCII);
        }
        return clk;
    }

    /** {@code initialClk} of this message or {@code null}. */
    public String initialClk() {
        if (isScanned && initialClk == null && scanner.initialClkLength >= 0) {
            initialClk = new String(scanner.initialClkBytes, 0, scanner.initialClkLength, StandardCharsets.US_ASCII);
        }
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
        isScanned = false;
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
            if (t == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (name) {
                case "op" -> {
                    if (t == JsonToken.VALUE_STRING) {
                        op = readOp(p);
                    } else {
                        badToken(p, t, "op", BadFields.Problem.WRONG_TYPE, -1, -1);
                    }
                }
                case "id" -> id = (int) integerOr(p, t, "id", Integer.MIN_VALUE, Integer.MAX_VALUE, -1);
                case "clk" -> clk = t == JsonToken.VALUE_STRING ? reuse(p, cache.clk()) : wrongText(p, t, "clk");
                case "initialClk" -> initialClk = t == JsonToken.VALUE_STRING ? reuse(p, cache.initialClk())
                        : wrongText(p, t, "initialClk");
                case "pt" -> pt = integerOr(p, t, "pt", 0, Long.MAX_VALUE, -1);
                case "ct" -> changeType = t == JsonToken.VALUE_STRING ? readChangeType(p) : wrongChangeType(p, t);
                case "segmentType" -> segmentType = t == JsonToken.VALUE_STRING ? readSegmentType(p) : wrongSegmentType(p, t);
                case "heartbeatMs" -> heartbeatMs = integerOr(p, t, "heartbeatMs", 0, Long.MAX_VALUE, -1);
                case "conflateMs" -> conflateMs = integerOr(p, t, "conflateMs", 0, Long.MAX_VALUE, -1);
                case "mc" -> {
                    sawMc = true;
                    readMarketChanges(p, t);
                }
                case "connectionId" -> connectionId = text(p, t, "connectionId");
                case "statusCode" -> statusCode = text(p, t, "statusCode");
                case "errorCode" -> errorCode = text(p, t, "errorCode");
                case "errorMessage" -> errorMessage = text(p, t, "errorMessage");
                case "connectionClosed" -> connectionClosed = bool(p, t, "connectionClosed", -1);
                case "connectionsAvailable" -> connectionsAvailable =
                        (int) integerOr(p, t, "connectionsAvailable", 0, Integer.MAX_VALUE, -1);
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

    private static Op readOp(JsonParser p) throws IOException {
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

    private static ChangeType readChangeType(JsonParser p) throws IOException {
        if (textEquals(p, "HEARTBEAT")) {
            return ChangeType.HEARTBEAT;
        }
        if (textEquals(p, "SUB_IMAGE")) {
            return ChangeType.SUB_IMAGE;
        }
        return textEquals(p, "RESUB_DELTA") ? ChangeType.RESUB_DELTA : ChangeType.UPDATE;
    }

    private ChangeType wrongChangeType(JsonParser p, JsonToken t) throws IOException {
        badToken(p, t, "ct", BadFields.Problem.WRONG_TYPE, -1, -1);
        return ChangeType.UPDATE;
    }

    private static SegmentType readSegmentType(JsonParser p) throws IOException {
        if (textEquals(p, "SEG_START")) {
            return SegmentType.SEG_START;
        }
        if (textEquals(p, "SEG")) {
            return SegmentType.SEG;
        }
        return textEquals(p, "SEG_END") ? SegmentType.SEG_END : SegmentType.NONE;
    }

    private SegmentType wrongSegmentType(JsonParser p, JsonToken t) throws IOException {
        badToken(p, t, "segmentType", BadFields.Problem.WRONG_TYPE, -1, -1);
        return SegmentType.NONE;
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
        if (t != JsonToken.START_ARRAY) {
            badToken(p, t, "mc", BadFields.Problem.WRONG_TYPE, -1, -1);
            return;
        }
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == JsonToken.START_OBJECT) {
                readMarketChange(p);
            } else {
                badToken(p, t, "mc", BadFields.Problem.WRONG_TYPE, -1, -1);
            }
        }
    }

    private void readMarketChange(JsonParser p) throws IOException {
        MarketChangeBuffer b = buffer;
        int runnersBefore = b.runners;
        int opsBefore = b.ops;
        int m = b.addMarket(null);
        boolean badId = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (name) {
                case "id" -> {
                    if (t == JsonToken.VALUE_STRING) {
                        b.marketIds[m] = internMarketId(p);
                    } else {
                        badToken(p, t, "mc.id", BadFields.Problem.WRONG_TYPE, m, -1);
                        badId = true;
                    }
                }
                case "img" -> b.img[m] = bool(p, t, "mc.img", m);
                case "tv" -> {
                    long v = size(p, t, "mc.tv", m, -1);
                    if (v != BAD) {
                        b.hasMarketTv[m] = true;
                        b.marketTv[m] = v;
                    }
                }
                case "marketDefinition" -> {
                    if (t == JsonToken.START_OBJECT) {
                        b.definitions[m] = definition(p, m);
                    } else {
                        badToken(p, t, "mc.marketDefinition", BadFields.Problem.WRONG_TYPE, m, -1);
                    }
                }
                case "rc" -> readRunnerChanges(p, t, m);
                default -> p.skipChildren();
            }
        }
        if (b.marketIds[m] == null) {
            if (!badId) {
                bad("mc.id", BadFields.Problem.MISSING, m, -1, null);
            }
            for (int i = 0; i < pending; i++) {
                if (pendingMarket[i] == m) {
                    pendingMarket[i] = -1;
                    if (pendingRunner[i] >= 0) {
                        pendingSelection[i] = b.selectionId[pendingRunner[i]];
                        pendingRunner[i] = -1;
                    }
                }
            }
            b.dropMarket(m, runnersBefore, opsBefore);
            return;
        }
        b.runnerEnd[m] = b.runners;
        checkExchangePrices(m);
    }

    private void readRunnerChanges(JsonParser p, JsonToken t, int m) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            badToken(p, t, "mc.rc", BadFields.Problem.WRONG_TYPE, m, -1);
            return;
        }
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t == JsonToken.START_OBJECT) {
                readRunnerChange(p, m);
            } else {
                badToken(p, t, "mc.rc", BadFields.Problem.WRONG_TYPE, m, -1);
            }
        }
    }

    private void readRunnerChange(JsonParser p, int m) throws IOException {
        MarketChangeBuffer b = buffer;
        int opsBefore = b.ops;
        int r = b.addRunner();
        boolean hasId = false;
        boolean unplaceable = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            if (t == JsonToken.VALUE_NULL) {
                continue;
            }
            switch (name) {
                case "id" -> {
                    long v = integer(p, t, "rc.id", 0, Long.MAX_VALUE, m, r);
                    if (v == BAD) {
                        unplaceable = true;
                    } else {
                        b.selectionId[r] = v;
                        hasId = true;
                    }
                }
                case "hc" -> {
                    long v = scaled(p, t, PriceLadder.PRICE_SCALE, "rc.hc", m, r);
                    if (v == BAD) {
                        unplaceable = true;
                    } else {
                        b.handicap[r] = v;
                    }
                }
                case "ltp" -> {
                    long v = scaled(p, t, PriceLadder.PRICE_SCALE, "rc.ltp", m, r);
                    if (v != BAD) {
                        b.ltp[r] = v;
                        b.flags[r] |= MarketChangeBuffer.HAS_LTP;
                    }
                }
                case "tv" -> {
                    long v = size(p, t, "rc.tv", m, r);
                    if (v != BAD) {
                        b.tv[r] = v;
                        b.flags[r] |= MarketChangeBuffer.HAS_TV;
                    }
                }
                case "spn" -> {
                    long v = sp(p, t, "rc.spn", true, m, r);
                    if (v != BAD) {
                        b.spn[r] = v;
                        b.flags[r] |= MarketChangeBuffer.HAS_SPN;
                    }
                }
                case "spf" -> {
                    long v = sp(p, t, "rc.spf", true, m, r);
                    if (v != BAD) {
                        b.spf[r] = v;
                        b.flags[r] |= MarketChangeBuffer.HAS_SPF;
                    }
                }
                case "atb" -> readPriceLadder(p, t, MarketChangeBuffer.ATB, m, r);
                case "atl" -> readPriceLadder(p, t, MarketChangeBuffer.ATL, m, r);
                case "trd" -> {
                    b.flags[r] |= MarketChangeBuffer.HAS_TRD;
                    readPriceLadder(p, t, MarketChangeBuffer.TRD, m, r);
                }
                case "spb" -> readPriceLadder(p, t, MarketChangeBuffer.SPB, m, r);
                case "spl" -> readPriceLadder(p, t, MarketChangeBuffer.SPL, m, r);
                case "batb" -> readLevelLadder(p, t, MarketChangeBuffer.BATB, m, r);
                case "batl" -> readLevelLadder(p, t, MarketChangeBuffer.BATL, m, r);
                case "bdatb" -> readLevelLadder(p, t, MarketChangeBuffer.BDATB, m, r);
                case "bdatl" -> readLevelLadder(p, t, MarketChangeBuffer.BDATL, m, r);
                default -> p.skipChildren();
            }
        }
        if (!hasId || unplaceable) {
            if (!hasId && !unplaceable) {
                bad("rc.id", BadFields.Problem.MISSING, m, r, null);
            }
            long selection = hasId ? b.selectionId[r] : -1;
            for (int i = 0; i < pending; i++) {
                if (pendingRunner[i] == r) {
                    pendingRunner[i] = -1;
                    pendingSelection[i] = selection;
                }
            }
            b.dropRunner(r, opsBefore);
            return;
        }
        b.opEnd[r] = b.ops;
    }

    private void readPriceLadder(JsonParser p, JsonToken t, byte ladder, int m, int r) throws IOException {
        String field = ladderName(ladder);
        if (t != JsonToken.START_ARRAY) {
            badToken(p, t, field, BadFields.Problem.WRONG_TYPE, m, r);
            return;
        }
        boolean sp = ladder == MarketChangeBuffer.SPB || ladder == MarketChangeBuffer.SPL;
        int entries = 0;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            entries++;
            if (t != JsonToken.START_ARRAY) {
                badToken(p, t, field, BadFields.Problem.WRONG_TYPE, m, r);
                continue;
            }
            long price = BAD;
            long size = BAD;
            int n = 0;
            boolean valuesOk = true;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                switch (n++) {
                    case 0 -> {
                        price = sp ? sp(p, t, field, false, m, r) : scaled(p, t, PriceLadder.PRICE_SCALE, field, m, r);
                        valuesOk &= price != BAD;
                    }
                    case 1 -> {
                        size = size(p, t, field, m, r);
                        valuesOk &= size != BAD;
                    }
                    default -> p.skipChildren();
                }
            }
            if (valuesOk && n != 2) {
                bad(field, BadFields.Problem.WRONG_TYPE, m, r, "an entry of " + n + " values, not [price, size]");
            } else if (valuesOk) {
                buffer.addOp(ladder, 0, price, size);
            }
        }
        if (ladder == MarketChangeBuffer.TRD && entries == 0) {
            buffer.addOp(MarketChangeBuffer.TRD_CLEAR, 0, 0, 0);
        }
    }

    private void readLevelLadder(JsonParser p, JsonToken t, byte ladder, int m, int r) throws IOException {
        String field = ladderName(ladder);
        if (t != JsonToken.START_ARRAY) {
            badToken(p, t, field, BadFields.Problem.WRONG_TYPE, m, r);
            return;
        }
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_ARRAY) {
                badToken(p, t, field, BadFields.Problem.WRONG_TYPE, m, r);
                continue;
            }
            long level = BAD;
            long price = BAD;
            long size = BAD;
            int n = 0;
            boolean valuesOk = true;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                switch (n++) {
                    case 0 -> {
                        level = integer(p, t, field, 0, LevelLadder.MAX_LEVEL, m, r);
                        valuesOk &= level != BAD;
                    }
                    case 1 -> {
                        price = scaled(p, t, PriceLadder.PRICE_SCALE, field, m, r);
                        valuesOk &= price != BAD;
                    }
                    case 2 -> {
                        size = size(p, t, field, m, r);
                        valuesOk &= size != BAD;
                    }
                    default -> p.skipChildren();
                }
            }
            if (valuesOk && n != 3) {
                bad(field, BadFields.Problem.WRONG_TYPE, m, r, "an entry of " + n + " values, not [level, price, size]");
            } else if (valuesOk) {
                buffer.addOp(ladder, (int) level, price, size);
            }
        }
    }

    /**
     * Skips what no market can hold: exchange prices (ltp and the entries of atb, atl, trd and the
     * level ladders that set a size) outside the range of the market's price ladder, which is the one
     * this change's definition names, else the one of an earlier change of this message, else the
     * cached market's (CLASSIC when none). Removals (size 0) hold no price and pass.
     */
    void checkExchangePrices(int m) {
        MarketChangeBuffer b = buffer;
        int first = b.runnerStart(m);
        if (first == b.runnerEnd[m]) {
            return;
        }
        PriceLadder ladder = ladderOf(m);
        for (int r = first; r < b.runnerEnd[m]; r++) {
            if ((b.flags[r] & MarketChangeBuffer.HAS_LTP) != 0 && !ladder.isInRange(b.ltp[r])) {
                b.flags[r] &= ~MarketChangeBuffer.HAS_LTP;
                bad("rc.ltp", BadFields.Problem.OUT_OF_RANGE, m, r, Decimals.formatStripped(b.ltp[r], PriceLadder.PRICE_SCALE));
            }
            for (int o = b.opStart(r); o < b.opEnd[r]; o++) {
                byte l = b.opLadder[o];
                if (l != MarketChangeBuffer.SPB && l != MarketChangeBuffer.SPL && l != MarketChangeBuffer.TRD_CLEAR
                        && b.opSize[o] != 0 && !ladder.isInRange(b.opPrice[o])) {
                    bad(ladderName(l), BadFields.Problem.OUT_OF_RANGE, m, r, outOfRange(b, o, ladder));
                    b.opLadder[o] = MarketChangeBuffer.SKIP;
                }
            }
        }
    }

    private static String outOfRange(MarketChangeBuffer b, int o, PriceLadder ladder) {
        return "price " + Decimals.formatStripped(b.opPrice[o], PriceLadder.PRICE_SCALE) + " outside "
                + Decimals.formatStripped(ladder.minPrice(), PriceLadder.PRICE_SCALE) + ".."
                + Decimals.formatStripped(ladder.maxPrice(), PriceLadder.PRICE_SCALE);
    }

    private PriceLadder ladderOf(int m) {
        MarketChangeBuffer b = buffer;
        for (int k = m; k >= 0; k--) {
            if (b.definitions[k] != null && b.marketIds[k].equals(b.marketIds[m])) {
                return b.definitions[k].priceLadder();
            }
        }
        BetfairMarket market = cache.market(b.marketIds[m]);
        return market == null ? PriceLadder.classic() : market.priceLadder();
    }

    private static String ladderName(byte ladder) {
        return switch (ladder) {
            case MarketChangeBuffer.ATB -> "rc.atb";
            case MarketChangeBuffer.ATL -> "rc.atl";
            case MarketChangeBuffer.TRD -> "rc.trd";
            case MarketChangeBuffer.SPB -> "rc.spb";
            case MarketChangeBuffer.SPL -> "rc.spl";
            case MarketChangeBuffer.BATB -> "rc.batb";
            case MarketChangeBuffer.BATL -> "rc.batl";
            case MarketChangeBuffer.BDATB -> "rc.bdatb";
            case MarketChangeBuffer.BDATL -> "rc.bdatl";
            default -> "rc.ladder";
        };
    }

    /** A size at {@link RunnerLadder#SIZE_SCALE}, never negative; {@link #BAD} (recorded) otherwise. */
    private long size(JsonParser p, JsonToken t, String field, int m, int r) throws IOException {
        long v = scaled(p, t, RunnerLadder.SIZE_SCALE, field, m, r);
        if (v != BAD && v < 0) {
            bad(field, BadFields.Problem.OUT_OF_RANGE, m, r, "size " + p.getText());
            return BAD;
        }
        return v;
    }

    /** The current number token at {@code scale}, exactly ({@link Decimals}); {@link #BAD} (recorded) otherwise. */
    private long scaled(JsonParser p, JsonToken t, int scale, String field, int m, int r) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            badToken(p, t, field, BadFields.Problem.WRONG_TYPE, m, r);
            return BAD;
        }
        try {
            return Decimals.parse(p.getTextCharacters(), p.getTextOffset(), p.getTextLength(), scale);
        } catch (RuntimeException e) {
            bad(field, BadFields.Problem.NOT_REPRESENTABLE, m, r, p.getText());
            return BAD;
        }
    }

    /**
     * A starting-price value with every digit sent, as an {@link SpPrice} encoding; with {@code special}
     * (spn, spf) also {@code "NaN"} and {@code "Infinity"}. {@link #BAD} (recorded) otherwise.
     */
    private long sp(JsonParser p, JsonToken t, String field, boolean special, int m, int r) throws IOException {
        if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_FLOAT) {
            boolean nan = textEquals(p, "NaN");
            if (nan || textEquals(p, "Infinity")) {
                if (special) {
                    return nan ? SpPrice.NAN : SpPrice.INFINITY;
                }
                bad(field, BadFields.Problem.OUT_OF_RANGE, m, r, p.getText());
                return BAD;
            }
        }
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            badToken(p, t, field, BadFields.Problem.WRONG_TYPE, m, r);
            return BAD;
        }
        String text = p.getText();
        try {
            int scale = Decimals.scaleOf(text);
            long unscaled = Decimals.parse(text, scale);
            if (unscaled < 0) {
                bad(field, BadFields.Problem.OUT_OF_RANGE, m, r, text);
                return BAD;
            }
            return SpPrice.of(unscaled, scale);
        } catch (RuntimeException e) {
            bad(field, BadFields.Problem.NOT_REPRESENTABLE, m, r, text);
            return BAD;
        }
    }

    /** An integer token in {@code [min, max]}; {@link #BAD} (recorded) otherwise. */
    private long integer(JsonParser p, JsonToken t, String field, long min, long max, int m, int r) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            badToken(p, t, field, BadFields.Problem.WRONG_TYPE, m, r);
            return BAD;
        }
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            bad(field, BadFields.Problem.NOT_REPRESENTABLE, m, r, p.getText());
            return BAD;
        }
        long v = p.getLongValue();
        if (v < min || v > max) {
            bad(field, BadFields.Problem.OUT_OF_RANGE, m, r, p.getText());
            return BAD;
        }
        return v;
    }

    private long integerOr(JsonParser p, JsonToken t, String field, long min, long max, long absent) throws IOException {
        long v = integer(p, t, field, min, max, -1, -1);
        return v == BAD ? absent : v;
    }

    private String text(JsonParser p, JsonToken t, String field) throws IOException {
        return t == JsonToken.VALUE_STRING ? p.getText() : wrongText(p, t, field);
    }

    private String wrongText(JsonParser p, JsonToken t, String field) throws IOException {
        badToken(p, t, field, BadFields.Problem.WRONG_TYPE, -1, -1);
        return null;
    }

    private boolean bool(JsonParser p, JsonToken t, String field, int m) throws IOException {
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            return t == JsonToken.VALUE_TRUE;
        }
        badToken(p, t, field, BadFields.Problem.WRONG_TYPE, m, -1);
        return false;
    }

    /** Records a bad value token and skips it (with its children). */
    private void badToken(JsonParser p, JsonToken t, String field, BadFields.Problem problem, int m, int r) throws IOException {
        String value = switch (t) {
            case START_OBJECT -> "{...}";
            case START_ARRAY -> "[...]";
            case VALUE_STRING -> "\"" + p.getText() + "\"";
            default -> p.getText();
        };
        bad(field, problem, m, r, value);
        p.skipChildren();
    }

    /** Notes a bad field of this message (market change {@code m}, runner change {@code r}; -1: none). */
    private void bad(String field, BadFields.Problem problem, int m, int r, String value) {
        if (pending == pendingField.length) {
            int n = pending * 2;
            pendingField = Arrays.copyOf(pendingField, n);
            pendingProblem = Arrays.copyOf(pendingProblem, n);
            pendingValue = Arrays.copyOf(pendingValue, n);
            pendingMarket = Arrays.copyOf(pendingMarket, n);
            pendingRunner = Arrays.copyOf(pendingRunner, n);
            pendingSelection = Arrays.copyOf(pendingSelection, n);
        }
        pendingField[pending] = field;
        pendingProblem[pending] = problem;
        pendingValue[pending] = value;
        pendingMarket[pending] = m;
        pendingRunner[pending] = r;
        pendingSelection[pending] = -1;
        pending++;
    }

    private void recordBadFields() {
        for (int i = 0; i < pending; i++) {
            int m = pendingMarket[i];
            int r = pendingRunner[i];
            badFields.record(pendingField[i], pendingProblem[i], m >= 0 ? buffer.marketIds[m] : null,
                    r >= 0 ? buffer.selectionId[r] : pendingSelection[i], pendingValue[i]);
            pendingValue[i] = null;
        }
        pending = 0;
    }

    /** {@link #internMarketId(JsonParser)} of ASCII bytes (the scanner's strings), through the same table. */
    String internMarketId(byte[] bytes, int off, int len) {
        int h = 0;
        for (int i = 0; i < len; i++) {
            h = 31 * h + bytes[off + i];
        }
        int slot = (h ^ (h >>> 16)) & (idTable.length - 1);
        String s = idTable[slot];
        if (s != null && s.length() == len) {
            boolean same = true;
            for (int i = 0; i < len; i++) {
                if (s.charAt(i) != bytes[off + i]) {
                    same = false;
                    break;
                }
            }
            if (same) {
                return s;
            }
        }
        s = new String(bytes, off, len, StandardCharsets.US_ASCII);
        idTable[slot] = s;
        return s;
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

    /**
     * The definition at {@code p} (on its opening brace), which is left on the closing one. Its bytes are
     * cut out of the message and read as a stream when every field has its usual type; anything else
     * (a bad field, a line-range ladder, a repeated key) is read as a tree by {@link #definition(JsonNode, int,
     * BetfairMarketDefinition.Source)}, which decides it. Both give the same definition; the stream builds
     * no tree (the definition's {@link BetfairMarketDefinition#raw()} is made from the bytes when asked for).
     */
    private BetfairMarketDefinition definition(JsonParser p, int m) throws IOException {
        long start = p.currentTokenLocation().getByteOffset(); // the parser reads src (see parse)
        p.skipChildren();
        int from = srcOffset + (int) start;
        int to = srcOffset + (int) p.currentLocation().getByteOffset();
        byte[] json = Arrays.copyOfRange(src, from, to);
        BetfairMarketDefinition d = isDefinitionStreamed ? streamedDefinition(json) : null;
        if (d != null) {
            streamedDefinitions++;
            return d;
        }
        JsonNode tree = MAPPER.readTree(json);
        return definition(tree, m, new BetfairMarketDefinition.Source(json, tree));
    }

    /**
     * For the byte scanner: the definition whose bytes it cut out of a line, read as a stream, or
     * {@code null} when anything about it is unusual or not well formed (the whole line then goes to
     * the Jackson path, which decides it).
     */
    BetfairMarketDefinition scannedDefinition(byte[] json) {
        if (!isDefinitionStreamed) {
            return null;
        }
        try {
            return streamedDefinition(json);
        } catch (IOException e) {
            return null;
        }
    }

    /** Thrown inside {@link #streamedDefinition} when a field is not of its usual type: the tree decides. */
    private static final class Unusual extends Exception {
        private static final Unusual INSTANCE = new Unusual();

        private Unusual() {
            super(null, null, false, false);
        }
    }

    // the definition's fields the stream reads, as bits of a set (a repeated one goes to the tree); the line
    // units matter only to a LINE_RANGE ladder, which goes to the tree, so they are skipped like any other
    private static final String[] DEFINITION_FIELDS = {"status", "inPlay", "version", "bettingType", "marketType", "eventId",
        "eventTypeId", "eventName", "venue", "countryCode", "marketTime", "suspendTime", "openDate", "settledTime", "complete",
        "bspMarket", "bspReconciled", "crossMatching", "turnInPlayEnabled", "betDelay", "numberOfWinners",
        "numberOfActiveRunners", "runners", "priceLadderDefinition"};
    private static final java.util.Map<String, Integer> DEFINITION_INDEX = new java.util.HashMap<>();

    static {
        for (int k = 0; k < DEFINITION_FIELDS.length; k++) {
            DEFINITION_INDEX.put(DEFINITION_FIELDS[k], k);
        }
    }

    /** The definition read as a stream, or {@code null} when a field is unusual (see {@link #definition(JsonParser, int)}). */
    private static BetfairMarketDefinition streamedDefinition(byte[] json) throws IOException {
        String[] text = new String[DEFINITION_FIELDS.length];
        boolean[] flag = new boolean[DEFINITION_FIELDS.length];
        long[] number = new long[DEFINITION_FIELDS.length];
        String ladderType = null;
        List<BetfairRunnerDefinition> runners = List.of();
        int seen = 0;
        try (JsonParser p = FACTORY.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken t0;
            while ((t0 = p.nextToken()) == JsonToken.FIELD_NAME) {
                Integer k = DEFINITION_INDEX.get(p.currentName());
                JsonToken t = p.nextToken();
                if (k == null) {
                    p.skipChildren();
                    continue;
                }
                if ((seen & 1 << k) != 0) {
                    return null;
                }
                seen |= 1 << k;
                switch (DEFINITION_FIELDS[k]) {
                    case "inPlay", "complete", "bspMarket", "bspReconciled", "crossMatching", "turnInPlayEnabled" ->
                            flag[k] = usualBoolean(t);
                    case "version" -> number[k] = usualInteger(p, t, true);
                    case "betDelay", "numberOfWinners", "numberOfActiveRunners" -> number[k] = usualInteger(p, t, false);
                    case "runners" -> runners = streamedRunners(p, t);
                    case "priceLadderDefinition" -> ladderType = streamedLadderType(p, t);
                    default -> text[k] = usualText(p, t);
                }
            }
            if (t0 != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null; // the bytes are not exactly one object (the byte scanner cut them by brackets)
            }
        } catch (Unusual e) {
            return null;
        }
        if ("LINE_RANGE".equals(ladderType)) {
            return null;
        }
        return new BetfairMarketDefinition(text[0], flag[1], number[2], text[3], text[4], text[5], text[6], text[7], text[8],
                text[9], text[10], text[11], text[12], text[13], flag[14], flag[15], flag[16], flag[17], flag[18],
                (int) number[19], (int) number[20], (int) number[21], PriceLadder.of(ladderType), runners,
                new BetfairMarketDefinition.Source(json, null));
    }

    private static List<BetfairRunnerDefinition> streamedRunners(JsonParser p, JsonToken t) throws IOException, Unusual {
        if (t == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (t != JsonToken.START_ARRAY) {
            throw Unusual.INSTANCE;
        }
        List<BetfairRunnerDefinition> runners = new ArrayList<>();
        while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
            long id = -1;
            long hc = 0;
            String status = null;
            int sortPriority = 0;
            String name = null;
            BigDecimal adjustment = null;
            BigDecimal bsp = null;
            String removal = null;
            int seen = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                int bit = switch (field) {
                    case "id" -> 1;
                    case "hc" -> 2;
                    case "status" -> 4;
                    case "sortPriority" -> 8;
                    case "name" -> 16;
                    case "adjustmentFactor" -> 32;
                    case "bsp" -> 64;
                    case "removalDate" -> 128;
                    default -> 0;
                };
                if ((seen & bit) != 0) {
                    throw Unusual.INSTANCE;
                }
                seen |= bit;
                switch (bit) {
                    case 1 -> {
                        id = v == JsonToken.VALUE_NUMBER_INT ? usualInteger(p, v, true) : -1;
                        if (id < 0) {
                            throw Unusual.INSTANCE;
                        }
                    }
                    case 2 -> {
                        BigDecimal h = usualDecimal(p, v);
                        try {
                            hc = h == null ? 0 : Decimals.fromBigDecimal(h, PriceLadder.PRICE_SCALE);
                        } catch (ArithmeticException e) {
                            throw Unusual.INSTANCE;
                        }
                    }
                    case 4 -> {
                        status = usualText(p, v);
                        if (status != null && !RUNNER_STATUSES.contains(status)) {
                            throw Unusual.INSTANCE;
                        }
                    }
                    case 8 -> sortPriority = (int) usualInteger(p, v, false);
                    case 16 -> name = usualText(p, v);
                    case 32 -> adjustment = usualDecimal(p, v);
                    case 64 -> bsp = usualDecimal(p, v);
                    case 128 -> removal = usualText(p, v);
                    default -> p.skipChildren();
                }
            }
            if (id < 0) {
                throw Unusual.INSTANCE;
            }
            runners.add(new BetfairRunnerDefinition(id, hc, status, sortPriority, name, adjustment, bsp, removal));
        }
        if (t != JsonToken.END_ARRAY) {
            throw Unusual.INSTANCE;
        }
        return List.copyOf(runners);
    }

    private static String streamedLadderType(JsonParser p, JsonToken t) throws IOException, Unusual {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_OBJECT) {
            throw Unusual.INSTANCE;
        }
        String type = null;
        boolean seen = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            if (field.equals("type")) {
                if (seen) {
                    throw Unusual.INSTANCE;
                }
                seen = true;
                type = usualText(p, v);
            } else {
                p.skipChildren();
            }
        }
        return type;
    }

    /** A string or null; anything else is unusual (the tree's {@code asText} decides it). */
    private static String usualText(JsonParser p, JsonToken t) throws IOException, Unusual {
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        throw Unusual.INSTANCE;
    }

    private static boolean usualBoolean(JsonToken t) throws Unusual {
        return switch (t) {
            case VALUE_TRUE -> true;
            case VALUE_FALSE, VALUE_NULL -> false;
            default -> throw Unusual.INSTANCE;
        };
    }

    /** An int (or with {@code isLong} a long) as the tree's {@code asInt(0)}/{@code asLong(0)} reads it; null is 0. */
    private static long usualInteger(JsonParser p, JsonToken t, boolean isLong) throws IOException, Unusual {
        if (t == JsonToken.VALUE_NULL) {
            return 0;
        }
        if (t == JsonToken.VALUE_NUMBER_INT) {
            JsonParser.NumberType type = p.getNumberType();
            if (type == JsonParser.NumberType.INT || isLong && type == JsonParser.NumberType.LONG) {
                return p.getLongValue();
            }
        }
        throw Unusual.INSTANCE;
    }

    /** An exact finite number as the tree's {@code decimalValue()} gives it; null when null; anything else is unusual. */
    private static BigDecimal usualDecimal(JsonParser p, JsonToken t) throws IOException, Unusual {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT && !p.isNaN()) {
            return p.getDecimalValue();
        }
        throw Unusual.INSTANCE;
    }

    /**
     * The definition of market change {@code m}. A runner definition without an integer id, or with a
     * handicap that is not exact at {@link PriceLadder#PRICE_SCALE}, is left out (a bad field); a runner
     * status outside {@link #RUNNER_STATUSES} is a bad field and left {@code null}.
     */
    private BetfairMarketDefinition definition(JsonNode n, int m, BetfairMarketDefinition.Source source) {
        List<BetfairRunnerDefinition> runners = new ArrayList<>();
        for (JsonNode r : n.path("runners")) {
            JsonNode idNode = r.get("id");
            if (idNode == null || idNode.isNull()) {
                bad("marketDefinition.runners.id", BadFields.Problem.MISSING, m, -1, null);
                continue;
            }
            if (!idNode.isIntegralNumber() || !idNode.canConvertToLong() || idNode.asLong() < 0) {
                bad("marketDefinition.runners.id", BadFields.Problem.WRONG_TYPE, m, -1, idNode.toString());
                continue;
            }
            long selectionId = idNode.asLong();
            long hc = 0;
            JsonNode hcNode = r.get("hc");
            if (hcNode != null && !hcNode.isNull()) {
                hc = exact(hcNode, PriceLadder.PRICE_SCALE, "marketDefinition.runners.hc", m, selectionId);
                if (hc == BAD) {
                    continue;
                }
            }
            String status = null;
            JsonNode st = r.get("status");
            if (st != null && !st.isNull()) {
                if (st.isTextual() && RUNNER_STATUSES.contains(st.asText())) {
                    status = st.asText();
                } else {
                    badDefinition("marketDefinition.runners.status",
                            st.isTextual() ? BadFields.Problem.UNKNOWN_VALUE : BadFields.Problem.WRONG_TYPE, m, selectionId,
                            st.toString());
                }
            }
            runners.add(new BetfairRunnerDefinition(selectionId, hc, status, r.path("sortPriority").asInt(0), text(r, "name"),
                    decimal(r, "adjustmentFactor"), decimal(r, "bsp"), text(r, "removalDate")));
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
                ladder(n, m), List.copyOf(runners), source);
    }

    private PriceLadder ladder(JsonNode n, int m) {
        String type = text(n.path("priceLadderDefinition"), "type");
        if ("LINE_RANGE".equals(type)) {
            long min = exact(n.get("lineMinUnit"), PriceLadder.PRICE_SCALE, "marketDefinition.lineMinUnit", m, -1);
            long max = exact(n.get("lineMaxUnit"), PriceLadder.PRICE_SCALE, "marketDefinition.lineMaxUnit", m, -1);
            long interval = exact(n.get("lineInterval"), PriceLadder.PRICE_SCALE, "marketDefinition.lineInterval", m, -1);
            if (min != BAD && max != BAD && interval != BAD) {
                try {
                    return PriceLadder.lineRange(min, max, interval);
                } catch (IllegalArgumentException e) {
                    badDefinition("marketDefinition.lineInterval", BadFields.Problem.OUT_OF_RANGE, m, -1,
                            n.get("lineMinUnit") + ".." + n.get("lineMaxUnit") + " by " + n.get("lineInterval"));
                }
            }
        }
        return PriceLadder.of(type);
    }

    /** A definition number exactly at {@code scale} ({@link Decimals}); {@link #BAD} (recorded) otherwise. */
    private long exact(JsonNode v, int scale, String field, int m, long selectionId) {
        if (v == null || !v.isNumber()) {
            badDefinition(field, v == null ? BadFields.Problem.MISSING : BadFields.Problem.WRONG_TYPE, m, selectionId,
                    v == null ? null : v.toString());
            return BAD;
        }
        try {
            return Decimals.fromBigDecimal(v.decimalValue(), scale);
        } catch (ArithmeticException | NumberFormatException e) {
            badDefinition(field, BadFields.Problem.NOT_REPRESENTABLE, m, selectionId, v.toString());
            return BAD;
        }
    }

    private void badDefinition(String field, BadFields.Problem problem, int m, long selectionId, String value) {
        bad(field, problem, m, -1, value);
        pendingSelection[pending - 1] = selectionId;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** An exact number, or {@code null} when absent or not a finite number (e.g. {@code "NaN"}). */
    private static BigDecimal decimal(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isNumber()) {
            return null;
        }
        try {
            return v.decimalValue();
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A rejected message; no stack trace (it is expected input, counted, not a bug). */
    static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message, null, false, false);
        }
    }
}
