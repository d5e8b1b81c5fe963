package dev.ladder.server.http;

import io.javalin.http.Context;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bounds that keep one request from starving the rest: each heavy request (a heatmap, a book or
 * market at a past instant) has a cost bound (cells and pixels checked before any work, journal records
 * counted as they are read; over it, a 400 that names the parameter and the limit), and at most {@link #limit()} run
 * at once; one more is answered 503 with {@code Retry-After} at once rather than queued, so live
 * routes, streams and {@code /health} keep their threads, heap and cores.
 */
public final class HeavyRequests {
    /** Most heatmap cells (time buckets x price buckets) in one JSON answer. */
    public static final long MAX_JSON_CELLS = 500_000;
    /** Most pixels (width x height) in one PNG heatmap. */
    public static final long MAX_PNG_PIXELS = 4_000_000;
    /** Most journal records one heatmap may read in its window (counted as it reads; see {@code BookHistory}). */
    public static final long MAX_RECORDS = 20_000_000;
    /** Seconds a client is told to wait when every permit is taken. */
    static final int RETRY_AFTER_SECONDS = 1;

    private final int limit;
    private final Semaphore permits;
    private final AtomicLong rejected = new AtomicLong();

    /** At most {@code limit} heavy requests at once (at least 1). */
    public HeavyRequests(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
        this.limit = limit;
        this.permits = new Semaphore(limit);
    }

    /** One per core, at least two. */
    public static HeavyRequests forThisMachine() {
        return new HeavyRequests(Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    public int limit() {
        return limit;
    }

    /** Heavy requests answered 503 so far. */
    public long rejected() {
        return rejected.get();
    }

    /** Work that may throw what a route handler throws. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    /** Runs {@code work} under a permit, or answers 503 + {@code Retry-After} when none is free. */
    public void run(Context ctx, Work work) throws Exception {
        if (!tryAcquire()) {
            rejected.incrementAndGet();
            ctx.header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS));
            throw ApiException.of(503, "busy: " + limit + " heavy requests (heatmaps, books at a past instant) are"
                    + " running; retry after " + RETRY_AFTER_SECONDS + " s");
        }
        try {
            work.run();
        } finally {
            release();
        }
    }

    /** Takes a permit when one is free (for {@link #run}, and for a caller that holds one across work of its own). */
    public boolean tryAcquire() {
        return permits.tryAcquire();
    }

    /** Gives back a permit taken by {@link #tryAcquire}. */
    public void release() {
        permits.release();
    }

    /** A 400 naming {@code parameter} when {@code cost} is over {@code max}. */
    static void bound(String parameter, long cost, long max, String what) {
        if (cost > max) {
            throw ApiException.badParameter(parameter, what + " is " + cost + ", over the limit of " + max);
        }
    }
}
