package dev.ladder.betfair;

import dev.ladder.files.DataFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads Betfair historical data files line by line as bytes: plain JSON lines, gzip, bzip2 or zstd,
 * and Betfair's {@code .tar} of those (one compressed file per market; every entry is read in archive
 * order), also when the tar itself is compressed ({@code .tar.gz}, {@code .tar.bz2}). Files are opened
 * by {@link DataFile}: the format is found from the content (magic bytes), not the file name; a name
 * that claims a compression the content lacks is accepted only for text.
 *
 * <p>Lines may be any length (the buffer grows); {@code \r\n} and a missing final newline are
 * accepted; empty lines are skipped without being reported. Each line is handed to a
 * {@link LineHandler} with its source ({@code file} or {@code file!entry}) and its 1-based line number
 * within that source, so errors can be reported precisely.
 *
 * <p>Errors: an unreadable file, a broken compressed stream or archive, or random bytes under a
 * compressed name is an {@link IOException} naming the file (and entry). A tar entry that is not a
 * regular file (a directory, a link) is skipped. Not thread-safe; one reader per thread (files are
 * independent, so several threads may each read their own files).
 */
public final class BetfairHistoricalReader {
    /** Receives the lines of a file. */
    public interface LineHandler {
        /**
         * One line, {@code bytes[offset, offset+length)} without its line terminator; the array is
         * reused after the call returns.
         *
         * @return {@code false} to stop reading the current source (file or tar entry)
         */
        boolean onLine(String source, long lineNumber, byte[] bytes, int offset, int length);
    }

    private byte[] line = new byte[64 * 1024];
    private final byte[] chunk = new byte[64 * 1024];

    /** Reads every line of {@code file} (and of every entry when it is a tar archive). */
    public void read(Path file, LineHandler handler) throws IOException {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        try (DataFile data = DataFile.open(file)) {
            read(data, name, handler);
        }
    }

    /**
     * Reads every line of a stream (plain, gzip, bzip2, zstd or tar, found by content, see
     * {@link DataFile}); {@code source} names it in line sources and errors. The caller closes {@code in}.
     */
    public void read(InputStream in, String source, LineHandler handler) throws IOException {
        try (DataFile data = DataFile.open(in, source)) {
            read(data, source, handler);
        }
    }

    private void read(DataFile data, String name, LineHandler handler) throws IOException {
        DataFile.Entry e;
        while ((e = data.next()) != null) {
            readLines(e.content(), e.name() == null ? name : name + "!" + e.name(), handler);
        }
    }

    /** The whole decompressed content of a file (a tar's entries concatenated), for benchmarks and tests. */
    public static byte[] readAllDecompressed(Path file) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        new BetfairHistoricalReader().read(file, (source, n, b, off, len) -> {
            out.write(b, off, len);
            out.write('\n');
            return true;
        });
        return out.toByteArray();
    }

    private void readLines(InputStream in, String source, LineHandler handler) throws IOException {
        int len = 0;
        long number = 0;
        int n;
        while ((n = in.read(chunk)) > 0) {
            int start = 0;
            for (int i = 0; i < n; i++) {
                if (chunk[i] == '\n') {
                    append(start, i - start, len);
                    len += i - start;
                    number++;
                    if (!emit(handler, source, number, len)) {
                        return;
                    }
                    len = 0;
                    start = i + 1;
                }
            }
            append(start, n - start, len);
            len += n - start;
        }
        if (len > 0) {
            number++;
            emit(handler, source, number, len);
        }
    }

    private void append(int from, int count, int at) {
        if (count == 0) {
            return;
        }
        if (at + count > line.length) {
            line = Arrays.copyOf(line, Math.max(line.length * 2, at + count));
        }
        System.arraycopy(chunk, from, line, at, count);
    }

    private boolean emit(LineHandler handler, String source, long number, int len) {
        int end = len;
        if (end > 0 && line[end - 1] == '\r') {
            end--;
        }
        int start = 0;
        while (start < end && (line[start] == ' ' || line[start] == '\t')) {
            start++;
        }
        if (start == end) {
            return true;
        }
        return handler.onLine(source, number, line, start, end - start);
    }
}
