package dev.ladder.journal;

import dev.ladder.core.InstrumentId;

/**
 * A stream's summary for {@code ladder journal ls}.
 *
 * @param stream         venue and symbol
 * @param firstNs        the first record's receive time, or -1 when the stream is empty
 * @param lastNs         the last complete record's receive time, or -1
 * @param firstSeq       the first record still kept (retention deletes older ones)
 * @param nextSeq        one past the last complete record
 * @param segments       segment count
 * @param sealedSegments of which sealed (compressed)
 * @param diskBytes      bytes on disk (data and index files)
 * @param rawBytes       bytes of lines, uncompressed
 */
public record StreamInfo(InstrumentId stream, long firstNs, long lastNs, long firstSeq, long nextSeq, int segments,
                         int sealedSegments, long diskBytes, long rawBytes) {
    /** Records kept. */
    public long records() {
        return nextSeq - firstSeq;
    }
}
