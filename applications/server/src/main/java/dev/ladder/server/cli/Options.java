package dev.ladder.server.cli;

import dev.ladder.core.InstrumentId;
import dev.ladder.core.Times;
import dev.ladder.journal.FsyncPolicy;
import java.time.Duration;
import java.util.Locale;

/**
 * Option values shared by several commands, parsed one way everywhere; every failure is an
 * {@link IllegalArgumentException} whose message starts with the option's name.
 */
final class Options {
    private Options() {
    }

    /** An instant ({@link Times#parseNanos}: ISO-8601, bare integer = epoch ms, or with a unit) as epoch ns. */
    static long time(String text, String option) {
        try {
            return Times.parseNanos(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }

    /** A stream {@code VENUE:SYMBOL} ({@link InstrumentId#parse}). */
    static InstrumentId stream(String text, String option) {
        try {
            return InstrumentId.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
        }
    }

    /** A positive duration such as {@code 10s}, {@code 500ms}, {@code 1m} or bare seconds. */
    static Duration duration(String text, String option) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Duration d;
        try {
            if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            } else if (t.endsWith("s")) {
                d = Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            } else if (t.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            } else {
                d = Duration.ofSeconds(Long.parseLong(t));
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must look like 10s, 500ms or 1m: " + text, e);
        }
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(option + " must be positive: " + text);
        }
        return d;
    }

    /** {@code message}, {@code group} or {@code os}. */
    static FsyncPolicy fsync(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "message", "per-message" -> FsyncPolicy.PER_MESSAGE;
            case "group", "group-commit" -> FsyncPolicy.GROUP_COMMIT;
            case "os", "none" -> FsyncPolicy.OS;
            default -> throw new IllegalArgumentException("--fsync must be message, group or os: " + text);
        };
    }

    /** A byte count for people: {@code 512 B}, {@code 1.5 MiB}. */
    static String bytes(long b) {
        if (b < 1024) {
            return b + " B";
        }
        double v = b;
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** An ISO-8601 instant, or {@code -} for a negative (absent) time. */
    static String instant(long ns) {
        return ns < 0 ? "-" : Times.format(ns);
    }
}
