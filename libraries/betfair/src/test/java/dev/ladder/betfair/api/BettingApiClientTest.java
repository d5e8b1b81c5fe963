package dev.ladder.betfair.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.betfair.SessionProvider;
import dev.ladder.betfair.sim.BetfairSimulator;
import dev.ladder.betfair.sim.BetfairSimulatorConfig;
import dev.ladder.betfair.sim.BettingApiSimulator;
import dev.ladder.betfair.sim.BettingApiSimulatorConfig;
import dev.ladder.betfair.sim.SimRace;
import dev.ladder.betfair.sim.SimRacing;
import dev.ladder.betfair.sim.SimRunner;
import dev.ladder.core.ManualClock;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Our Betting API client against the Betting API simulator over 127.0.0.1. */
class BettingApiClientTest {
    private static final Instant NOW = Instant.parse("2025-06-02T17:00:00Z");
    private static final String KEY = "client-test-key";
    private static final String SESSION = "client-test-session-token";

    /** A provider that counts invalidations, as a login-backed provider would drop its token. */
    private static final class Counting implements SessionProvider {
        final String key;
        final String token;
        final AtomicInteger invalidated = new AtomicInteger();

        Counting(String key, String token) {
            this.key = key;
            this.token = token;
        }

        @Override
        public String appKey() {
            return key;
        }

        @Override
        public String session() {
            return token;
        }

        @Override
        public void invalidate() {
            invalidated.incrementAndGet();
        }
    }

    private final ManualClock clock = new ManualClock(NOW.toEpochMilli() * 1_000_000L);
    private BetfairSimulator stream;
    private BettingApiSimulator api;
    private List<SimRace> day;

    @BeforeEach
    void setUp() throws Exception {
        stream = new BetfairSimulator(BetfairSimulatorConfig.defaults(), clock).start();
        day = SimRacing.day(4, NOW, 10);
        stream.addRaces(day);
        api = new BettingApiSimulator(BettingApiSimulatorConfig.defaults().withCredentials(KEY, SESSION), stream).start();
    }

    @AfterEach
    void tearDown() {
        api.close();
        stream.close();
    }

    private BettingApiClient client(SessionProvider sessions) {
        return new BettingApiClient(BettingApiConfig.at(api.endpoint()), sessions);
    }

    @Test
    void eventsAndCataloguesArriveAsRecords() throws Exception {
        try (BettingApiClient c = client(SessionProvider.fixed(KEY, SESSION))) {
            BettingApiAnswer events = c.listEvents(BettingMarketFilter.eventTypes("7"));
            assertThat(events.events()).isNotEmpty();
            assertThat(events.events()).allSatisfy(e -> assertThat(e.event().venue()).isNotBlank());
            assertThat(events.events().stream().mapToInt(EventResult::marketCount).sum()).isEqualTo(10);

            SimRace race = day.getFirst();
            BettingApiAnswer cat = c.listMarketCatalogue(BettingMarketFilter.markets(race.marketIds()),
                    EnumSet.allOf(MarketProjection.class), MarketSort.FIRST_TO_START, 10);
            assertThat(cat.errors()).isEmpty();
            assertThat(cat.marketCatalogues()).extracting(MarketCatalogue::marketId)
                    .containsExactlyInAnyOrderElementsOf(race.marketIds());
            MarketCatalogue win = cat.marketCatalogues().stream().filter(m -> m.marketId().equals(race.winMarketId()))
                    .findFirst().orElseThrow();
            assertThat(win.marketName()).isEqualTo(race.name());
            assertThat(Instant.parse(win.marketStartTime())).isEqualTo(race.startTime());
            assertThat(win.event().id()).isEqualTo(race.meeting().eventId());
            assertThat(win.eventType().id()).isEqualTo("7");
            assertThat(win.description().raceType()).isEqualTo(race.raceType());
            assertThat(win.runners()).hasSize(race.runners().size());
            SimRunner first = race.runners().getFirst();
            assertThat(win.runners().getFirst().selectionId()).isEqualTo(first.selectionId());
            assertThat(win.runners().getFirst().meta("JOCKEY_NAME")).isEqualTo(first.jockey());
            assertThat(win.runners().getFirst().meta("WEIGHT_VALUE")).isEqualTo(first.weight());

            BettingApiAnswer window = c.listMarketCatalogue(BettingMarketFilter.eventTypes("4339").withCountries(List.of("GB", "IE", "AU"))
                            .withMarketTypes(List.of("WIN")).withStartBetween(NOW, NOW.plus(Duration.ofHours(12))),
                    EnumSet.of(MarketProjection.MARKET_START_TIME), MarketSort.FIRST_TO_START, 1000);
            assertThat(window.marketCatalogues()).hasSize(5);
            assertThat(window.marketCatalogues()).allSatisfy(m -> assertThat(m.runners()).isEmpty());
            assertThat(c.calls()).isEqualTo(3);
            assertThat(c.failures()).isZero();
        }
    }

