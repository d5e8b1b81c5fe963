package dev.ladder.journal;

import java.nio.file.Path;
import java.util.List;

/**
 * A segment as a reader sees it: sealed ({@code .log.zst}, complete index with its end) or not
 * ({@code .log}, index possibly partial or missing; entries always start with one at offset 0).
 */
record SegmentRef(long baseSeq, Path data, boolean isSealed, List<IndexEntry> entries, SegmentIndex.End end) {
    /** The receive time of the first record, or -1 when unknown (an empty open segment). */
    long firstNs() {
        return entries.isEmpty() ? -1 : entries.getFirst().ns();
    }
}
