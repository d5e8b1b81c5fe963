package dev.ladder.server.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.betfair.BetfairStreamListener;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.Venue;
import dev.ladder.kafka.StreamPublisher;
import dev.ladder.kafka.StreamRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the raw lines of a Betfair stream client to Kafka, split by market exactly as
 * {@link BetfairJournaler} splits them into journal streams: one record per market change keyed
 * {@code betfair:<marketId>} (a message about several markets is published once per market, {@code mc}
 * cut down to that market's change), lines naming no market under {@code betfair:_CONTROL}. A market
 * change that is a full image ({@code "img":true}) is a restart point: a consumer rebuilds the market
 * from it.
 *
 * <p>Runs on the client's reader thread; never throws (a line that cannot be re-encoded is logged).
 */
public final class BetfairKafkaPublisher implements BetfairStreamListener {
    private static final Logger LOG = LoggerFactory.getLogger(BetfairKafkaPublisher.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String CONTROL = InstrumentId.of(Venue.BETFAIR, BetfairJournaler.CONTROL).toString();
    private final StreamPublisher publisher;

    public BetfairKafkaPublisher(StreamPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void onRawLine(String line, long receiveEpochNanos) {
        String text = line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0 ? line.replace('\n', ' ').replace('\r', ' ') : line;
        JsonNode msg;
        try {
            JsonNode n = MAPPER.readTree(text);
            msg = n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            msg = null;
        }
        JsonNode mc = msg == null ? null : msg.get("mc");
        if (mc == null || !mc.isArray() || mc.isEmpty()) {
            send(CONTROL, receiveEpochNanos, text, false);
            return;
        }
        if (mc.size() == 1) {
            send(stream(mc.get(0)), receiveEpochNanos, text, isImage(mc.get(0)));
            return;
        }
        for (JsonNode change : mc) {
            ObjectNode one = ((ObjectNode) msg).deepCopy();
            ArrayNode only = one.putArray("mc");
            only.add(change);
            try {
                send(stream(change), receiveEpochNanos, MAPPER.writeValueAsString(one), isImage(change));
            } catch (IOException e) {
                LOG.error("could not publish a Betfair market change", e);
            }
        }
    }

    /** A listener that hands each line to {@code first} (the journal: raw first), then to this publisher. */
    public BetfairStreamListener after(BetfairStreamListener first) {
        BetfairKafkaPublisher self = this;
        return new BetfairStreamListener() {
            @Override
            public void onRawLine(String line, long receiveEpochNanos) {
                first.onRawLine(line, receiveEpochNanos);
                self.onRawLine(line, receiveEpochNanos);
            }

            @Override
            public void onMarketChanges(dev.ladder.betfair.MarketChangeEvent event) {
                first.onMarketChanges(event);
            }

            @Override
            public void onStatus(dev.ladder.betfair.StreamStatus status) {
                first.onStatus(status);
            }

            @Override
            public void onConnection(dev.ladder.betfair.StreamConnectionEvent event) {
                first.onConnection(event);
            }

            @Override
            public void onBadLine(String line, String reason) {
                first.onBadLine(line, reason);
            }
        };
    }

    private static boolean isImage(JsonNode change) {
        JsonNode img = change.get("img");
        return img != null && img.asBoolean(false);
    }

    private static String stream(JsonNode change) {
        JsonNode id = change.get("id");
        return id != null && id.isTextual() && !id.asText().isBlank() ? InstrumentId.of(Venue.BETFAIR, id.asText()).toString() : CONTROL;
    }

    private void send(String stream, long ns, String text, boolean isImage) {
        publisher.publish(StreamRecord.of(stream, null, ns, text.getBytes(StandardCharsets.UTF_8),
                isImage ? StreamRecord.Restart.HERE : StreamRecord.Restart.NONE));
    }
}
