package dev.ladder.server.replay;

import dev.ladder.core.InstrumentId;

/** A replay target that can say in one line where its stream stands (printed by {@code ladder replay}). */
public interface DescribedTarget {
    /** One line: the stream, {@code records} replayed, and the state of what the target rebuilt. */
    String describe(InstrumentId id, long records);
}
