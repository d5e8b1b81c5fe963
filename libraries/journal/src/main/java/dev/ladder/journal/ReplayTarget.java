package dev.ladder.journal;

/**
 * What {@link JournalReader#replayTo} drives: usually a venue decoder feeding a book. Called on
 * the replaying thread only.
 */
public interface ReplayTarget {
    /** Starts from an empty state (no {@code #book} line before the requested time). */
    void reset();

    /** Replaces the whole state with the {@code #book} blob under the cursor ({@link JournalCursor#payloadBytes()}). */
    void restore(JournalCursor book);

    /** Applies one record after the starting point: a raw message or a venue marker (never {@code #book}). */
    void apply(JournalCursor record);
}
