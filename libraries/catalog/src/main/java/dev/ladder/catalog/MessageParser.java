package dev.ladder.catalog;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses and validates one event message. Wire forms (unknown fields are ignored; a time without a zone
 * is UTC, as {@code YYYY-MM-DD HH:MM:SS} or ISO-8601; ids are JSON integers of any size or strings and
 * are kept as their exact text):
 * <pre>
 * NewEvent / UpdateOdds:
 *   {"id": 8663424224, "message_type": "NewEvent", "event": {"id": 99905345, "name": "...",
 *    "startTime": "2018-06-20 10:30:00", "status"?: "OPEN", "sport": {"id": 221, "name": "Football"},
 *    "markets": [{"id": 334222442, "name": "Winner", "type"?: "...", "status"?: "OPEN",
 *                 "selections": [{"id": 8842834824, "name": "Real Madrid", "odds": 1.01}]}]}}
 *   NewEvent needs every field shown without "?"; UpdateOdds needs event.id, markets[].id,
 *   selections[].id and selections[].odds (other fields, when present, are checked and applied).
 * Meeting:
 *   {"id": 1, "message_type": "Meeting", "meeting": {"id": "31389771", "name": "Sheffield 19th Apr",
 *    "type": "greyhound"|"horse"|"harness", "venue"?: "Sheffield", "country"?: "GB", "date"?: "2022-04-19",
 *    "timezone"?: "Europe/London",
 *    "races"?: [{"id"?: "31389771.1826", "number"?: 1, "name"?: "OR 280m", "startTime": "2022-04-19T18:26:00Z",
 *                "distance"?: "280m", "status"?: "OPEN",
 *                "markets"?: [{"id": "1.197931750", "type"?: "WIN", "name"?: "...", "status"?: "OPEN", "places"?: 1}],
 *                "runners"?: [{"id": 37947503, "name": "Sandwood Jet", "number"?: 2, "barrier"?: 2,
 *                              "jockey"?: "...", "trainer"?: "...", "weight"?: "9-2", "scratched"?: false,
 *                              "placed"?: false, "bsp"?: 25.0}],
 *                "results"?: [{"position": 1, "id": 37947503}]}]}}
 *   A race without an id gets {@code <meeting id>.<HHmm>} of its start time (UTC); date defaults to the
 *   first race's date in the meeting's time zone (UTC when none).
 * RaceUpdate:
 *   {"id": 2, "message_type": "RaceUpdate", "meetingId"?: "31389771", "race": {"id": "31389771.1826",
 *    "status"?: "FINAL", "name"?..., "startTime"?..., "markets"?: [...], "runners"?: [...],
 *    "results"?: [{"position": 1, "id": 37947503} | {"position": 1, "number": 2}]}}
 *   When "runners" is present, a known runner missing from it is scratched, as is one with "scratched": true.
 *   "results" replaces the race's finishing order.
 * </pre>
 * Thread-safe.
 */
final class MessageParser {
    static final Set<String> TYPES = Set.of("NewEvent", "UpdateOdds", "Meeting", "RaceUpdate");
    private static final int MAX_ID = 100;
    static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private MessageParser() {
    }

