package dev.ladder.journal;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of a long job (replay, import, export) on a terminal: one line rewritten in place at
 * most every 500 ms with done/total, rate and ETA. Quiet when the output is not a terminal
 * ({@code System.console()} is null or not {@code isTerminal()}, e.g. piped) unless forced. Not thread-safe: one job thread
 * calls {@link #update}.
 */
public final class ProgressMeter {
    private final PrintStream out;
    private final String what;
    private final boolean isEnabled;
    private final long startNanos = System.nanoTime();
    private long lastPrint;
    private long total;
    private boolean printed;

    private ProgressMeter(PrintStream out, String what, long total, boolean isEnabled) {
        this.out = out;
        this.what = what;
        this.total = total;
        this.isEnabled = isEnabled;
    }

    /** A meter on standard error, enabled only when there is a terminal. {@code total <= 0}: unknown. */
    public static ProgressMeter forTerminal(String what, long total) {
        java.io.Console c = System.console();
        return new ProgressMeter(System.err, what, total, c != null && c.isTerminal());
    }

    /** A meter writing to {@code out} whether or not it is a terminal (for tests). */
    public static ProgressMeter to(PrintStream out, String what, long total) {
        return new ProgressMeter(out, what, total, true);
    }

    public void total(long total) {
        this.total = total;
    }

    /** Reports {@code done} units; prints when enabled and 500 ms passed since the last print. */
    public void update(long done) {
        if (!isEnabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastPrint < 500_000_000L) {
            return;
        }
        lastPrint = now;
        print(done, now);
    }

    /** Prints the final figures and ends the line (nothing when disabled). */
    public void finish(long done) {
        if (!isEnabled) {
            return;
        }
        print(done, System.nanoTime());
        out.println();
        out.flush();
    }

    /** The line {@link #update} would print: {@code what done/total (pct) rate/s ETA mm:ss}. */
    String line(long done, long elapsedNanos) {
        double secs = Math.max(1e-9, elapsedNanos / 1e9);
        double rate = done / secs;
        StringBuilder sb = new StringBuilder(what).append(' ').append(done);
        if (total > 0) {
            sb.append('/').append(total).append(String.format(Locale.ROOT, " (%.1f%%)", 100.0 * done / total));
        }
        sb.append(String.format(Locale.ROOT, " %,.0f/s", rate));
        if (total > 0 && rate > 0 && done <= total) {
            long eta = (long) ((total - done) / rate);
            sb.append(String.format(Locale.ROOT, " ETA %d:%02d", eta / 60, eta % 60));
        }
        return sb.toString();
    }

    private void print(long done, long now) {
        out.print("\r" + line(done, now - startNanos) + "\u001b[K");
        out.flush();
        printed = true;
    }

    boolean hasPrinted() {
        return printed;
    }
}
