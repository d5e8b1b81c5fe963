package dev.ladder.betfair;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * CRLF-delimited framing of the Betfair stream protocol: one JSON message per line, terminated by
 * {@code \r\n} (a bare {@code \n} is accepted too). Lines can be hundreds of KB; the buffer grows up
 * to {@code maxLineBytes}, beyond which the line is skipped up to its terminator and reported as
 * too long (the connection is kept). Owned by one reader thread; not thread-safe. Shared by the
 * stream client and the simulator ({@code dev.ladder.betfair.sim}).
 */
public final class StreamFraming {
    /** What {@link #readLine()} returns for a line longer than the limit (already skipped). */
    static final String TOO_LONG = new String("<line too long>");

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int limit;
    private byte[] line = new byte[8 * 1024];
    private int lineLength;
    private long bytesRead;

    /** Reads lines from {@code in}; a line longer than {@code maxLineBytes} is skipped and reported as {@link #TOO_LONG}. */
    public StreamFraming(InputStream in, int maxLineBytes) {
        this.in = in;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * The next line without its terminator, {@link #TOO_LONG} for an oversized line, or {@code null}
     * at end of stream (a final unterminated fragment is dropped, because a message is only
     * complete with its CRLF). Empty lines are skipped.
     */
    public String readLine() throws IOException {
        lineLength = 0;
        boolean tooLong = false;
        while (true) {
            if (pos == limit) {
                int n = in.read(buf, 0, buf.length);
                if (n < 0) {
                    return null;
                }
                bytesRead += n;
                pos = 0;
                limit = n;
                continue;
            }
            int start = pos;
            int end = -1;
            for (int i = start; i < limit; i++) {
                if (buf[i] == '\n') {
                    end = i;
                    break;
                }
            }
            int chunkEnd = end < 0 ? limit : end;
            if (!tooLong) {
                int add = chunkEnd - start;
                if (lineLength + add > maxLineBytes) {
                    tooLong = true;
                    lineLength = 0;
                } else {
                    ensure(lineLength + add);
                    System.arraycopy(buf, start, line, lineLength, add);
                    lineLength += add;
                }
            }
            pos = end < 0 ? limit : end + 1;
            if (end >= 0) {
                if (tooLong) {
                    return TOO_LONG;
                }
                int len = lineLength;
                if (len > 0 && line[len - 1] == '\r') {
                    len--;
                }
                if (len == 0) {
                    lineLength = 0;
                    continue;
                }
                return new String(line, 0, len, StandardCharsets.UTF_8);
            }
        }
    }

    /** Bytes read from the stream so far. */
    long bytesRead() {
        return bytesRead;
    }

    private void ensure(int capacity) {
        if (capacity > line.length) {
            line = Arrays.copyOf(line, Math.min(Math.max(capacity, line.length * 2), Math.max(maxLineBytes, capacity)));
        }
    }

    /** Writes {@code json} followed by CRLF and flushes. */
    public static void writeLine(OutputStream out, String json) throws IOException {
        out.write(json.getBytes(StandardCharsets.UTF_8));
        out.write('\r');
        out.write('\n');
        out.flush();
    }
}
