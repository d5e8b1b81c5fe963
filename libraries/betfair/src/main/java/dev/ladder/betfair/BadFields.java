package dev.ladder.betfair;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts and logs the bad fields a {@link BetfairStreamDecoder} skipped: values that could not be
 * represented or do not belong where they were sent. A bad field is never applied, and it never costs
 * the rest of its message: every other change in the line is applied.
 *
 * <p>Counted per {@link Kind} (the field's name in the message, e.g. {@code rc.atb}, {@code rc.spn},
 * {@code marketDefinition.runners.status}, and the {@link Problem}). Each occurrence is logged at WARN
 * with the market id, runner (selection) id, field and value, but rate-limited per kind by count: the
 * first {@value #LOGGED_IN_FULL} of a kind are all logged, after that only the occurrences whose number
 * is a power of two (so a flood of a million logs about 30 lines per kind). The kinds are bounded by
 * the decoder's fixed set of field names.
 *
 * <p>Thread: written by the decoder's thread; {@link #snapshot()} and {@link #total()} may be called
 * from any thread.
 */
public final class BadFields {
    /** Occurrences of one kind logged one by one before only powers of two are logged. */
    public static final int LOGGED_IN_FULL = 10;
    private static final Logger LOG = LoggerFactory.getLogger(BadFields.class);
    private static final int MAX_VALUE_CHARS = 80;

    /** What was wrong with a field. */
    public enum Problem {
        /** Not the JSON type the field has (a string where a number belongs, an object for a ladder entry...). */
        WRONG_TYPE,
        /** A number that cannot be held exactly (more fraction digits than the field's scale, too large). */
        NOT_REPRESENTABLE,
        /** A value outside what the field allows (a price outside the market's ladder range, a negative size, a level above 1000). */
        OUT_OF_RANGE,
        /** A value outside the field's documented set (e.g. a runner status the specification does not list). */
        UNKNOWN_VALUE,
        /** A required field is missing (a market or runner id: the change it heads cannot be placed and is skipped). */
        MISSING
    }

    /**
     * One kind of bad field.
     *
     * @param field   the field's path in the message ({@code op}, {@code mc.tv}, {@code rc.atb}, ...)
     * @param problem what was wrong
     */
    public record Kind(String field, Problem problem) {
        @Override
        public String toString() {
            return field + ":" + problem;
        }
    }

    private final Map<Kind, long[]> counts = new LinkedHashMap<>();
    private long total;

    /**
     * Counts one bad field and logs it (rate-limited).
     *
     * @param marketId    the market it was in, or {@code null} when unknown
     * @param selectionId the runner it was in, or -1 when none or unknown
     * @param value       the offending value as text (abbreviated when long), or {@code null}
     */
    public synchronized void record(String field, Problem problem, String marketId, long selectionId, String value) {
        Kind kind = new Kind(field, problem);
        long[] c = counts.computeIfAbsent(kind, k -> new long[1]);
        long n = ++c[0];
        total++;
        if (n <= LOGGED_IN_FULL || (n & (n - 1)) == 0) {
            LOG.warn("Betfair bad field {} ({}) in market {} runner {}: {}; occurrence {} of this kind{}", field, problem,
                    marketId == null ? "?" : marketId, selectionId < 0 ? "-" : Long.toString(selectionId),
                    abbreviate(value), n, n < LOGGED_IN_FULL ? "" : " (now logged at powers of two only)");
        }
    }

    /** Every bad field counted. */
    public synchronized long total() {
        return total;
    }

    /** The count of one kind (0 when never seen). */
    public synchronized long count(String field, Problem problem) {
        long[] c = counts.get(new Kind(field, problem));
        return c == null ? 0 : c[0];
    }

    /** A copy of the counts, kinds in first-seen order. */
    public synchronized Map<Kind, Long> snapshot() {
        Map<Kind, Long> out = new LinkedHashMap<>();
        counts.forEach((k, c) -> out.put(k, c[0]));
        return Collections.unmodifiableMap(out);
    }

    static String abbreviate(String value) {
        if (value == null) {
            return "null";
        }
        return value.length() <= MAX_VALUE_CHARS ? "'" + value + "'" : "'" + value.substring(0, MAX_VALUE_CHARS) + "...'";
    }

    @Override
    public String toString() {
        return "BadFields" + snapshot();
    }
}
