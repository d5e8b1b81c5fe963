package dev.ladder.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.ladder.core.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The byte scanner behind {@link BinanceDecoder#decode(byte[], int, int)} against the Jackson path
 * ({@code decodeWithJackson}) on every message of every shared Binance capture, and on perturbed and
 * malformed variants of them: the outcome (type and every decoded field, or the exception's message)
 * must be identical, whichever path the fast decoder took.
 */
class BinanceDecoderFastPathTest {
    private static final List<String> CAPTURES = List.of("data/binance/btcusdt_20240808.gz",
            "data/binance/cryptofeed-BINANCE.ws.1.0", "data/binance/cryptofeed-BINANCE_FUTURES.ws.1.0");

    private final BinanceDecoder fast = new BinanceDecoder();
    private final BinanceDecoder jackson = new BinanceDecoder();
    private final BinanceDecoder text = new BinanceDecoder();
    private final BinanceDecoder probe = new BinanceDecoder();

    @Test
    void everyMessageOfEverySharedCaptureDecodesAsJacksonDoesAndTheUsualShapesTakeTheFastPath() throws IOException {
        int compared = 0;
        int fastTaken = 0;
        for (String rel : CAPTURES) {
            for (String json : messages(rel)) {
                byte[] b = json.getBytes(StandardCharsets.UTF_8);
                String expected = sameOutcome(b);
                compared++;
                boolean usual = expected.startsWith("DEPTH_UPDATE") || expected.startsWith("BOOK_TICKER") || expected.startsWith("TRADE");
                if (usual) {
                    assertThat(probe.takesFastPath(b, 0, b.length)).as("fast path for %s", json).isTrue();
                    fastTaken++;
                }
            }
        }
        assertThat(compared).isGreaterThan(41_249);
        assertThat(fastTaken).isGreaterThan(41_000);
    }

    @Test
    void perturbedAndMalformedMessagesDecodeAsJacksonDoes() throws IOException {
        List<String> base = sample();
        SplittableRandom rnd = new SplittableRandom(20240808);
        int errors = 0;
        int ok = 0;
        for (int i = 0; i < 20_000; i++) {
            String m = base.get(rnd.nextInt(base.size()));
            String p = perturb(m, rnd);
            String outcome = sameOutcome(p.getBytes(StandardCharsets.UTF_8));
            if (outcome.startsWith("error")) {
                errors++;
            } else {
                ok++;
            }
        }
        assertThat(errors).as("perturbations that are errors").isGreaterThan(2_000);
        assertThat(ok).as("perturbations that still decode").isGreaterThan(2_000);
    }

    @Test
    void decimalsOfEveryFormAgreeWithTheJacksonPath() {
        SplittableRandom rnd = new SplittableRandom(8);
        String[] templates = {
            "{\"u\":1,\"s\":\"X\",\"b\":\"%s\",\"B\":\"1\",\"a\":\"2\",\"A\":\"%s\"}",
            "{\"e\":\"depthUpdate\",\"s\":\"X\",\"U\":1,\"u\":2,\"b\":[[\"%s\",\"%s\"]],\"a\":[]}",
            "{\"e\":\"trade\",\"s\":\"X\",\"t\":1,\"p\":\"%s\",\"q\":\"%s\",\"m\":false}",
        };
        for (int scale : new int[] {0, 2, 8, 18}) {
            BinanceDecoder f = new BinanceDecoder(scale, Math.min(18, scale + 1));
            BinanceDecoder j = new BinanceDecoder(scale, Math.min(18, scale + 1));
            for (int i = 0; i < 5_000; i++) {
                String json = String.format(templates[rnd.nextInt(templates.length)], decimal(rnd), decimal(rnd));
                byte[] b = json.getBytes(StandardCharsets.UTF_8);
                assertThat(outcome(f, b, true)).as(json).isEqualTo(outcome(j, b, false));
            }
        }
    }

    @Test
    void textInputTakesTheSamePathAsBytes() throws Exception {
        String json = "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1,\"s\":\"BTCUSDT\",\"t\":9,\"p\":\"1.5\",\"q\":\"2\",\"T\":1,\"m\":true}}";
        assertThat(text.decode(json)).isEqualTo(BinanceMessageType.TRADE);
        assertThat(text.trade().price()).isEqualTo(150_000_000L);
        String nonAscii = json.replace("BTCUSDT", "BTCÜSDT");
        assertThat(text.decode(nonAscii)).isEqualTo(BinanceMessageType.TRADE);
        assertThat(text.trade().symbol()).isEqualTo("BTCÜSDT");
        String escaped = json.replace("BTCUSDT", "BTC\\u0055SDT");
        assertThat(text.decode(new StringBuilder(escaped))).isEqualTo(BinanceMessageType.TRADE);
        assertThat(text.trade().symbol()).isEqualTo("BTCUSDT");
        char[] c = ("[[" + json + "]]").toCharArray();
        assertThat(text.decode(c, 2, json.length())).isEqualTo(BinanceMessageType.TRADE);
        byte[] b = ("xx" + json + "yy").getBytes(StandardCharsets.UTF_8);
        assertThat(text.decode(b, 2, json.length())).isEqualTo(BinanceMessageType.TRADE);
        assertThat(text.trade().tradeId()).isEqualTo(9);
    }

    /** Decodes with both paths (bytes and text for the fast decoder) and asserts the outcomes are equal. */
    private String sameOutcome(byte[] b) {
        String expected = outcome(jackson, b, false);
        String got = outcome(fast, b, true);
        String s = new String(b, StandardCharsets.UTF_8);
        if (!got.equals(expected)) {
            fail("fast path differs on %s%n fast:    %s%n jackson: %s", s, got, expected);
        }
        String fromText = outcomeOfText(s);
        String expectedText = outcomeOfJacksonText(s);
        if (!fromText.equals(expectedText)) {
            fail("text fast path differs on %s%n fast:    %s%n jackson: %s", s, fromText, expectedText);
        }
        return expected;
    }

    private static String outcome(BinanceDecoder d, byte[] b, boolean useFast) {
        try {
            return describe(d, useFast ? d.decode(b, 0, b.length) : d.decodeWithJackson(b, 0, b.length));
        } catch (BinanceFormatException e) {
            return "error: " + e.getMessage();
        }
    }

    private String outcomeOfText(String s) {
        try {
            return describe(text, text.decode(s));
        } catch (BinanceFormatException e) {
            return "error: " + e.getMessage();
        }
    }

    private String outcomeOfJacksonText(String s) {
        try {
            return describe(jackson, jackson.decodeWithJackson(s));
        } catch (BinanceFormatException e) {
            return "error: " + e.getMessage();
        }
    }

    private static String describe(BinanceDecoder d, BinanceMessageType t) {
        StringBuilder sb = new StringBuilder(t.name());
        switch (t) {
            case DEPTH_UPDATE -> {
                DepthUpdate u = d.depthUpdate();
                sb.append(' ').append(u.symbol()).append(" E=").append(u.eventTime()).append(" T=").append(u.transactionTime())
                        .append(" U=").append(u.firstUpdateId()).append(" u=").append(u.finalUpdateId())
                        .append(" pu=").append(u.previousFinalUpdateId()).append(" b=").append(u.bids()).append(" a=").append(u.asks());
            }
            case SNAPSHOT -> {
                DepthSnapshot s = d.snapshot();
                sb.append(' ').append(s.lastUpdateId()).append(" E=").append(s.eventTime()).append(" T=").append(s.transactionTime())
                        .append(" digits=").append(s.priceFractionDigits()).append('/').append(s.sizeFractionDigits())
                        .append(" b=").append(s.bids()).append(" a=").append(s.asks());
            }
            case BOOK_TICKER -> {
                BookTicker k = d.bookTicker();
                sb.append(' ').append(k).append(" E=").append(k.eventTime()).append(" T=").append(k.transactionTime());
            }
            case TRADE -> {
                Trade r = d.trade();
                sb.append(' ').append(r).append(" T=").append(r.tradeTime()).append(" E=").append(r.eventTime())
                        .append(" m=").append(r.isBuyerMaker());
            }
            case IGNORED -> { }
        }
        return sb.toString();
    }

    private static List<String> messages(String rel) throws IOException {
        Path p = SharedData.resolve(rel);
        Assumptions.assumeTrue(p != null, SharedData.skipReason(rel));
        List<String> out = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(p)) {
            CaptureMessage m;
            while ((m = r.next()) != null) {
                out.add(m.json());
            }
        }
        return out;
    }

    /** Every 8th message of each capture, plus every snapshot's first 2,000 characters closed off. */
    private static List<String> sample() throws IOException {
        List<String> out = new ArrayList<>();
        for (String rel : CAPTURES) {
            List<String> all = messages(rel);
            for (int i = 0; i < all.size(); i += 8) {
                String m = all.get(i);
                out.add(m.length() > 4_000 ? m.substring(0, m.indexOf("],[", 2_000)) + "]],\"asks\":[]}" : m);
            }
        }
        out.add("{\"result\":null,\"id\":1}");
        out.add("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");
        return out;
    }

    private static final String[] VALUES = {
        "1", "0", "01", "-1", "1.5", "1e3", "-0", "true", "false", "null", "\"abc\"", "\"\"", "[]", "{}", "[[\"1\",\"2\"]]",
        "[[\"1\",\"2\",\"3\"]]", "[[1,2]]", "[[\"1\"]]", "[\"1\",\"2\"]", "\"1.5\"", "\"-1.5\"", "\"1e3\"", "\"0.000000001\"",
        "\"0.000000000\"", "\"99999999999999999999\"", "\"1.\"", "\".5\"", "\".\"", "\"1..2\"", "\"\\u0031\"", "\"BTC\\u0055SDT\"",
        "99999999999999999999", "999999999999999999", "9223372036854775807", "9223372036854775808", "\"depthUpdate\"",
        "\"bookTicker\"", "\"trade\"", "\"kline\"", "{\"e\":\"trade\"}", "\"ü\"", "tru", "nul", "\"a\tb\"",
    };
    private static final String[] NAMES = {"e", "E", "T", "s", "U", "u", "pu", "b", "a", "B", "A", "t", "p", "q", "m", "M",
        "stream", "data", "lastUpdateId", "bids", "asks", "code", "msg", "result", "error", "x", "bb", "", "\\u0065", "\\\"", "\"\""};
    private static final String NOISE = " \t\r\n\"\\,:{}[]-.+0123456789eEtfnx";

    private static String perturb(String m, SplittableRandom rnd) {
        int n = m.length();
        return switch (rnd.nextInt(12)) {
            case 0 -> m.substring(0, rnd.nextInt(n));
            case 1 -> {
                int i = rnd.nextInt(n);
                yield m.substring(0, i) + m.substring(i + 1);
            }
            case 2 -> {
                int i = rnd.nextInt(n + 1);
                yield m.substring(0, i) + NOISE.charAt(rnd.nextInt(NOISE.length())) + m.substring(i);
            }
            case 3 -> {
                int i = rnd.nextInt(n);
                yield m.substring(0, i) + NOISE.charAt(rnd.nextInt(NOISE.length())) + m.substring(i + 1);
            }
            case 4 -> whitespace(m, rnd);
            case 5, 6 -> members(m, rnd, rnd.nextInt(5));
            case 7 -> m.replace("\"s\":\"", "\"s\":\"\\u0042" .substring(0, rnd.nextBoolean() ? 6 : 0) + (rnd.nextBoolean() ? "" : "\\\""));
            case 8 -> m + (rnd.nextBoolean() ? " " : rnd.nextBoolean() ? "\n" : "x");
            case 9 -> (rnd.nextBoolean() ? "\uFEFF" : " ") + m;
            case 10 -> {
                int i = rnd.nextInt(n);
                yield m.substring(0, i) + (char) (0x80 + rnd.nextInt(0x500)) + m.substring(i + 1);
            }
            default -> digitRun(m, rnd);
        };
    }

    /** Whitespace after a random structural character. */
    private static String whitespace(String m, SplittableRandom rnd) {
        StringBuilder sb = new StringBuilder(m.length() + 8);
        for (int i = 0; i < m.length(); i++) {
            char c = m.charAt(i);
            sb.append(c);
            if ((c == ',' || c == ':' || c == '{' || c == '[') && rnd.nextInt(10) == 0) {
                sb.append(rnd.nextBoolean() ? ' ' : '\n');
            }
        }
        return sb.toString();
    }

    /** Lengthens, shortens or zeroes a random run of digits. */
    private static String digitRun(String m, SplittableRandom rnd) {
        int i = rnd.nextInt(m.length());
        while (i < m.length() && !Character.isDigit(m.charAt(i))) {
            i++;
        }
        if (i == m.length()) {
            return m;
        }
        return switch (rnd.nextInt(4)) {
            case 0 -> m.substring(0, i) + "0".repeat(1 + rnd.nextInt(12)) + m.substring(i);
            case 1 -> m.substring(0, i) + "9".repeat(1 + rnd.nextInt(12)) + m.substring(i);
            case 2 -> m.substring(0, i) + m.substring(Math.min(m.length(), i + 1 + rnd.nextInt(3)));
            default -> m.substring(0, i) + "-" + m.substring(i);
        };
    }

    /**
     * Edits the members of the payload object (the {@code data} object, or the message itself):
     * 0 shuffles them, 1 duplicates one, 2 removes one, 3 gives one a value of another type, 4 adds a
     * member with a known or unknown name.
     */
    private static String members(String m, SplittableRandom rnd, int how) {
        int open = m.indexOf("\"data\":{");
        int start = open >= 0 ? open + 8 : 1;
        int end = matching(m, start - 1);
        if (end < 0) {
            return m;
        }
        List<String> parts = split(m.substring(start, end));
        if (parts.isEmpty()) {
            return m;
        }
        switch (how) {
            case 0 -> {
                for (int i = parts.size() - 1; i > 0; i--) {
                    int j = rnd.nextInt(i + 1);
                    String t = parts.get(i);
                    parts.set(i, parts.get(j));
                    parts.set(j, t);
                }
            }
            case 1 -> parts.add(rnd.nextInt(parts.size() + 1), parts.get(rnd.nextInt(parts.size())));
            case 2 -> parts.remove(rnd.nextInt(parts.size()));
            case 3 -> {
                int k = rnd.nextInt(parts.size());
                String p = parts.get(k);
                int colon = p.indexOf("\":") + 2;
                parts.set(k, p.substring(0, colon) + VALUES[rnd.nextInt(VALUES.length)]);
            }
            default -> parts.add(rnd.nextInt(parts.size() + 1),
                    "\"" + NAMES[rnd.nextInt(NAMES.length)] + "\":" + VALUES[rnd.nextInt(VALUES.length)]);
        }
        String body = String.join(",", parts);
        String out = m.substring(0, start) + body + m.substring(end);
        if (open >= 0 && rnd.nextInt(4) == 0) {
            int s = out.indexOf("\"stream\":");
            int comma = out.indexOf(",\"data\":");
            if (s == 1 && comma > 0) {
                out = "{" + out.substring(comma + 1, out.length() - 1) + "," + out.substring(1, comma) + "}";
            }
        }
        return out;
    }

    /** The index of the bracket closing the one at {@code open}, or -1. */
    private static int matching(String m, int open) {
        int depth = 0;
        boolean inString = false;
        for (int i = open; i < m.length(); i++) {
            char c = m.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** Splits an object body at its top-level commas. */
    private static List<String> split(String body) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        boolean inString = false;
        int from = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(body.substring(from, i));
                from = i + 1;
            }
        }
        if (from < body.length()) {
            out.add(body.substring(from));
        }
        return out;
    }

    private static String decimal(SplittableRandom rnd) {
        if (rnd.nextInt(20) == 0) {
            return new String[] {"", ".", "-1", "+1", "1e2", "1.2.3", " 1", "1 ", "0x1", "١"}[rnd.nextInt(10)];
        }
        StringBuilder sb = new StringBuilder();
        int intDigits = rnd.nextInt(rnd.nextInt(8) == 0 ? 22 : 8);
        for (int k = 0; k < intDigits; k++) {
            sb.append((char) ('0' + rnd.nextInt(10)));
        }
        if (intDigits == 0 || rnd.nextBoolean()) {
            sb.append('.');
            int fd = rnd.nextInt(22);
            for (int k = 0; k < fd; k++) {
                sb.append((char) ('0' + (rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(10))));
            }
        }
        return sb.toString();
    }
}
