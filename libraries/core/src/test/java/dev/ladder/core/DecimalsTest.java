package dev.ladder.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DecimalsTest {

    @Test
    void parsesBinanceStrings() {
        assertThat(Decimals.parse("61837.63000000", 8)).isEqualTo(6_183_763_000_000L);
        assertThat(Decimals.parse("0.00000000", 8)).isZero();
        assertThat(Decimals.parse("7.6110", 8)).isEqualTo(761_100_000L);
        assertThat(Decimals.parse("297", 8)).isEqualTo(29_700_000_000L);
        assertThat(Decimals.parse("-0.5", 2)).isEqualTo(-50L);
        assertThat(Decimals.parse("1.5e-2", 3)).isEqualTo(15L);
        assertThat(Decimals.parse("2E+3", 0)).isEqualTo(2000L);
        assertThat(Decimals.parse("1.2300", 2)).isEqualTo(123L);
    }

    @Test
    void parsesBytesAndChars() {
        byte[] b = "xx12.5yy".getBytes(StandardCharsets.US_ASCII);
        assertThat(Decimals.parse(b, 2, 6, 2)).isEqualTo(1250L);
        char[] c = "xx12.5yy".toCharArray();
        assertThat(Decimals.parse(c, 2, 4, 1)).isEqualTo(125L);
    }

    @Test
    void rejectsBadInputWithClearMessages() {
        assertThatThrownBy(() -> Decimals.parse("1.234", 2)).isInstanceOf(NumberFormatException.class)
                .hasMessageContaining("1.234").hasMessageContaining("fraction digits");
        assertThatThrownBy(() -> Decimals.parse("", 2)).hasMessageContaining("no digits");
        assertThatThrownBy(() -> Decimals.parse("1x", 2)).hasMessageContaining("unexpected character");
        assertThatThrownBy(() -> Decimals.parse("99999999999999999999", 0)).hasMessageContaining("out of range");
        assertThatThrownBy(() -> Decimals.parse("1.2.3", 2)).isInstanceOf(NumberFormatException.class);
    }

    @Test
    void formatsWithExactScale() {
        assertThat(Decimals.format(6_183_763_000_000L, 8)).isEqualTo("61837.63000000");
        assertThat(Decimals.format(-5, 3)).isEqualTo("-0.005");
        assertThat(Decimals.format(42, 0)).isEqualTo("42");
        assertThat(Decimals.formatStripped(1_500_000_000L, 8)).isEqualTo("15");
        assertThat(Decimals.formatStripped(150_000_000L, 9)).isEqualTo("0.15");
    }

    @Test
    void multipliesWithoutOverflow() {
        long price = Decimals.parse("61837.63", 8);
        long size = Decimals.parse("1000", 8);
        assertThat(Decimals.multiply(price, 8, size, 8)).isEqualByComparingTo("61837630");
    }

    @Test
    void roundTripsAgainstBigDecimal() {
        SplittableRandom random = new SplittableRandom(20261123L);
        for (int i = 0; i < 20_000; i++) {
            long v = random.nextLong(-1_000_000_000_000_000L, 1_000_000_000_000_000L) >> random.nextInt(60);
            int scale = random.nextInt(13);
            roundTrip(v, scale);
        }
        roundTrip(0, 0);
        roundTrip(Long.MAX_VALUE, 0);
        roundTrip(Long.MAX_VALUE, 18);
        roundTrip(-1, 18);
    }

    private static void roundTrip(long v, int scale) {
        String text = BigDecimal.valueOf(v, scale).toPlainString();
        assertThat(Decimals.parse(text, scale)).isEqualTo(v);
        assertThat(Decimals.format(v, scale)).isEqualTo(text);
        String padded = scale == 0 ? text + ".000" : text + "000";
        assertThat(Decimals.parse(padded, scale)).isEqualTo(v);
    }

    @Test
    void scaleOfIsAScaleAtWhichTheTextIsExact() {
        assertThat(Decimals.scaleOf("38.387036360669896")).isEqualTo(15);
        assertThat(Decimals.scaleOf("2.550036913")).isEqualTo(9);
        assertThat(Decimals.scaleOf("2.50")).isEqualTo(1);
        assertThat(Decimals.scaleOf("1000")).isZero();
        assertThat(Decimals.scaleOf("1000.000")).isZero();
        assertThat(Decimals.scaleOf("1.5e-3")).isEqualTo(4);
        assertThat(Decimals.scaleOf("12.5E1")).isZero();
        assertThat(Decimals.scaleOf("-0.25")).isEqualTo(2);
        assertThat(Decimals.scaleOf("1e-30")).isEqualTo(30);
        for (String s : new String[] {"38.387036360669896", "2.550036913", "1.5e-3", "12.5E1", "-0.25"}) {
            int scale = Decimals.scaleOf(s);
            assertThat(Decimals.toBigDecimal(Decimals.parse(s, scale), scale)).as(s).isEqualByComparingTo(new java.math.BigDecimal(s));
        }
    }

    @Test
    void theCharArrayPathAgreesWithTheGeneralParser() {
        String[] texts = {"0", "-0", "1", "1.", "12.34", "-12.34", "0.010", "1000", "99999999.5", "1.005", "1e1", "1.5E-3",
                "+2", ".5", "-", "", "1.2.3", "12a", "123456789012345678", "1234567890123456789", "9223372036854775807",
                "92233720368547758.08", "0.000000000000000001", "000000000000000000001", "1.000000000000000000000", "1e17", "0e1", "5e16"};
        for (int scale : new int[] {0, 2, 8, 18}) {
            for (String t : texts) {
                char[] padded = ("xx" + t + "yy").toCharArray();
                Object expected;
                try {
                    expected = Decimals.parse(t, scale);
                } catch (NumberFormatException e) {
                    expected = e.getMessage();
                }
                Object actual;
                try {
                    actual = Decimals.parse(padded, 2, t.length(), scale);
                } catch (NumberFormatException e) {
                    actual = e.getMessage();
                }
                assertThat(actual).as("'%s' at %d", t, scale).isEqualTo(expected);
            }
        }
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        for (int n = 0; n < 50_000; n++) {
            int scale = rnd.nextInt(10);
            String t = (rnd.nextBoolean() ? "-" : "") + rnd.nextLong(1_000_000_000L) + (rnd.nextBoolean() ? "." + rnd.nextInt(100_000) : "");
            assertThat(outcome(() -> Decimals.parse(t.toCharArray(), 0, t.length(), scale)))
                    .as("'%s' at %d", t, scale).isEqualTo(outcome(() -> Decimals.parse(t, scale)));
        }
    }

    /** Property: bytes, chars and text parse every form exactly as BigDecimal reads it, or all fail. */
    @Test
    void bytesCharsAndTextAgreeWithBigDecimalOnEveryForm() {
        SplittableRandom rnd = new SplittableRandom(20260101L);
        int plain = 0;
        int errors = 0;
        for (int i = 0; i < 50_000; i++) {
            String s = randomDecimal(rnd);
            int scale = rnd.nextInt(MAX_TEST_SCALE + 1);
            Object expected;
            try {
                java.util.regex.Matcher exp = java.util.regex.Pattern.compile("[eE][-+]?([0-9]+)$").matcher(s);
                if (exp.find() && new java.math.BigInteger(exp.group(1)).compareTo(java.math.BigInteger.valueOf(1000)) > 0) {
                    throw new NumberFormatException("Decimals refuses exponents beyond 1000");
                }
                expected = new BigDecimal(s).setScale(scale).unscaledValue().longValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                expected = "error";
                errors++;
            }
            byte[] b = ("x{" + s + "}y").getBytes(StandardCharsets.US_ASCII);
            char[] c = ("[" + s + "]").toCharArray();
            assertThat(result(() -> Decimals.parse(b, 2, 2 + s.length(), scale))).as("bytes '%s' at %d", s, scale).isEqualTo(expected);
            assertThat(result(() -> Decimals.parse(c, 1, s.length(), scale))).as("chars '%s' at %d", s, scale).isEqualTo(expected);
            assertThat(result(() -> Decimals.parse(s, scale))).as("text '%s' at %d", s, scale).isEqualTo(expected);
            if (s.matches("[-+]?[0-9]*\\.?[0-9]*") && !"error".equals(expected)) {
                plain++;
            }
        }
        assertThat(plain).as("plain forms").isGreaterThan(10_000);
        assertThat(errors).as("forms that are errors").isGreaterThan(5_000);
    }

    /**
     * Property: scanPlain reads a plain decimal in place up to the first byte that cannot continue a
     * number, with the value parse gives the text it read, and takes every plain decimal of at most 18
     * digits that parse accepts; what it refuses (-1) leaves the value untouched.
     */
    @Test
    void scanPlainAgreesWithParseAndStopsAtTheDelimiter() {
        SplittableRandom rnd = new SplittableRandom(77);
        long[] value = new long[1];
        int taken = 0;
        for (int i = 0; i < 50_000; i++) {
            String s = randomDecimal(rnd);
            int scale = rnd.nextInt(MAX_TEST_SCALE + 1);
            char delimiter = "\",]} ".charAt(rnd.nextInt(5));
            byte[] b = ("[\"" + s + delimiter + "9").getBytes(StandardCharsets.US_ASCII);
            value[0] = 42;
            int end = Decimals.scanPlain(b, 2, b.length, scale, value);
            if (end < 0) {
                assertThat(value[0]).isEqualTo(42);
                assertThat(mustBeTaken(s, scale)).as("'%s' at %d refused", s, scale).isFalse();
            } else {
                taken++;
                String read = s.substring(0, end - 2);
                assertThat(read).as("'%s' read as plain", s).matches("[0-9]*\\.?[0-9]*");
                assertThat("0123456789.eE").as("'%s' stops before a byte that cannot continue it", s)
                        .doesNotContain(String.valueOf((char) b[end]));
                assertThat(value[0]).as("'%s' at %d", read, scale).isEqualTo(result(() -> Decimals.parse(read, scale)));
                if (mustBeTaken(s, scale)) {
                    assertThat(end).as("'%s' read to its end", s).isEqualTo(2 + s.length());
                }
            }
        }
        assertThat(taken).isGreaterThan(10_000);
        assertThatThrownBy(() -> Decimals.scanPlain(new byte[] {'1'}, 0, 1, 19, value)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A plain decimal parse accepts, with at most 18 digits up to its last non-zero fraction digit. */
    private static boolean mustBeTaken(String s, int scale) {
        if (!s.matches("[0-9]*\\.?[0-9]*") || !s.matches(".*[0-9].*") || "error".equals(result(() -> Decimals.parse(s, scale)))) {
            return false;
        }
        int dot = s.indexOf('.');
        int intDigits = dot < 0 ? s.length() : dot;
        String fraction = dot < 0 ? "" : s.substring(dot + 1).replaceFirst("0+$", "");
        return intDigits <= 18 && fraction.length() <= Math.min(scale, 18 - intDigits);
    }

    @Test
    void thePlainFormOfBytesAndCharsIsParsedWithoutAllocating() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(mx.isThreadAllocatedMemorySupported(), "per-thread allocation counter not supported");
        mx.setThreadAllocatedMemoryEnabled(true);
        String text = "61837.63000000 0.00012000 297 1.5 0.25 7 0 1234567890.12345678 5. .5";
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        char[] c = text.toCharArray();
        int[] starts = new int[16];
        int[] ends = new int[16];
        int n = 0;
        for (int i = 0, from = 0; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == ' ') {
                starts[n] = from;
                ends[n++] = i;
                from = i + 1;
            }
        }
        long[] scanned = new long[1];
        long sink = 0;
        long least = Long.MAX_VALUE;
        // rounds 0 and 1 warm up. Later rounds allocate nothing per parse (one allocation per parse would
        // be megabytes); a JIT recompilation may still allocate a few hundred bytes once, so the bound
        // per round is 1 KiB and the quietest round must be exactly zero.
        for (int round = 0; round < 6; round++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int k = 0; k < 100_000; k++) {
                int j = k % n;
                sink += Decimals.parse(b, starts[j], ends[j], 8);
                sink += Decimals.parse(c, starts[j], ends[j] - starts[j], 8);
                sink += Decimals.fractionDigits(c, starts[j], ends[j] - starts[j]);
                sink += Decimals.scanPlain(b, starts[j], b.length, 8, scanned) + scanned[0];
            }
            long allocated = mx.getCurrentThreadAllocatedBytes() - before;
            if (round > 1) {
                assertThat(allocated).as("bytes allocated by 200,000 plain parses (round %d)", round).isLessThan(1024);
                least = Math.min(least, allocated);
            }
        }
        assertThat(least).as("bytes allocated by the quietest round of 200,000 plain parses").isZero();
        assertThat(sink).isNotZero();
    }

    @Test
    void fractionDigitsOfCharsAsOfText() {
        for (String s : new String[] {"1.2300", "5", "0.5e3", ".125", "7.", "1E5"}) {
            char[] c = ("ab" + s + "cd").toCharArray();
            assertThat(Decimals.fractionDigits(c, 2, s.length())).as(s).isEqualTo(Decimals.fractionDigits(s));
        }
        assertThat(Decimals.fractionDigits("0.5e3")).isEqualTo(1);
    }

    private static final int MAX_TEST_SCALE = 18;

    private static Object outcome(java.util.function.LongSupplier parse) {
        try {
            return parse.getAsLong();
        } catch (NumberFormatException e) {
            return e.getMessage();
        }
    }

    @Test
    void anExponentPastTheLastPowerOfTenIsOutOfRangeNotACrash() {
        assertThatThrownBy(() -> Decimals.parse("1e1", 18)).isInstanceOf(NumberFormatException.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> Decimals.parse("1e17", 2)).isInstanceOf(NumberFormatException.class).hasMessageContaining("out of range");
        assertThat(Decimals.parse("0e1", 18)).isZero();
        assertThat(Decimals.parse("5e16", 2)).isEqualTo(5_000_000_000_000_000_000L);
    }

    /** The value, or "error" for any NumberFormatException (the property test compares outcomes only). */
    private static Object result(java.util.function.LongSupplier parse) {
        try {
            return parse.getAsLong();
        } catch (NumberFormatException e) {
            return "error";
        }
    }

    /** Signs, up to 22 integer and fraction digits (many zeros), exponents, and the odd stray character. */
    private static String randomDecimal(SplittableRandom rnd) {
        StringBuilder sb = new StringBuilder();
        int sign = rnd.nextInt(10);
        if (sign == 0) {
            sb.append('-');
        } else if (sign == 1) {
            sb.append('+');
        }
        int intDigits = rnd.nextInt(4) == 0 ? rnd.nextInt(23) : rnd.nextInt(8);
        for (int k = 0; k < intDigits; k++) {
            sb.append((char) ('0' + (rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(10))));
        }
        if (rnd.nextInt(3) > 0) {
            sb.append('.');
            int fd = rnd.nextInt(4) == 0 ? rnd.nextInt(23) : rnd.nextInt(10);
            for (int k = 0; k < fd; k++) {
                sb.append((char) ('0' + (rnd.nextInt(2) == 0 ? 0 : rnd.nextInt(10))));
            }
        }
        if (rnd.nextInt(12) == 0) {
            sb.append(rnd.nextBoolean() ? 'e' : 'E');
            int es = rnd.nextInt(3);
            sb.append(es == 0 ? "" : es == 1 ? "-" : "+");
            sb.append(rnd.nextInt(rnd.nextBoolean() ? 10 : 30));
        }
        if (rnd.nextInt(25) == 0 && sb.length() > 0) {
            sb.insert(rnd.nextInt(sb.length() + 1), "x.- e".charAt(rnd.nextInt(5)));
        }
        return sb.toString();
    }

    @Test
    void strippedFormattingIsTheExactValueWithoutTrailingZeros() {
        byte[] b = new byte[64];
        long[] values = {0, 1, -1, 5, 10, 100, 101, 120, 460, 1200, -1200, 999_999_999_999L, Long.MAX_VALUE, Long.MIN_VALUE,
                Long.MIN_VALUE + 1, 1_000_000_000_000_000_000L};
        for (int scale : new int[]{0, 2, 8, 18}) {
            for (long v : values) {
                int end = Decimals.writeStripped(b, 3, v, scale);
                assertThat(new String(b, 3, end - 3, StandardCharsets.US_ASCII)).as("%d at %d", v, scale)
                        .isEqualTo(stripped(v, scale));
            }
        }
        SplittableRandom rnd = new SplittableRandom(11);
        for (int k = 0; k < 100_000; k++) {
            long v = rnd.nextLong() >> rnd.nextInt(64);
            int scale = rnd.nextInt(19);
            int end = Decimals.writeStripped(b, 0, v, scale);
            assertThat(new String(b, 0, end, StandardCharsets.US_ASCII)).isEqualTo(stripped(v, scale));
        }
    }

    /** The reference: BigDecimal's exact value without trailing fraction zeros, in plain notation. */
    private static String stripped(long v, int scale) {
        BigDecimal d = BigDecimal.valueOf(v, scale);
        return (d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros().scale() < 0 ? d.setScale(0) : d.stripTrailingZeros())
                .toPlainString();
    }
}
