package dev.ladder.server.cli;

import dev.ladder.binance.DepthSync;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.Venue;
import dev.ladder.journal.JournalReader;
import dev.ladder.journal.ProgressMeter;
import dev.ladder.journal.ReplayTarget;
import dev.ladder.journal.StreamInfo;
import dev.ladder.server.http.ServerConfig;
import dev.ladder.server.node.ReplayFeed;
import dev.ladder.server.replay.JournalReplay;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ladder replay DIR}: rebuilds books from a journal, from the book at {@code --from} (one
 * {@code #book} snapshot plus a short tail) through every record up to {@code --to}, paced by
 * {@code --speed}. Binance streams drive the same decoder and {@link DepthSync} as the live client.
 */
@Command(name = "replay",
        mixinStandardHelpOptions = true,
        description = {"Replay a journal: rebuild each stream's book at --from (nearest #book snapshot plus the records",
                "after it), then apply every record up to --to, --speed times real time (0 = as fast as possible).",
                "Prints each stream's final book (best prices, depth, update id, checksum). Progress on a terminal only.",
                "With --serve the replay drives the HTTP server as if live (books, SSE streams, /metrics, Betfair",
                "markets at /api/markets); after the end it keeps serving until Ctrl-C or --run-for."})
public final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The journal directory.")
    Path dir;

    @Option(names = "--stream", split = ",", paramLabel = "VENUE:SYMBOL", description = "Streams to replay (default: all).")
    List<String> streams = List.of();

    @Option(names = "--from", paramLabel = "T", description = "Start (default: the start); see ladder --help for time formats.")
    String from;

    @Option(names = "--to", paramLabel = "T", description = "End, inclusive (default: the end).")
    String to;

    @Option(names = "--speed", defaultValue = "0", description = "Speed factor; 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--serve", description = "Serve the replay over HTTP as if live (books, streams, metrics, Betfair markets).")
    boolean isServe;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "With --serve: address to bind (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "With --serve: HTTP port (default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--start-delay", defaultValue = "0", paramLabel = "SECONDS",
            description = "With --serve: wait this long after the server is up before replaying, so clients can connect (default ${DEFAULT-VALUE}).")
    long startDelay;

    @Option(names = "--wait-for-client",
            description = "With --serve: start replaying once a live-stream client is connected (after --start-delay).")
    boolean isWaitForClient;

    @Option(names = "--run-for", defaultValue = "0", paramLabel = "SECONDS",
            description = "With --serve: keep serving this long after the replay ended (default 0: until Ctrl-C).")
    long runFor;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long f;
        long t;
        List<InstrumentId> ids = new ArrayList<>();
        JournalReader reader = new JournalReader(dir);
        try {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("DIR " + dir + " is not a directory");
            }
            f = from == null ? Long.MIN_VALUE : Options.time(from, "--from");
            t = to == null ? Long.MAX_VALUE : Options.time(to, "--to");
            if (f > t) {
                throw new IllegalArgumentException("--from must not be after --to");
            }
            if (speed < 0 || Double.isNaN(speed)) {
                throw new IllegalArgumentException("--speed must be 0 (as fast as possible) or positive: " + speed);
            }
            for (String s : streams) {
                ids.add(InstrumentId.parse(s));
            }
            if (ids.isEmpty()) {
                ids.addAll(reader.streams());
            }
            if (startDelay < 0 || runFor < 0) {
                throw new IllegalArgumentException("--start-delay and --run-for must not be negative");
            }
        } catch (IllegalArgumentException e) {
            err.println("replay: " + e.getMessage());
            return 2;
        }
        long total = 0;
        if (f == Long.MIN_VALUE && t == Long.MAX_VALUE) {
            for (InstrumentId id : ids) {
                StreamInfo i = reader.info(id);
                total += i.records();
            }
        }
        ProgressMeter progress = ProgressMeter.forTerminal("replay", total);
        if (isServe) {
            return serve(out, err, reader, ids, f, t, progress);
        }
        JournalReplay.Result r = JournalReplay.replay(reader, ids, f, t, speed, progress);
        print(out, r);
        return 0;
    }

    private int serve(PrintWriter out, PrintWriter err, JournalReader reader, List<InstrumentId> ids, long f, long t,
                      ProgressMeter progress) throws IOException, InterruptedException {
        ServerConfig config;
        try {
            config = ServerConfig.loopback(port).withHost(host);
        } catch (IllegalArgumentException e) {
            err.println("replay: --port/--host: " + e.getMessage());
            return 2;
        }
        ReplayFeed feed;
        try {
            feed = ReplayFeed.start(ids, config);
        } catch (IOException e) {
            err.println("replay: " + e.getMessage() + " (--port " + port + ", --host " + host + ")");
            return 1;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            feed.close();
            stop.countDown();
        }, "replay-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        String base = "http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : host.contains(":") ? "[" + host + "]" : host)
                + ":" + feed.port() + "/";
        out.println("Ladder serving a replay of " + dir + " at " + base);
        out.println("  streams: " + String.join(", ", ids.stream().map(InstrumentId::toString).toList()));
        out.flush();
        if (startDelay > 0) {
            Thread.sleep(startDelay * 1000);
        }
        if (isWaitForClient) {
            out.println("  waiting for a stream client, e.g. curl -N '" + base + "api/books/"
                    + ids.stream().filter(i -> i.venue() != Venue.BETFAIR).findFirst().map(i -> i.venue().id() + "/" + i.symbol())
                    .orElse("{venue}/{symbol}") + "/stream'");
            out.flush();
            while (feed.streamClients() == 0) {
                Thread.sleep(20);
            }
        }
        JournalReplay.Result r = feed.replay(reader, ids, f, t, speed, progress);
        print(out, r);
        out.println("replay finished; still serving at " + base + (runFor > 0 ? " for " + runFor + " s" : " (Ctrl-C to stop)"));
        out.flush();
        if (runFor > 0) {
            stop.await(runFor, java.util.concurrent.TimeUnit.SECONDS);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                return 0;
            }
            feed.close();
            return 0;
        }
        stop.await();
        return 0;
    }

    private static void print(PrintWriter out, JournalReplay.Result r) {
        for (dev.ladder.journal.Damage d : r.damage()) {
            out.println("skipped damaged data: " + d);
        }
        for (Map.Entry<InstrumentId, ReplayTarget> e : r.targets().entrySet()) {
            out.println(JournalReplay.describe(e.getKey(), e.getValue(), r.records().get(e.getKey())));
        }
        out.printf(Locale.ROOT, "replayed %d records in %.3f s (%,.0f records/s)%n", r.total(), r.nanos() / 1e9,
                r.total() / Math.max(1e-9, r.nanos() / 1e9));
        out.flush();
    }

}
