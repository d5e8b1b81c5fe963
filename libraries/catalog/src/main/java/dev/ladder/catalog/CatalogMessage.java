package dev.ladder.catalog;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** A validated event message (see {@link MessageParser} for the wire forms). */
sealed interface CatalogMessage {
    String id();

    String type();

    /** The event or meeting it concerns, {@code null} when only the store knows (a RaceUpdate without meetingId). */
    String eventId();

    /** NewEvent or UpdateOdds. */
    record Sports(String id, String type, EventData event) implements CatalogMessage {
        boolean isNew() {
            return "NewEvent".equals(type);
        }

        @Override
        public String eventId() {
            return event.id();
        }
    }

    record Meeting(String id, MeetingData meeting) implements CatalogMessage {
        @Override
        public String type() {
            return "Meeting";
        }

        @Override
        public String eventId() {
            return meeting.id();
        }
    }

    record RaceUpdate(String id, String meetingId, RaceData race) implements CatalogMessage {
        @Override
        public String type() {
            return "RaceUpdate";
        }

        @Override
        public String eventId() {
            return meetingId;
        }
    }

    record EventData(String id, String name, Instant startTime, String status, SportData sport, List<MarketData> markets) {
    }

    record SportData(String id, String name) {
    }

    record MarketData(String id, String name, String type, String status, List<SelectionData> selections) {
    }

    record SelectionData(String id, String name, Odds odds, String status) {
    }

    record MeetingData(String id, String name, String venue, String country, LocalDate date, RaceType type,
                       String timezone, List<RaceData> races) {
    }

    record RaceData(String id, Integer number, String name, Instant startTime, String distance, RaceStatus status,
                    List<RaceMarketData> markets, List<RunnerData> runners, List<ResultData> results) {
    }

    record RaceMarketData(String id, String type, String name, String status, Integer places) {
    }

    record RunnerData(String id, Integer number, Integer barrier, String name, String jockey, String trainer,
                      String weight, Boolean scratched, Boolean placed, Odds bsp) {
    }

    /** A finishing position; the runner by selection id, or by number when the id is absent. */
    record ResultData(int position, String id, Integer number) {
    }
}
