package dev.ladder.journal;

import java.nio.file.Path;
import java.util.List;

/**
 * A segment as a reader sees it: sealed ({@code .log.zst}, complete index with its end), open
 * ({@code .log}, index possibly partial or missing, entries unchecked), or missing (its data file is
 * gone but its index remains: {@code isMissing}, {@code data} names the missing file).
 */
record SegmentRef(long baseSeq, Path data, boolean isSealed, List<IndexEntry> entries, SegmentIndex.End end, boolean isMissing) {
    SegmentRef(long baseSeq, Path data, boolean isSealed, List<IndexEntry> entries, SegmentIndex.End end) {
        this(baseSeq, data, isSealed, entries, end, false);
    }

    /** The receive time of the first record, or -1 when unknown (an empty open segment). */
    long firstNs() {
        return entries.isEmpty() ? -1 : entries.getFirst().ns();
    }

    /** One past the last sequence number, when known from the index (sealed or missing), else -1. */
    long nextSeq() {
        if (end != null) {
            return end.nextSeq();
        }
        return isMissing && !entries.isEmpty() ? entries.getLast().seq() + 1 : -1;
    }

    /** The last receive time known from the index, or -1. */
    long lastNs() {
        if (end != null) {
            return end.lastNs();
        }
        return entries.isEmpty() ? -1 : entries.getLast().ns();
    }
}
