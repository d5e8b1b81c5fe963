package dev.ladder.server.replay;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.ladder.journal.Damage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The damaged journal ranges a reader skipped (see {@link Damage}), kept so every answer built from
 * the replay can say what it did not see: the command line prints one line per range, the HTTP
 * answers carry them as {@code "skipped":[{"file","offset","reason","records","from","to"}]}. At most
 * {@link #KEPT} are kept; {@link #count()} counts them all.
 */
public final class SkippedRanges {
    /** Ranges kept for the answer; more are only counted. */
    public static final int KEPT = 100;

    private final List<Damage> kept = new ArrayList<>();
    private long count;

    public void add(Damage d) {
        count++;
        if (kept.size() < KEPT) {
            kept.add(d);
        }
    }

    public void clear() {
        kept.clear();
        count = 0;
    }

    /** Ranges skipped, all of them. */
    public long count() {
        return count;
    }

    /** The first {@link #KEPT} ranges. */
    public List<Damage> ranges() {
        return List.copyOf(kept);
    }

    /** {@code "skipped":[...]} (an empty array when nothing was skipped). */
    public void write(JsonGenerator g) throws IOException {
        g.writeArrayFieldStart("skipped");
        for (Damage d : kept) {
            g.writeStartObject();
            g.writeStringField("file", d.file() == null ? null : d.file().getFileName().toString());
            g.writeNumberField("offset", d.offset());
            g.writeStringField("reason", d.reason());
            g.writeNumberField("records", d.records());
            if (d.fromNs() < 0) {
                g.writeNullField("from");
            } else {
                g.writeStringField("from", BookHistory.instant(d.fromNs()));
            }
            if (d.toNs() == Long.MAX_VALUE) {
                g.writeNullField("to");
            } else {
                g.writeStringField("to", BookHistory.instant(d.toNs()));
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        if (count > kept.size()) {
            g.writeNumberField("skippedMore", count - kept.size());
        }
    }
}
