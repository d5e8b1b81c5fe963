package dev.ladder.server.live;

import java.util.Locale;

/** Where a live book stands with its source. Only {@link #LIVE} books answer with current data. */
public enum BookState {
    /** Registered; no snapshot applied yet (the book is empty). */
    CONNECTING,
    /** A snapshot is being fetched and diffs buffered. */
    SYNCING,
    /** In sync: every diff since the snapshot has been applied. */
    LIVE,
    /** A gap, a reconnect or a bad message was seen; the book keeps its last content until the next snapshot. */
    RESYNCING,
    /** The source stopped; the book keeps its last content. */
    STOPPED;

    /** The lower-case name used in JSON ({@code live}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
