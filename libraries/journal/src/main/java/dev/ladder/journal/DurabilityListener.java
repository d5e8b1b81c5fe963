package dev.ladder.journal;

import dev.ladder.core.InstrumentId;

/**
 * Told when records become durable (forced to the device). Called on the journal's flusher thread
 * (group commit), on the appending thread ({@link FsyncPolicy#PER_MESSAGE}, segment seals,
 * close); must be quick and must not throw (a thrown exception is logged and ignored).
 */
@FunctionalInterface
public interface DurabilityListener {
    /** Every record of {@code stream} with a sequence number below {@code durableSeq} is durable. */
    void onDurable(InstrumentId stream, long durableSeq);
}
