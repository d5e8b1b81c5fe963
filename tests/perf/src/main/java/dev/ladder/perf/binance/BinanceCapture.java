package dev.ladder.perf.binance;

import dev.ladder.core.SharedData;
import dev.ladder.files.DataFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The shared BTCUSDT capture ({@code <receive ns> <json>} lines, any packing {@link DataFile} opens),
 * decompressed into memory once: one byte array holding every message's JSON, with each message's
 * offset, length and receive time, so that neither I/O nor decompression is measured. The file is {@code -Dladder.binance.capture=PATH}
 * when given, else {@code data/binance/btcusdt_20240808.gz} found by {@link SharedData}.
 */
final class BinanceCapture {
    static final String DEFAULT = "data/binance/btcusdt_20240808.gz";

    final byte[] bytes;
    final int[] starts;
    final int[] lengths;
    final long[] receiveTimes;
    final int count;

    private BinanceCapture(byte[] bytes, int[] starts, int[] lengths, long[] receiveTimes, int count) {
        this.bytes = bytes;
        this.starts = starts;
        this.lengths = lengths;
        this.receiveTimes = receiveTimes;
        this.count = count;
    }

    /** Loads the capture named by the system property or the shared default; a missing file is an {@link IOException}. */
    static BinanceCapture load() throws IOException {
        String property = System.getProperty("ladder.binance.capture");
        Path p = property != null ? Path.of(property) : SharedData.resolve(DEFAULT);
        if (p == null) {
            throw new IOException(SharedData.skipReason(DEFAULT));
        }
        return load(p);
    }

    static BinanceCapture load(Path file) throws IOException {
        byte[] raw;
        try (InputStream in = DataFile.openConcatenated(file)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 24);
            in.transferTo(out);
            raw = out.toByteArray();
        }
        int[] starts = new int[1 << 16];
        int[] lengths = new int[1 << 16];
        long[] times = new long[1 << 16];
        int n = 0;
        int i = 0;
        while (i < raw.length) {
            int end = i;
            while (end < raw.length && raw[end] != '\n') {
                end++;
            }
            int lineEnd = end > i && raw[end - 1] == '\r' ? end - 1 : end;
            if (lineEnd > i) {
                int space = i;
                long t = 0;
                while (space < lineEnd && raw[space] >= '0' && raw[space] <= '9') {
                    t = t * 10 + (raw[space] - '0');
                    space++;
                }
                if (space == i || space >= lineEnd || raw[space] != ' ') {
                    throw new IOException(file + ": line " + (n + 1) + " is not '<receive ns> <json>'");
                }
                if (n == starts.length) {
                    starts = Arrays.copyOf(starts, n * 2);
                    lengths = Arrays.copyOf(lengths, n * 2);
                    times = Arrays.copyOf(times, n * 2);
                }
                starts[n] = space + 1;
                lengths[n] = lineEnd - space - 1;
                times[n] = t;
                n++;
            }
            i = end + 1;
        }
        return new BinanceCapture(raw, starts, lengths, times, n);
    }
}
