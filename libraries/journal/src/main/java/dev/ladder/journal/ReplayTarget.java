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

    /**
     * A {@code #book} line met while replaying records in sequence (after the starting point). The
     * target may restore itself from it, e.g. when it lost sync; by default it is ignored, since the
     * records before it already built the same state.
     *
     * @return true when the target restored its state from the line
     */
    default boolean onBook(JournalCursor book) {
        return false;
    }

    /**
     * Records were lost before the next record (damaged data was skipped): the state is no longer
     * exact. {@link JournalReader#replayTo} restores the next {@code #book} it meets after this
     * by itself; a target that can resynchronise from venue snapshots (e.g. a depth sync) should
     * drop its sync here so the next snapshot is taken. The default does nothing.
     */
    default void lost(Damage damage) {
    }
}
