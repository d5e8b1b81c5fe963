package dev.ladder.server.cli;

import dev.ladder.betfair.sim.BetfairSimulator;
import dev.ladder.betfair.sim.BetfairSimulatorConfig;
import dev.ladder.betfair.sim.SimMarketModel;
import dev.ladder.core.Clock;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ladder sim betfair}: a Betfair-compatible Exchange Stream server (CRLF JSON over TCP, TLS
 * with a key store), fed by model markets or by replayed historical files, until interrupted.
 */
@Command(name = "betfair",
        mixinStandardHelpOptions = true,
        description = "Run a Betfair-compatible Exchange Stream server (authentication, marketSubscription with "
                + "filters, heartbeats, conflation, segmentation, clk re-subscription) fed by model markets or "
                + "replayed historical files (.bz2/.gz/plain); prints its address and runs until Ctrl-C.")
final class BetfairSimCommand implements Callable<Integer> {
    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0", description = "Port to bind; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--replay", arity = "1..*", paramLabel = "FILE",
            description = "Replay these historical files (one mcm per line) instead of model markets.")
    List<Path> replay = List.of();

    @Option(names = "--speed", paramLabel = "X", defaultValue = "1",
            description = "Replay speed factor by publish time; 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--start-now", description = "Replay at once instead of waiting for the first subscriber.")
    boolean isStartNow;

    @Option(names = "--markets", paramLabel = "N", defaultValue = "3", description = "Model markets when not replaying (default: ${DEFAULT-VALUE}).")
    int markets;

    @Option(names = "--runners", paramLabel = "N", defaultValue = "8", description = "Runners per model market (default: ${DEFAULT-VALUE}).")
    int runners;

    @Option(names = "--tick-ms", paramLabel = "MS", defaultValue = "200", description = "Model step in milliseconds (default: ${DEFAULT-VALUE}).")
    long tickMillis;

    @Option(names = "--in-play-after", paramLabel = "STEPS", defaultValue = "300",
            description = "Model steps before a market turns in play; 0 = never (default: ${DEFAULT-VALUE}).")
    int inPlayAfter;

    @Option(names = "--settle-after", paramLabel = "STEPS", defaultValue = "0",
            description = "Model steps before a market settles; 0 = never (default: ${DEFAULT-VALUE}).")
    int settleAfter;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1", description = "Seed of the model (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--app-key", paramLabel = "KEY", description = "Accept only this app key (default: any non-empty).")
    String appKey;

    @Option(names = "--session", paramLabel = "TOKEN", description = "Accept only this session token (default: any non-empty).")
    String session;

    @Option(names = "--tls-keystore", paramLabel = "P12", description = "Speak TLS with the certificate in this PKCS#12 key store.")
    Path keyStore;

    @Option(names = "--tls-password", paramLabel = "PASSWORD", defaultValue = "", description = "Password of --tls-keystore.")
    String keyStorePassword;

    @Option(names = "--segment-bytes", paramLabel = "BYTES", defaultValue = "65536",
            description = "Split change messages larger than this when segmentation is on (default: ${DEFAULT-VALUE}).")
    int segmentBytes;

    @Option(names = "--max-markets", paramLabel = "N", defaultValue = "200",
            description = "Markets per subscription before SUBSCRIPTION_LIMIT_EXCEEDED (default: ${DEFAULT-VALUE}).")
    int maxMarkets;

    @Option(names = "--min-heartbeat-ms", paramLabel = "MS", defaultValue = "500",
            description = "Lower bound of a requested heartbeatMs (default: ${DEFAULT-VALUE}).")
    long minHeartbeatMs;

    @Option(names = "--disconnect-every-s", paramLabel = "SECONDS", defaultValue = "0",
            description = "Fault: drop every connection every N seconds; 0 = never (default: ${DEFAULT-VALUE}).")
    long disconnectEverySeconds;

    @Option(names = "--stall-every-s", paramLabel = "SECONDS", defaultValue = "0",
            description = "Fault: stall every connection (no data, no heartbeats) every N seconds; 0 = never.")
    long stallEverySeconds;

    @Option(names = "--stall-ms", paramLabel = "MS", defaultValue = "15000", description = "Length of a stall (default: ${DEFAULT-VALUE}).")
    long stallMillis;

    @Option(names = "--garbage-every-s", paramLabel = "SECONDS", defaultValue = "0",
            description = "Fault: send a line that is not JSON every N seconds; 0 = never.")
    long garbageEverySeconds;

    @Option(names = "--fail-auth", paramLabel = "ERROR_CODE",
            description = "Fault: refuse every authentication with this code (e.g. INVALID_SESSION_INFORMATION).")
    String failAuth;

    @Override
    public Integer call() throws Exception {
        BetfairSimulator sim;
        try {
            sim = start(System.out);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stop.countDown();
        }, "betfair-sim-shutdown"));
        stop.await();
        return 0;
    }

    /**
     * Starts the simulator as configured and prints where it listens.
     *
     * @throws IllegalArgumentException on a bad option (the message names it)
     * @throws IOException when the port or key store cannot be used
     */
    BetfairSimulator start(PrintStream out) throws IOException {
        for (Path p : replay) {
            if (!Files.isReadable(p)) {
                throw new IllegalArgumentException("--replay: cannot read " + p);
            }
        }
        if (keyStore != null && !Files.isReadable(keyStore)) {
            throw new IllegalArgumentException("--tls-keystore: cannot read " + keyStore);
        }
        if (tickMillis < 1) {
            throw new IllegalArgumentException("--tick-ms must be >= 1");
        }
        BetfairSimulatorConfig cfg = BetfairSimulatorConfig.defaults().withPort(port)
                .withLimits(segmentBytes, maxMarkets, 100_000, minHeartbeatMs).withCredentials(appKey, session);
        cfg = new BetfairSimulatorConfig(host, cfg.port(), keyStore, keyStore == null ? null : keyStorePassword,
                cfg.appKey(), cfg.sessionToken(), cfg.segmentBytes(), cfg.maxMarketsPerSubscription(),
                cfg.logCapacity(), cfg.minHeartbeatMs(), cfg.authTimeout());
        BetfairSimulator sim = new BetfairSimulator(cfg, Clock.system()).start();
        if (replay.isEmpty()) {
            for (int i = 0; i < markets; i++) {
                sim.addModel(new SimMarketModel(String.format("1.9%08d", i + 1), i % 2 == 0 ? "7" : "4339", runners,
                        10, inPlayAfter, settleAfter, 0.01, seed + i));
            }
            sim.runModels(Duration.ofMillis(tickMillis));
        } else {
            for (Path p : replay) {
                sim.replay(p, speed, !isStartNow);
            }
        }
        if (failAuth != null) {
            sim.failAuthentication(failAuth);
        }
        every(sim, disconnectEverySeconds, sim::disconnectAll);
        every(sim, stallEverySeconds, () -> sim.stallAll(Duration.ofMillis(stallMillis)));
        every(sim, garbageEverySeconds, () -> sim.sendGarbage("this line is not JSON"));
        out.printf("Betfair stream simulator on %s:%d (%s)%n", host, sim.port(), keyStore == null ? "plain TCP" : "TLS");
        out.printf("  source: %s%n", replay.isEmpty() ? markets + " model market(s), step every " + tickMillis + " ms"
                : "replay of " + replay + " at speed " + (speed <= 0 ? "max" : speed)
                + (isStartNow ? "" : ", starting with the first subscription"));
        out.printf("  auth: appKey %s, session %s%n", appKey == null ? "any" : "'" + appKey + "'",
                session == null ? "any" : "'" + session + "'");
        out.println("  try: printf '{\"op\":\"authentication\",\"id\":1,\"appKey\":\"k\",\"session\":\"s\"}\\r\\n"
                + "{\"op\":\"marketSubscription\",\"id\":2,\"marketFilter\":{}}\\r\\n' | nc " + host + " " + sim.port());
        out.flush();
        return sim;
    }

    private static void every(BetfairSimulator sim, long seconds, Runnable fault) {
        if (seconds <= 0) {
            return;
        }
        Thread.ofVirtual().name("betfair-sim-fault").start(() -> {
            try {
                while (!sim.isClosed()) {
                    Thread.sleep(Duration.ofSeconds(seconds));
                    if (!sim.isClosed()) {
                        fault.run();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
