package dev.ladder.betfair;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.core.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The byte scanner and the Jackson path of {@link BetfairStreamDecoder} decide every line alike: two
 * decoders, one with the scanner and one without, read the same lines into caches of their own, and
 * after every line their header, decoded changes, malformed and bad-field counts agree; at the end
 * (and every few thousand lines) every market renders the same. Lines: every line of every shared
 * Betfair file, then seeded perturbations of them (changed, deleted, inserted bytes; numbers replaced
 * by awkward ones; tokens swapped for other types), which include malformed lines and bad fields.
 */
class BetfairLineScannerTest {
    static final String[] FILES = {"BASIC-1.132153978", "1.180305278.bz2", "1.185781277.bz2", "1.197931750.bz2",
            "1.200806927.bz2", "1.242971311.bz2"};
    private static final String[] NUMBERS = {"0", "-0", "1", "-1", "1.01", "1000", "1001", "0.5", "2.125", "3.10", "3.100",
            "1.000000000000000001", "12345678901234567890", "1e2", "1E-2", "01", "-01", "1.", ".5", "-", "2147483648",
            "9223372036854775807", "9223372036854775808", "-9223372036854775808", "1000.0", "1.015", "NaN", "Infinity",
            "\"1.5\"", "null", "true", "[]", "{}", "1.5x", "00", "1 2",
            // the scanner's one-pass form and its edges: 16+2 digits fit, 17+2 do not; a third decimal only as zero
            "1.23", "1.234", "1.230", "1.20", "-0.5", "-1.05", "0.00", "1234567890123456.78", "12345678901234567.8",
            "9999999999999999.99", "92233720368547758.07", "92233720368547758.08", "123456789012345678", "1.2.3", "1-2"};
    private static final String[] TOKENS = {"null", "true", "false", "\"\"", "\"x\"", "\"\\u0041\"", "[]", "{}", "[1]",
            "[1,2,3]", "[[1.5,2]]", "[[1,1.5,2]]", ",", ":", "\"", "{", "}", "[", "]", "\"\u00e9\"", "\t", "\"mcm\"",
            "\"id\":1", "\"spn\":1.5", "\"marketDefinition\":{}", "\"img\":true", "\"con\":false", "\"trd\":[]",
            "\"hc\":-0.25", "\"ltp\":1000.5", "\"tv\":-3", "\"batb\":[[1001,2,3]]", "\"atb\":[[0.5,1]]", "\"x\":1"};
    private static final byte[] BYTES = "\"',:[]{}-.0159eE\\ nx\u0000\u007f".getBytes(StandardCharsets.ISO_8859_1);

    @Test
    void scannerAndJacksonAgreeOnEverySharedLineAndOnPerturbedOnes() throws IOException {
        List<byte[]> lines = new ArrayList<>();
        for (String name : FILES) {
            String rel = "data/betfair/" + name;
            Path file = SharedData.resolve(rel);
            Assumptions.assumeTrue(file != null, SharedData.skipReason(rel));
            new BetfairHistoricalReader().read(file, (source, number, bytes, off, len) -> {
                lines.add(Arrays.copyOfRange(bytes, off, off + len));
                return true;
            });
        }
        Pair pair = new Pair();
        for (int n = 0; n < lines.size(); n++) {
            pair.feed(lines.get(n), "shared line " + n);
        }
        pair.assertSameCaches();
        assertThat(pair.fast.decoded()).isEqualTo(lines.size());
        assertThat(pair.fast.scanned()).as("lines the scanner took").isGreaterThan(lines.size() * 9L / 10);
        assertThat(pair.slow.scanned()).isZero();

        List<byte[]> small = lines.stream().filter(l -> l.length < 3000).toList();
        SplittableRandom random = new SplittableRandom(13);
        long malformedBefore = pair.slow.malformed();
        long badBefore = pair.slow.badFields().total();
        int perturbations = 30_000;
        for (int k = 0; k < perturbations; k++) {
            byte[] line = perturb(small.get(random.nextInt(small.size())), random);
            pair.feed(line, "perturbation " + k + ": " + new String(line, StandardCharsets.ISO_8859_1));
            if (random.nextInt(8) == 0) {
                byte[] clean = small.get(random.nextInt(small.size()));
                pair.feed(clean, "clean line after perturbation " + k);
            }
            if (k % 5000 == 4999) {
                pair.assertSameCaches();
            }
        }
        pair.assertSameCaches();
        assertThat(pair.slow.malformed() - malformedBefore).as("malformed perturbations").isGreaterThan(perturbations / 20);
        assertThat(pair.slow.badFields().total() - badBefore).as("bad fields in perturbations").isGreaterThan(perturbations / 20);
    }

