package dev.ladder.journal;

import dev.ladder.core.Clock;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How a {@link Journal} writes. Validated on construction; messages name the setting.
 *
 * @param dir               root directory; streams live in {@code <dir>/<venue>/<symbol>/}
 * @param fsyncPolicy       when records are forced to the device
 * @param groupCommitMillis flusher period for {@link FsyncPolicy#GROUP_COMMIT} (1..60000)
 * @param segmentBytes      a segment is sealed when the next line would make it larger (64 KiB..1 GiB)
 * @param segmentNanos      a segment is sealed when the next record is this much newer than its first (&gt; 0)
 * @param indexIntervalBytes an index entry (and, when sealed, a new zstd frame) every this many bytes (4 KiB..16 MiB)
 * @param retentionNanos    sealed segments whose last record is older than this are deleted; 0 keeps all
 * @param retentionBytes    per stream: oldest sealed segments are deleted while the stream is larger; 0 keeps all
 * @param zstdLevel         compression level for sealed segments (1..19)
 * @param clock             time for retention by age
 */
public record JournalConfig(Path dir, FsyncPolicy fsyncPolicy, long groupCommitMillis, long segmentBytes,
                            long segmentNanos, int indexIntervalBytes, long retentionNanos, long retentionBytes,
                            int zstdLevel, Clock clock) {
    /** 64 MiB segments. */
    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    /** One hour per segment at most. */
    public static final long DEFAULT_SEGMENT_NANOS = 3_600_000_000_000L;

    public JournalConfig {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(fsyncPolicy, "fsyncPolicy");
        Objects.requireNonNull(clock, "clock");
        check(groupCommitMillis >= 1 && groupCommitMillis <= 60_000, "groupCommitMillis must be within 1..60000: " + groupCommitMillis);
        check(segmentBytes >= 64 << 10 && segmentBytes <= 1L << 30, "segmentBytes must be within 64 KiB..1 GiB: " + segmentBytes);
        check(segmentNanos > 0, "segmentNanos must be positive: " + segmentNanos);
        check(indexIntervalBytes >= 4 << 10 && indexIntervalBytes <= 16 << 20, "indexIntervalBytes must be within 4 KiB..16 MiB: " + indexIntervalBytes);
        check(retentionNanos >= 0, "retentionNanos must be >= 0 (0 keeps everything): " + retentionNanos);
        check(retentionBytes >= 0, "retentionBytes must be >= 0 (0 keeps everything): " + retentionBytes);
        check(zstdLevel >= 1 && zstdLevel <= 19, "zstdLevel must be within 1..19: " + zstdLevel);
    }

    /** Group commit every 100 ms, 64 MiB or 1 h segments, 64 KiB index interval, keep everything, zstd 3. */
    public static JournalConfig defaults(Path dir) {
        return new JournalConfig(dir, FsyncPolicy.GROUP_COMMIT, 100, DEFAULT_SEGMENT_BYTES, DEFAULT_SEGMENT_NANOS,
                64 << 10, 0, 0, 3, Clock.system());
    }

    public JournalConfig withFsync(FsyncPolicy policy, long groupCommitMillis) {
        return new JournalConfig(dir, policy, groupCommitMillis, segmentBytes, segmentNanos, indexIntervalBytes,
                retentionNanos, retentionBytes, zstdLevel, clock);
    }

    public JournalConfig withSegments(long segmentBytes, long segmentNanos) {
        return new JournalConfig(dir, fsyncPolicy, groupCommitMillis, segmentBytes, segmentNanos, indexIntervalBytes,
                retentionNanos, retentionBytes, zstdLevel, clock);
    }

    public JournalConfig withIndexInterval(int indexIntervalBytes) {
        return new JournalConfig(dir, fsyncPolicy, groupCommitMillis, segmentBytes, segmentNanos, indexIntervalBytes,
                retentionNanos, retentionBytes, zstdLevel, clock);
    }

    public JournalConfig withRetention(long retentionNanos, long retentionBytes) {
        return new JournalConfig(dir, fsyncPolicy, groupCommitMillis, segmentBytes, segmentNanos, indexIntervalBytes,
                retentionNanos, retentionBytes, zstdLevel, clock);
    }

    public JournalConfig withClock(Clock clock) {
        return new JournalConfig(dir, fsyncPolicy, groupCommitMillis, segmentBytes, segmentNanos, indexIntervalBytes,
                retentionNanos, retentionBytes, zstdLevel, clock);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("journal: " + message);
        }
    }
}
