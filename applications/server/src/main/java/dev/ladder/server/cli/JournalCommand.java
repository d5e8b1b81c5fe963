package dev.ladder.server.cli;

import dev.ladder.server.record.BinanceJournaler;
import dev.ladder.server.replay.BinanceBookTarget;
import dev.ladder.server.replay.JournalReplay;
import dev.ladder.binance.CaptureMessage;
import dev.ladder.binance.CaptureReader;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.Venue;
import dev.ladder.journal.Journal;
import dev.ladder.journal.JournalConfig;
import dev.ladder.journal.JournalCursor;
import dev.ladder.journal.JournalReader;
import dev.ladder.journal.JournalVerifier;
import dev.ladder.journal.JournalWriter;
import dev.ladder.journal.ProgressMeter;
import dev.ladder.journal.RecordKind;
import dev.ladder.journal.StreamInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            if (!Files.isDirectory(dir)) {
                spec.commandLine().getErr().println("journal verify: " + dir + " is not a directory");
                return 2;
            }
            JournalVerifier.Report r = JournalVerifier.verify(dir);
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

        @Option(names = "--from", paramLabel = "T", description = "First receive time: epoch ns or ISO instant (default: the start).")
        String from;

        @Option(names = "--to", paramLabel = "T", description = "Last receive time: epoch ns or ISO instant (default: the end).")
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

    /** {@code ladder journal import FILE... --data DIR}. */
    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Import Binance captures (hftbacktest <ns> <json> lines, cryptofeed ws/http pairs; gzip or plain) into a",
                    "journal as a recorder would have written them: raw frames per symbol, REST snapshots as #snapshot lines,",
                    "and a #book line of the rebuilt book every --book-every of receive time."})
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Capture files.")
        List<Path> files;

        @Option(names = "--data", required = true, paramLabel = "DIR", description = "The journal directory (created).")
        Path data;

        @Option(names = "--futures", description = "USD-M futures (when the capture does not say).")
        boolean isFutures;

        @Option(names = "--symbol", description = "Symbol of snapshots that name none (default: the only symbol seen).")
        String symbol;

        @Option(names = "--book-every", defaultValue = "10s", description = "#book period per stream, e.g. 10s, 500ms (default: ${DEFAULT-VALUE}).")
        String bookEvery;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            long bookNanos;
            try {
                bookNanos = Options.duration(bookEvery, "--book-every").toNanos();
                if (bookNanos <= 0) {
                    throw new IllegalArgumentException("--book-every must be positive");
                }
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("journal import: " + e.getMessage());
                return 2;
            }
            record Stream(JournalWriter writer, BinanceBookTarget book, long[] lastBook) {
            }
            Map<InstrumentId, Stream> streams = new LinkedHashMap<>();
            long n = 0;
            long skipped = 0;
            long start = System.nanoTime();
            ProgressMeter progress = ProgressMeter.forTerminal("import", 0);
            try (Journal journal = Journal.open(JournalConfig.defaults(data));
                 CaptureReader in = files.size() == 1 ? CaptureReader.open(files.getFirst())
                         : CaptureReader.openAll(files)) {
                CaptureMessage m;
                while ((m = in.next()) != null) {
                    Venue venue = m.venue() != null ? m.venue() : isFutures ? Venue.BINANCE_FUTURES : Venue.BINANCE;
                    String sym = m.isSnapshot() ? m.symbol() : BinanceJournaler.streamSymbol(m.json());
                    if (sym == null && m.isSnapshot()) {
                        sym = symbol != null ? symbol.toUpperCase(Locale.ROOT) : streams.size() == 1 ? streams.keySet().iterator().next().symbol() : null;
                    }
                    if (sym == null) {
                        skipped++;
                        continue;
                    }
                    InstrumentId id = InstrumentId.of(venue, sym);
                    Stream st = streams.get(id);
                    if (st == null) {
                        st = new Stream(journal.writer(id), new BinanceBookTarget(id.symbol(), venue == Venue.BINANCE_FUTURES),
                                new long[] {Long.MIN_VALUE / 2});
                        streams.put(id, st);
                    }
                    long ns = m.receiveTimeNanos();
                    if (ns - st.lastBook()[0] >= bookNanos && st.book().sync().isSynced()) {
                        st.writer().appendBook(ns, BinanceBookTarget.blob(st.book().book(), st.book().sync().lastUpdateId()));
                        st.lastBook()[0] = ns;
                    }
                    String json = m.json().replace('\n', ' ').replace('\r', ' ');
                    if (m.isSnapshot()) {
                        st.writer().appendMarker(ns, RecordKind.SNAPSHOT, json);
                        st.book().onSnapshot(json, ns);
                    } else {
                        byte[] raw = json.getBytes(StandardCharsets.UTF_8);
                        st.writer().append(ns, raw);
                        st.book().onMessage(raw, 0, raw.length, ns);
                    }
                    if ((++n & 1023) == 0) {
                        progress.update(n);
                    }
                }
                progress.finish(n);
                for (Map.Entry<InstrumentId, Stream> e : streams.entrySet()) {
                    out.println(JournalReplay.describe(e.getKey(), e.getValue().book(), e.getValue().writer().nextSeq()));
                }
            }
            double secs = (System.nanoTime() - start) / 1e9;
            out.printf(Locale.ROOT, "imported %d messages into %d streams in %.2f s (%,.0f/s); %d skipped (no symbol)%n",
                    n, streams.size(), secs, n / Math.max(1e-9, secs), skipped);
            out.flush();
            return 0;
        }
    }

}
