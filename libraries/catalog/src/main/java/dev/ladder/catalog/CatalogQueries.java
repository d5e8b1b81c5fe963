package dev.ladder.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Read-only queries over the catalog, each on one consistent view of the store. The HTTP layer maps
 * them 1:1. Unknown ids give an empty {@link Optional}; a listing past its last page gives an empty
 * page with the right total. Thread-safe.
 */
public final class CatalogQueries {
    private static final String EVENT_COLUMNS = "e.id, e.name, e.status, e.start_time, e.race_type, e.source, e.updated_at,"
            + " s.id, s.name, s.source, s.updated_at";
    private static final String MEETING_COLUMNS = "id, name, venue, country_code, meeting_date, race_type, timezone, source, updated_at";
    private static final Comparator<Integer> NULLS_LAST = Comparator.nullsLast(Comparator.naturalOrder());

    private final Database db;

    CatalogQueries(Database db) {
        this.db = db;
    }

    /** The event with its sport, markets, selections and latest odds. */
    public Optional<Event> event(String id) throws SQLException {
        return db.read(c -> {
            List<Event> found = events(c, "SELECT " + EVENT_COLUMNS + " FROM event e LEFT JOIN sport s ON s.id = e.sport_id WHERE e.id = ?", id);
            return found.stream().findFirst();
        });
    }

    /**
     * Events whose name contains {@code text} in any case, by start time (unknown last), then id.
     *
     * @throws IllegalArgumentException for bad paging or blank text
     */
    public Page<Event> eventsByName(String text, int page, int size) throws SQLException {
        Page.check(page, size);
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        String like = "%" + escapeLike(text.toLowerCase(Locale.ROOT)) + "%";
        return db.read(c -> {
            long total = count(c, "SELECT COUNT(*) FROM event WHERE name_lower LIKE ? ESCAPE '\\'", like);
            List<Event> items = events(c, "SELECT " + EVENT_COLUMNS + " FROM event e LEFT JOIN sport s ON s.id = e.sport_id"
                    + " WHERE e.name_lower LIKE ? ESCAPE '\\'"
                    + " ORDER BY CASE WHEN e.start_time IS NULL THEN 1 ELSE 0 END, e.start_time, e.id LIMIT ? OFFSET ?",
                    like, size, (long) (page - 1) * size);
            return new Page<>(items, page, size, total);
        });
    }

