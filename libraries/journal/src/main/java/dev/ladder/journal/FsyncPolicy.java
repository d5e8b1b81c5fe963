package dev.ladder.journal;

/**
 * When appended records are forced to the storage device. In every policy an append puts the
 * whole line into the operating system's page cache before it returns (the open segment is a
 * memory-mapped file), so killing the process never loses an appended record; the policy only
 * decides what a power loss can take.
 */
public enum FsyncPolicy {
    /** Force after every append: the append returns only when the record is durable. Slow. */
    PER_MESSAGE,
    /**
     * Group commit: a background flusher forces every stream each
     * {@link JournalConfig#groupCommitMillis()} and then reports the new durable sequence. The
     * default (100 ms).
     */
    GROUP_COMMIT,
    /**
     * Left to the operating system: records are forced only when a segment is sealed and when the
     * journal is closed; only then is durability reported.
     */
    OS
}
