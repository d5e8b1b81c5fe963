package dev.ladder.binance;

import java.io.IOException;
import java.util.List;

/** Merges readers by receive time; on equal times the earlier reader in the list goes first. */
final class MergedCaptureReader implements CaptureReader {
    private final List<CaptureReader> readers;
    private final CaptureMessage[] heads;
    private boolean isPrimed;

    MergedCaptureReader(List<CaptureReader> readers) {
        this.readers = List.copyOf(readers);
        this.heads = new CaptureMessage[readers.size()];
    }

    @Override
    public CaptureMessage next() throws IOException {
        if (!isPrimed) {
            for (int i = 0; i < heads.length; i++) {
                heads[i] = readers.get(i).next();
            }
            isPrimed = true;
        }
        int best = -1;
        for (int i = 0; i < heads.length; i++) {
            if (heads[i] != null && (best < 0 || heads[i].receiveTimeNanos() < heads[best].receiveTimeNanos())) {
                best = i;
            }
        }
        if (best < 0) {
            return null;
        }
        CaptureMessage m = heads[best];
        heads[best] = readers.get(best).next();
        return m;
    }

    @Override
    public long malformedLines() {
        long n = 0;
        for (CaptureReader r : readers) {
            n += r.malformedLines();
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (CaptureReader r : readers) {
            try {
                r.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
