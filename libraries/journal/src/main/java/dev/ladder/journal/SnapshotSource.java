package dev.ladder.journal;

/**
 * Supplies the periodic book snapshots a {@link JournalWriter} writes as {@code #book} lines. The
 * writer calls it on the appending thread, just before appending a record, so the snapshot must
 * describe the book after every record appended (and applied) so far: the snapshot's position is
 * the line it is written on. The blob is opaque to the journal (a serialized book plus whatever
 * venue state a replay needs, e.g. the last update id) and must not contain {@code '\n'} or
 * {@code '\r'}.
 */
@FunctionalInterface
public interface SnapshotSource {
    /** The serialized book, or {@code null} when there is no consistent book now (then no line is written). */
    byte[] snapshot();
}
