package dev.ladder.server.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.betfair.BetfairStreamListener;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.Venue;
import dev.ladder.journal.Journal;
import dev.ladder.journal.JournalWriter;
import dev.ladder.server.live.LadderMetrics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Journals the raw lines of a Betfair stream client, before the client applies them, one journal
 * stream per market ({@code betfair/<marketId>}, as {@code ladder export betfair --stream betfair:ID}
 * reads them). A change message about one market is written as received; a message about several is
 * written once per market with {@code mc} cut down to that market's change (every other field kept,
 * so clk, pt, ct and segment types stay). Lines with no market change (connection, status,
 * heartbeats) go to {@code betfair/_CONTROL}; lines that are not JSON are written there too, as they
 * came. Line breaks inside a line become spaces.
 *
 * <p>Runs on the client's single reader thread. Append failures are counted and logged (the first
 * ten), never thrown into the client.
 */
public final class BetfairJournaler implements BetfairStreamListener {
    /** The stream that gets lines naming no market. */
    static final String CONTROL = "_CONTROL";
    private static final Logger LOG = LoggerFactory.getLogger(BetfairJournaler.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Journal journal;
    private final LadderMetrics metrics;
    private final Map<String, JournalWriter> writers = new LinkedHashMap<>();
    public final AtomicLong lines = new AtomicLong();
    public final AtomicLong records = new AtomicLong();
    public final AtomicLong errors = new AtomicLong();
    private volatile boolean stopped;

    /**
     * @param journal where to write (owned by the caller, closed after the client)
     * @param metrics counts each line as a Betfair message ({@code null}: no counting)
     */
    public BetfairJournaler(Journal journal, LadderMetrics metrics) {
        this.journal = journal;
        this.metrics = metrics;
    }

    /** Lines from now on are dropped (call before closing the journal: the client may still be reading). */
    public void stop() {
        stopped = true;
    }

    @Override
    public void onRawLine(String line, long receiveEpochNanos) {
        if (stopped) {
            return;
        }
        if (metrics != null) {
            metrics.message(Venue.BETFAIR);
        }
        lines.incrementAndGet();
        String text = line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0 ? line.replace('\n', ' ').replace('\r', ' ') : line;
        try {
            JsonNode msg = parse(text);
            JsonNode mc = msg == null ? null : msg.get("mc");
            if (mc == null || !mc.isArray() || mc.isEmpty()) {
                append(CONTROL, receiveEpochNanos, text);
                return;
            }
            if (mc.size() == 1) {
                append(marketId(mc.get(0)), receiveEpochNanos, text);
                return;
            }
            for (JsonNode change : mc) {
                ObjectNode one = ((ObjectNode) msg).deepCopy();
                ArrayNode only = one.putArray("mc");
                only.add(change);
                append(marketId(change), receiveEpochNanos, MAPPER.writeValueAsString(one));
            }
        } catch (IOException | RuntimeException e) {
            if (errors.incrementAndGet() <= 10) {
                LOG.error("journal append failed for a Betfair line", e);
            }
        }
    }

    private static JsonNode parse(String text) {
        try {
            JsonNode n = MAPPER.readTree(text);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String marketId(JsonNode change) {
        JsonNode id = change.get("id");
        return id != null && id.isTextual() && !id.asText().isBlank() ? id.asText() : CONTROL;
    }

    /** Records written per market stream (and {@code _CONTROL}), in the order the streams were first met. Writer thread only. */
    public Map<String, Long> recordsByStream() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Map.Entry<String, JournalWriter> e : writers.entrySet()) {
            out.put(e.getKey(), e.getValue().nextSeq());
        }
        return out;
    }

    private void append(String stream, long receiveNanos, String text) throws IOException {
        JournalWriter w = writers.get(stream);
        if (w == null) {
            w = journal.writer(InstrumentId.of(Venue.BETFAIR, stream));
            writers.put(stream, w);
        }
        w.append(receiveNanos, text.getBytes(StandardCharsets.UTF_8));
        records.incrementAndGet();
    }
}
