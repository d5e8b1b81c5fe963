package dev.ladder.betfair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.core.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parallel replay gives what the serial one gives: the same markets in the same order, counts and errors. */
class BetfairParallelReplayTest {
    private static final String[] FILES = {"1.200806927.bz2", "BASIC-1.132153978", "1.180305278.bz2", "1.185781277.bz2",
            "1.197931750.bz2", "1.242971311.bz2"};

    @TempDir
    Path tmp;

    private static List<Path> shared() {
        List<Path> files = new ArrayList<>();
        for (String name : FILES) {
            String rel = "data/betfair/" + name;
            Path p = SharedData.resolve(rel);
            Assumptions.assumeTrue(p != null, SharedData.skipReason(rel));
            files.add(p);
        }
        return files;
    }

    private static List<String> books(BetfairMarketCache cache) {
        return cache.markets().stream().map(BetfairBookJson::toJson).toList();
    }

    private record Run(List<String> books, BetfairReplay.Result result, List<String> sunk, boolean isSerial) {
    }

    private static Run serial(List<Path> files, BetfairCacheConfig config, long at) throws IOException {
        BetfairMarketCache cache = new BetfairMarketCache(config);
        List<String> sunk = new ArrayList<>();
        BetfairReplay.Result r = BetfairReplay.run(files, new BetfairStreamDecoder(cache), at, sunk::add);
        return new Run(books(cache), r, sunk, true);
    }

    private static Run parallel(List<Path> files, BetfairCacheConfig config, int threads, long at) throws IOException {
        List<String> sunk = new ArrayList<>();
        BetfairParallelReplay.Outcome o = BetfairParallelReplay.run(files, config, threads, at, sunk::add);
        return new Run(books(o.cache()), o.result(), sunk, o.isSerial());
    }

    @Test
    void everySharedFileInParallelGivesTheSerialBooks() throws IOException {
        List<Path> files = shared();
        for (BetfairCacheConfig config : List.of(BetfairCacheConfig.keepAll(),
                BetfairCacheConfig.keepAll().withCumulativeRunnerTv(true).withCalculateMarketTv(true))) {
            Run serial = serial(files, config, Long.MAX_VALUE);
            assertThat(serial.books()).hasSize(205);
            for (int threads : new int[] {2, 3, 8}) {
                Run par = parallel(files, config, threads, Long.MAX_VALUE);
                assertThat(par.isSerial()).isFalse();
                assertThat(par.books()).isEqualTo(serial.books());
                assertThat(par.result()).isEqualTo(serial.result());
            }
        }
        long at = 1_627_623_480_000L; // 2021-07-30T05:38:00Z: some files stop early, others are not reached
        assertThat(parallel(files, BetfairCacheConfig.keepAll(), 2, at).books())
                .isEqualTo(serial(files, BetfairCacheConfig.keepAll(), at).books());
    }

    @Test
    void filesSharingAMarketAreReplayedSeriallyAndMalformedLinesKeepFileOrder() throws IOException {
        List<Path> files = shared();
        Path broken = tmp.resolve("broken.jsonl");
        Files.writeString(broken, "{\"op\":\"mcm\",\"pt\":1,\"mc\":[{\"id\":\"1.5\",\"rc\":[{\"id\":1,\"atb\":[[2,3]]}]}]}\nnot json\n{\"op\"\n",
                StandardCharsets.UTF_8);
        List<Path> withBroken = new ArrayList<>(files);
        withBroken.add(2, broken);
        Run serial = serial(withBroken, BetfairCacheConfig.keepAll(), Long.MAX_VALUE);
        Run par = parallel(withBroken, BetfairCacheConfig.keepAll(), 2, Long.MAX_VALUE);
        assertThat(par.isSerial()).isFalse();
        assertThat(par.sunk()).hasSize(2).isEqualTo(serial.sunk());
        assertThat(par.result()).isEqualTo(serial.result());
        assertThat(par.books()).isEqualTo(serial.books());

        List<Path> twice = List.of(files.get(3), files.get(4), files.get(3));
        Run again = parallel(twice, BetfairCacheConfig.keepAll(), 2, Long.MAX_VALUE);
        assertThat(again.isSerial()).isTrue();
        assertThat(again.books()).isEqualTo(serial(twice, BetfairCacheConfig.keepAll(), Long.MAX_VALUE).books());
    }

    @Test
    void oneFileReplaysWithReadAheadAsWithout() throws IOException {
        for (Path file : shared()) {
            for (long at : new long[] {Long.MAX_VALUE, 1_627_623_480_000L, 1_500_000_000_000L}) {
                Run plain = serial(List.of(file), BetfairCacheConfig.keepAll(), at);
                Run readAhead = parallel(List.of(file), BetfairCacheConfig.keepAll(), 2, at);
                assertThat(readAhead.isSerial()).isTrue();
                assertThat(readAhead.books()).as("%s at %d", file, at).isEqualTo(plain.books());
                assertThat(readAhead.result()).isEqualTo(plain.result());
            }
        }
    }

    @Test
    void anUnreadableFileFailsAsTheSerialReplayWould() {
        List<Path> files = new ArrayList<>(shared());
        files.add(1, tmp.resolve("missing.bz2"));
        assertThatThrownBy(() -> parallel(files, BetfairCacheConfig.keepAll(), 2, Long.MAX_VALUE))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("missing.bz2");
    }
}
