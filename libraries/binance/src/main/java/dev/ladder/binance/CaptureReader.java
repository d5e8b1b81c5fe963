package dev.ladder.binance;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads raw Binance messages from capture files, in receive-time order, to drive a
 * {@link DepthSync} (see {@link CaptureReplay}).
 *
 * <p>Files are opened by {@code dev.ladder.files.DataFile}: plain, gzip, bzip2 or zstd, or a tar of
 * those whose entries are read one after another as one file, all detected from the content, never
 * the name (random bytes under a compressed name are an {@link IOException} naming the file).
 * Formats of the lines:
 * <ul>
 *   <li>hftbacktest: lines {@code <receive ns> <json>}, the REST snapshot inline as a bare
 *       {@code {"lastUpdateId":...}} object that names no symbol ({@link CaptureReplay} attributes it).</li>
 *   <li>cryptofeed: a websocket file ({@code X.ws.1.0}: a first line {@code wss://... <-> epoch},
 *       then {@code epoch: json} lines) and its REST file ({@code X.http.0.0}: {@code URL -> epoch: json}
 *       lines, depth snapshots for several symbols). Given either file, the other files with the
 *       same prefix are found and merged in by receive time.</li>
 * </ul>
 * Blank lines are skipped; lines in neither form are skipped and counted ({@link #malformedLines()}).
 * Not thread-safe.
 */
public interface CaptureReader extends Closeable {
    /** The next message, or {@code null} at the end. A torn or unreadable file throws {@link IOException}. */
    CaptureMessage next() throws IOException;

    /** Lines skipped because they were in no known form. */
    long malformedLines();

    /**
     * Opens one capture file, detecting its format; for a cryptofeed file its companion files are
     * opened too.
     *
     * @throws IOException naming the file when it cannot be read or is in no known format
     */
    static CaptureReader open(Path file) throws IOException {
        return openAll(List.of(file));
    }

    /**
     * Opens several capture files as one stream merged by receive time. Files named twice, or both
     * halves of a cryptofeed pair, are read once.
     *
     * @throws IOException naming the file when one cannot be read or is in no known format
     */
    static CaptureReader openAll(List<Path> files) throws IOException {
        Set<Path> seen = new LinkedHashSet<>();
        for (Path f : files) {
            seen.addAll(CaptureFiles.expand(f));
        }
        List<CaptureReader> readers = new ArrayList<>();
        try {
            for (Path p : seen) {
                readers.add(CaptureFiles.openOne(p));
            }
        } catch (IOException | RuntimeException e) {
            for (CaptureReader r : readers) {
                try {
                    r.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        return readers.size() == 1 ? readers.getFirst() : new MergedCaptureReader(readers);
    }
}
