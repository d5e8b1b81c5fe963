package dev.ladder.catalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The catalog's row writes inside one transaction, each a merge (see {@link Rows}): {@code null}
 * arguments keep what is stored. Counts what it creates and updates.
 */
final class CatalogWriter {
    final Connection c;
    final String source;
    final long now;
    final ChangeCounts counts;

    CatalogWriter(Connection c, String source, long now, ChangeCounts counts) {
        this.c = c;
        this.source = source;
        this.now = now;
        this.counts = counts;
    }

    static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    /** @param nameOnCreate {@code true} when the name is a fallback that must not replace a stored one */
    void sport(String id, String name, boolean nameOnCreate) throws SQLException {
        Rows.Patch p = new Rows.Patch();
        if (nameOnCreate) {
            p.orCreateWith("name", name).orCreateWith("name_lower", lower(name));
        } else {
            p.set("name", name).set("name_lower", lower(name));
        }
        counts.add("sport", Rows.upsert(c, "sport", new String[]{"id"}, new Object[]{id}, p, source, now));
    }

    /** Meeting columns of an event ({@code null} for a non-racing event). */
    record MeetingColumns(String venue, String countryCode, String timezone, String date, RaceType type) {
    }

    void event(String id, String sportId, String name, Long startTime, String status, MeetingColumns m) throws SQLException {
        Rows.Patch p = new Rows.Patch()
                .set("sport_id", sportId)
                .set("name", name).set("name_lower", lower(name))
                .set("start_time", startTime)
                .set("status", status)
                .orCreateWith("status", "OPEN")
                .orCreateWith("name", id).orCreateWith("name_lower", lower(id));
        if (m != null) {
            p.set("venue", m.venue()).set("country_code", m.countryCode()).set("timezone", m.timezone())
                    .set("meeting_date", m.date()).set("race_type", m.type() == null ? null : m.type().name());
        }
        counts.add(m != null ? "meeting" : "event",
                Rows.upsert(c, "event", new String[]{"id"}, new Object[]{id}, p, source, now));
    }

    void market(String id, String eventId, String raceId, String name, String type, String status, Integer places,
                Long startTime, Boolean inPlay) throws SQLException {
        Rows.Patch p = new Rows.Patch()
                .set("event_id", eventId).set("race_id", raceId).set("name", name).set("market_type", type)
                .set("status", status).orCreateWith("status", "OPEN")
                .set("places", places).set("start_time", startTime)
                .set("in_play", inPlay).orCreateWith("in_play", false);
        counts.add("market", Rows.upsert(c, "market", new String[]{"id"}, new Object[]{id}, p, source, now));
    }

    void selection(String marketId, String id, String name, Long odds, String status, Integer sortPriority, Long bsp)
            throws SQLException {
        Rows.Patch p = new Rows.Patch()
                .set("name", name).set("odds", odds).set("status", status).set("sort_priority", sortPriority).set("bsp", bsp);
        counts.add("selection", Rows.upsert(c, "selection", new String[]{"market_id", "id"}, new Object[]{marketId, id}, p, source, now));
    }

    void race(String id, String meetingId, Integer number, String name, Long startTime, String distance,
              RaceStatus status) throws SQLException {
        Rows.Patch p = new Rows.Patch()
                .set("meeting_id", meetingId).set("number", number).set("name", name).set("start_time", startTime)
                .set("distance", distance).set("status", status == null ? null : status.name())
                .orCreateWith("status", RaceStatus.OPEN.name());
        counts.add("race", Rows.upsert(c, "race", new String[]{"id"}, new Object[]{id}, p, source, now));
    }

    /** A runner's columns; {@code null} keeps the stored value. */
    record RunnerColumns(Integer number, Integer barrier, String name, String jockey, String trainer, String weight,
                         String status, Boolean scratched, Boolean placed, Long bsp, Integer sortPriority) {
    }

    void runner(String raceId, String selectionId, RunnerColumns r) throws SQLException {
        Rows.Patch p = new Rows.Patch()
                .set("number", r.number()).set("barrier", r.barrier()).set("name", r.name()).set("jockey", r.jockey())
                .set("trainer", r.trainer()).set("weight", r.weight()).set("status", r.status())
                .set("scratched", r.scratched()).orCreateWith("scratched", false)
                .set("placed", r.placed()).orCreateWith("placed", false)
                .set("bsp", r.bsp()).set("sort_priority", r.sortPriority());
        counts.add("runner", Rows.upsert(c, "runner", new String[]{"race_id", "selection_id"},
                new Object[]{raceId, selectionId}, p, source, now));
    }

    /** Replaces a race's results (selection id → position) unless they are the same. */
    void results(String raceId, Map<String, Integer> positions) throws SQLException {
        Map<String, Integer> existing = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT selection_id, position FROM race_result WHERE race_id = ?")) {
            ps.setString(1, raceId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    existing.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        if (existing.equals(positions)) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM race_result WHERE race_id = ?")) {
            ps.setString(1, raceId);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO race_result (race_id, selection_id, position, source, updated_at) VALUES (?, ?, ?, ?, ?)")) {
            for (Map.Entry<String, Integer> e : positions.entrySet()) {
                ps.setString(1, raceId);
                ps.setString(2, e.getKey());
                ps.setInt(3, e.getValue());
                ps.setString(4, source);
                ps.setLong(5, now);
                ps.addBatch();
            }
            if (!positions.isEmpty()) {
                ps.executeBatch();
            }
        }
        if (existing.isEmpty()) {
            counts.add("result", positions.size(), 0);
        } else {
            counts.add("result", 0, positions.size());
        }
    }

    /** The first column of the first row, or {@code null}. */
    String queryString(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Rows.bind(ps, 1, args);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** The first column of every row. */
    List<String> queryStrings(String sql, Object... args) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            Rows.bind(ps, 1, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** Sets a non-racing event's status from its markets: CLOSED when all are, IN_PLAY when one open market is in play, else OPEN. */
    void deriveEventStatus(String eventId) throws SQLException {
        boolean any = false;
        boolean allClosed = true;
        boolean inPlay = false;
        try (PreparedStatement ps = c.prepareStatement("SELECT status, in_play FROM market WHERE event_id = ?")) {
            ps.setString(1, eventId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    any = true;
                    boolean closed = "CLOSED".equals(rs.getString(1));
                    allClosed &= closed;
                    inPlay |= !closed && rs.getBoolean(2);
                }
            }
        }
        if (!any) {
            return;
        }
        String status = allClosed ? "CLOSED" : inPlay ? "IN_PLAY" : "OPEN";
        counts.add("event", Rows.upsert(c, "event", new String[]{"id"}, new Object[]{eventId},
                new Rows.Patch().set("status", status), source, now));
    }
}