    private static byte[] perturb(byte[] line, SplittableRandom random) {
        String text = new String(line, StandardCharsets.ISO_8859_1);
        int kind = random.nextInt(6);
        switch (kind) {
            case 0, 1 -> {
                // a number replaced by an awkward one
                List<int[]> numbers = new ArrayList<>();
                int i = 0;
                while (i < text.length()) {
                    char c = text.charAt(i);
                    if ((c >= '0' && c <= '9' || c == '-') && i > 0 && ":[,".indexOf(text.charAt(i - 1)) >= 0) {
                        int j = i + 1;
                        while (j < text.length() && "0123456789.eE+-".indexOf(text.charAt(j)) >= 0) {
                            j++;
                        }
                        numbers.add(new int[] {i, j});
                        i = j;
                    } else {
                        i++;
                    }
                }
                if (!numbers.isEmpty()) {
                    int[] at = numbers.get(random.nextInt(numbers.size()));
                    text = text.substring(0, at[0]) + NUMBERS[random.nextInt(NUMBERS.length)] + text.substring(at[1]);
                    break;
                }
                int p = random.nextInt(text.length());
                text = text.substring(0, p) + NUMBERS[random.nextInt(NUMBERS.length)] + text.substring(p);
            }
            case 2 -> {
                int p = random.nextInt(text.length());
                text = text.substring(0, p) + (char) (BYTES[random.nextInt(BYTES.length)] & 0xff) + text.substring(p + 1);
            }
            case 3 -> {
                int p = random.nextInt(text.length());
                text = text.substring(0, p) + text.substring(p + 1);
            }
            case 4 -> {
                // a token inserted after a comma or an opening bracket, or a value replaced
                int p = random.nextInt(text.length());
                int comma = text.indexOf(',', p);
                if (comma >= 0 && random.nextBoolean()) {
                    text = text.substring(0, comma + 1) + TOKENS[random.nextInt(TOKENS.length)] + "," + text.substring(comma + 1);
                } else {
                    int colon = text.indexOf(':', p);
                    if (colon >= 0) {
                        int end = colon + 1;
                        while (end < text.length() && ",}]".indexOf(text.charAt(end)) < 0) {
                            end++;
                        }
                        text = text.substring(0, colon + 1) + TOKENS[random.nextInt(TOKENS.length)] + text.substring(end);
                    }
                }
            }
            default -> {
                // a key renamed into another one the decoder knows
                String[] keys = {"\"id\"", "\"hc\"", "\"ltp\"", "\"tv\"", "\"atb\"", "\"atl\"", "\"trd\"", "\"batb\"", "\"batl\"",
                        "\"bdatb\"", "\"bdatl\"", "\"spn\"", "\"img\"", "\"rc\"", "\"mc\"", "\"pt\"", "\"clk\"", "\"op\"", "\"con\""};
                String from = keys[random.nextInt(keys.length)];
                int p = text.indexOf(from, random.nextInt(text.length()));
                if (p >= 0) {
                    text = text.substring(0, p) + keys[random.nextInt(keys.length)] + text.substring(p + from.length());
                }
            }
        }
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Two decoders fed alike: {@code fast} with the scanner, {@code slow} with Jackson alone. */
    private static final class Pair {
        final BetfairStreamDecoder fast = new BetfairStreamDecoder(new BetfairMarketCache(BetfairCacheConfig.keepAll()));
        final BetfairStreamDecoder slow = new BetfairStreamDecoder(new BetfairMarketCache(BetfairCacheConfig.keepAll()));

        Pair() {
            slow.scanner(false);
        }

        void feed(byte[] line, String what) {
            BetfairStreamDecoder.Op a = fast.parse(line, 0, line.length);
            BetfairStreamDecoder.Op b = slow.parse(line, 0, line.length);
            assertThat(a).as(what).isEqualTo(b);
            assertThat(header(fast)).as(what).isEqualTo(header(slow));
            assertThat(changes(fast.buffer())).as(what).isEqualTo(changes(slow.buffer()));
            assertThat(fast.malformed()).as(what).isEqualTo(slow.malformed());
            assertThat(fast.lastError()).as(what).isEqualTo(slow.lastError());
            assertThat(fast.badFields().snapshot()).as(what).isEqualTo(slow.badFields().snapshot());
            fast.applyParsed();
            slow.applyParsed();
        }

        void assertSameCaches() {
            BetfairMarketCache a = fast.cache();
            BetfairMarketCache b = slow.cache();
            assertThat(a.size()).isEqualTo(b.size());
            assertThat(a.clk()).isEqualTo(b.clk());
            assertThat(a.initialClk()).isEqualTo(b.initialClk());
            assertThat(a.publishTime()).isEqualTo(b.publishTime());
            assertThat(a.messages()).isEqualTo(b.messages());
            for (BetfairMarket m : b.markets()) {
                assertThat(a.market(m.id())).as(m.id()).isNotNull();
                assertThat(BetfairBookJson.toJson(a.market(m.id()))).as(m.id()).isEqualTo(BetfairBookJson.toJson(m));
            }
        }

        private static String header(BetfairStreamDecoder d) {
            return d.op() + " id=" + d.id() + " ct=" + d.changeType() + " seg=" + d.segmentType() + " clk=" + d.clk()
                    + " initialClk=" + d.initialClk() + " pt=" + d.publishTime() + " hb=" + d.heartbeatMs()
                    + " conflate=" + d.conflateMs() + " conn=" + d.connectionId() + " status=" + d.statusCode()
                    + " err=" + d.errorCode() + "/" + d.errorMessage() + " closed=" + d.isConnectionClosed()
                    + " avail=" + d.connectionsAvailable();
        }

        /** The decoded changes, every field that reaches the cache (values only where their flag is set). */
        private static String changes(MarketChangeBuffer b) {
            StringBuilder sb = new StringBuilder();
            int r = 0;
            int o = 0;
            for (int m = 0; m < b.markets; m++) {
                sb.append("m ").append(b.marketIds[m]).append(" img=").append(b.img[m])
                        .append(" tv=").append(b.hasMarketTv[m] ? Long.toString(b.marketTv[m]) : "-")
                        .append(" def=").append(b.definitions[m]).append('\n');
                for (; r < b.runnerEnd[m]; r++) {
                    int f = b.flags[r];
                    sb.append(" r ").append(b.selectionId[r]).append('/').append(b.handicap[r]).append(" f=").append(f)
                            .append((f & MarketChangeBuffer.HAS_LTP) != 0 ? " ltp=" + b.ltp[r] : "")
                            .append((f & MarketChangeBuffer.HAS_TV) != 0 ? " tv=" + b.tv[r] : "")
                            .append((f & MarketChangeBuffer.HAS_SPN) != 0 ? " spn=" + b.spn[r] : "")
                            .append((f & MarketChangeBuffer.HAS_SPF) != 0 ? " spf=" + b.spf[r] : "").append('\n');
                    for (; o < b.opEnd[r]; o++) {
                        sb.append("  ").append(b.opLadder[o]).append(' ').append(b.opLevel[o]).append(' ')
                                .append(b.opPrice[o]).append(' ').append(b.opSize[o]).append('\n');
                    }
                }
            }
            return sb.toString();
        }
    }
}
