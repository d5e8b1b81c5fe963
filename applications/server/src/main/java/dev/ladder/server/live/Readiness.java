package dev.ladder.server.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The named readiness checks of a node, answered by {@code GET /ready}: the node registers one per
 * component it depends on (the journal, the catalog store, a Kafka consumer or producer), beside the
 * books and the Betfair stream that the route checks itself. Thread-safe.
 *
 * <p>Each check runs on a virtual thread of its own and must answer within {@link #TIMEOUT}; one that
 * throws or does not answer in time is reported not ready with the reason. Registering a name again
 * replaces the earlier check.
 */
public final class Readiness {
    /** How long one check may take before it counts as not ready. */
    public static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** The answer of one check: ready or not, and a short reason or detail (may be empty). */
    public record Check(boolean ready, String detail) {
        public Check {
            Objects.requireNonNull(detail, "detail");
        }

        public static Check ok(String detail) {
            return new Check(true, detail);
        }

        public static Check notReady(String reason) {
            return new Check(false, reason);
        }
    }

    /** A check's answer with its name. */
    public record Result(String name, boolean ready, String detail) {
    }

    private final Map<String, Supplier<Check>> checks = new ConcurrentHashMap<>();

    /** Adds (or replaces) the check called {@code name}. */
    public void register(String name, Supplier<Check> check) {
        checks.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(check, "check"));
    }

    /** Removes the check called {@code name}; unknown names are ignored. */
    public void remove(String name) {
        checks.remove(name);
    }

    /** Runs every check (concurrently, each bounded by {@link #TIMEOUT}), sorted by name. */
    public List<Result> check() {
        List<Map.Entry<String, FutureTask<Check>>> running = new ArrayList<>();
        for (Map.Entry<String, Supplier<Check>> e : checks.entrySet()) {
            FutureTask<Check> task = new FutureTask<>(e.getValue()::get);
            Thread.ofVirtual().name("ready-" + e.getKey()).start(task);
            running.add(Map.entry(e.getKey(), task));
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        List<Result> results = new ArrayList<>();
        for (Map.Entry<String, FutureTask<Check>> r : running) {
            Check c;
            try {
                c = r.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (c == null) {
                    c = Check.notReady("no answer");
                }
            } catch (TimeoutException e) {
                r.getValue().cancel(true);
                c = Check.notReady("no answer within " + TIMEOUT.toSeconds() + " s");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                c = Check.notReady(cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                c = Check.notReady("interrupted");
            }
            results.add(new Result(r.getKey(), c.ready(), c.detail()));
        }
        results.sort(java.util.Comparator.comparing(Result::name));
        return results;
    }
}
