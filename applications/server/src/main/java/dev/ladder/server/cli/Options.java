package dev.ladder.server.cli;

import dev.ladder.betfair.BetfairHistoricalReader;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.Times;
import dev.ladder.core.Venue;
import dev.ladder.journal.FsyncPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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

    /**
     * The venue of a command that reads files: {@code --venue} when given ({@code --futures} is the
     * same as {@code --venue binance-futures}), else told from the first file's first line: a Betfair
     * stream line is a JSON object with an {@code "op"}; anything else is a Binance capture.
     */
    static Venue venue(String venue, boolean isFutures, List<Path> files) {
        Venue v = venue == null ? null : Venue.parse(venue);
        if (isFutures) {
            if (v != null && v != Venue.BINANCE_FUTURES && v != Venue.BINANCE) {
                throw new IllegalArgumentException("--futures goes with Binance, not --venue " + v.id());
            }
            return Venue.BINANCE_FUTURES;
        }
        if (v != null) {
            return v;
        }
        return files.isEmpty() || !isBetfairStream(files.getFirst()) ? Venue.BINANCE : Venue.BETFAIR;
    }

    private static boolean isBetfairStream(Path file) {
        boolean[] betfair = {false};
        try {
            new BetfairHistoricalReader().read(file, (source, line, b, off, len) -> {
                String head = new String(b, off, Math.min(len, 256), StandardCharsets.UTF_8).strip();
                if (head.isEmpty()) {
                    return true;
                }
                betfair[0] |= head.startsWith("{") && head.contains("\"op\"");
                return false;
            });
        } catch (IOException e) {
            return false;
        }
        return betfair[0];
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

    /** A byte count: digits with an optional k, m or g suffix (powers of 1024). */
    static long bytes(String text, String option) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        int shift = 0;
        if (t.endsWith("k") || t.endsWith("m") || t.endsWith("g")) {
            shift = switch (t.charAt(t.length() - 1)) {
                case 'k' -> 10;
                case 'm' -> 20;
                default -> 30;
            };
            t = t.substring(0, t.length() - 1);
        }
        try {
            long n = Long.parseLong(t);
            if (n < 0 || n > (Long.MAX_VALUE >> shift)) {
                throw new NumberFormatException();
            }
            return n << shift;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + ": '" + text + "' is not a byte count (e.g. 65536, 64k, 16m, 1g)");
        }
    }
}
