package dev.ladder.betfair;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * Reads Betfair historical data files line by line as bytes: plain JSON lines, {@code .gz},
 * {@code .bz2}, and Betfair's {@code .tar} of those (one compressed file per market; every entry is
 * read in archive order), also when the tar itself is compressed ({@code .tar.gz}, {@code .tar.bz2}). The format is found from the content (magic bytes), not the file name.
 *
 * <p>Lines may be any length (the buffer grows); {@code \r\n} and a missing final newline are
 * accepted; empty lines are skipped without being reported. Each line is handed to a
 * {@link LineHandler} with its source ({@code file} or {@code file!entry}) and its 1-based line number
 * within that source, so errors can be reported precisely.
 *
 * <p>Errors: an unreadable file or a broken compressed stream is an {@link IOException}. A tar entry
 * that is a directory is skipped. Not thread-safe; one reader per thread (files are independent, so
 * several threads may each read their own files).
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
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            String source = file.getFileName() == null ? file.toString() : file.getFileName().toString();
            read(raw, source, handler);
        }
    }

    /**
     * Reads every line of a stream (plain, gzip, bzip2 or tar, found by content); the caller closes
     * {@code in}, which must support mark/reset (e.g. a {@link BufferedInputStream}).
     */
    public void read(InputStream in, String source, LineHandler handler) throws IOException {
        if (!in.markSupported()) {
            in = new BufferedInputStream(in, 1 << 16);
        }
        InputStream content = decompressed(in);
        if (content != in) {
            content = new BufferedInputStream(content, 1 << 16);
        }
        if (isTar(content)) {
            TarArchiveInputStream tar = new TarArchiveInputStream(content);
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.isDirectory()) {
                    continue;
                }
                readLines(decompressed(new BufferedInputStream(nonClosing(tar), 1 << 16)), source + "!" + e.getName(), handler);
            }
            return;
        }
        readLines(content, source, handler);
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

    private static InputStream decompressed(InputStream in) throws IOException {
        in.mark(4);
        int b0 = in.read();
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new GZIPInputStream(in, 1 << 16);
        }
        if (b0 == 'B' && b1 == 'Z' && b2 == 'h') {
            return new BZip2CompressorInputStream(in, true);
        }
        return in;
    }

    private static boolean isTar(InputStream in) throws IOException {
        in.mark(512);
        byte[] header = in.readNBytes(512);
        in.reset();
        return header.length == 512 && header[257] == 'u' && header[258] == 's' && header[259] == 't'
                && header[260] == 'a' && header[261] == 'r';
    }

    private static InputStream nonClosing(InputStream in) {
        return new java.io.FilterInputStream(in) {
            @Override
            public void close() {
            }
        };
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
