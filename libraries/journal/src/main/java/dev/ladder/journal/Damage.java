package dev.ladder.journal;

import dev.ladder.core.InstrumentId;
import java.nio.file.Path;

/**
 * A stretch of a stream that could not be read and was skipped: damaged lines (a checksum that
 * fails, a malformed line), a zstd frame that does not decompress, a sealed segment that is gone,
 * a segment cut short, a jump in the sequence numbers. Readers report it and go on with the next
 * good record; a consumer rebuilding state from records must treat it as "records were lost here"
 * (resynchronise from the next {@code #book} or venue snapshot).
 *
 * @param stream   the stream
 * @param file     the file the damage is in (for a missing segment, the file that is missing)
 * @param offset   where the damage starts in {@code file}: the byte offset in a {@code .log}; in a
 *                 {@code .log.zst} the compressed offset of the damaged frame, or the uncompressed
 *                 offset of a damaged line inside a frame that decompressed; 0 for a missing file
 * @param length   damaged bytes skipped ({@code -1} when unknown, e.g. a missing file)
 * @param firstSeq the first sequence number lost
 * @param endSeq   one past the last sequence number lost; equal to {@code firstSeq} when bytes were
 *                 damaged but no record is missing (e.g. garbage between two good lines)
 * @param fromNs   lost records have receive times at or after this (the last good record's time
 *                 before the damage; {@code -1} when unknown)
 * @param toNs     lost records have receive times at or before this (the next good record's time;
 *                 {@code Long.MAX_VALUE} when unknown)
 * @param reason   what was found, one line
 */
public record Damage(InstrumentId stream, Path file, long offset, long length, long firstSeq, long endSeq,
                     long fromNs, long toNs, String reason) {
    /** Records lost (0 when only bytes between records were damaged). */
    public long records() {
        return Math.max(0, endSeq - firstSeq);
    }

    /** True when {@code seq} is among the lost sequence numbers. */
    public boolean covers(long seq) {
        return seq >= firstSeq && seq < endSeq;
    }

    @Override
    public String toString() {
        return stream + ": " + file + " at offset " + offset + ": " + reason + "; "
                + (records() == 0 ? "no record lost" : records() + " records lost (seq " + firstSeq + ".." + (endSeq - 1) + ")")
                + ", receive time " + (fromNs < 0 ? "?" : Long.toString(fromNs)) + ".." + (toNs == Long.MAX_VALUE ? "?" : Long.toString(toNs));
    }
}
