package dev.ladder.binance.sim;

import dev.ladder.binance.CaptureReader;
import dev.ladder.core.Venue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How a {@link BinanceSimulator} starts.
 *
 * @param host                 address to bind ({@code 127.0.0.1} in tests)
 * @param port                 port to bind; 0 picks a free one (see {@link BinanceSimulator#port()})
 * @param venue                {@link Venue#BINANCE} serves spot ({@code /api/v3/...}, spot message shapes);
 *                             {@link Venue#BINANCE_FUTURES} serves USD-M futures ({@code /fapi/v1/...},
 *                             {@code pu}/{@code T} fields, futures depth limits and weights)
 * @param symbols              upper-case symbols of the market model (ignored in replay mode, where the
 *                             capture decides)
 * @param seed                 seed of the market model and of fault draws: the same seed gives the same books
 * @param levelsPerSide        the model keeps about this many levels per side (keep it under the
 *                             client's snapshot limit for exact equality)
 * @param tick                 the model's step; {@code @depth@100ms} streams publish every tick when it is 100 ms
 * @param replayFiles          captures to replay instead of the model (empty: model)
 * @param replaySpeed          replay speed factor (1 = real time, 10 = ten times faster; 0 or less: as fast as possible)
 * @param pingInterval         how often the server pings each websocket (Binance: 20 s)
 * @param weightLimitPerMinute REST request weight per minute before answering 429 (Binance spot 6000, futures 2400)
 * @param faults               faults switched on at start
 * @param isStartPaused        {@code true}: the model does not move until {@link BinanceSimulator#resume()}
 * @param connectionLifetime   each websocket is closed (1001, "connection lifetime reached") this long after it
 *                             opened, as Binance does at 24 h
 * @param hasFaultRoutes       {@code true}: the {@code POST /sim/...} control routes (pause, resume, close, stall,
 *                             reject, faults) answer; off by default, since they accept writes from anyone who
 *                             can reach the port ({@code ladder sim binance --faults} turns them on). The Java
 *                             fault methods work either way.
 */
public record SimulatorConfig(String host, int port, Venue venue, List<String> symbols, long seed,
                              int levelsPerSide, Duration tick, List<Path> replayFiles, double replaySpeed,
                              Duration pingInterval, int weightLimitPerMinute, FaultConfig faults,
                              boolean isStartPaused, Duration connectionLifetime, boolean hasFaultRoutes) {
    public SimulatorConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(venue, "venue");
        if (venue == Venue.BETFAIR) {
            throw new IllegalArgumentException("venue must be binance or binance-futures, not " + venue.id());
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be within 0..65535: " + port);
        }
        symbols = symbols.stream().map(s -> s.trim().toUpperCase(Locale.ROOT)).filter(s -> !s.isEmpty()).distinct().toList();
        replayFiles = List.copyOf(replayFiles);
        if (symbols.isEmpty() && replayFiles.isEmpty()) {
            throw new IllegalArgumentException("symbols must name at least one symbol when there is no replay file");
        }
        if (levelsPerSide < 1 || levelsPerSide > 5000) {
            throw new IllegalArgumentException("levelsPerSide must be within 1..5000: " + levelsPerSide);
        }
        if (tick.isNegative() || tick.toMillis() < 1) {
            throw new IllegalArgumentException("tick must be at least 1 ms: " + tick);
        }
        if (pingInterval.isNegative() || pingInterval.isZero()) {
            throw new IllegalArgumentException("pingInterval must be positive: " + pingInterval);
        }
        if (weightLimitPerMinute < 1) {
            throw new IllegalArgumentException("weightLimitPerMinute must be positive: " + weightLimitPerMinute);
        }
        Objects.requireNonNull(faults, "faults");
        if (connectionLifetime.isNegative() || connectionLifetime.isZero()) {
            throw new IllegalArgumentException("connectionLifetime must be positive: " + connectionLifetime);
        }
    }

    /** Spot on 127.0.0.1, a free port, seed 1, 300 levels per side, 100 ms ticks, no faults. */
    public static SimulatorConfig spot(List<String> symbols) {
        return new SimulatorConfig("127.0.0.1", 0, Venue.BINANCE, symbols, 1, 300, Duration.ofMillis(100),
                List.of(), 1.0, Duration.ofSeconds(20), 6000, FaultConfig.NONE, false, Duration.ofHours(24), false);
    }

    /** USD-M futures on 127.0.0.1, a free port, otherwise as {@link #spot}, weight limit 2400. */
    public static SimulatorConfig futures(List<String> symbols) {
        return spot(symbols).withVenue(Venue.BINANCE_FUTURES).withWeightLimitPerMinute(2400);
    }

    /**
     * Replays {@code files} (see {@link CaptureReader}) at {@code speed} as {@code venue} on 127.0.0.1
     * and a free port; the symbols are those with a depth snapshot in the capture.
     */
    public static SimulatorConfig replay(Venue venue, List<Path> files, double speed) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("replayFiles must name at least one file");
        }
        return new SimulatorConfig("127.0.0.1", 0, venue, List.of(), 1, 300, Duration.ofMillis(100), files, speed,
                Duration.ofSeconds(20), venue == Venue.BINANCE_FUTURES ? 2400 : 6000, FaultConfig.NONE, false,
                Duration.ofHours(24), false);
    }

    public boolean isFutures() {
        return venue == Venue.BINANCE_FUTURES;
    }

    public SimulatorConfig withHost(String h) {
        return new SimulatorConfig(h, port, venue, symbols, seed, levelsPerSide, tick, replayFiles, replaySpeed, pingInterval, weightLimitPerMinute, faults, isStartPaused, connectionLifetime, hasFaultRoutes);
    }

    public SimulatorConfig withPort(int p) {
        return new SimulatorConfig(host, p, venue, symbols, seed, levelsPerSide, tick, replayFiles, replaySpeed, pingInterval, weightLimitPerMinute, faults, isStartPaused, connectionLifetime, hasFaultRoutes);
    }

    public SimulatorConfig withVenue(Venue v) {
        return new SimulatorConfig(host, port, v, symbols, seed, levelsPerSide, tick, replayFiles, replaySpeed, pingInterval, weightLimitPerMinute, faults, isStartPaused, connectionLifetime, hasFaultRoutes);
    }

    public SimulatorConfig withSeed(long s) {
        return new SimulatorConfig(host, port, venue, symbols, s, levelsPerSide, tick, replayFiles, replaySpeed, pingInterval, weightLimitPerMinute, faults, isStartPaused, connectionLifetime, hasFaultRoutes);
    }

    public SimulatorConfig withLevelsPerSide(int n) {
        return new SimulatorConfig(host, port, venue, symbols, seed, n, tick, replayFiles, replaySpeed, pingInterval, weightLimitPerMinute, faults, isStartPaused, connectionLifetime, hasFaultRoutes);
    }

    public SimulatorConfig withTick(Duration t) {
        return new SimulatorConfig(host, port, venue, symbols, seed, levelsPerSide, t, replayFiles, replaySpeed, pingInterval, weightLimitPerMinute, faults, isStartPaused, connectionLifetime, hasFaultRoutes);
    }

    public SimulatorConfig withReplay(List<Path> files, double speed) {
        return new SimulatorConfig(host, port, venue, symbols, seed, levelsPerSide, tick, files, speed, pingInterval, weightLimitPerMinute, faults, isStartPaused, connectionLifetime, hasFaultRoutes);
    }

    public SimulatorConfig withPingInterval(Duration d) {
        return new SimulatorConfig(host, port, venue, symbols, seed, levelsPerSide, tick, replayFiles, replaySpeed, d, weightLimitPerMinute, faults, isStartPaused, connectionLifetime, hasFaultRoutes);
    }

    public SimulatorConfig withWeightLimitPerMinute(int w) {
        return new SimulatorConfig(host, port, venue, symbols, seed, levelsPerSide, tick, replayFiles, replaySpeed, pingInterval, w, faults, isStartPaused, connectionLifetime, hasFaultRoutes);
    }

    public SimulatorConfig withFaults(FaultConfig f) {
        return new SimulatorConfig(host, port, venue, symbols, seed, levelsPerSide, tick, replayFiles, replaySpeed, pingInterval, weightLimitPerMinute, f, isStartPaused, connectionLifetime, hasFaultRoutes);
    }

    public SimulatorConfig withConnectionLifetime(Duration d) {
        return new SimulatorConfig(host, port, venue, symbols, seed, levelsPerSide, tick, replayFiles, replaySpeed, pingInterval, weightLimitPerMinute, faults, isStartPaused, d, hasFaultRoutes);
    }

    public SimulatorConfig withStartPaused(boolean paused) {
        return new SimulatorConfig(host, port, venue, symbols, seed, levelsPerSide, tick, replayFiles, replaySpeed, pingInterval, weightLimitPerMinute, faults, paused, connectionLifetime, hasFaultRoutes);
    }

    /** With the {@code POST /sim/...} control and fault routes on or off. */
    public SimulatorConfig withFaultRoutes(boolean on) {
        return new SimulatorConfig(host, port, venue, symbols, seed, levelsPerSide, tick, replayFiles, replaySpeed, pingInterval, weightLimitPerMinute, faults, isStartPaused, connectionLifetime, on);
    }
}
