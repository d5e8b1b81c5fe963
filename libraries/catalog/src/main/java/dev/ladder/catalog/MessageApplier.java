package dev.ladder.catalog;

import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Applies validated messages to the store, inside the caller's transaction. */
final class MessageApplier {
    /** A well-formed message that cannot apply (unknown event, market, selection, race or runner). */
    static final class ApplyException extends Exception {
        ApplyException(String message) {
            super(message, null, false, false);
        }
    }

    private MessageApplier() {
    }

    /** @return the event (meeting) id the message concerned */
    static String apply(CatalogMessage m, CatalogWriter w) throws SQLException, ApplyException {
        return switch (m) {
            case CatalogMessage.Sports s -> sports(s, w);
            case CatalogMessage.Meeting mt -> meeting(mt.meeting(), w);
            case CatalogMessage.RaceUpdate ru -> raceUpdate(ru, w);
        };
    }

    private static String sports(CatalogMessage.Sports s, CatalogWriter w) throws SQLException, ApplyException {
        CatalogMessage.EventData e = s.event();
        if (!s.isNew() && w.queryString("SELECT id FROM event WHERE id = ?", e.id()) == null) {
            throw new ApplyException("unknown event " + e.id());
        }
        if (e.sport() != null) {
            w.sport(e.sport().id(), e.sport().name(), false);
        }
        w.event(e.id(), e.sport() == null ? null : e.sport().id(), e.name(),
                e.startTime() == null ? null : e.startTime().toEpochMilli(), e.status(), null);
        for (CatalogMessage.MarketData md : e.markets()) {
            String owner = w.queryString("SELECT event_id FROM market WHERE id = ?", md.id());
            if (owner == null && !s.isNew()) {
                throw new ApplyException("unknown market " + md.id() + " in event " + e.id());
            }
            if (owner != null && !owner.equals(e.id())) {
                throw new ApplyException("market " + md.id() + " belongs to event " + owner + ", not " + e.id());
            }
            w.market(md.id(), e.id(), null, md.name(), md.type(), md.status(), null, null, null);
            for (CatalogMessage.SelectionData sd : md.selections()) {
                if (!s.isNew() && w.queryString("SELECT id FROM selection WHERE market_id = ? AND id = ?", md.id(), sd.id()) == null) {
                    throw new ApplyException("unknown selection " + sd.id() + " in market " + md.id());
                }
                w.selection(md.id(), sd.id(), sd.name(), sd.odds().scaled(), sd.status(), null, null);
            }
        }
        return e.id();
    }

    static String sportId(RaceType t) {
        return t == RaceType.GREYHOUND ? "4339" : "7";
    }

    static String sportName(RaceType t) {
        return t == RaceType.GREYHOUND ? "Greyhound Racing" : "Horse Racing";
    }

    private static String meeting(CatalogMessage.MeetingData md, CatalogWriter w) throws SQLException, ApplyException {
        w.sport(sportId(md.type()), sportName(md.type()), true);
        Long first = md.races().stream().map(r -> r.startTime().toEpochMilli()).min(Long::compare).orElse(null);
        w.event(md.id(), sportId(md.type()), md.name(), first, null,
                new CatalogWriter.MeetingColumns(md.venue(), md.country(), md.timezone(), md.date().toString(), md.type()));
        for (CatalogMessage.RaceData r : md.races()) {
            String owner = w.queryString("SELECT meeting_id FROM race WHERE id = ?", r.id());
            if (owner != null && !owner.equals(md.id())) {
                throw new ApplyException("race " + r.id() + " belongs to meeting " + owner + ", not " + md.id());
            }
            race(r, md.id(), false, w);
        }
        return md.id();
    }

    private static String raceUpdate(CatalogMessage.RaceUpdate ru, CatalogWriter w) throws SQLException, ApplyException {
        String meetingId = w.queryString("SELECT meeting_id FROM race WHERE id = ?", ru.race().id());
        if (meetingId == null) {
            throw new ApplyException("unknown race " + ru.race().id());
        }
        if (ru.meetingId() != null && !ru.meetingId().equals(meetingId)) {
            throw new ApplyException("race " + ru.race().id() + " belongs to meeting " + meetingId + ", not " + ru.meetingId());
        }
        race(ru.race(), meetingId, true, w);
        return meetingId;
    }

    private static void race(CatalogMessage.RaceData r, String meetingId, boolean update, CatalogWriter w)
            throws SQLException, ApplyException {
        w.race(r.id(), meetingId, r.number(), r.name(), r.startTime() == null ? null : r.startTime().toEpochMilli(),
                r.distance(), r.status());
        if (r.markets() != null) {
            for (CatalogMessage.RaceMarketData m : r.markets()) {
                String owner = w.queryString("SELECT race_id FROM market WHERE id = ?", m.id());
                if (owner != null && !owner.equals(r.id())) {
                    throw new ApplyException("market " + m.id() + " belongs to race " + owner + ", not " + r.id());
                }
                w.market(m.id(), meetingId, r.id(), m.name(), m.type(), m.status(), m.places(),
                        r.startTime() == null ? null : r.startTime().toEpochMilli(), null);
            }
        }
        if (r.runners() != null) {
            Set<String> listed = new HashSet<>();
            for (CatalogMessage.RunnerData rd : r.runners()) {
                listed.add(rd.id());
                w.runner(r.id(), rd.id(), new CatalogWriter.RunnerColumns(rd.number(), rd.barrier(), rd.name(),
                        rd.jockey(), rd.trainer(), rd.weight(), null, rd.scratched(), rd.placed(),
                        rd.bsp() == null ? null : rd.bsp().scaled(), null));
            }
            if (update) {
                for (String known : w.queryStrings("SELECT selection_id FROM runner WHERE race_id = ?", r.id())) {
                    if (!listed.contains(known)) {
                        w.runner(r.id(), known, new CatalogWriter.RunnerColumns(null, null, null, null, null, null,
                                null, true, null, null, null));
                    }
                }
            }
        }
        if (r.results() != null) {
            results(r.id(), r.results(), w);
        }
    }

    private static void results(String raceId, List<CatalogMessage.ResultData> results, CatalogWriter w)
            throws SQLException, ApplyException {
        Map<Integer, String> byNumber = new HashMap<>();
        Set<String> ids = new HashSet<>();
        try (var ps = w.c.prepareStatement("SELECT selection_id, number FROM runner WHERE race_id = ?")) {
            ps.setString(1, raceId);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                    int n = rs.getInt(2);
                    if (!rs.wasNull()) {
                        byNumber.put(n, rs.getString(1));
                    }
                }
            }
        }
        Map<String, Integer> positions = new LinkedHashMap<>();
        for (CatalogMessage.ResultData rd : results) {
            String id = rd.id();
            if (id == null) {
                id = byNumber.get(rd.number());
                if (id == null) {
                    throw new ApplyException("no runner number " + rd.number() + " in race " + raceId);
                }
            } else if (!ids.contains(id)) {
                throw new ApplyException("unknown runner " + id + " in race " + raceId);
            }
            positions.put(id, rd.position());
        }
        w.results(raceId, positions);
        String places = w.queryString("SELECT places FROM market WHERE race_id = ? AND market_type = 'PLACE' AND places IS NOT NULL", raceId);
        if (places != null) {
            int n = Integer.parseInt(places);
            for (Map.Entry<String, Integer> e : positions.entrySet()) {
                if (e.getValue() <= n) {
                    w.runner(raceId, e.getKey(), new CatalogWriter.RunnerColumns(null, null, null, null, null, null,
                            null, null, true, null, null));
                }
            }
        }
    }
}
