package dev.ladder.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.betfair.BetfairMarketDefinition;
import dev.ladder.betfair.BetfairRunnerDefinition;
import dev.ladder.betfair.api.EventInfo;
import dev.ladder.betfair.api.EventResult;
import dev.ladder.betfair.api.MarketCatalogue;
import dev.ladder.betfair.api.RunnerCatalog;
import dev.ladder.core.Clock;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates and updates the catalog from Betfair data: stream market definitions
 * ({@link BetfairMarketDefinition}, live or from historical files) and Betting API answers
 * ({@link MarketCatalogue} of listMarketCatalogue, {@link EventResult} of listEvents).
 *
 * <p>Rules:
 * <ul>
 *   <li>Horse (eventTypeId 7; HARNESS when the raceType is Harness) and greyhound (4339) events are
 *       meetings; every other event type is an event of its sport with its markets and selections.</li>
 *   <li>A race groups the markets of one event with one start time: race id {@code <eventId>.<HHmm>}
 *       of the market time in UTC, so the WIN and PLACE markets of a race share one race card. The race
 *       takes its name, distance ({@code 280m}, {@code 1m4f}) and number ({@code R3 ...}) from the WIN
 *       market's name.</li>
 *   <li>Race status follows the WIN market: OPEN while open and not in play, OFF once in play (also
 *       when suspended in play), SUSPENDED when suspended before the off, FINAL when closed with a
 *       WINNER, ABANDONED when closed without one.</li>
 *   <li>Runner status REMOVED (or REMOVED_VACANT) in any market scratches the runner; in the closed
 *       WIN market each WINNER finishes at position 1 (dead heats share it); WINNER or PLACED in a
 *       PLACE market means placed. A runner's bsp is its WIN market's BSP, whichever market the card is
 *       asked by; its status on the card is its WIN market status.</li>
 *   <li>{@code "2. Sandwood Jet"} is number (trap) 2, name {@code Sandwood Jet}; CLOTH_NUMBER,
 *       STALL_DRAW, JOCKEY_NAME, TRAINER_NAME and WEIGHT_VALUE come from RUNNER_METADATA.</li>
 *   <li>Values a source does not carry are kept: a catalogue never resets a status a market definition
 *       set, a definition without runner names keeps the catalogue's names.</li>
 *   <li>A listEvents entry needs its event type: passed in, or known from an earlier import of the
 *       event; otherwise it is skipped (reported, nothing written).</li>
 * </ul>
 * Each call is one transaction. Thread-safe.
 */
public final class BetfairCatalogMapper {
    /** Source of records from stream market definitions. */
    public static final String STREAM = "betfair:stream";
    /** Source of records from listMarketCatalogue. */
    public static final String CATALOGUE = "betfair:catalogue";
    /** Source of records from listEvents. */
    public static final String EVENTS = "betfair:events";

    private static final Logger LOG = LoggerFactory.getLogger(BetfairCatalogMapper.class);
    private static final Pattern NUMBERED = Pattern.compile("^(\\d{1,3})\\.\\s*(\\S.*)$");
    private static final Pattern RACE_NUMBER = Pattern.compile("^R(\\d{1,2})\\b");
    private static final Pattern DISTANCE = Pattern.compile("(?<![\\w.])(\\d+m\\d+f\\d+y|\\d+m\\d+f|\\d+m\\d+y|\\d+f\\d+y|\\d+(?:m|f|y|km))(?![\\w])");
    private static final Pattern PLACES = Pattern.compile("^(\\d+)\\s*TBP\\b", Pattern.CASE_INSENSITIVE);
    private static final Map<String, String> SPORTS = Map.ofEntries(
            Map.entry("1", "Soccer"), Map.entry("2", "Tennis"), Map.entry("3", "Golf"), Map.entry("4", "Cricket"),
            Map.entry("5", "Rugby Union"), Map.entry("6", "Boxing"), Map.entry("7", "Horse Racing"),
            Map.entry("8", "Motor Sport"), Map.entry("1477", "Rugby League"), Map.entry("3503", "Darts"),
            Map.entry("4339", "Greyhound Racing"), Map.entry("6422", "Snooker"), Map.entry("6423", "American Football"),
            Map.entry("7511", "Baseball"), Map.entry("7522", "Basketball"), Map.entry("7524", "Ice Hockey"),
            Map.entry("61420", "Australian Rules"), Map.entry("468328", "Handball"), Map.entry("998917", "Volleyball"),
            Map.entry("2378961", "Politics"), Map.entry("26420387", "Mixed Martial Arts"), Map.entry("27454571", "Esports"));

    private final Database db;
    private final Clock clock;

