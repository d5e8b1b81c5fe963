package dev.ladder.binance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.core.SharedData;
import dev.ladder.core.Side;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A seeded fuzz run of the Binance path a capture or a live socket takes (decoder, then sync and
 * book): real messages from the shared BTCUSDT capture, mutated thousands of ways (bytes flipped, cut,
 * spliced, numbers replaced by extreme or wrongly typed values, random bytes). No exception escapes,
 * every message is counted once (a kind, or malformed), and the book never holds a negative size or
 * price: a bad message is rejected whole, never half-applied.
 */
class BinanceFuzzTest {
    private static final String FILE = "data/binance/btcusdt_20240808.gz";
    private static final String[] TOKENS = {"-1", "0", "1e308", "-1e308", "NaN", "\"x\"", "null", "true", "[]", "{}",
            "[[\"1\"]]", "[[\"-5\",\"2\"]]", "[[\"1.01\",\"a\"]]", "\"99999999999999999999999\"", "\"1.0000000000000000001\"",
            "\"\\u0000\"", "9223372036854775808", "\"\\ud800\""};

    @Test
    void mutatedMessagesNeverThrowAndEveryMessageIsCountedOnce() throws Exception {
        Path p = SharedData.resolve(FILE);
        Assumptions.assumeTrue(p != null, SharedData.skipReason(FILE));
        List<CaptureMessage> base = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(p)) {
            CaptureMessage m;
            while ((m = r.next()) != null && base.size() < 3_000) {
                base.add(m);
            }
        }
        SplittableRandom rnd = new SplittableRandom(20240808);
        CaptureReplay replay = new CaptureReplay("BTCUSDT", false, Long.MAX_VALUE, null);
        int fed = 0;
        int i = 0;
        for (CaptureMessage m : base) {
            // the real stream in order keeps the book synced; mutated copies are offered between
            replay.accept(m);
            fed++;
            for (int k = 0; k < 3; k++) {
                CaptureMessage src = base.get(rnd.nextInt(base.size()));
                String mutated = new String(mutate(src.json(), rnd), StandardCharsets.UTF_8);
                replay.accept(new CaptureMessage(src.receiveTimeNanos(), src.isSnapshot(), src.symbol(), src.venue(),
                        mutated, "fuzz", ++i));
                fed++;
            }
        }
        replay.finish();
        assertThat(replay.messages()).isEqualTo(fed);
        assertThat(replay.depthUpdates() + replay.snapshots() + replay.bookTickers() + replay.trades() + replay.ignored()
                + replay.malformed()).as("every message counted once").isEqualTo(fed);
        assertThat(replay.malformed()).as("rejections are counted").isGreaterThan(1_000);
        DepthSync sync = replay.sync("BTCUSDT");
        assertThat(sync).isNotNull();
        for (Side s : Side.values()) {
            for (int l = 0; l < sync.book().depth(s); l++) {
                assertThat(sync.book().price(s, l)).isPositive();
                assertThat(sync.book().size(s, l)).isPositive();
            }
        }
    }

    static byte[] mutate(String line, SplittableRandom rnd) {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        switch (rnd.nextInt(6)) {
            case 0 -> {
                for (int k = 1 + rnd.nextInt(4); k > 0; k--) {
                    b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
                return b;
            }
            case 1 -> {
                return java.util.Arrays.copyOf(b, rnd.nextInt(b.length));
            }
            case 2 -> {
                byte[] r = new byte[rnd.nextInt(200)];
                for (int i = 0; i < r.length; i++) {
                    r[i] = (byte) rnd.nextInt(256);
                }
                return r;
            }
            case 3, 4 -> {
                for (int tries = 0; tries < 20; tries++) {
                    int i = rnd.nextInt(line.length());
                    char c = line.charAt(i);
                    if (c == '"' || c == '[' || Character.isDigit(c)) {
                        int end = line.indexOf(c == '[' ? ']' : c == '"' ? '"' : ',', i + 1);
                        if (end < 0) {
                            end = line.length() - 1;
                        }
                        return (line.substring(0, i) + TOKENS[rnd.nextInt(TOKENS.length)] + line.substring(end + 1))
                                .getBytes(StandardCharsets.UTF_8);
                    }
                }
                return b;
            }
            default -> {
                int a = rnd.nextInt(line.length());
                int c = rnd.nextInt(line.length());
                return (line.substring(0, a) + line.substring(c)).getBytes(StandardCharsets.UTF_8);
            }
        }
    }
}
