package dev.ladder.betfair;

import dev.ladder.files.DataFile;
import dev.ladder.files.ReadAheadInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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

    private final boolean isReadAhead;
    private byte[] line = new byte[64 * 1024];
    private final byte[] chunk = new byte[1 << 20];
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;

    /** A reader that decompresses on the calling thread. */
    public BetfairHistoricalReader() {
        this(false);
    }

    /**
     * @param isReadAhead decompress each file (each tar entry) ahead on a thread of its own
     *                    ({@link ReadAheadInputStream}), so that decompressing overlaps decoding: for a
     *                    replay that has a core to spare (one file at a time)
     */
    public BetfairHistoricalReader(boolean isReadAhead) {
        this.isReadAhead = isReadAhead;
    }

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
            String source = e.name() == null ? name : name + "!" + e.name();
            if (isReadAhead) {
                try (ReadAheadInputStream in = new ReadAheadInputStream(e.content(), "read-ahead " + source)) {
                    readLines(in, source, handler);
                }
            } else {
                readLines(e.content(), source, handler);
            }
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
            int i;
            while ((i = newline(chunk, start, n)) >= 0) {
                number++;
                boolean more;
                if (len == 0) {
                    more = emit(handler, source, number, chunk, start, i);
                } else {
                    append(start, i - start, len);
                    len += i - start;
                    more = emit(handler, source, number, line, 0, len);
                    len = 0;
                }
                if (!more) {
                    return;
                }
                start = i + 1;
            }
            append(start, n - start, len);
            len += n - start;
        }
        if (len > 0) {
            number++;
            emit(handler, source, number, line, 0, len);
        }
    }

    /** The index of the first {@code '\n'} in {@code b[from, to)}, or -1; eight bytes at a time. */
    private static int newline(byte[] b, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(b, i) ^ NEWLINES;
            long found = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
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

    private static boolean emit(LineHandler handler, String source, long number, byte[] bytes, int from, int to) {
        int end = to;
        if (end > from && bytes[end - 1] == '\r') {
            end--;
        }
        int start = from;
        while (start < end && (bytes[start] == ' ' || bytes[start] == '\t')) {
            start++;
        }
        if (start == end) {
            return true;
        }
        return handler.onLine(source, number, bytes, start, end - start);
    }
}
