package dev.ladder.perf.betfair;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ladder.betfair.BetfairCacheConfig;
import dev.ladder.betfair.BetfairMarketCache;
import dev.ladder.betfair.BetfairStreamDecoder;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Historical replay of every shared Betfair file (decompressed in memory first): decoding into the
 * market cache, against bare Jackson tokenising of the same bytes (the floor). One operation = one
 * pass over all six files; divide the corpus size (printed by {@link BetfairThroughput}) by the time.
 * Run: {@code java -jar tests/perf/target/benchmarks.jar BetfairReplayBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BetfairReplayBenchmark {
    private List<BetfairCorpus.Lines> corpus;
    private final JsonFactory factory = new JsonFactory();

    @Setup
    public void load() throws IOException {
        corpus = BetfairCorpus.load();
    }

    @Benchmark
    public long decodeIntoCache() {
        return replay(corpus);
    }

    @Benchmark
    public long tokeniseOnly() throws IOException {
        return tokenise(factory, corpus);
    }

    static long replay(List<BetfairCorpus.Lines> files) {
        return replay(files, true);
    }

    /** {@link #replay(List)} with the decoder's byte scanner on, or off (Jackson alone). */
    static long replay(List<BetfairCorpus.Lines> files, boolean scanner) {
        long sum = 0;
        for (BetfairCorpus.Lines f : files) {
            BetfairMarketCache cache = new BetfairMarketCache(BetfairCacheConfig.defaults().withCumulativeRunnerTv(f.pro()));
            BetfairStreamDecoder d = new BetfairStreamDecoder(cache);
            d.scanner(scanner);
            for (int i = 0; i < f.count(); i++) {
                d.decode(f.bytes(), f.starts()[i], f.lengths()[i]);
            }
            if (d.malformed() != 0) {
                throw new IllegalStateException(f.name() + ": " + d.lastError());
            }
            sum += cache.marketChanges();
        }
        return sum;
    }

    static long tokenise(JsonFactory factory, List<BetfairCorpus.Lines> files) throws IOException {
        long tokens = 0;
        for (BetfairCorpus.Lines f : files) {
            for (int i = 0; i < f.count(); i++) {
                try (JsonParser p = factory.createParser(f.bytes(), f.starts()[i], f.lengths()[i])) {
                    JsonToken t;
                    while ((t = p.nextToken()) != null) {
                        if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
                            tokens += p.getTextLength();
                        }
                        tokens++;
                    }
                }
            }
        }
        return tokens;
    }
}