    BetfairCatalogMapper(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /**
     * Applies one market definition (the latest one of {@code marketId}).
     *
     * @throws IllegalArgumentException when the definition has no eventId or eventTypeId (nothing written)
     */
    public CatalogChanges apply(String marketId, BetfairMarketDefinition definition) throws SQLException {
        return applyDefinitions(Map.of(marketId, definition));
    }

    /**
     * Applies several market definitions (market id → its latest definition) in one transaction.
     *
     * @throws IllegalArgumentException when one has no eventId or eventTypeId (nothing written)
     */
    public CatalogChanges applyDefinitions(Map<String, BetfairMarketDefinition> definitions) throws SQLException {
        for (Map.Entry<String, BetfairMarketDefinition> e : definitions.entrySet()) {
            if (e.getValue().eventId() == null || e.getValue().eventTypeId() == null) {
                throw new IllegalArgumentException("market " + e.getKey() + ": definition without eventId or eventTypeId");
            }
        }
        ChangeCounts counts = new ChangeCounts();
        db.write(true, c -> {
            CatalogWriter w = new CatalogWriter(c, STREAM, clock.epochMillis(), counts);
            for (Map.Entry<String, BetfairMarketDefinition> e : definitions.entrySet()) {
                definition(w, e.getKey(), e.getValue());
            }
            return null;
        });
        return CatalogChanges.of(counts);
    }

    /** Result of applying Betting API entries: what changed, and why entries were skipped. */
    public record Outcome(CatalogChanges changes, List<String> skipped) {
        public Outcome {
            skipped = List.copyOf(skipped);
        }
    }

    /** Applies listMarketCatalogue entries in one transaction; an entry without event type or event that the store cannot supply is skipped. */
    public Outcome applyCatalogues(List<MarketCatalogue> catalogues) throws SQLException {
        ChangeCounts counts = new ChangeCounts();
        List<String> skipped = new ArrayList<>();
        db.write(true, c -> {
            CatalogWriter w = new CatalogWriter(c, CATALOGUE, clock.epochMillis(), counts);
            for (MarketCatalogue mc : catalogues) {
                String reason = catalogue(w, mc);
                if (reason != null) {
                    skipped.add("market " + mc.marketId() + ": " + reason);
                }
            }
            return null;
        });
        return new Outcome(CatalogChanges.of(counts), skipped);
    }

    /**
     * Applies listEvents entries in one transaction.
     *
     * @param eventTypeId the event type the answer was asked for ({@code null} when unknown: then only
     *                    events already in the store are updated, the others skipped)
     */
    public Outcome applyEvents(List<EventResult> events, String eventTypeId) throws SQLException {
        ChangeCounts counts = new ChangeCounts();
        List<String> skipped = new ArrayList<>();
        db.write(true, c -> {
            CatalogWriter w = new CatalogWriter(c, EVENTS, clock.epochMillis(), counts);
            for (EventResult er : events) {
                String reason = event(w, er.event(), eventTypeId);
                if (reason != null) {
                    skipped.add("event " + er.event().id() + ": " + reason);
                }
            }
            return null;
        });
        return new Outcome(CatalogChanges.of(counts), skipped);
    }

    // ---- market definitions ----

    private void definition(CatalogWriter w, String marketId, BetfairMarketDefinition d) throws SQLException {
        String et = d.eventTypeId();
        JsonNode raw = d.raw();
        String marketName = raw == null ? null : text(raw, "name");
        String tz = raw == null ? null : text(raw, "timezone");
        Instant marketTime = instant(d.marketTime());
        Instant openDate = instant(d.openDate());
        Integer places = d.numberOfWinners() > 0 ? d.numberOfWinners() : null;
        w.sport(et, sportName(et), true);
        RaceType type = raceType(et, raw == null ? null : text(raw, "raceType"));
        if (type != null && marketTime != null) {
            Instant when = openDate != null ? openDate : marketTime;
            w.event(d.eventId(), et, d.eventName(), when.toEpochMilli(), null, new CatalogWriter.MeetingColumns(
                    d.venue(), d.countryCode(), tz, Times.localDate(when, tz).toString(), type));
            String raceId = Times.raceId(d.eventId(), marketTime);
            boolean win = "WIN".equals(d.marketType());
            boolean place = "PLACE".equals(d.marketType());
            w.race(raceId, d.eventId(), win ? raceNumber(marketName) : null, win ? marketName : null,
                    marketTime.toEpochMilli(), win ? distance(marketName) : null, win ? raceStatus(d) : null);
            w.market(marketId, d.eventId(), raceId, marketName, d.marketType(), d.status(), places,
                    marketTime.toEpochMilli(), d.inPlay());
            Map<String, Integer> winners = new LinkedHashMap<>();
            for (BetfairRunnerDefinition r : d.runners()) {
                String[] np = splitNumber(r.name());
                String status = r.status();
                boolean removed = status != null && status.startsWith("REMOVED");
                boolean placedHere = place && ("WINNER".equals(status) || "PLACED".equals(status));
                Long bsp = bsp(marketId, r);
                String selectionId = Long.toString(r.selectionId());
                w.runner(raceId, selectionId, new CatalogWriter.RunnerColumns(number(np), null, np[1], null, null, null,
                        win ? status : null, removed ? Boolean.TRUE : null, placedHere ? Boolean.TRUE : null,
                        win ? bsp : null, win && r.sortPriority() > 0 ? r.sortPriority() : null));
                w.selection(marketId, selectionKey(r.selectionId(), handicap(r)), np[1], null, status,
                        r.sortPriority() > 0 ? r.sortPriority() : null, bsp);
                if ("WINNER".equals(status)) {
                    winners.put(selectionId, 1);
                }
            }
            if (win && d.isClosed()) {
                w.results(raceId, winners);
            }
            return;
        }
        Instant start = openDate != null ? openDate : marketTime;
        w.event(d.eventId(), et, d.eventName(), start == null ? null : start.toEpochMilli(), null, null);
        w.market(marketId, d.eventId(), null, marketName, d.marketType(), d.status(), places,
                marketTime == null ? null : marketTime.toEpochMilli(), d.inPlay());
        for (BetfairRunnerDefinition r : d.runners()) {
            w.selection(marketId, selectionKey(r.selectionId(), handicap(r)), r.name(), null, r.status(),
                    r.sortPriority() > 0 ? r.sortPriority() : null, bsp(marketId, r));
        }
        w.deriveEventStatus(d.eventId());
    }

    static RaceStatus raceStatus(BetfairMarketDefinition d) {
        String s = d.status();
        if (s == null) {
            return null;
        }
        return switch (s) {
            case "OPEN" -> d.inPlay() ? RaceStatus.OFF : RaceStatus.OPEN;
            case "SUSPENDED" -> d.inPlay() ? RaceStatus.OFF : RaceStatus.SUSPENDED;
            case "CLOSED" -> d.runners().stream().anyMatch(r -> "WINNER".equals(r.status())) ? RaceStatus.FINAL : RaceStatus.ABANDONED;
            default -> null;
        };
    }

    private static Long bsp(String marketId, BetfairRunnerDefinition r) {
        if (r.bsp() == null) {
            return null;
        }
        try {
            return Odds.of(r.bsp()).scaled();
        } catch (IllegalArgumentException e) {
            LOG.warn("market {} runner {}: bsp {} not kept ({})", marketId, r.selectionId(), r.bsp(), e.getMessage());
            return null;
        }
    }

    // ---- listMarketCatalogue ----

    private String catalogue(CatalogWriter w, MarketCatalogue mc) throws SQLException {
        EventInfo ev = mc.event();
        String eventId = ev != null ? ev.id() : w.queryString("SELECT event_id FROM market WHERE id = ?", mc.marketId());
        if (eventId == null) {
            return "no EVENT projection and the market is not known";
        }
        String et = mc.eventType() != null ? mc.eventType().id() : w.queryString("SELECT sport_id FROM event WHERE id = ?", eventId);
        if (et == null) {
            return "no EVENT_TYPE projection and the event is not known";
        }
        if (mc.eventType() != null && mc.eventType().name() != null) {
            w.sport(et, mc.eventType().name(), false);
        } else {
            w.sport(et, sportName(et), true);
        }
        String marketType = mc.description() != null ? mc.description().marketType()
                : w.queryString("SELECT market_type FROM market WHERE id = ?", mc.marketId());
        Instant marketTime = instant(mc.marketStartTime() != null ? mc.marketStartTime()
                : mc.description() != null ? mc.description().marketTime() : null);
        Instant openDate = ev == null ? null : instant(ev.openDate());
        String tz = ev == null ? null : ev.timezone();
        RaceType type = raceType(et, mc.description() == null ? null : mc.description().raceType());
        String name = mc.marketName();
        if (type != null && marketTime != null) {
            Instant when = openDate != null ? openDate : marketTime;
            w.event(eventId, et, ev == null ? null : ev.name(), openDate == null ? null : openDate.toEpochMilli(), null,
                    new CatalogWriter.MeetingColumns(ev == null ? null : ev.venue(), ev == null ? null : ev.countryCode(),
                            tz, ev == null ? null : Times.localDate(when, tz).toString(), type));
            String raceId = Times.raceId(eventId, marketTime);
            boolean win = "WIN".equals(marketType);
            w.race(raceId, eventId, win ? raceNumber(name) : null, win ? name : null, marketTime.toEpochMilli(),
                    win ? distance(name) : null, null);
            w.market(mc.marketId(), eventId, raceId, name, marketType, null,
                    "PLACE".equals(marketType) ? placesFromName(name) : null, marketTime.toEpochMilli(), null);
            for (RunnerCatalog r : mc.runners()) {
                String[] np = splitNumber(r.runnerName());
                Integer number = integer(r.meta("CLOTH_NUMBER"));
                if (number == null) {
                    number = number(np);
                }
                w.runner(raceId, Long.toString(r.selectionId()), new CatalogWriter.RunnerColumns(number,
                        integer(r.meta("STALL_DRAW")), np[1], r.meta("JOCKEY_NAME"), r.meta("TRAINER_NAME"),
                        r.meta("WEIGHT_VALUE"), null, null, null, null,
                        win && r.sortPriority() > 0 ? r.sortPriority() : null));
                w.selection(mc.marketId(), selectionKey(r.selectionId(), r.handicap()), np[1], null, null,
                        r.sortPriority() > 0 ? r.sortPriority() : null, null);
            }
            return null;
        }
        w.event(eventId, et, ev == null ? null : ev.name(), openDate == null ? null : openDate.toEpochMilli(), null, null);
        w.market(mc.marketId(), eventId, null, name, marketType, null, null,
                marketTime == null ? null : marketTime.toEpochMilli(), null);
        for (RunnerCatalog r : mc.runners()) {
            w.selection(mc.marketId(), selectionKey(r.selectionId(), r.handicap()), r.runnerName(), null,
                    null, r.sortPriority() > 0 ? r.sortPriority() : null, null);
        }
        return null;
    }

    // ---- listEvents ----

    private String event(CatalogWriter w, EventInfo ev, String eventTypeId) throws SQLException {
        String et = eventTypeId != null ? eventTypeId : w.queryString("SELECT sport_id FROM event WHERE id = ?", ev.id());
        if (et == null) {
            return "event type unknown (not in the store and not given)";
        }
        w.sport(et, sportName(et), true);
        Instant open = instant(ev.openDate());
        RaceType type = raceType(et, null);
        if (type != null) {
            String stored = w.queryString("SELECT race_type FROM event WHERE id = ?", ev.id());
            if (stored != null) {
                type = RaceType.valueOf(stored);
            }
            w.event(ev.id(), et, ev.name(), open == null ? null : open.toEpochMilli(), null,
                    new CatalogWriter.MeetingColumns(ev.venue(), ev.countryCode(), ev.timezone(),
                            open == null ? null : Times.localDate(open, ev.timezone()).toString(), type));
            return null;
        }
        w.event(ev.id(), et, ev.name(), open == null ? null : open.toEpochMilli(), null, null);
        return null;
    }

    // ---- helpers ----

    static RaceType raceType(String eventTypeId, String raceType) {
        if ("4339".equals(eventTypeId)) {
            return RaceType.GREYHOUND;
        }
        if ("7".equals(eventTypeId)) {
            return "Harness".equalsIgnoreCase(raceType) ? RaceType.HARNESS : RaceType.HORSE;
        }
        return null;
    }

    static String sportName(String eventTypeId) {
        return SPORTS.getOrDefault(eventTypeId, "Betfair event type " + eventTypeId);
    }

    /** {@code [number or null, name]}: {@code "2. Sandwood Jet"} → {@code ["2", "Sandwood Jet"]}. */
    static String[] splitNumber(String name) {
        if (name == null) {
            return new String[]{null, null};
        }
        Matcher m = NUMBERED.matcher(name.trim());
        return m.matches() ? new String[]{m.group(1), m.group(2).trim()} : new String[]{null, name.trim()};
    }

    private static Integer number(String[] np) {
        return np[0] == null ? null : Integer.valueOf(np[0]);
    }

    static Integer raceNumber(String name) {
        if (name == null) {
            return null;
        }
        Matcher m = RACE_NUMBER.matcher(name.trim());
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    static String distance(String name) {
        if (name == null) {
            return null;
        }
        Matcher m = DISTANCE.matcher(name);
        return m.find() ? m.group(1) : null;
    }

    private static Integer placesFromName(String name) {
        if (name == null) {
            return null;
        }
        Matcher m = PLACES.matcher(name.trim());
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    private static Integer integer(String s) {
        if (s == null) {
            return null;
        }
        try {
            return Integer.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The selection id, with {@code @<handicap>} when the handicap is not zero (Asian handicap runners share a selection id). */
    static String selectionKey(long selectionId, BigDecimal handicap) {
        if (handicap == null || handicap.signum() == 0) {
            return Long.toString(selectionId);
        }
        return selectionId + "@" + handicap.stripTrailingZeros().toPlainString();
    }

    private static BigDecimal handicap(BetfairRunnerDefinition r) {
        return BigDecimal.valueOf(r.handicap(), dev.ladder.book.ladder.PriceLadder.PRICE_SCALE);
    }

    private static Instant instant(String iso) {
        if (iso == null || iso.isBlank()) {
            return null;
        }
        try {
            return Times.parse(iso);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
