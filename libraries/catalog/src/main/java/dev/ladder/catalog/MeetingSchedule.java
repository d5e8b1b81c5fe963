package dev.ladder.catalog;

import java.util.List;

/** A meeting with its races (by start time) and their markets, as a racing schedule lists it. */
public record MeetingSchedule(Meeting meeting, List<Race> races) {
    public MeetingSchedule {
        races = List.copyOf(races);
    }
}
