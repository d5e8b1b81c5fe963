package dev.ladder.perf.betfair;

import dev.ladder.betfair.BetfairHistoricalReader;
import dev.ladder.core.SharedData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The shared Betfair files, decompressed into memory once, with line boundaries, so decompression is not measured. */
final class BetfairCorpus {
    static final List<String> FILES = List.of("BASIC-1.132153978", "1.180305278.bz2", "1.185781277.bz2",
            "1.197931750.bz2", "1.200806927.bz2", "1.242971311.bz2");

    /** One file's decompressed bytes and line offsets. */
    record Lines(String name, byte[] bytes, int[] starts, int[] lengths, boolean pro) {
        int count() {
            return starts.length;
        }
    }

    private BetfairCorpus() {
    }

    static List<Lines> load() throws IOException {
        List<Lines> out = new ArrayList<>();
        for (String f : FILES) {
            Path p = SharedData.resolve("data/betfair/" + f);
            if (p == null) {
                throw new IOException(SharedData.skipReason("data/betfair/" + f));
            }
            out.add(load(p, f));
        }
        return out;
    }

    static Lines load(Path p, String name) throws IOException {
        byte[] bytes = BetfairHistoricalReader.readAllDecompressed(p);
        int[] starts = new int[1024];
        int[] lengths = new int[1024];
        int n = 0;
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                if (n == starts.length) {
                    starts = Arrays.copyOf(starts, n * 2);
                    lengths = Arrays.copyOf(lengths, n * 2);
                }
                starts[n] = start;
                lengths[n] = i - start;
                n++;
                start = i + 1;
            }
        }
        return new Lines(name, bytes, Arrays.copyOf(starts, n), Arrays.copyOf(lengths, n), name.startsWith("1.180305278"));
    }
}
