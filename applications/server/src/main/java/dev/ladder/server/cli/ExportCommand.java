package dev.ladder.server.cli;

import dev.ladder.core.InstrumentId;
import dev.ladder.journal.JournalReader;
import dev.ladder.journal.ProgressMeter;
import dev.ladder.journal.StreamInfo;
import dev.ladder.server.export.BetfairHistoricalExport;
import dev.ladder.server.export.CaptureExport;
import dev.ladder.server.export.TardisCsvExport;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ladder export csv|betfair DIR --stream VENUE:SYMBOL}: writes a journal stream in a
 * standard format ({@link TardisCsvExport}, {@link BetfairHistoricalExport}) to {@code --out}
 * (gzip when it ends in {@code .gz}) or standard output. Progress on a terminal only. Exit codes: 0
 * written; 1 the journal cannot be read or the file written; 2 a usage error (bad time, unknown
 * stream, wrong venue for the format).
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export a journal stream: csv (tardis.dev incremental_book_L2), betfair (historical data lines) or capture (<ns> <json> lines).",
        subcommands = {ExportCommand.Csv.class, ExportCommand.Betfair.class, ExportCommand.Capture.class})
final class ExportCommand {
    private ExportCommand() {
    }

    /** The options both formats share. */
    abstract static class Base implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR", description = "The journal directory.")
        Path dir;

        @Option(names = "--stream", required = true, paramLabel = "VENUE:SYMBOL", description = "The stream, e.g. binance:BTCUSDT or betfair:1.185781277.")
        String stream;

        @Option(names = "--from", paramLabel = "T", description = "Start (receive time; default: the start); see ladder --help for time formats.")
        String from;

        @Option(names = "--to", paramLabel = "T", description = "End, inclusive (default: the end).")
        String to;

        @Option(names = "--out", paramLabel = "FILE", description = "Output file (gzip when it ends in .gz; default: standard output).")
        Path outFile;

        abstract String format();

        abstract String export(JournalReader reader, InstrumentId id, long f, long t, Writer w, ProgressMeter p) throws IOException;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            String name = "export " + format();
            InstrumentId id;
            long f;
            long t;
            java.util.List<dev.ladder.journal.Damage> skipped = new java.util.ArrayList<>();
            JournalReader reader = new JournalReader(dir).onDamage(skipped::add);
            StreamInfo info;
            try {
                if (!Files.isDirectory(dir)) {
                    throw new IllegalArgumentException("DIR " + dir + " is not a directory");
                }
                id = InstrumentId.parse(stream);
                if (id.venue() != dev.ladder.core.Venue.BETFAIR) {
                    id = InstrumentId.of(id.venue(), id.symbol().toUpperCase(Locale.ROOT));
                }
                f = from == null ? Long.MIN_VALUE : Options.time(from, "--from");
                t = to == null ? Long.MAX_VALUE : Options.time(to, "--to");
                if (f > t) {
                    throw new IllegalArgumentException("--from must not be after --to");
                }
                if (!reader.streams().contains(id)) {
                    throw new IllegalArgumentException("no stream " + id + " in " + dir + "; streams: "
                            + String.join(", ", reader.streams().stream().map(InstrumentId::toString).toList()));
                }
                info = reader.info(id);
            } catch (IllegalArgumentException e) {
                err.println(name + ": " + e.getMessage());
                err.flush();
                return 2;
            } catch (IOException e) {
                err.println(name + ": " + e.getMessage());
                err.flush();
                return 1;
            }
            ProgressMeter progress = ProgressMeter.forTerminal("export", f == Long.MIN_VALUE && t == Long.MAX_VALUE ? info.records() : 0);
            long start = System.nanoTime();
            String summary;
            try {
                if (outFile == null) {
                    Writer w = spec.commandLine().getOut();
                    summary = export(reader, id, f, t, w, progress);
                    w.flush();
                } else {
                    try (OutputStream os = Files.newOutputStream(outFile);
                         OutputStream z = outFile.toString().endsWith(".gz") ? new GZIPOutputStream(os, 1 << 16) : os;
                         Writer w = new BufferedWriter(new OutputStreamWriter(z, StandardCharsets.UTF_8), 1 << 16)) {
                        summary = export(reader, id, f, t, w, progress);
                    }
                }
            } catch (IllegalArgumentException e) {
                err.println(name + ": " + e.getMessage());
                err.flush();
                return 2;
            } catch (IOException e) {
                err.println(name + ": " + e.getMessage());
                err.flush();
                return 1;
            }
            for (dev.ladder.journal.Damage d : skipped) {
                err.println(name + ": skipped damaged data: " + d);
            }
            err.printf(Locale.ROOT, "%s: %s %s in %.2f s%s%s%n", name, id, summary, (System.nanoTime() - start) / 1e9,
                    outFile == null ? "" : " to " + outFile,
                    skipped.isEmpty() ? "" : "; " + skipped.size() + " damaged range(s) skipped: the export has holes there");
            err.flush();
            return 0;
        }

    }

    @Command(name = "csv", mixinStandardHelpOptions = true,
            description = {"Binance stream as tardis.dev incremental_book_L2 CSV: exchange,symbol,timestamp,local_timestamp,",
                    "is_snapshot,side,price,amount (times in microseconds; snapshot rows at the start and at each resync;",
                    "amount 0 removes the level; exact decimals)."})
    static final class Csv extends Base {
        @Override
        String format() {
            return "csv";
        }

        @Override
        String export(JournalReader reader, InstrumentId id, long f, long t, Writer w, ProgressMeter p) throws IOException {
            return TardisCsvExport.export(reader, id, f, t, w, p) + " rows";
        }
    }

    @Command(name = "betfair", mixinStandardHelpOptions = true,
            description = {"Betfair stream as Betfair historical data lines {\"op\":\"mcm\",\"clk\",\"pt\",\"mc\":[...]}; each market's",
                    "first change is a full image (img:true with marketDefinition)."})
    static final class Betfair extends Base {
        @Override
        String format() {
            return "betfair";
        }

        @Override
        String export(JournalReader reader, InstrumentId id, long f, long t, Writer w, ProgressMeter p) throws IOException {
            BetfairHistoricalExport.Result r = BetfairHistoricalExport.export(reader, id, f, t, w, p);
            return r.lines() + " lines (" + r.images() + " market images, " + r.malformed() + " malformed skipped)";
        }
    }

    @Command(name = "capture", mixinStandardHelpOptions = true,
            description = {"Binance stream as an hftbacktest-style capture (<receive ns> <json> lines: raw frames and REST snapshots),",
                    "readable by ladder book and by ladder sim binance --replay FILE; with --from, the book there comes first as a snapshot."})
    static final class Capture extends Base {
        @Override
        String format() {
            return "capture";
        }

        @Override
        String export(JournalReader reader, InstrumentId id, long f, long t, Writer w, ProgressMeter p) throws IOException {
            return CaptureExport.export(reader, id, f, t, w, p) + " lines";
        }
    }
}
