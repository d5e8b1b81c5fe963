package dev.ladder.server.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BinanceJournalerTest {
    @Test
    void framesAreRoutedByStreamNameAndEncodedAsUtf8OnOneLine() {
        assertThat(BinanceJournaler.streamSymbol("{\"stream\":\"btcusdt@depth@100ms\",\"data\":{}}")).isEqualTo("BTCUSDT");
        assertThat(BinanceJournaler.streamSymbol("{\"result\":null,\"id\":1}")).isNull();
        BinanceJournaler.Scratch sc = new BinanceJournaler.Scratch();
        SplittableRandom rnd = new SplittableRandom(9);
        for (int k = 0; k < 500; k++) {
            StringBuilder sb = new StringBuilder();
            int len = rnd.nextInt(3000);
            for (int i = 0; i < len; i++) {
                int pick = rnd.nextInt(10);
                sb.appendCodePoint(pick < 6 ? 0x20 + rnd.nextInt(0x5f) : pick < 8 ? 0x80 + rnd.nextInt(0x700) : pick < 9 ? 0x800 + rnd.nextInt(0xd000) : 0x10000 + rnd.nextInt(0x1000));
            }
            String text = sb.toString();
            int n = sc.encode(text);
            assertThat(Arrays.copyOf(sc.bytes, n)).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
        }
        int n = sc.encode("a\nb\rc");
        assertThat(new String(sc.bytes, 0, n, StandardCharsets.UTF_8)).isEqualTo("a b c");
    }
}
