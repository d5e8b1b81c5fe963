package dev.ladder.server.replay;

import dev.ladder.journal.JournalCursor;
import dev.ladder.journal.ReplayTarget;

/** Counts records of a venue without a book replay yet. */
public final class CountingTarget implements ReplayTarget {
    long applied;

    @Override
    public void reset() {
        applied = 0;
    }

    @Override
    public void restore(JournalCursor book) {
    }

    @Override
    public void apply(JournalCursor record) {
        applied++;
    }
}
