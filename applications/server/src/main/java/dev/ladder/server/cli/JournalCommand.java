package dev.ladder.server.cli;

import dev.ladder.core.InstrumentId;
import dev.ladder.core.Venue;
import dev.ladder.journal.Journal;
import dev.ladder.journal.JournalConfig;
import dev.ladder.journal.JournalCursor;
import dev.ladder.journal.JournalReader;
import dev.ladder.journal.JournalVerifier;
import dev.ladder.journal.ProgressMeter;
import dev.ladder.journal.StreamInfo;
import dev.ladder.server.record.JournalImport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ladder journal verify|ls|cat DIR}: inspect recordings. */
@Command(name = "journal",
        mixinStandardHelpOptions = true,
        description = "Inspect journals (recordings): verify, ls, cat; import Binance captures.",
        subcommands = {JournalCommand.Verify.class, JournalCommand.Ls.class, JournalCommand.Cat.class, JournalCommand.Import.class})
final class JournalCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("name a subcommand: ladder journal verify|ls|cat|import (--help)");
        return 2;
    }

    /** {@code ladder journal verify DIR}. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check every segment and index: lines well formed, receive times non-decreasing per stream,",
                    "sequence numbers contiguous, compressed frames decompress to what the index says, index entries",
                    "point at line starts. Exit 1 on damage (each finding names the file and offset), 0 otherwise;",
                    "a torn tail in an open segment (cut on the next open) is a warning."})
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR", description = "The journal directory.")
        Path dir;

        @Option(names = "--repair", description = "Rebuild missing or damaged indexes from their segments first (never while a recorder has the journal open); data files are not changed.")
        boolean isRepair;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            if (!Files.isDirectory(dir)) {
                spec.commandLine().getErr().println("journal verify: " + dir + " is not a directory");
                return 2;
            }
            JournalVerifier.Report r = isRepair ? JournalVerifier.repair(dir) : JournalVerifier.verify(dir);
            for (String repaired : r.repairs()) {
                out.println("repaired: " + repaired);
            }
            for (JournalVerifier.Problem p : r.problems()) {
                out.println(p);
            }
            out.printf(Locale.ROOT, "%s: %d streams, %d segments, %d lines: %s%n", dir, r.streams(), r.segments(), r.lines(),
                    r.isOk() ? "OK" : "DAMAGED");
            return r.isOk() ? 0 : 1;
        }
    }

    /** {@code ladder journal ls DIR}. */
    @Command(name = "ls", mixinStandardHelpOptions = true,
            description = "List streams with their time ranges, record counts, segments and sizes.")
    static final class Ls implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR", description = "The journal directory.")
        Path dir;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            if (!Files.isDirectory(dir)) {
                spec.commandLine().getErr().println("journal ls: " + dir + " is not a directory");
                return 2;
            }
            out.printf(Locale.ROOT, "%-28s %-30s %-30s %12s %9s %12s %12s%n", "STREAM", "FROM", "TO", "RECORDS", "SEGMENTS", "DISK", "RAW");
            for (StreamInfo i : new JournalReader(dir).list()) {
                out.printf(Locale.ROOT, "%-28s %-30s %-30s %12d %4d/%-4d %12s %12s%n", i.stream(), Options.instant(i.firstNs()), Options.instant(i.lastNs()),
                        i.records(), i.sealedSegments(), i.segments(), Options.bytes(i.diskBytes()), Options.bytes(i.rawBytes()));
            }
            return 0;
        }
    }

    /** {@code ladder journal cat DIR STREAM}. */
    @Command(name = "cat", mixinStandardHelpOptions = true,
            description = "Print a stream's lines (as stored: <receive ns> <message> or <receive ns> #<marker> <payload>).")
    static final class Cat implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR", description = "The journal directory.")
        Path dir;

        @Parameters(index = "1", paramLabel = "STREAM", description = "venue:symbol, e.g. binance:BTCUSDT.")
        String stream;

        @Option(names = "--from", paramLabel = "T", description = "First receive time (default: the start); see ladder --help for time formats.")
        String from;

        @Option(names = "--to", paramLabel = "T", description = "Last receive time (default: the end).")
        String to;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            InstrumentId id;
            long f;
            long t;
            try {
                id = Options.stream(stream, "STREAM");
                f = from == null ? Long.MIN_VALUE : Options.time(from, "--from");
                t = to == null ? Long.MAX_VALUE : Options.time(to, "--to");
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("journal cat: " + e.getMessage());
                return 2;
            }
            try (JournalCursor c = new JournalReader(dir).cursor(id, f, t)) {
                while (c.next()) {
                    out.println(c.line());
                }
            }
            out.flush();
            return 0;
        }
    }

    /** {@code ladder journal import FILE... --data DIR [--venue V]}. */
    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Import recordings made elsewhere into a journal, as a recorder would have written them.",
                    "Binance captures (hftbacktest <ns> <json> lines, cryptofeed ws/http pairs): raw frames per symbol,",
                    "REST snapshots as #snapshot lines, a #book line of the rebuilt book every --book-every.",
                    "Betfair historical files (plain, gz, bz2, tar of those): one stream per market, received at pt.",
                    "The venue is told from the first file's content unless --venue says it."})
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Capture or historical files.")
        List<Path> files;

        @Option(names = "--data", required = true, paramLabel = "DIR", description = "The journal directory (created).")
        Path data;

        @Option(names = "--venue", paramLabel = "VENUE", description = "binance, binance-futures or betfair (default: from the content).")
        String venue;

        @Option(names = "--futures", description = "Binance USD-M futures (same as --venue binance-futures).")
        boolean isFutures;

        @Option(names = "--symbol", description = "Binance: symbol of snapshots that name none (default: the only symbol seen).")
        String symbol;

        @Option(names = "--book-every", defaultValue = "10s", description = "Binance: #book period per stream, e.g. 10s, 500ms (default: ${DEFAULT-VALUE}).")
        String bookEvery;

        @Option(names = "--segment-bytes", paramLabel = "N", description = "Seal a segment when it reaches N bytes (k, m, g suffixes; 64k..1g; default 64m).")
        String segmentBytes;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            long bookNanos;
            Venue v;
            JournalConfig config;
            try {
                bookNanos = Options.duration(bookEvery, "--book-every").toNanos();
                config = JournalConfig.defaults(data);
                if (segmentBytes != null) {
                    config = config.withSegments(Options.bytes(segmentBytes, "--segment-bytes"), JournalConfig.DEFAULT_SEGMENT_NANOS);
                }
                v = Options.venue(venue, isFutures, files);
            } catch (IllegalArgumentException e) {
                err.println("journal import: " + e.getMessage());
                return 2;
            }
            long start = System.nanoTime();
            ProgressMeter progress = ProgressMeter.forTerminal("import", 0);
            JournalImport.Result r;
            try (Journal journal = Journal.open(config)) {
                r = v == Venue.BETFAIR ? JournalImport.betfair(files, journal, progress)
                        : JournalImport.binance(files, journal, v == Venue.BINANCE_FUTURES, symbol, bookNanos, progress);
            } catch (IOException e) {
                err.println("journal import: " + e.getMessage());
                return 1;
            }
            r.streams().forEach(out::println);
            double secs = (System.nanoTime() - start) / 1e9;
            out.printf(Locale.ROOT, "imported %d messages into %d streams in %.2f s (%,.0f/s); %d skipped%s%n",
                    r.messages(), r.streams().size(), secs, r.messages() / Math.max(1e-9, secs), r.skipped(),
                    r.skipped() > 0 ? " (" + r.skippedReason() + ")" : "");
            out.flush();
            return 0;
        }
    }

}