    /**
     * Events of the sport named {@code sportName} (any case), by start time in {@code order} (ties by id
     * in the same direction; events without a start time last, by id). An unknown sport gives an empty page.
     *
     * @throws IllegalArgumentException for bad paging or a blank name
     */
    public Page<Event> eventsBySport(String sportName, EventOrder order, int page, int size) throws SQLException {
        Page.check(page, size);
        if (sportName == null || sportName.isBlank()) {
            throw new IllegalArgumentException("sport must not be blank");
        }
        String name = sportName.trim().toLowerCase(Locale.ROOT);
        String dir = order == EventOrder.START_TIME_DESC ? "DESC" : "ASC";
        return db.read(c -> {
            List<String> sportIds = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM sport WHERE name_lower = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        sportIds.add(rs.getString(1));
                    }
                }
            }
            if (sportIds.isEmpty()) {
                return new Page<Event>(List.of(), page, size, 0);
            }
            // events with a start time first (index order on sport_id, start_time, id), then those without, by id
            String in = "e.sport_id IN (" + placeholders(sportIds.size()) + ")";
            Object[] ids = sportIds.toArray();
            long timed = count(c, "SELECT COUNT(*) FROM event e WHERE " + in + " AND e.start_time IS NOT NULL", ids);
            long untimed = count(c, "SELECT COUNT(*) FROM event e WHERE " + in + " AND e.start_time IS NULL", ids);
            long offset = (long) (page - 1) * size;
            List<Event> items = new ArrayList<>();
            String select = "SELECT " + EVENT_COLUMNS + " FROM event e LEFT JOIN sport s ON s.id = e.sport_id WHERE " + in;
            if (offset < timed) {
                items.addAll(events(c, select + " AND e.start_time IS NOT NULL ORDER BY e.start_time " + dir + ", e.id " + dir
                        + " LIMIT ? OFFSET ?", append(ids, size, offset)));
            }
            if (items.size() < size && untimed > 0) {
                items.addAll(events(c, select + " AND e.start_time IS NULL ORDER BY e.id LIMIT ? OFFSET ?",
                        append(ids, size - items.size(), Math.max(0, offset - timed))));
            }
            return new Page<>(items, page, size, timed + untimed);
        });
    }

    private static Object[] append(Object[] head, Object... tail) {
        Object[] out = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, out, head.length, tail.length);
        return out;
    }

    /** Every sport, by name. */
    public List<Sport> sports() throws SQLException {
        return db.read(c -> {
            List<Sport> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name, source, updated_at FROM sport ORDER BY name_lower, id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Sport(rs.getString(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4))));
                }
            }
            return out;
        });
    }

    /**
     * The racing schedule of {@code date} (the meetings' local date): meetings ordered by their first
     * race (meetings without races last, by name), each with its races by start time and their markets.
     *
     * @param type    only meetings of this type, or {@code null} for all
     * @param country only meetings of this country code (any case), or {@code null} for all
     */
    public List<MeetingSchedule> schedule(LocalDate date, RaceType type, String country) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + MEETING_COLUMNS + " FROM event WHERE meeting_date = ? AND race_type IS NOT NULL");
        List<Object> args = new ArrayList<>();
        args.add(date.toString());
        if (type != null) {
            sql.append(" AND race_type = ?");
            args.add(type.name());
        }
        if (country != null && !country.isBlank()) {
            sql.append(" AND country_code = ?");
            args.add(country.trim().toUpperCase(Locale.ROOT));
        }
        return db.read(c -> {
            Map<String, Meeting> meetings = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                Rows.bind(ps, 1, args.toArray());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Meeting m = meeting(rs);
                        meetings.put(m.id(), m);
                    }
                }
            }
            Map<String, List<Race>> races = races(c, "meeting_id", meetings.keySet());
            List<MeetingSchedule> out = new ArrayList<>();
            for (Meeting m : meetings.values()) {
                out.add(new MeetingSchedule(m, races.getOrDefault(m.id(), List.of())));
            }
            out.sort(Comparator.<MeetingSchedule, Instant>comparing(ms -> ms.races().isEmpty() ? null : ms.races().getFirst().startTime(),
                            Comparator.nullsLast(Comparator.naturalOrder()))
                    .thenComparing(ms -> ms.meeting().name())
                    .thenComparing(ms -> ms.meeting().id()));
            return out;
        });
    }

    /**
     * The race card of race {@code id}, or of the race that market {@code id} belongs to (any of its
     * Betfair markets, WIN or PLACE).
     */
    public Optional<RaceCard> raceCard(String id) throws SQLException {
        return db.read(c -> {
            Map<String, List<Race>> byId = races(c, "id", List.of(id));
            if (byId.isEmpty()) {
                String raceId = null;
                try (PreparedStatement ps = c.prepareStatement("SELECT race_id FROM market WHERE id = ?")) {
                    ps.setString(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            raceId = rs.getString(1);
                        }
                    }
                }
                if (raceId == null) {
                    return Optional.empty();
                }
                byId = races(c, "id", List.of(raceId));
                if (byId.isEmpty()) {
                    return Optional.empty();
                }
            }
            Race race = byId.values().iterator().next().getFirst();
            Meeting meeting = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT " + MEETING_COLUMNS + " FROM event WHERE id = ?")) {
                ps.setString(1, race.meetingId());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        meeting = meeting(rs);
                    }
                }
            }
            List<Runner> runners = new ArrayList<>();
            Map<String, Runner> bySelection = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT selection_id, number, barrier, name, jockey, trainer, weight,"
                    + " status, scratched, placed, bsp, source, updated_at, sort_priority FROM runner WHERE race_id = ?")) {
                ps.setString(1, race.id());
                try (ResultSet rs = ps.executeQuery()) {
                    List<Object[]> rows = new ArrayList<>();
                    while (rs.next()) {
                        Runner r = new Runner(rs.getString(1), integer(rs, 2), integer(rs, 3), rs.getString(4), rs.getString(5),
                                rs.getString(6), rs.getString(7), rs.getString(8), rs.getBoolean(9), rs.getBoolean(10),
                                odds(rs, 11), rs.getString(12), Instant.ofEpochMilli(rs.getLong(13)));
                        rows.add(new Object[]{r, integer(rs, 14)});
                    }
                    rows.sort(Comparator.<Object[], Integer>comparing(o -> ((Runner) o[0]).number(), NULLS_LAST)
                            .thenComparing(o -> (Integer) o[1], NULLS_LAST)
                            .thenComparing(o -> ((Runner) o[0]).selectionId()));
                    for (Object[] o : rows) {
                        Runner r = (Runner) o[0];
                        runners.add(r);
                        bySelection.put(r.selectionId(), r);
                    }
                }
            }
            List<RaceResult> results = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT position, selection_id FROM race_result WHERE race_id = ?")) {
                ps.setString(1, race.id());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Runner r = bySelection.get(rs.getString(2));
                        results.add(new RaceResult(rs.getInt(1), rs.getString(2), r == null ? null : r.number(), r == null ? null : r.name()));
                    }
                }
            }
            results.sort(Comparator.comparingInt(RaceResult::position).thenComparing(RaceResult::number, NULLS_LAST)
                    .thenComparing(RaceResult::selectionId));
            return Optional.of(new RaceCard(race, meeting, race.markets(), runners, results));
        });
    }

    /** The status of each known race among {@code raceIds} (unknown ids are absent). */
    Map<String, RaceStatus> raceStatuses(Collection<String> raceIds) throws SQLException {
        if (raceIds.isEmpty()) {
            return Map.of();
        }
        return db.read(c -> {
            Map<String, RaceStatus> out = new HashMap<>();
            List<String> ids = List.copyOf(raceIds);
            for (int from = 0; from < ids.size(); from += 500) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
                try (PreparedStatement ps = c.prepareStatement("SELECT id, status FROM race WHERE id IN ("
                        + placeholders(chunk.size()) + ")")) {
                    Rows.bind(ps, 1, chunk.toArray());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            out.put(rs.getString(1), RaceStatus.valueOf(rs.getString(2)));
                        }
                    }
                }
            }
            return out;
        });
    }

    // ---- helpers ----

    private static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static long count(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Rows.bind(ps, 1, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Integer integer(ResultSet rs, int i) throws SQLException {
        int v = rs.getInt(i);
        return rs.wasNull() ? null : v;
    }

    private static Odds odds(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : new Odds(v);
    }

    private static Instant time(ResultSet rs, int i) throws SQLException {
        long v = rs.getLong(i);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    private static Meeting meeting(ResultSet rs) throws SQLException {
        String date = rs.getString(5);
        return new Meeting(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                date == null ? null : LocalDate.parse(date), RaceType.valueOf(rs.getString(6)), rs.getString(7),
                rs.getString(8), Instant.ofEpochMilli(rs.getLong(9)));
    }

    private static String placeholders(int n) {
        return "?, ".repeat(n - 1) + "?";
    }

    private List<Event> events(Connection c, String sql, Object... args) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Rows.bind(ps, 1, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String sportId = rs.getString(8);
                    Sport sport = sportId == null ? null
                            : new Sport(sportId, rs.getString(9), rs.getString(10), Instant.ofEpochMilli(rs.getLong(11)));
                    String raceType = rs.getString(5);
                    rows.add(new Object[]{rs.getString(1), rs.getString(2), sport, rs.getString(3), time(rs, 4),
                            raceType == null ? null : RaceType.valueOf(raceType), rs.getString(6), Instant.ofEpochMilli(rs.getLong(7))});
                }
            }
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        List<String> ids = rows.stream().map(r -> (String) r[0]).toList();
        Map<String, List<Market>> markets = markets(c, ids);
        List<Event> out = new ArrayList<>();
        for (Object[] r : rows) {
            out.add(new Event((String) r[0], (String) r[1], (Sport) r[2], (String) r[3], (Instant) r[4], (RaceType) r[5],
                    (String) r[6], (Instant) r[7], markets.getOrDefault((String) r[0], List.of())));
        }
        return out;
    }

    private record SelectionRow(Selection selection, Integer sort) {
    }

    private Map<String, List<Market>> markets(Connection c, List<String> eventIds) throws SQLException {
        String in = placeholders(eventIds.size());
        Map<String, List<SelectionRow>> selections = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT s.market_id, s.id, s.name, s.odds, s.status, s.sort_priority, s.bsp,"
                + " s.source, s.updated_at FROM selection s JOIN market m ON m.id = s.market_id WHERE m.event_id IN (" + in + ")")) {
            Rows.bind(ps, 1, eventIds.toArray());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Integer sort = integer(rs, 6);
                    selections.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new SelectionRow(
                            new Selection(rs.getString(2), rs.getString(3), odds(rs, 4), rs.getString(5), sort, odds(rs, 7),
                                    rs.getString(8), Instant.ofEpochMilli(rs.getLong(9))), sort));
                }
            }
        }
        List<Market> all = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, event_id, race_id, name, market_type, status, places, start_time,"
                + " in_play, source, updated_at FROM market WHERE event_id IN (" + in + ")")) {
            Rows.bind(ps, 1, eventIds.toArray());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<SelectionRow> sel = new ArrayList<>(selections.getOrDefault(rs.getString(1), List.of()));
                    sel.sort(Comparator.comparing(SelectionRow::sort, NULLS_LAST).thenComparing(s -> s.selection().id(), ID_ORDER));
                    all.add(new Market(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), integer(rs, 7), time(rs, 8), rs.getBoolean(9), rs.getString(10),
                            Instant.ofEpochMilli(rs.getLong(11)), sel.stream().map(SelectionRow::selection).toList()));
                }
            }
        }
        all.sort(Comparator.comparing(Market::startTime, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
                .thenComparing(Market::id, ID_ORDER));
        Map<String, List<Market>> out = new HashMap<>();
        for (Market m : all) {
            out.computeIfAbsent(m.eventId(), k -> new ArrayList<>()).add(m);
        }
        return out;
    }

    /** Numeric ids in numeric order (shorter first), then text order. */
    private static final Comparator<String> ID_ORDER = Comparator.comparingInt(String::length).thenComparing(Comparator.naturalOrder());

    private static int marketRank(String type) {
        if ("WIN".equals(type)) {
            return 0;
        }
        return "PLACE".equals(type) ? 1 : 2;
    }

    /** Races whose {@code column} (id or meeting_id) is in {@code keys}, by start time then id, with their markets; keyed by the column. */
    private Map<String, List<Race>> races(Connection c, String column, Collection<String> keys) throws SQLException {
        if (keys.isEmpty()) {
            return Map.of();
        }
        String in = placeholders(keys.size());
        Map<String, List<RaceMarket>> markets = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT m.race_id, m.id, m.market_type, m.name, m.status, m.places, m.in_play"
                + " FROM market m JOIN race r ON r.id = m.race_id WHERE r." + column + " IN (" + in + ")")) {
            Rows.bind(ps, 1, keys.toArray());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    markets.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new RaceMarket(rs.getString(2),
                            rs.getString(3), rs.getString(4), rs.getString(5), integer(rs, 6), rs.getBoolean(7)));
                }
            }
        }
        Map<String, List<Race>> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, meeting_id, number, name, start_time, distance, status, source,"
                + " updated_at FROM race WHERE " + column + " IN (" + in + ") ORDER BY start_time, id")) {
            Rows.bind(ps, 1, keys.toArray());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<RaceMarket> ms = new ArrayList<>(markets.getOrDefault(rs.getString(1), List.of()));
                    ms.sort(Comparator.comparingInt((RaceMarket m) -> marketRank(m.type()))
                            .thenComparing(RaceMarket::type, Comparator.nullsLast(Comparator.<String>naturalOrder()))
                            .thenComparing(RaceMarket::id, ID_ORDER));
                    Race race = new Race(rs.getString(1), rs.getString(2), integer(rs, 3), rs.getString(4),
                            Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6), RaceStatus.valueOf(rs.getString(7)),
                            rs.getString(8), Instant.ofEpochMilli(rs.getLong(9)), ms);
                    out.computeIfAbsent("id".equals(column) ? race.id() : race.meetingId(), k -> new ArrayList<>()).add(race);
                }
            }
        }
        return out;
    }
}
