package dev.ladder.server.cli;

import dev.ladder.betfair.BetfairBookJson;
import dev.ladder.betfair.BetfairCacheConfig;
import dev.ladder.betfair.BetfairMarket;
import dev.ladder.betfair.BetfairMarketCache;
import dev.ladder.betfair.BetfairParallelReplay;
import dev.ladder.betfair.BetfairReplay;
import dev.ladder.betfair.BetfairRunnerDefinition;
import dev.ladder.book.ladder.LevelLadder;
import dev.ladder.book.ladder.PriceSizeLadder;
import dev.ladder.book.ladder.RunnerLadder;
import dev.ladder.core.Times;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ladder book FILE... --venue betfair}: replays Betfair historical files (plain, .gz, .bz2, or
 * Betfair's .tar of those) and prints the market books as of the end, or as of the last message with
 * publish time {@code pt <= --at}.
 *
 * <p>JSON ({@code --json}): one object per market per line,
 * {@code {"marketId","pt","status","inPlay","tv","runners":[{"id","hc","status","ltp","tv","atb":[["price","size"],...],
 * "atl","trd","batb":[[level,"price","size"],...],"batl","bdatb","bdatl","spb","spl","spn","spf"}]}}, best first
 * (atb highest price first, atl lowest first, trd by price ascending), exact decimals as strings.
 * Without {@code --json}: a readable ladder per market (best three back and lay prices per runner).
 *
 * <p>Files are replayed on every core, one file per thread ({@link BetfairParallelReplay}: the same books as one
 * cache fed the files in order). Malformed lines never stop the replay: each is reported on {@code err} as {@code file:line: reason}
 * (the first {@value #MAX_PRINTED_ERRORS}, then a count) and a summary line follows. Exit codes: 0 printed
 * (even with malformed lines); 1 a file cannot be read, or no market was found; 2 {@code --market} names a
 * market the files do not hold.
 */
final class BetfairBookPrinter {
    static final int MAX_PRINTED_ERRORS = 20;

    private BetfairBookPrinter() {
    }

    /** {@link #print(List, String, Long, boolean, BetfairCacheConfig, PrintWriter, PrintWriter)} with runner tv as sent. */
    static int print(List<Path> files, String marketId, Long atMillis, boolean json, PrintStream out, PrintStream err) {
        PrintWriter o = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), false);
        PrintWriter e = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        try {
            return print(files, marketId, atMillis, json, BetfairCacheConfig.keepAll(), o, e);
        } finally {
            o.flush();
            e.flush();
        }
    }

    /** {@link #print(List, String, Long, boolean, BetfairCacheConfig, PrintWriter, PrintWriter)} with runner tv as sent. */
    static int print(List<Path> files, String marketId, Long atMillis, boolean json, PrintWriter out, PrintWriter err) {
        return print(files, marketId, atMillis, json, BetfairCacheConfig.keepAll(), out, err);
    }

    /**
     * Replays {@code files} and prints the books.
     *
     * @param marketId {@code null}: every market
     * @param atMillis {@code null}: to the end; else stop each file after its last message with {@code pt <= atMillis}
     * @param config   cache options (e.g. {@code keepAll().withCumulativeRunnerTv(true)} for PRO files); its
     *                 eviction setting is overridden so that every market is still there to print
     */
    static int print(List<Path> files, String marketId, Long atMillis, boolean json, BetfairCacheConfig config,
                     PrintWriter out, PrintWriter err) {
        int[] printed = {0};
        BetfairReplay.Result result;
        BetfairMarketCache cache;
        try {
            BetfairParallelReplay.Outcome o = BetfairParallelReplay.run(files, config.withClosedGraceMillis(Long.MAX_VALUE),
                    Runtime.getRuntime().availableProcessors(), atMillis == null ? Long.MAX_VALUE : atMillis, e -> {
                        if (printed[0]++ < MAX_PRINTED_ERRORS) {
                            err.println("ladder book: malformed line " + e);
                        }
                    });
            result = o.result();
            cache = o.cache();
        } catch (IOException | RuntimeException e) {
            err.println("ladder book: cannot read " + files + ": " + e.getMessage());
            return 1;
        }
        if (result.malformed() > MAX_PRINTED_ERRORS) {
            err.println("ladder book: ... and " + (result.malformed() - MAX_PRINTED_ERRORS) + " more malformed lines");
        }
        String what = files.size() == 1 ? files.getFirst().toString() : files.size() + " files";
        err.println("ladder book: " + what + ": " + result.lines() + " lines, " + result.messages() + " messages applied, "
                + result.malformed() + " malformed, " + cache.size() + " markets"
                + (atMillis == null ? "" : " up to pt " + atMillis + " (" + Times.formatMillis(atMillis) + ")"));
        List<BetfairMarket> chosen = new ArrayList<>();
        if (marketId != null) {
            BetfairMarket m = cache.market(marketId);
            if (m == null) {
                err.println("ladder book: market " + marketId + " is not in " + what
                        + (atMillis == null ? "" : " up to " + Times.formatMillis(atMillis)));
                return 2;
            }
            chosen.add(m);
        } else {
            chosen.addAll(cache.markets());
        }
        if (chosen.isEmpty()) {
            err.println("ladder book: no market found in " + what + (atMillis == null ? "" : " up to " + Times.formatMillis(atMillis)));
            return 1;
        }
        if (json) {
            printJson(chosen, out);
        } else {
            for (BetfairMarket m : chosen) {
                printText(m, out);
            }
        }
        out.flush();
        return 0;
    }

    /**
     * One line per market, in order; the lines are made on every core, a batch of markets at a time
     * (thousands of markets print in a fraction of the time one thread takes).
     */
    private static void printJson(List<BetfairMarket> markets, PrintWriter out) {
        int batch = 64;
        List<List<BetfairMarket>> batches = new ArrayList<>();
        for (int from = 0; from < markets.size(); from += batch) {
            batches.add(markets.subList(from, Math.min(markets.size(), from + batch)));
        }
        byte[] newline = System.lineSeparator().getBytes(StandardCharsets.US_ASCII);
        batches.parallelStream().map(ms -> {
            BetfairBookJson.Bytes line = new BetfairBookJson.Bytes(4096);
            ByteArrayOutputStream text = new ByteArrayOutputStream(ms.size() * 4096);
            for (BetfairMarket m : ms) {
                BetfairBookJson.toJson(m, line);
                text.write(line.array(), 0, line.length());
                text.write(newline, 0, newline.length);
            }
            return text;
        }).forEachOrdered(text -> CommandOut.writeUtf8(out, text.toByteArray(), 0, text.size()));
    }

    private static void printText(BetfairMarket m, PrintWriter out) {
        out.printf("%s %s%s pt %d (%s) tv %s%n", m.id(), m.status(), m.isInPlay() ? " in-play" : "", m.publishTime(),
                m.publishTime() < 0 ? "-" : Times.formatMillis(m.publishTime()), BetfairBookJson.decimal(m.tv()));
        out.printf("  %-12s %6s %-8s %7s %12s   %-44s | %s%n", "selection", "hc", "status", "ltp", "tv",
                "back (best first)", "lay (best first)");
        for (int i = 0; i < m.runners().size(); i++) {
            RunnerLadder r = m.runners().get(i);
            BetfairRunnerDefinition d = m.runnerDefinition(i);
            String ltp = BetfairBookJson.price(r.ltp());
            out.printf("  %-12d %6s %-8s %7s %12s   %-44s | %s%n", r.selectionId(), BetfairBookJson.decimal(r.handicap()),
                    d == null ? "-" : d.status(), ltp == null ? "-" : ltp, BetfairBookJson.decimal(r.tv()),
                    side(r.atb(), r.bdatb(), r.batb()), side(r.atl(), r.bdatl(), r.batl()));
        }
    }

    /** The best three of the full ladder, else of the display ladder, else of the best-offers ladder. */
    private static String side(PriceSizeLadder full, LevelLadder display, LevelLadder best) {
        StringBuilder sb = new StringBuilder();
        if (!full.isEmpty()) {
            for (int l = 0; l < Math.min(3, full.depth()); l++) {
                sb.append(l == 0 ? "" : "  ").append(BetfairBookJson.decimal(full.price(l))).append('@')
                        .append(BetfairBookJson.decimal(full.size(l)));
            }
            return sb.toString();
        }
        LevelLadder levels = !display.isEmpty() ? display : best;
        for (int i = 0; i < Math.min(3, levels.count()); i++) {
            sb.append(i == 0 ? "" : "  ").append(BetfairBookJson.decimal(levels.priceAt(i))).append('@')
                    .append(BetfairBookJson.decimal(levels.sizeAt(i)));
        }
        return sb.isEmpty() ? "-" : sb.toString();
    }
}