    @Test
    void authErrorsNameTheCodeAndNeverTheToken() throws Exception {
        Counting wrongSession = new Counting(KEY, "expired-secret-token");
        try (BettingApiClient c = client(wrongSession)) {
            assertThatThrownBy(() -> c.listEvents(BettingMarketFilter.all()))
                    .isInstanceOfSatisfying(BettingApiCallException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo("INVALID_SESSION_INFORMATION");
                        assertThat(e.isAuthError()).isTrue();
                        assertThat(e.method()).isEqualTo("listEvents");
                    })
                    .hasMessageContaining("listEvents").hasMessageContaining("INVALID_SESSION_INFORMATION")
                    .hasMessageContaining("ANGX-0003").hasMessageNotContaining("expired-secret-token");
            assertThat(wrongSession.invalidated).hasValue(1);
            assertThat(c.failures()).isEqualTo(1);
        }
        Counting wrongKey = new Counting("not-the-key", SESSION);
        try (BettingApiClient c = client(wrongKey)) {
            assertThatThrownBy(() -> c.listMarketCatalogue(BettingMarketFilter.all(), EnumSet.noneOf(MarketProjection.class), null, 5))
                    .isInstanceOfSatisfying(BettingApiCallException.class, e -> assertThat(e.errorCode()).isEqualTo("INVALID_APP_KEY"))
                    .hasMessageContaining("INVALID_APP_KEY").hasMessageNotContaining(SESSION);
            assertThat(wrongKey.invalidated).hasValue(0);
        }
    }

    @Test
    void serviceErrorsOutagesAndBadLimitsAreClear() throws Exception {
        try (BettingApiClient c = client(SessionProvider.fixed(KEY, SESSION))) {
            api.failCalls("TOO_MANY_REQUESTS", 1);
            assertThatThrownBy(() -> c.listEvents(BettingMarketFilter.all()))
                    .isInstanceOfSatisfying(BettingApiCallException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo("TOO_MANY_REQUESTS");
                        assertThat(e.isAuthError()).isFalse();
                    });
            api.unavailable(true);
            assertThatThrownBy(() -> c.listEvents(BettingMarketFilter.all()))
                    .isInstanceOfSatisfying(BettingApiCallException.class, e -> assertThat(e.errorCode()).isEqualTo("HTTP_503"))
                    .hasMessageContaining("HTTP 503").hasMessageContaining("Service Unavailable");
            api.unavailable(false);
            stream.addRaces(SimRacing.day(5, NOW.plus(Duration.ofDays(1)), 60).stream()
                    .map(r -> new SimRace(r.meeting(), r.number(), r.name(), r.raceType(), r.startTime(), r.duration(),
                            r.winMarketId().replace("1.9", "1.8"), r.placeMarketId().replace("1.9", "1.8"),
                            r.placeMarketName(), r.placeWinners(), r.runners(), r.seed()))
                    .toList());
            assertThatThrownBy(() -> c.listMarketCatalogue(BettingMarketFilter.all(), EnumSet.allOf(MarketProjection.class), null, 1000))
                    .isInstanceOfSatisfying(BettingApiCallException.class, e -> assertThat(e.errorCode()).isEqualTo("TOO_MUCH_DATA"));
            assertThatThrownBy(() -> c.listMarketCatalogue(BettingMarketFilter.all(), EnumSet.noneOf(MarketProjection.class), null, 0))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxResults");
            assertThat(c.listEvents(BettingMarketFilter.all()).events()).isNotEmpty();
            assertThat(c.failures()).isEqualTo(3);
        }
    }

    @Test
    void refusedConnectionsAndSilentServersFailInTime() throws Exception {
        URI closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + s.getLocalPort() + BettingApiSimulator.PATH);
        }
        try (BettingApiClient c = new BettingApiClient(BettingApiConfig.at(closed), SessionProvider.fixed(KEY, SESSION))) {
            assertThatThrownBy(() -> c.listEvents(BettingMarketFilter.all()))
                    .isInstanceOfSatisfying(BettingApiCallException.class, e -> assertThat(e.errorCode()).isEqualTo("IO"))
                    .hasMessageContaining(closed.toString());
        }
        try (ServerSocket silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try (Socket s = silent.accept()) {
                    Thread.sleep(5000);
                } catch (Exception ignored) {
                    // the test is over
                }
            });
            URI u = URI.create("http://127.0.0.1:" + silent.getLocalPort() + BettingApiSimulator.PATH);
            BettingApiConfig cfg = BettingApiConfig.at(u).withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(300));
            try (BettingApiClient c = new BettingApiClient(cfg, SessionProvider.fixed(KEY, SESSION))) {
                assertThatThrownBy(() -> c.listEvents(BettingMarketFilter.all()))
                        .isInstanceOfSatisfying(BettingApiCallException.class, e -> assertThat(e.errorCode()).isEqualTo("TIMEOUT"))
                        .hasMessageContaining("timed out after 300 ms");
            }
            acceptor.interrupt();
        }
    }

    @Test
    void configurationNamesTheBadSetting() {
        assertThatThrownBy(() -> BettingApiConfig.at(URI.create("ftp://x/y"))).hasMessageContaining("betfair.bettingApi.endpoint");
        assertThatThrownBy(() -> BettingApiConfig.live().withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("betfair.bettingApi.connectTimeout");
        assertThatThrownBy(() -> BettingApiConfig.live().withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(-1)))
                .hasMessageContaining("betfair.bettingApi.requestTimeout");
    }
}
