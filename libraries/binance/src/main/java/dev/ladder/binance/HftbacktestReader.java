package dev.ladder.binance;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads an hftbacktest capture ({@code <receive ns> <json>} lines) from bytes: lines are found eight
 * bytes at a time in a reused buffer and only the message text becomes a string (a plain copy when it
 * is ASCII, as Binance's messages are), without the char decoding and line strings of a
 * {@link java.io.BufferedReader}. Lines end as {@code BufferedReader.readLine} ends them ({@code \n},
 * {@code \r} or {@code \r\n}); text that is not UTF-8 is read as an {@link java.io.InputStreamReader}
 * would (malformed bytes become U+FFFD). Blank lines are skipped; other lines not in the form are
 * counted as malformed. Not thread-safe.
 */
final class HftbacktestReader implements CaptureReader {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final InputStream in;
    private final String source;
    private byte[] buf = new byte[1 << 20];
    private int start;
    private int end;
    private boolean isInputEnded;
    private boolean skipNewline;
    private long lineNumber;
    private long malformed;

    HftbacktestReader(InputStream in, Path file) {
        this.in = in;
        this.source = file.toString();
    }

    /** Receives an ASCII line's message as bytes, {@code b[offset, offset+length)}, valid only during the call. */
    interface RawSink {
        void accept(long receiveNanos, boolean isSnapshot, byte[] b, int offset, int length, String source, long line);
    }

    /** What {@link #next(RawSink)} returns when it handed the message to its sink. */
    static final CaptureMessage HANDED = new CaptureMessage(0, false, null, null, "", "", 0);

    @Override
    public CaptureMessage next() throws IOException {
        return next(null);
    }

    /**
     * The next message as {@link #next()} reads it, except that an ASCII message (every Binance message)
     * goes to {@code sink} as bytes, with no string made, and {@link #HANDED} is returned;
     * {@code null} at the end.
     */
    CaptureMessage next(RawSink sink) throws IOException {
        while (true) {
            int eol = lineEnd();
            if (eol < 0) {
                return null;
            }
            int from = start;
            int to = eol;
            start = eol < end ? eol + 1 : eol;
            if (eol < end && buf[eol] == '\r') {
                skipNewline = true;
            }
            lineNumber++;
            CaptureMessage m = parse(from, to, sink);
            if (m != null) {
                return m;
            }
        }
    }

    /** The index of the end of the next line (its terminator, or {@code end} for a last line without one); -1 at the end. */
    private int lineEnd() throws IOException {
        int scanned = start;
        while (true) {
            if (skipNewline && start < end) {
                skipNewline = false;
                if (buf[start] == '\n') {
                    start++;
                    scanned = start;
                }
            }
            int i = terminator(scanned);
            if (i >= 0) {
                return i;
            }
            scanned = end;
            if (isInputEnded) {
                return start < end ? end : -1;
            }
            int kept = end - start;
            scanned -= start;
            if (start > 0) {
                System.arraycopy(buf, start, buf, 0, kept);
            } else if (kept == buf.length) {
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            start = 0;
            end = kept;
            int n;
            try {
                n = in.read(buf, end, buf.length - end);
            } catch (IOException e) {
                throw new IOException(source + ":" + (lineNumber + 1) + ": cannot read: " + e.getMessage(), e);
            }
            if (n < 0) {
                isInputEnded = true;
            } else {
                end += n;
            }
        }
    }

    /** The first {@code \n} or {@code \r} at or after {@code from}, or -1. */
    private int terminator(int from) {
        int i = from;
        for (; i + 8 <= end; i += 8) {
            long x = (long) LONGS.get(buf, i);
            long n = x ^ 0x0A0A0A0A0A0A0A0AL;
            long r = x ^ 0x0D0D0D0D0D0D0D0DL;
            long found = ((n - 0x0101010101010101L) & ~n | (r - 0x0101010101010101L) & ~r) & 0x8080808080808080L;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < end; i++) {
            if (buf[i] == '\n' || buf[i] == '\r') {
                return i;
            }
        }
        return -1;
    }

    private CaptureMessage parse(int from, int to, RawSink sink) {
        if (!isAscii(from, to)) {
            return parse(new String(buf, from, to - from, StandardCharsets.UTF_8));
        }
        int first = from;
        while (first < to && Character.isWhitespace(buf[first])) {
            first++;
        }
        if (first == to) {
            return null;
        }
        int sp = from;
        while (sp < to && buf[sp] != ' ') {
            sp++;
        }
        if (sp == to || sp == from || sp - from > 19 || !digits(from, sp)) {
            malformed++;
            return null;
        }
        long t = 0;
        for (int i = from; i < sp; i++) {
            int d = buf[i] - '0';
            if (t > (Long.MAX_VALUE - d) / 10) { // a 19-digit time past Long.MAX_VALUE
                malformed++;
                return null;
            }
            t = t * 10 + d;
        }
        boolean isSnapshot = !startsWith(sp + 1, to, STREAM_PREFIX) && contains(sp + 1, to, LAST_UPDATE_ID);
        if (sink != null) {
            sink.accept(t, isSnapshot, buf, sp + 1, to - sp - 1, source, lineNumber);
            return HANDED;
        }
        String json = new String(buf, sp + 1, to - sp - 1, StandardCharsets.ISO_8859_1);
        return new CaptureMessage(t, isSnapshot, null, null, json, source, lineNumber);
    }

    private static final byte[] STREAM_PREFIX = "{\"stream\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LAST_UPDATE_ID = "\"lastUpdateId\"".getBytes(StandardCharsets.US_ASCII);

    private boolean startsWith(int from, int to, byte[] prefix) {
        return to - from >= prefix.length && Arrays.equals(buf, from, from + prefix.length, prefix, 0, prefix.length);
    }

    private boolean contains(int from, int to, byte[] part) {
        for (int i = from; i + part.length <= to; i++) {
            if (buf[i] == part[0] && Arrays.equals(buf, i, i + part.length, part, 0, part.length)) {
                return true;
            }
        }
        return false;
    }

    /** A line with bytes beyond ASCII, read as the {@link java.io.BufferedReader} path reads it. */
    private CaptureMessage parse(String line) {
        if (line.isBlank()) {
            return null;
        }
        int sp = line.indexOf(' ');
        if (sp <= 0 || !CaptureFiles.isDigits(line, 0, sp) || sp > 19) {
            malformed++;
            return null;
        }
        long t;
        try {
            t = Long.parseLong(line, 0, sp, 10);
        } catch (NumberFormatException e) { // a 19-digit time past Long.MAX_VALUE
            malformed++;
            return null;
        }
        return message(t, line.substring(sp + 1));
    }

    /** Whether {@code buf[from, to)} is ASCII, eight bytes at a time. */
    private boolean isAscii(int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            if (((long) LONGS.get(buf, i) & 0x8080808080808080L) != 0) {
                return false;
            }
        }
        for (; i < to; i++) {
            if (buf[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private boolean digits(int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] < '0' || buf[i] > '9') {
                return false;
            }
        }
        return true;
    }

    private CaptureMessage message(long t, String json) {
        boolean isSnapshot = !json.startsWith("{\"stream\"") && json.contains("\"lastUpdateId\"");
        return new CaptureMessage(t, isSnapshot, null, null, json, source, lineNumber);
    }

    @Override
    public long malformedLines() {
        return malformed;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
