package dev.ladder.journal;

/**
 * What a journal line holds. A raw venue message is written as {@code <ns> <message>}; every other
 * kind is a marker line {@code <ns> #<name> <payload>} (the payload is JSON for the venue events,
 * an opaque caller blob for {@link #BOOK}). Raw messages never start with {@code #}.
 */
public enum RecordKind {
    /** A raw venue message, exactly as received. */
    MESSAGE(null),
    /** A snapshot fetched from the venue (e.g. a Binance REST depth answer); payload is its body. */
    SNAPSHOT("snapshot"),
    /** A detected sequence gap; payload JSON says where. */
    GAP("gap"),
    /** A resynchronisation started or finished; payload JSON says why. */
    RESYNC("resync"),
    /** A (re)connection of the venue socket; payload JSON says which. */
    RECONNECT("reconnect"),
    /**
     * A periodic book snapshot written by the journal from a {@link SnapshotSource}: the state of
     * the book after every record before this line. Opaque to the journal.
     */
    BOOK("book"),
    /** A marker with a name this version does not know; kept and passed on, never an error. */
    UNKNOWN_MARKER("?");

    private final String marker;

    RecordKind(String marker) {
        this.marker = marker;
    }

    /** The name after {@code #} on a marker line, or {@code null} for {@link #MESSAGE}. */
    public String marker() {
        return marker;
    }

    /** The kind for the marker name in {@code buf[from, to)}; {@link #UNKNOWN_MARKER} when unknown. */
    static RecordKind ofMarker(byte[] buf, int from, int to) {
        for (RecordKind k : values()) {
            String m = k.marker;
            if (m == null || k == UNKNOWN_MARKER || m.length() != to - from) {
                continue;
            }
            boolean same = true;
            for (int i = 0; i < m.length(); i++) {
                if (buf[from + i] != m.charAt(i)) {
                    same = false;
                    break;
                }
            }
            if (same) {
                return k;
            }
        }
        return UNKNOWN_MARKER;
    }
}