    /**
     * @throws CatalogMessageException naming the field when the message is malformed
     */
    static CatalogMessage parse(byte[] raw) {
        JsonNode root;
        try {
            root = JSON.readTree(raw);
        } catch (JsonProcessingException e) {
            throw new CatalogMessageException("", "not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new CatalogMessageException("", "not JSON: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new CatalogMessageException("", "empty message");
        }
        return parse(root);
    }

    static CatalogMessage parse(JsonNode root) {
        if (!root.isObject()) {
            throw new CatalogMessageException("", "expected a JSON object, was " + kind(root));
        }
        String id = id(root, "id", "id");
        String type = text(root, "message_type", "message_type", true);
        if (!TYPES.contains(type)) {
            throw new CatalogMessageException("message_type", "unknown message type '" + type
                    + "' (expected NewEvent, UpdateOdds, Meeting or RaceUpdate)");
        }
        return switch (type) {
            case "NewEvent", "UpdateOdds" -> new CatalogMessage.Sports(id, type, event(object(root, "event", "event", true), "event", type.equals("NewEvent")));
            case "Meeting" -> new CatalogMessage.Meeting(id, meeting(object(root, "meeting", "meeting", true), "meeting"));
            default -> {
                String meetingId = root.has("meetingId") ? id(root, "meetingId", "meetingId") : null;
                yield new CatalogMessage.RaceUpdate(id, meetingId, race(object(root, "race", "race", true), "race", null, false));
            }
        };
    }

    private static CatalogMessage.EventData event(JsonNode n, String path, boolean full) {
        String id = id(n, "id", path + ".id");
        String name = text(n, "name", path + ".name", full);
        Instant start = time(n, "startTime", path + ".startTime", full);
        String status = upper(text(n, "status", path + ".status", false));
        CatalogMessage.SportData sport = null;
        JsonNode s = object(n, "sport", path + ".sport", full);
        if (s != null) {
            sport = new CatalogMessage.SportData(id(s, "id", path + ".sport.id"), text(s, "name", path + ".sport.name", true));
        }
        List<CatalogMessage.MarketData> markets = new ArrayList<>();
        JsonNode ms = array(n, "markets", path + ".markets", true);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ms.size(); i++) {
            String mp = path + ".markets[" + i + "]";
            JsonNode m = element(ms, i, mp);
            String mid = id(m, "id", mp + ".id");
            if (!seen.add(mid)) {
                throw new CatalogMessageException(mp + ".id", "market " + mid + " appears twice");
            }
            List<CatalogMessage.SelectionData> sels = new ArrayList<>();
            JsonNode ss = array(m, "selections", mp + ".selections", true);
            Set<String> seenSel = new HashSet<>();
            for (int j = 0; j < ss.size(); j++) {
                String sp = mp + ".selections[" + j + "]";
                JsonNode sel = element(ss, j, sp);
                String sid = id(sel, "id", sp + ".id");
                if (!seenSel.add(sid)) {
                    throw new CatalogMessageException(sp + ".id", "selection " + sid + " appears twice");
                }
                sels.add(new CatalogMessage.SelectionData(sid, text(sel, "name", sp + ".name", full),
                        odds(sel, "odds", sp + ".odds", true), upper(text(sel, "status", sp + ".status", false))));
            }
            markets.add(new CatalogMessage.MarketData(mid, text(m, "name", mp + ".name", full),
                    upper(text(m, "type", mp + ".type", false)), upper(text(m, "status", mp + ".status", false)), sels));
        }
        return new CatalogMessage.EventData(id, name, start, status, sport, markets);
    }

