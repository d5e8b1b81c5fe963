package dev.ladder.betfair;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.core.SharedData;
import dev.ladder.files.DataFile;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A seeded fuzz run of the Betfair decoder and market cache: real market change lines from the shared
 * historical files, mutated thousands of ways (bytes flipped, cut, spliced, tokens replaced by
 * extreme or wrongly typed values, random bytes). Whatever comes in, no exception escapes the
 * decoder, every line is counted once (decoded or malformed), and the cache stays consistent enough
 * to print every market it holds.
 */
class BetfairDecoderFuzzTest {
    private static final String FILE = "data/betfair/1.185781277.bz2";
    private static final String[] TOKENS = {"-1", "0", "1e308", "-1e308", "NaN", "\"x\"", "null", "true", "[]", "{}",
            "[[1]]", "[[-5,2]]", "[[1.01,\"a\"]]", "99999999999999999999999", "1.0000000000000000001", "\"\\u0000\"",
            "[[0,1.5,2]]", "[[1001,1.5,2]]", "{\"id\":null}", "\"\\ud800\""};

    static List<String> lines() throws Exception {
        Path p = SharedData.resolve(FILE);
        Assumptions.assumeTrue(p != null, SharedData.skipReason(FILE));
        List<String> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(DataFile.openConcatenated(p), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null && out.size() < 400) {
                if (!line.isBlank()) {
                    out.add(line);
                }
            }
        }
        return out;
    }

    @Test
    void mutatedLinesNeverThrowAndEveryLineIsCountedOnce() throws Exception {
        List<String> base = lines();
        SplittableRandom rnd = new SplittableRandom(20211201);
        BetfairStreamDecoder decoder = new BetfairStreamDecoder(new BetfairMarketCache(BetfairCacheConfig.keepAll()));
        int fed = 0;
        for (int round = 0; round < 6_000; round++) {
            String line = base.get(rnd.nextInt(base.size()));
            byte[] bytes = mutate(line, rnd);
            decoder.decode(bytes);
            fed++;
            // clean lines in between keep markets alive, so later mutations land on real state
            if (round % 5 == 0) {
                decoder.decode(base.get(rnd.nextInt(base.size())));
                fed++;
            }
        }
        assertThat(decoder.decoded() + decoder.malformed()).as("every line counted once").isEqualTo(fed);
        assertThat(decoder.malformed()).as("malformed lines are counted").isGreaterThan(500);
        assertThat(decoder.badFields().total()).as("bad fields are counted").isGreaterThan(100);
        for (BetfairMarket m : decoder.cache().markets()) {
            assertThat(BetfairBookJson.toJson(m)).isNotEmpty();
        }
    }

    static byte[] mutate(String line, SplittableRandom rnd) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        switch (rnd.nextInt(7)) {
            case 0 -> { // flip a few bytes
                for (int k = 1 + rnd.nextInt(4); k > 0; k--) {
                    b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
                return b;
            }
            case 1 -> { // cut
                return java.util.Arrays.copyOf(b, rnd.nextInt(b.length));
            }
            case 2 -> { // random bytes
                byte[] r = new byte[rnd.nextInt(200)];
                for (int i = 0; i < r.length; i++) {
                    r[i] = (byte) rnd.nextInt(256);
                }
                return r;
            }
            case 3, 4, 5 -> { // replace a number or a value by an extreme or wrongly typed one
                return replaceValue(line, rnd).getBytes(StandardCharsets.UTF_8);
            }
            default -> { // splice two halves of the line
                int a = rnd.nextInt(b.length);
                int c = rnd.nextInt(b.length);
                String s = line.substring(0, Math.min(a, line.length())) + line.substring(Math.min(c, line.length()));
                return s.getBytes(StandardCharsets.UTF_8);
            }
        }
    }

    private static String replaceValue(String line, SplittableRandom rnd) {
        for (int tries = 0; tries < 20; tries++) {
            int i = rnd.nextInt(line.length());
            char c = line.charAt(i);
            if (Character.isDigit(c) || c == '[' || c == '"') {
                int end = i;
                if (Character.isDigit(c)) {
                    while (end < line.length() && "0123456789.eE-".indexOf(line.charAt(end)) >= 0) {
                        end++;
                    }
                    while (i > 0 && "0123456789.-".indexOf(line.charAt(i - 1)) >= 0) {
                        i--;
                    }
                } else {
                    end = i + 1;
                }
                return line.substring(0, i) + TOKENS[rnd.nextInt(TOKENS.length)] + line.substring(end);
            }
        }
        return line;
    }
}
