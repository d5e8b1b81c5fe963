package dev.ladder.server.node;

import dev.ladder.betfair.BetfairStreamConfig;
import dev.ladder.betfair.MarketFilter;
import dev.ladder.betfair.MarketSubscription;
import dev.ladder.betfair.SessionProvider;
import dev.ladder.betfair.sim.BetfairSimulator;
import dev.ladder.betfair.sim.BetfairSimulatorConfig;
import dev.ladder.betfair.sim.BettingApiSimulator;
import dev.ladder.betfair.sim.BettingApiSimulatorConfig;
import dev.ladder.betfair.sim.SimMarketModel;
import dev.ladder.betfair.sim.SimRacing;
import dev.ladder.core.Clock;
import java.io.IOException;
import java.util.Locale;

/** The simulated venues of {@code ladder demo} (and of tests that want the same), on loopback. */
public final class DemoVenues {
    /** The app key and session the demo's Betfair simulator accepts (and its client sends). */
    public static final String APP_KEY = "ladder-demo-app-key";
    /** The session token the demo's Betfair simulator accepts. */
    public static final String SESSION = "ladder-demo-session";

    private DemoVenues() {
    }

    /**
     * A Betfair stream simulator on a free loopback port (the demo's credentials) running a racing day of
     * {@code races} races from now (horse and greyhound meetings, a WIN and a PLACE market each), not yet
     * stepping (call {@link BetfairSimulator#runModels}).
     */
    public static BetfairSimulator startRacingDay(int races, long seed) throws IOException {
        BetfairSimulator s = new BetfairSimulator(BetfairSimulatorConfig.defaults().withCredentials(APP_KEY, SESSION),
                Clock.system()).start();
        s.addRaces(SimRacing.day(seed, java.time.Instant.now(), races));
        return s;
    }

    /** The Betting API simulator (JSON-RPC on a free loopback port) answering for {@code sim}'s markets. */
    public static BettingApiSimulator startBettingApi(BetfairSimulator sim) throws IOException {
        return new BettingApiSimulator(BettingApiSimulatorConfig.defaults().withCredentials(APP_KEY, SESSION), sim).start();
    }

    /** The demo's catalog write token: {@code LADDER_API_TOKEN} when set, else a fresh random one. */
    public static String token(java.util.Map<String, String> env) {
        String t = env.get("LADDER_API_TOKEN");
        if (t != null && !t.isBlank()) {
            return t;
        }
        byte[] b = new byte[18];
        new java.security.SecureRandom().nextBytes(b);
        return "demo-" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /**
     * A Betfair stream simulator on a free loopback port that accepts only {@link #APP_KEY} and
     * {@link #SESSION}, with {@code markets} model markets ({@code 1.900000001}...; event types 7 and
     * 4339 alternating), not yet stepping (call {@link BetfairSimulator#runModels} or
     * {@link BetfairSimulator#stepModels}).
     */
    public static BetfairSimulator startBetfair(int markets, int runners, long seed) throws IOException {
        BetfairSimulator s = new BetfairSimulator(BetfairSimulatorConfig.defaults().withCredentials(APP_KEY, SESSION),
                Clock.system()).start();
        for (int i = 0; i < markets; i++) {
            s.addModel(new SimMarketModel(String.format(Locale.ROOT, "1.9%08d", i + 1), i % 2 == 0 ? "7" : "4339", runners,
                    10, 300, 0, 0.01, seed + i));
        }
        return s;
    }

    /** The client side of the demo's Betfair simulator: plain TCP on loopback, the accepted credentials. */
    public static LiveNode.BetfairSource betfairSource(BetfairSimulator s, MarketFilter filter) {
        return new LiveNode.BetfairSource(BetfairStreamConfig.local("127.0.0.1", s.port(),
                MarketSubscription.of(filter).withHeartbeatMs(1000)), SessionProvider.fixed(APP_KEY, SESSION));
    }
}