    private static CatalogMessage.MeetingData meeting(JsonNode n, String path) {
        String id = id(n, "id", path + ".id");
        String name = text(n, "name", path + ".name", true);
        RaceType type;
        String t = text(n, "type", path + ".type", true);
        try {
            type = RaceType.parse(t);
        } catch (IllegalArgumentException e) {
            throw new CatalogMessageException(path + ".type", e.getMessage());
        }
        String tz = text(n, "timezone", path + ".timezone", false);
        LocalDate date = null;
        String d = text(n, "date", path + ".date", false);
        if (d != null) {
            try {
                date = Times.parseDate(d);
            } catch (IllegalArgumentException e) {
                throw new CatalogMessageException(path + ".date", e.getMessage());
            }
        }
        List<CatalogMessage.RaceData> races = new ArrayList<>();
        JsonNode rs = array(n, "races", path + ".races", false);
        if (rs != null) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < rs.size(); i++) {
                String rp = path + ".races[" + i + "]";
                CatalogMessage.RaceData r = race(element(rs, i, rp), rp, id, true);
                if (!seen.add(r.id())) {
                    throw new CatalogMessageException(rp + ".id", "race " + r.id() + " appears twice");
                }
                races.add(r);
            }
        }
        if (date == null && !races.isEmpty()) {
            Instant first = races.stream().map(CatalogMessage.RaceData::startTime).min(Instant::compareTo).orElseThrow();
            date = Times.localDate(first, tz);
        }
        if (date == null) {
            throw new CatalogMessageException(path + ".date", "missing (and no race gives a start time)");
        }
        return new CatalogMessage.MeetingData(id, name, text(n, "venue", path + ".venue", false),
                upper(text(n, "country", path + ".country", false)), date, type, tz, races);
    }

    /** @param inMeeting {@code true} inside a Meeting (start time and runner names required, id derivable) */
    private static CatalogMessage.RaceData race(JsonNode n, String path, String meetingId, boolean inMeeting) {
        Instant start = time(n, "startTime", path + ".startTime", inMeeting);
        String id;
        if (n.has("id") || !inMeeting) {
            id = id(n, "id", path + ".id");
        } else {
            id = Times.raceId(meetingId, start);
        }
        Integer number = integer(n, "number", path + ".number");
        RaceStatus status = null;
        String st = text(n, "status", path + ".status", false);
        if (st != null) {
            try {
                status = RaceStatus.parse(st);
            } catch (IllegalArgumentException e) {
                throw new CatalogMessageException(path + ".status", e.getMessage());
            }
        }
        List<CatalogMessage.RaceMarketData> markets = null;
        JsonNode ms = array(n, "markets", path + ".markets", false);
        if (ms != null) {
            markets = new ArrayList<>();
            for (int i = 0; i < ms.size(); i++) {
                String mp = path + ".markets[" + i + "]";
                JsonNode m = element(ms, i, mp);
                Integer places = integer(m, "places", mp + ".places");
                if (places != null && places < 0) {
                    throw new CatalogMessageException(mp + ".places", "must be >= 0, was " + places);
                }
                markets.add(new CatalogMessage.RaceMarketData(id(m, "id", mp + ".id"), upper(text(m, "type", mp + ".type", false)),
                        text(m, "name", mp + ".name", false), upper(text(m, "status", mp + ".status", false)), places));
            }
        }
        List<CatalogMessage.RunnerData> runners = null;
        JsonNode rs = array(n, "runners", path + ".runners", false);
        if (rs != null) {
            runners = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < rs.size(); i++) {
                String rp = path + ".runners[" + i + "]";
                JsonNode r = element(rs, i, rp);
                String rid = id(r, "id", rp + ".id");
                if (!seen.add(rid)) {
                    throw new CatalogMessageException(rp + ".id", "runner " + rid + " appears twice");
                }
                runners.add(new CatalogMessage.RunnerData(rid, integer(r, "number", rp + ".number"),
                        integer(r, "barrier", rp + ".barrier"), text(r, "name", rp + ".name", inMeeting),
                        text(r, "jockey", rp + ".jockey", false), text(r, "trainer", rp + ".trainer", false),
                        scalarText(r, "weight", rp + ".weight"), bool(r, "scratched", rp + ".scratched"),
                        bool(r, "placed", rp + ".placed"), odds(r, "bsp", rp + ".bsp", false)));
            }
        }
        List<CatalogMessage.ResultData> results = null;
        JsonNode res = array(n, "results", path + ".results", false);
        if (res != null) {
            results = new ArrayList<>();
            for (int i = 0; i < res.size(); i++) {
                String rp = path + ".results[" + i + "]";
                JsonNode r = element(res, i, rp);
                Integer pos = integer(r, "position", rp + ".position");
                if (pos == null) {
                    throw new CatalogMessageException(rp + ".position", "missing");
                }
                if (pos < 1) {
                    throw new CatalogMessageException(rp + ".position", "must be >= 1, was " + pos);
                }
                String rid = r.has("id") ? id(r, "id", rp + ".id") : null;
                Integer num = integer(r, "number", rp + ".number");
                if (rid == null && num == null) {
                    throw new CatalogMessageException(rp + ".id", "missing (give the runner's id or number)");
                }
                results.add(new CatalogMessage.ResultData(pos, rid, num));
            }
        }
        return new CatalogMessage.RaceData(id, number, text(n, "name", path + ".name", false), start,
                scalarText(n, "distance", path + ".distance"), status, markets, runners, results);
    }

    // ---- typed field access, each naming its path ----

    private static JsonNode present(JsonNode n, String field, String path, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new CatalogMessageException(path, "missing");
            }
            return null;
        }
        return v;
    }

    static String id(JsonNode n, String field, String path) {
        JsonNode v = present(n, field, path, true);
        String s;
        if (v.isIntegralNumber()) {
            s = v.bigIntegerValue().toString();
        } else if (v.isTextual() && !v.asText().isBlank()) {
            s = v.asText().trim();
        } else {
            throw new CatalogMessageException(path, "expected an integer or a non-empty string id, was " + kind(v));
        }
        if (s.length() > MAX_ID) {
            throw new CatalogMessageException(path, "id longer than " + MAX_ID + " characters");
        }
        return s;
    }

    private static String text(JsonNode n, String field, String path, boolean required) {
        JsonNode v = present(n, field, path, required);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw new CatalogMessageException(path, "expected a string, was " + kind(v));
        }
        return v.asText();
    }

    /** A string, or a number kept as its exact text (weights, distances). */
    private static String scalarText(JsonNode n, String field, String path) {
        JsonNode v = present(n, field, path, false);
        if (v == null) {
            return null;
        }
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isNumber()) {
            return v.isIntegralNumber() ? v.bigIntegerValue().toString() : v.decimalValue().toPlainString();
        }
        throw new CatalogMessageException(path, "expected a string or a number, was " + kind(v));
    }

    private static Integer integer(JsonNode n, String field, String path) {
        JsonNode v = present(n, field, path, false);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            throw new CatalogMessageException(path, "expected an integer, was " + kind(v));
        }
        return v.intValue();
    }

    private static Boolean bool(JsonNode n, String field, String path) {
        JsonNode v = present(n, field, path, false);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            throw new CatalogMessageException(path, "expected true or false, was " + kind(v));
        }
        return v.booleanValue();
    }

    private static Odds odds(JsonNode n, String field, String path, boolean required) {
        JsonNode v = present(n, field, path, required);
        if (v == null) {
            return null;
        }
        try {
            if (v.isNumber()) {
                return Odds.of(v.decimalValue());
            }
            if (v.isTextual()) {
                return Odds.parse(v.asText());
            }
        } catch (IllegalArgumentException e) {
            throw new CatalogMessageException(path, e.getMessage());
        }
        throw new CatalogMessageException(path, "expected a number, was " + kind(v));
    }

    private static Instant time(JsonNode n, String field, String path, boolean required) {
        String s = text(n, field, path, required);
        if (s == null) {
            return null;
        }
        try {
            return Times.parse(s);
        } catch (IllegalArgumentException e) {
            throw new CatalogMessageException(path, e.getMessage());
        }
    }

    private static JsonNode object(JsonNode n, String field, String path, boolean required) {
        JsonNode v = present(n, field, path, required);
        if (v != null && !v.isObject()) {
            throw new CatalogMessageException(path, "expected an object, was " + kind(v));
        }
        return v;
    }

    private static JsonNode array(JsonNode n, String field, String path, boolean required) {
        JsonNode v = present(n, field, path, required);
        if (v != null && !v.isArray()) {
            throw new CatalogMessageException(path, "expected an array, was " + kind(v));
        }
        return v;
    }

    private static JsonNode element(JsonNode array, int i, String path) {
        JsonNode v = array.get(i);
        if (!v.isObject()) {
            throw new CatalogMessageException(path, "expected an object, was " + kind(v));
        }
        return v;
    }

    private static String upper(String s) {
        return s == null ? null : s.trim().toUpperCase(Locale.ROOT);
    }

    private static String kind(JsonNode v) {
        String text = v.toString();
        if (text.length() > 40) {
            text = text.substring(0, 40) + "...";
        }
        return switch (v.getNodeType()) {
            case STRING -> "string " + text;
            case NUMBER -> "number " + text;
            case BOOLEAN -> "boolean " + text;
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> v.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
