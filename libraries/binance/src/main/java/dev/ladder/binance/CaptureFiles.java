package dev.ladder.binance;

import dev.ladder.core.Decimals;
import dev.ladder.core.Venue;
import dev.ladder.files.DataFile;
import dev.ladder.files.ReadAheadInputStream;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Format detection, file pairing and line parsing for {@link CaptureReader}. */
final class CaptureFiles {
    private CaptureFiles() {
    }

    /** The file itself, or for a cryptofeed file every file sharing its prefix (http first, then ws). */
    static List<Path> expand(Path file) throws IOException {
        Path abs = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(abs)) {
            throw new NoSuchFileException(file.toString(), null, "no such capture file");
        }
        String name = abs.getFileName().toString();
        String prefix = cryptofeedPrefix(name);
        if (prefix == null) {
            return List.of(abs);
        }
        List<Path> http = new ArrayList<>();
        List<Path> ws = new ArrayList<>();
        Path dir = abs.getParent();
        try (DirectoryStream<Path> d = Files.newDirectoryStream(dir, p -> p.getFileName().toString().startsWith(prefix + "."))) {
            for (Path p : d) {
                String n = p.getFileName().toString();
                if (n.startsWith(prefix + ".http.")) {
                    http.add(p);
                } else if (n.startsWith(prefix + ".ws.")) {
                    ws.add(p);
                }
            }
        }
        http.sort(null);
        ws.sort(null);
        List<Path> out = new ArrayList<>(http);
        out.addAll(ws);
        return out;
    }

    /** {@code X} for {@code X.http.N.M} or {@code X.ws.N.M}, else {@code null}. */
    static String cryptofeedPrefix(String name) {
        int i = name.lastIndexOf(".http.");
        if (i < 0) {
            i = name.lastIndexOf(".ws.");
        }
        return i > 0 ? name.substring(0, i) : null;
    }

    static CaptureReader openOne(Path file) throws IOException {
        BufferedInputStream in = new BufferedInputStream(content(file), 1 << 20);
        try {
            String first;
            try {
                // only the start of the first non-blank line decides the format: a snapshot line may be
                // over 1 MB (20,000 levels), more than the mark can hold, so no line is read whole here
                in.mark(1 << 20);
                do {
                    first = firstLine(in, FORMAT_PREFIX);
                } while (first != null && first.isBlank());
                in.reset();
            } catch (IOException e) {
                if (String.valueOf(e.getMessage()).startsWith(file.toString())) {
                    throw e;
                }
                throw new IOException(file + ": cannot read: " + e.getMessage(), e);
            }
            if (first == null) {
                return new LineCaptureReader(reader(in), file, Format.EMPTY);
            }
            if (first.startsWith("wss://") || first.startsWith("ws://") || isEpochColon(first)) {
                return new LineCaptureReader(reader(in), file, Format.CRYPTOFEED_WS);
            }
            if (first.contains(" -> ") && (first.startsWith("http://") || first.startsWith("https://"))) {
                return new LineCaptureReader(reader(in), file, Format.CRYPTOFEED_HTTP);
            }
            int sp = first.indexOf(' ');
            if (sp > 0 && isDigits(first, 0, sp) && first.startsWith("{", sp + 1)) {
                return new HftbacktestReader(in, file);
            }
            throw new IOException(file + ": not a Binance capture this reader knows (expected hftbacktest '<ns> <json>' lines "
                    + "or cryptofeed 'epoch: json' / 'URL -> epoch: json' lines); first line starts: "
                    + first.substring(0, Math.min(80, first.length())));
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * The file's bytes, opened by {@link DataFile} (compression and tar found by content), decompressed
     * ahead on a thread of their own ({@link ReadAheadInputStream}) so that inflating overlaps decoding.
     */
    private static InputStream content(Path file) throws IOException {
        InputStream content = DataFile.openConcatenated(file);
        try {
            return new ReadAheadInputStream(content, "read-ahead " + file.getFileName());
        } catch (RuntimeException | Error e) {
            content.close();
            throw e;
        }
    }

    private static BufferedReader reader(InputStream in) {
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 20);
    }

    /**
     * The next line as {@link BufferedReader#readLine()} would give it (ended by {@code \n}, {@code \r} or
     * {@code \r\n}; UTF-8), or {@code null} at the end; for sniffing the format before a reset.
     */
    /** Characters of the first line that are enough to tell the format. */
    private static final int FORMAT_PREFIX = 4096;

    /** The next line, or its first {@code limit} bytes when longer (the rest is left unread). */
    private static String firstLine(InputStream in, int limit) throws IOException {
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        int c;
        while (line.size() < limit && (c = in.read()) >= 0) {
            if (c == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            if (c == '\r') {
                // a \n after it reads as an empty line, which the caller skips as blank
                return line.toString(StandardCharsets.UTF_8);
            }
            line.write(c);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }

    static boolean isDigits(String s, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** {@code 1633998512.0633569: ...}. */
    static boolean isEpochColon(String line) {
        int colon = line.indexOf(": ");
        return colon > 0 && epochSecondsToNanos(line, 0, colon) >= 0;
    }

    /**
     * Decimal epoch seconds ({@code 1633998512.0633569}: 1 to 11 integer digits, an optional point and
     * fraction) as epoch nanoseconds, fraction digits past the ninth cut off; -1 when not in that form.
     */
    static long epochSecondsToNanos(String s, int from, int to) {
        int dot = -1;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '.' && dot < 0) {
                dot = i;
            } else if (c < '0' || c > '9') {
                return -1;
            }
        }
        int intEnd = dot < 0 ? to : dot;
        if (intEnd == from || intEnd - from > 11) {
            return -1;
        }
        return Decimals.parse(s, from, dot < 0 ? to : Math.min(to, dot + 10), 9);
    }

    /** The value of {@code symbol=} in a URL query, upper case, or {@code null}. */
    static String symbolFromUrl(String url) {
        int q = url.indexOf('?');
        if (q < 0) {
            return null;
        }
        for (String part : url.substring(q + 1).split("&")) {
            if (part.startsWith("symbol=")) {
                return part.substring(7).toUpperCase(Locale.ROOT);
            }
        }
        return null;
    }

    /** What the URL says about the market: futures for fapi/dapi/fstream/dstream, spot for other Binance hosts. */
    static Venue venueFromUrl(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        if (u.contains("fapi") || u.contains("dapi") || u.contains("fstream") || u.contains("dstream")) {
            return Venue.BINANCE_FUTURES;
        }
        if (u.contains("binance")) {
            return Venue.BINANCE;
        }
        return null;
    }

    enum Format { HFTBACKTEST, CRYPTOFEED_WS, CRYPTOFEED_HTTP, EMPTY }

    /** Reads one file line by line in one of the formats. */
    static final class LineCaptureReader implements CaptureReader {
        private final BufferedReader in;
        private final String source;
        private final Format format;
        private Venue venue;
        private long lineNumber;
        private long malformed;

        LineCaptureReader(BufferedReader in, Path file, Format format) {
            this.in = in;
            this.source = file.toString();
            this.format = format;
        }

        @Override
        public CaptureMessage next() throws IOException {
            String line;
            while (true) {
                try {
                    line = in.readLine();
                } catch (IOException e) {
                    throw new IOException(source + ":" + (lineNumber + 1) + ": cannot read: " + e.getMessage(), e);
                }
                if (line == null) {
                    return null;
                }
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                CaptureMessage m = parse(line);
                if (m != null) {
                    return m;
                }
            }
        }

        private CaptureMessage parse(String line) {
            switch (format) {
                case HFTBACKTEST -> {
                    int sp = line.indexOf(' ');
                    if (sp <= 0 || !isDigits(line, 0, sp) || sp > 19) {
                        malformed++;
                        return null;
                    }
                    long t = Long.parseLong(line, 0, sp, 10);
                    String json = line.substring(sp + 1);
                    boolean isSnapshot = !json.startsWith("{\"stream\"") && json.contains("\"lastUpdateId\"");
                    return new CaptureMessage(t, isSnapshot, null, null, json, source, lineNumber);
                }
                case CRYPTOFEED_WS -> {
                    if (line.startsWith("wss://") || line.startsWith("ws://")) {
                        venue = venueFromUrl(line);
                        return null;
                    }
                    int colon = line.indexOf(": ");
                    long t = colon > 0 ? epochSecondsToNanos(line, 0, colon) : -1;
                    if (t < 0) {
                        malformed++;
                        return null;
                    }
                    return new CaptureMessage(t, false, null, venue, line.substring(colon + 2), source, lineNumber);
                }
                case CRYPTOFEED_HTTP -> {
                    int arrow = line.indexOf(" -> ");
                    int colon = arrow < 0 ? -1 : line.indexOf(": ", arrow + 4);
                    long t = colon < 0 ? -1 : epochSecondsToNanos(line, arrow + 4, colon);
                    if (t < 0) {
                        malformed++;
                        return null;
                    }
                    String url = line.substring(0, arrow);
                    if (!url.contains("/depth")) {
                        return null;
                    }
                    return new CaptureMessage(t, true, symbolFromUrl(url), venueFromUrl(url), line.substring(colon + 2), source, lineNumber);
                }
                default -> {
                    malformed++;
                    return null;
                }
            }
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
}
