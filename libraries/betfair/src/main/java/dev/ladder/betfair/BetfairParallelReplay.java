package dev.ladder.betfair;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Replays historical files on several threads, one file at a time per thread, each file into a cache
 * of its own, then merges the caches in file order: the books, the market order, the counts and the
 * errors are those of {@link BetfairReplay#run} over the same files into one cache, in file order.
 *
 * <p>That holds because Betfair's files are per market: a file's markets do not depend on another
 * file's lines. When two files do share a market (a market split over several files, which must then
 * be applied in order), the parallel result is thrown away and the files are replayed again serially
 * into one cache, so the answer is the serial one in every case (at the cost of a second pass).
 *
 * <p>Replayed serially (one file, or one thread), each file is decompressed ahead on a thread of its
 * own, so that decompressing and decoding still use two cores.
 *
 * <p>Errors: each malformed line goes to {@code errorSink} in file order, after the replay (the first
 * {@link BetfairReplay#MAX_REPORTED} of each file; the count in the result covers all). When a file
 * cannot be read, the exception of the first such file in file order is thrown, as a serial replay
 * would have. Bad fields are logged by each file's decoder as they are met, so their log lines of
 * different files interleave; their counts are summed.
 */
public final class BetfairParallelReplay {
    /**
     * The merged cache and the replay's counts.
     *
     * @param cache    every market of every file, in first-seen order (file order, then line order)
     * @param result   lines, messages, malformed lines and bad fields over all files
     * @param isSerial whether the files had to be replayed serially (a market in several files, or one file)
     */
    public record Outcome(BetfairMarketCache cache, BetfairReplay.Result result, boolean isSerial) {
    }

    private BetfairParallelReplay() {
    }

    /**
     * Replays {@code files} on up to {@code threads} threads (at least 1; one file or one thread replays
     * serially on the caller's thread).
     *
     * @param config    the cache settings of every cache (the merged one included)
     * @param atMillis  as {@link BetfairReplay#run}: each file stops after its last message with {@code pt <= atMillis}
     * @param errorSink told about malformed lines, in file order, on the caller's thread
     * @throws IOException when a file cannot be read or decompressed (the first such file in file order)
     */
    public static Outcome run(List<Path> files, BetfairCacheConfig config, int threads, long atMillis,
                              Consumer<String> errorSink) throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be 1 or more, was " + threads);
        }
        if (files.size() < 2 || threads == 1) {
            return serial(files, config, atMillis, errorSink);
        }
        // one file per thread already keeps the cores busy: no read-ahead threads there
        int n = files.size();
        BetfairMarketCache[] caches = new BetfairMarketCache[n];
        BetfairReplay.Result[] results = new BetfairReplay.Result[n];
        Throwable[] failures = new Throwable[n];
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            BetfairHistoricalReader reader = new BetfairHistoricalReader(); // its buffers serve every file of this thread
            int i;
            while ((i = next.getAndIncrement()) < n) {
                try {
                    BetfairMarketCache cache = new BetfairMarketCache(config);
                    results[i] = BetfairReplay.run(List.of(files.get(i)), new BetfairStreamDecoder(cache), atMillis, e -> { },
                            reader);
                    caches[i] = cache;
                } catch (IOException | RuntimeException | Error e) {
                    failures[i] = e;
                }
            }
        };
        int count = Math.min(threads, n);
        List<Thread> started = new ArrayList<>(count - 1);
        for (int t = 1; t < count; t++) {
            started.add(Thread.ofPlatform().name("betfair-replay-" + t).daemon().start(worker));
        }
        worker.run();
        for (Thread t : started) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while replaying " + files, e);
            }
        }
        for (Throwable f : failures) {
            switch (f) {
                case null -> { }
                case IOException e -> throw e;
                case RuntimeException e -> throw e;
                case Error e -> throw e;
                default -> throw new IllegalStateException(f);
            }
        }
        Set<String> seen = new HashSet<>();
        for (BetfairMarketCache c : caches) {
            for (BetfairMarket m : c.markets()) {
                if (!seen.add(m.id())) {
                    return serial(files, config, atMillis, errorSink);
                }
            }
        }
        BetfairMarketCache merged = new BetfairMarketCache(config);
        long lines = 0;
        long messages = 0;
        long malformed = 0;
        long badFields = 0;
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            merged.absorb(caches[i]);
            BetfairReplay.Result r = results[i];
            lines += r.lines();
            messages += r.messages();
            malformed += r.malformed();
            badFields += r.badFields();
            for (String e : r.errors()) {
                if (errors.size() < BetfairReplay.MAX_REPORTED) {
                    errors.add(e);
                }
                errorSink.accept(e);
            }
        }
        return new Outcome(merged, new BetfairReplay.Result(lines, messages, malformed, List.copyOf(errors), badFields), false);
    }

    private static Outcome serial(List<Path> files, BetfairCacheConfig config, long atMillis, Consumer<String> errorSink)
            throws IOException {
        BetfairMarketCache cache = new BetfairMarketCache(config);
        BetfairReplay.Result r = BetfairReplay.run(files, new BetfairStreamDecoder(cache), atMillis, errorSink,
                new BetfairHistoricalReader(true));
        return new Outcome(cache, r, true);
    }
}
