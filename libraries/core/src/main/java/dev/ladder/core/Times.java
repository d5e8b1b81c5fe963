package dev.ladder.core;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The one parser and formatter of instants on the command line and in the HTTP API ({@code --at},
 * {@code --from}, {@code --to}, {@code ?at=}, {@code ?from=}, {@code ?to=}). The same text means the
 * same instant everywhere:
 * <ul>
 * <li>an ISO-8601 instant with a zone: {@code 2024-08-08T23:57:00Z}, {@code 2024-08-08T23:57:00.250+02:00};</li>
 * <li>an ISO-8601 date-time without a zone, {@code T} or a space between date and time, is UTC:
 * {@code 2024-08-08T23:57:00}, {@code 2024-08-08 23:57:00};</li>
 * <li>a date alone is its midnight UTC: {@code 2024-08-08};</li>
 * <li>a bare integer is epoch <b>milliseconds</b>: {@code 1723161420000};</li>
 * <li>an integer with a unit states it: {@code 1723161420s}, {@code 1723161420000ms},
 * {@code 1723161420000000us}, {@code 1723161420000000000ns}.</li>
 * </ul>
 * A negative epoch number is refused (nothing we record is older than 1970). Anything else, or an
 * instant outside the range of epoch nanoseconds in a {@code long} (years 1677 to
 * 2262), is an {@link IllegalArgumentException} whose message quotes the text and states this rule.
 */
public final class Times {
    /** The rule, for help texts and error messages. */
    public static final String RULE = "an ISO-8601 instant (2024-08-08T23:57:00Z; no zone means UTC), "
            + "epoch milliseconds (1723161420000), or an integer with a unit (s, ms, us, ns)";

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private Times() {
    }

    /**
     * Parses {@code text} (see the class comment) to nanoseconds since the epoch.
     *
     * @throws IllegalArgumentException when the text follows none of the forms, or is out of range
     */
    public static long parseNanos(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a time is required: " + RULE);
        }
        String t = text.trim();
        try {
            long unit = 0;
            int end = t.length();
            String lower = t.toLowerCase(Locale.ROOT);
            if (lower.endsWith("ns")) {
                unit = 1;
                end -= 2;
            } else if (lower.endsWith("us")) {
                unit = 1_000L;
                end -= 2;
            } else if (lower.endsWith("ms")) {
                unit = 1_000_000L;
                end -= 2;
            } else if (lower.endsWith("s") && end > 1 && Character.isDigit(t.charAt(end - 2))) {
                unit = NANOS_PER_SECOND;
                end -= 1;
            }
            String digits = t.substring(0, end);
            if (isInteger(digits)) {
                if (digits.startsWith("-")) {
                    throw new IllegalArgumentException("'" + text + "' is before 1970: epoch times must not be negative");
                }
                return Math.multiplyExact(Long.parseLong(digits), unit == 0 ? 1_000_000L : unit);
            }
            if (unit != 0 && unit != NANOS_PER_SECOND) {
                throw new IllegalArgumentException("'" + text + "' is not a time: expected " + RULE);
            }
            return toNanos(instant(t));
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is out of range (epoch nanoseconds in years 1677..2262)", e);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a time: expected " + RULE, e);
        }
    }

    /** Epoch milliseconds of {@code text} (see {@link #parseNanos}), rounded towards the past. */
    public static long parseMillis(String text) {
        return Math.floorDiv(parseNanos(text), 1_000_000L);
    }

    /** Nanoseconds since the epoch of {@code instant}; {@link ArithmeticException} outside 1677..2262. */
    public static long toNanos(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
    }

    /** The instant of {@code epochNanos}. */
    public static Instant ofNanos(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, NANOS_PER_SECOND), Math.floorMod(epochNanos, NANOS_PER_SECOND));
    }

    /** ISO-8601 in UTC ({@code 2024-08-08T23:57:00.123456789Z}, trailing zero groups left out). */
    public static String format(long epochNanos) {
        return ofNanos(epochNanos).toString();
    }

    /** ISO-8601 in UTC of epoch milliseconds ({@code 2024-08-08T23:57:00.123Z}). */
    public static String formatMillis(long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).toString();
    }

    private static Instant instant(String t) {
        if (t.length() == 10) {
            return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        String iso = t.length() > 10 && t.charAt(10) == ' ' ? t.substring(0, 10) + 'T' + t.substring(11) : t;
        char last = iso.charAt(iso.length() - 1);
        if (last == 'Z' || last == 'z') {
            return Instant.parse(iso.substring(0, iso.length() - 1) + 'Z');
        }
        int tee = iso.indexOf('T');
        if (tee > 0 && (iso.indexOf('+', tee) > 0 || iso.indexOf('-', tee) > 0)) {
            return OffsetDateTime.parse(iso).toInstant();
        }
        return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
    }

    private static boolean isInteger(String s) {
        int start = s.startsWith("-") ? 1 : 0;
        if (s.length() == start) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
