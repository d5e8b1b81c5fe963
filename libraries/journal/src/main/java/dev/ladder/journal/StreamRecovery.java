package dev.ladder.journal;

import dev.ladder.core.InstrumentId;
import java.nio.file.Path;

/**
 * What opening a stream found: the torn tail cut from its open segment (after a crash: a partial
 * last line, or garbage after the last good line) and the preallocated zeros trimmed (normal after
 * a kill, not damage).
 *
 * @param stream    the stream
 * @param file      the segment that was cut or trimmed, or null when nothing was
 * @param cutBytes  bytes of torn tail removed
 * @param cutLines  lines (whole or partial) in that tail
 * @param zeroBytes preallocated zero bytes trimmed
 * @param reason    why the good prefix ended (null when nothing was cut)
 */
public record StreamRecovery(InstrumentId stream, Path file, long cutBytes, long cutLines, long zeroBytes, String reason) {
    /** True when a torn tail was cut. */
    public boolean hasCut() {
        return cutBytes > 0;
    }
}
