package dev.ladder.binance;

import dev.ladder.core.Venue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How a {@link BinanceClient} connects. Validated once in the constructor; every message names the
 * setting.
 *
 * @param venue                    {@link Venue#BINANCE} (spot rules, {@code /api/v3/depth}) or
 *                                 {@link Venue#BINANCE_FUTURES} (USD-M rules with {@code pu}, {@code /fapi/v1/depth})
 * @param restBaseUri              REST base, e.g. {@code https://api.binance.com} (a simulator's {@code http://127.0.0.1:port})
 * @param wsBaseUri                websocket base, e.g. {@code wss://stream.binance.com:9443}; the client appends
 *                                 {@code /stream?streams=...}
 * @param symbols                  symbols to keep books for (upper-cased; duplicates removed)
 * @param depthStream              the depth stream kind: {@code depth@100ms}, {@code depth} (1000 ms spot, 250 ms futures),
 *                                 or {@code depth@<N>ms}
 * @param snapshotLimit            REST snapshot depth: 1000 or 5000 on spot (5000 costs weight 250), at most 1000 on futures
 * @param isBookTicker             also subscribe {@code <sym>@bookTicker}
 * @param isTrades                 also subscribe {@code <sym>@trade}
 * @param maxStreamsPerConnection  streams per websocket (Binance allows 1024); more symbols open more connections
 * @param plannedReconnectInterval a connection is replaced, overlapping, after this long (Binance cuts at 24 h)
 * @param switchoverTimeout        how long the old and the new connection overlap at most; books that saw no
 *                                 continuing diff by then (quiet ones) move to the new connection anyway, where
 *                                 their next diff is checked as usual (a gap resyncs)
 * @param backoffInitial           first reconnect delay (doubled per failed attempt, with jitter)
 * @param backoffMax               largest reconnect delay
 * @param staleTimeout             a connection that received nothing (not even a ping) for this long is dropped and reconnected
 * @param weightLimitPerMinute     the venue's REQUEST_WEIGHT per minute (spot 6000, futures 2400)
 * @param weightBudgetPercent      the share of that limit the client allows itself (1..100)
 * @param connectTimeout           TCP/TLS/HTTP connect timeout for REST and websocket
 */
public record BinanceConfig(Venue venue, URI restBaseUri, URI wsBaseUri, List<String> symbols, String depthStream,
                            int snapshotLimit, boolean isBookTicker, boolean isTrades, int maxStreamsPerConnection,
                            Duration plannedReconnectInterval, Duration switchoverTimeout, Duration backoffInitial,
                            Duration backoffMax, Duration staleTimeout, int weightLimitPerMinute, int weightBudgetPercent,
                            Duration connectTimeout) {
    /** Real Binance spot REST. */
    public static final URI SPOT_REST = URI.create("https://api.binance.com");
    /** Real Binance spot websocket. */
    public static final URI SPOT_WS = URI.create("wss://stream.binance.com:9443");
    /** Real Binance USD-M futures REST. */
    public static final URI FUTURES_REST = URI.create("https://fapi.binance.com");
    /** Real Binance USD-M futures websocket. */
    public static final URI FUTURES_WS = URI.create("wss://fstream.binance.com");

    public BinanceConfig {
        Objects.requireNonNull(venue, "venue");
        if (venue == Venue.BETFAIR) {
            throw new IllegalArgumentException("venue must be binance or binance-futures, not betfair");
        }
        Objects.requireNonNull(restBaseUri, "restBaseUri");
        Objects.requireNonNull(wsBaseUri, "wsBaseUri");
        String ws = wsBaseUri.getScheme();
        if (!"ws".equals(ws) && !"wss".equals(ws)) {
            throw new IllegalArgumentException("wsBaseUri must be ws:// or wss://: " + wsBaseUri);
        }
        String http = restBaseUri.getScheme();
        if (!"http".equals(http) && !"https".equals(http)) {
            throw new IllegalArgumentException("restBaseUri must be http:// or https://: " + restBaseUri);
        }
        symbols = symbols.stream().map(s -> s.trim().toUpperCase(Locale.ROOT)).filter(s -> !s.isEmpty()).distinct().toList();
        if (symbols.isEmpty()) {
            throw new IllegalArgumentException("symbols must name at least one symbol");
        }
        Objects.requireNonNull(depthStream, "depthStream");
        if (!depthStream.equals("depth") && !depthStream.matches("depth@[0-9]+ms")) {
            throw new IllegalArgumentException("depthStream must be depth or depth@<N>ms: " + depthStream);
        }
        int maxLimit = venue == Venue.BINANCE_FUTURES ? 1000 : 5000;
        if (snapshotLimit < 1 || snapshotLimit > maxLimit) {
            throw new IllegalArgumentException("snapshotLimit must be within 1.." + maxLimit + " for " + venue.id() + ": " + snapshotLimit);
        }
        if (maxStreamsPerConnection < 1) {
            throw new IllegalArgumentException("maxStreamsPerConnection must be positive: " + maxStreamsPerConnection);
        }
        int perSymbol = 1 + (isBookTicker ? 1 : 0) + (isTrades ? 1 : 0);
        if (maxStreamsPerConnection < perSymbol) {
            throw new IllegalArgumentException("maxStreamsPerConnection must hold one symbol's " + perSymbol + " streams: " + maxStreamsPerConnection);
        }
        positive("plannedReconnectInterval", plannedReconnectInterval);
        positive("switchoverTimeout", switchoverTimeout);
        positive("backoffInitial", backoffInitial);
        positive("backoffMax", backoffMax);
        positive("staleTimeout", staleTimeout);
        positive("connectTimeout", connectTimeout);
        if (backoffMax.compareTo(backoffInitial) < 0) {
            throw new IllegalArgumentException("backoffMax must be at least backoffInitial: " + backoffMax + " < " + backoffInitial);
        }
        if (weightLimitPerMinute < 1) {
            throw new IllegalArgumentException("weightLimitPerMinute must be positive: " + weightLimitPerMinute);
        }
        if (weightBudgetPercent < 1 || weightBudgetPercent > 100) {
            throw new IllegalArgumentException("weightBudgetPercent must be within 1..100: " + weightBudgetPercent);
        }
    }

    /**
     * Spot against real Binance: depth@100ms, snapshots of 1000 levels, no bookTicker or trades,
     * 1024 streams per connection, planned reconnect every 23 h overlapping up to 30 s, backoff
     * 500 ms..30 s, stale after 60 s, 80 % of 6000 weight per minute.
     */
    public static BinanceConfig spot(List<String> symbols) {
        return new BinanceConfig(Venue.BINANCE, SPOT_REST, SPOT_WS, symbols, "depth@100ms", 1000, false, false, 1024,
                Duration.ofHours(23), Duration.ofSeconds(30), Duration.ofMillis(500), Duration.ofSeconds(30),
                Duration.ofSeconds(60), 6000, 80, Duration.ofSeconds(10));
    }

    /** USD-M futures against real Binance: as {@link #spot} with the fapi/fstream URLs and 2400 weight. */
    public static BinanceConfig futures(List<String> symbols) {
        return new BinanceConfig(Venue.BINANCE_FUTURES, FUTURES_REST, FUTURES_WS, symbols, "depth@100ms", 1000, false, false,
                1024, Duration.ofHours(23), Duration.ofSeconds(30), Duration.ofMillis(500), Duration.ofSeconds(30),
                Duration.ofSeconds(60), 2400, 80, Duration.ofSeconds(10));
    }

    public boolean isFutures() {
        return venue == Venue.BINANCE_FUTURES;
    }

    /** Same settings against other base URLs (e.g. a simulator). */
    public BinanceConfig withBaseUris(URI rest, URI ws) {
        return new BinanceConfig(venue, rest, ws, symbols, depthStream, snapshotLimit, isBookTicker, isTrades, maxStreamsPerConnection, plannedReconnectInterval, switchoverTimeout, backoffInitial, backoffMax, staleTimeout, weightLimitPerMinute, weightBudgetPercent, connectTimeout);
    }

    public BinanceConfig withDepthStream(String s) {
        return new BinanceConfig(venue, restBaseUri, wsBaseUri, symbols, s, snapshotLimit, isBookTicker, isTrades, maxStreamsPerConnection, plannedReconnectInterval, switchoverTimeout, backoffInitial, backoffMax, staleTimeout, weightLimitPerMinute, weightBudgetPercent, connectTimeout);
    }

    public BinanceConfig withSnapshotLimit(int n) {
        return new BinanceConfig(venue, restBaseUri, wsBaseUri, symbols, depthStream, n, isBookTicker, isTrades, maxStreamsPerConnection, plannedReconnectInterval, switchoverTimeout, backoffInitial, backoffMax, staleTimeout, weightLimitPerMinute, weightBudgetPercent, connectTimeout);
    }

    public BinanceConfig withBookTickerAndTrades(boolean bookTicker, boolean trades) {
        return new BinanceConfig(venue, restBaseUri, wsBaseUri, symbols, depthStream, snapshotLimit, bookTicker, trades, maxStreamsPerConnection, plannedReconnectInterval, switchoverTimeout, backoffInitial, backoffMax, staleTimeout, weightLimitPerMinute, weightBudgetPercent, connectTimeout);
    }

    public BinanceConfig withMaxStreamsPerConnection(int n) {
        return new BinanceConfig(venue, restBaseUri, wsBaseUri, symbols, depthStream, snapshotLimit, isBookTicker, isTrades, n, plannedReconnectInterval, switchoverTimeout, backoffInitial, backoffMax, staleTimeout, weightLimitPerMinute, weightBudgetPercent, connectTimeout);
    }

    public BinanceConfig withPlannedReconnect(Duration interval, Duration switchover) {
        return new BinanceConfig(venue, restBaseUri, wsBaseUri, symbols, depthStream, snapshotLimit, isBookTicker, isTrades, maxStreamsPerConnection, interval, switchover, backoffInitial, backoffMax, staleTimeout, weightLimitPerMinute, weightBudgetPercent, connectTimeout);
    }

    public BinanceConfig withBackoff(Duration initial, Duration max) {
        return new BinanceConfig(venue, restBaseUri, wsBaseUri, symbols, depthStream, snapshotLimit, isBookTicker, isTrades, maxStreamsPerConnection, plannedReconnectInterval, switchoverTimeout, initial, max, staleTimeout, weightLimitPerMinute, weightBudgetPercent, connectTimeout);
    }

    public BinanceConfig withStaleTimeout(Duration d) {
        return new BinanceConfig(venue, restBaseUri, wsBaseUri, symbols, depthStream, snapshotLimit, isBookTicker, isTrades, maxStreamsPerConnection, plannedReconnectInterval, switchoverTimeout, backoffInitial, backoffMax, d, weightLimitPerMinute, weightBudgetPercent, connectTimeout);
    }

    public BinanceConfig withWeight(int limitPerMinute, int budgetPercent) {
        return new BinanceConfig(venue, restBaseUri, wsBaseUri, symbols, depthStream, snapshotLimit, isBookTicker, isTrades, maxStreamsPerConnection, plannedReconnectInterval, switchoverTimeout, backoffInitial, backoffMax, staleTimeout, limitPerMinute, budgetPercent, connectTimeout);
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}
