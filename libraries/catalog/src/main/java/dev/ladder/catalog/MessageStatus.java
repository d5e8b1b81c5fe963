package dev.ladder.catalog;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Locale;

/**
 * Where an accepted event message is.
 *
 * @param id          the message id, exactly as sent
 * @param messageType NewEvent, UpdateOdds, Meeting or RaceUpdate
 * @param error       why it failed, {@code null} unless {@link State#FAILED}
 * @param processedAt when it was applied or failed, {@code null} before
 * @param eventId     the event (or meeting) it concerns; for a RaceUpdate without {@code meetingId},
 *                    {@code null} until applied
 */
public record MessageStatus(String id, String messageType, State status, String error, Instant receivedAt,
                            Instant processedAt, String eventId) {
    /** queued (stored, waiting), processing (being applied), done, failed (well-formed, could not apply). */
    public enum State {
        QUEUED, PROCESSING, DONE, FAILED;

        /** Lower-case wire name ({@code queued}...). */
        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static State fromWire(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }
    }

    /** {@code true} once done or failed. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isFinished() {
        return status == State.DONE || status == State.FAILED;
    }
}
