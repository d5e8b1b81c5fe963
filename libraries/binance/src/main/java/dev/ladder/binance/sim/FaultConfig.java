package dev.ladder.binance.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * What the {@link BinanceSimulator} does wrong on purpose to depth diffs it sends over websockets.
 * Probabilities are per message and per connection, drawn from the simulator's seeded random.
 *
 * <ul>
 *   <li>{@code dropProbability}: the diff is not sent (the client sees a gap at the next one).
 *   <li>{@code duplicateProbability}: the diff is sent twice.
 *   <li>{@code reorderProbability}: the diff is held back and sent after the next diff of the same stream.
 *   <li>{@code malformedProbability}: a garbage frame (truncated JSON) is sent before the diff.
 *   <li>{@code delay}: every diff leaves this much later (order kept); {@link Duration#ZERO} for none.
 * </ul>
 * Held (reordered) diffs are released when the simulator pauses, so a quiescent point is reachable.
 * One-shot faults (closing sockets, stalls, HTTP 429/418) are methods of {@link BinanceSimulator}.
 *
 * @throws IllegalArgumentException naming the setting when a probability is outside 0..1 or the delay is negative
 */
public record FaultConfig(double dropProbability, double duplicateProbability, double reorderProbability,
                          double malformedProbability, Duration delay) {
    /** No faults. */
    public static final FaultConfig NONE = new FaultConfig(0, 0, 0, 0, Duration.ZERO);

    public FaultConfig {
        check("dropProbability", dropProbability);
        check("duplicateProbability", duplicateProbability);
        check("reorderProbability", reorderProbability);
        check("malformedProbability", malformedProbability);
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        }
    }

    public FaultConfig withDrop(double p) {
        return new FaultConfig(p, duplicateProbability, reorderProbability, malformedProbability, delay);
    }

    public FaultConfig withDuplicate(double p) {
        return new FaultConfig(dropProbability, p, reorderProbability, malformedProbability, delay);
    }

    public FaultConfig withReorder(double p) {
        return new FaultConfig(dropProbability, duplicateProbability, p, malformedProbability, delay);
    }

    public FaultConfig withMalformed(double p) {
        return new FaultConfig(dropProbability, duplicateProbability, reorderProbability, p, delay);
    }

    public FaultConfig withDelay(Duration d) {
        return new FaultConfig(dropProbability, duplicateProbability, reorderProbability, malformedProbability, d);
    }

    /** {@code true} when no fault is switched on. */
    public boolean isNone() {
        return dropProbability == 0 && duplicateProbability == 0 && reorderProbability == 0
                && malformedProbability == 0 && delay.isZero();
    }

    private static void check(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + " must be within 0..1: " + p);
        }
    }
}
