package dev.ladder.server.http;

import dev.ladder.betfair.BetfairMarket;
import dev.ladder.book.ladder.RunnerLadder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One rendering of a Betfair market as the market routes send it: the market's own fields and each
 * runner as separate JSON objects, so a live stream can send only what changed since the frame it
 * sent before ({@link #diff}). Immutable.
 *
 * @param update  the market's update count when rendered (the stream's sequence number)
 * @param header  the market's fields as a JSON object, without {@code runners}
 * @param runners each runner's JSON object by {@code selectionId:hc}, in the market's runner order
 */
record MarketFrame(long update, byte[] header, Map<String, byte[]> runners) {
    /** Renders {@code m} (a copy taken under the cache's lock) with ladders {@code depth} deep. */
    static MarketFrame of(BetfairMarket m, int depth) {
        Map<String, byte[]> rs = new LinkedHashMap<>();
        for (RunnerLadder r : m.runners()) {
            rs.put(key(r), BetfairRoutes.runner(m, r, depth));
        }
        return new MarketFrame(m.updates(), BetfairRoutes.header(m, depth), rs);
    }

    /** The runner key used in diffs: {@code selectionId} and handicap, {@code "12345:0"}. */
    static String key(RunnerLadder r) {
        return r.selectionId() + ":" + dev.ladder.betfair.BetfairBookJson.decimal(r.handicap());
    }

    /** The whole market: the header's fields followed by {@code "runners":[...]}. */
    byte[] full() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(header.length + 512 * runners.size());
        out.write(header, 0, header.length - 1);
        out.writeBytes(header.length > 2 ? ",\"runners\":[".getBytes(StandardCharsets.US_ASCII)
                : "\"runners\":[".getBytes(StandardCharsets.US_ASCII));
        boolean first = true;
        for (byte[] r : runners.values()) {
            if (!first) {
                out.write(',');
            }
            first = false;
            out.writeBytes(r);
        }
        out.writeBytes("]}".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /**
     * What changed since {@code before}: {@code {"update":N,"previousUpdate":P,"market":{...},
     * "runners":[{...}],"removed":["id:hc"]}}, where {@code market} is present only when the market's
     * own fields changed (then whole), {@code runners} holds the whole object of each runner that is
     * new or whose rendering changed, and {@code removed} the keys of runners no longer in the market.
     * A client applies it to the state of {@code previousUpdate} (the event before it) by replacing
     * those objects. Null when nothing the client sees changed.
     */
    byte[] diff(MarketFrame before) {
        boolean headerChanged = !Arrays.equals(header, before.header);
        ByteArrayOutputStream changed = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> e : runners.entrySet()) {
            byte[] old = before.runners.get(e.getKey());
            if (old == null || !Arrays.equals(old, e.getValue())) {
                if (changed.size() > 0) {
                    changed.write(',');
                }
                changed.writeBytes(e.getValue());
            }
        }
        StringBuilder removed = new StringBuilder();
        for (String k : before.runners.keySet()) {
            if (!runners.containsKey(k)) {
                removed.append(removed.isEmpty() ? "" : ",").append('"').append(k).append('"');
            }
        }
        if (!headerChanged && changed.size() == 0 && removed.isEmpty()) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(changed.size() + 256);
        out.writeBytes(("{\"update\":" + update + ",\"previousUpdate\":" + before.update).getBytes(StandardCharsets.US_ASCII));
        if (headerChanged) {
            out.writeBytes(",\"market\":".getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(header);
        }
        out.writeBytes(",\"runners\":[".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(changed.toByteArray());
        out.writeBytes(("],\"removed\":[" + removed + "]}").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
