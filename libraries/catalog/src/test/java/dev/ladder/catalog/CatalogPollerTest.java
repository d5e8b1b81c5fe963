package dev.ladder.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ladder.betfair.BetfairCacheConfig;
import dev.ladder.betfair.BetfairMarketCache;
import dev.ladder.betfair.BetfairStreamClient;
import dev.ladder.betfair.BetfairStreamConfig;
import dev.ladder.betfair.BetfairStreamDecoder;
import dev.ladder.betfair.MarketChangeApplier;
import dev.ladder.betfair.MarketFilter;
import dev.ladder.betfair.MarketSubscription;
import dev.ladder.betfair.SessionProvider;
import dev.ladder.betfair.api.BettingApiClient;
import dev.ladder.betfair.api.BettingApiConfig;
import dev.ladder.betfair.sim.BetfairSimulator;
import dev.ladder.betfair.sim.BetfairSimulatorConfig;
import dev.ladder.betfair.sim.BettingApiSimulator;
import dev.ladder.betfair.sim.BettingApiSimulatorConfig;
import dev.ladder.betfair.sim.SimMeeting;
import dev.ladder.betfair.sim.SimRace;
import dev.ladder.betfair.sim.SimRacing;
import dev.ladder.betfair.sim.SimRunner;
import dev.ladder.core.Clock;
import dev.ladder.core.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog poller against the Betting API simulator over real HTTP on 127.0.0.1, time from a ManualClock. */
class CatalogPollerTest {
    private static final Instant T0 = Instant.parse("2025-03-14T12:00:00Z");
    private static final String KEY = "poller-app-key";
    private static final String SESSION = "poller-session-token";

    @TempDir
    Path tmp;

    private final ManualClock clock = new ManualClock(T0.toEpochMilli() * 1_000_000L);
    private final List<AutoCloseable> open = new ArrayList<>();
    private BetfairSimulator stream;
    private BettingApiSimulator api;
    private Catalog catalog;

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T keep(T c) {
        open.add(c);
        return c;
    }

    /** Simulators (stream + Betting API, with credentials) holding {@code races}, and a SQLite catalog. */
    private void venue(List<SimRace> races) throws Exception {
        stream = keep(new BetfairSimulator(BetfairSimulatorConfig.defaults().withCredentials(KEY, SESSION), clock).start());
        stream.addRaces(races);
        api = keep(new BettingApiSimulator(BettingApiSimulatorConfig.defaults().withCredentials(KEY, SESSION), stream).start());
        catalog = keep(Catalog.open(CatalogConfig.sqlite(tmp), clock));
    }

    private CatalogPoller poller(CatalogPollerConfig config, String session) {
        BettingApiClient client = keep(new BettingApiClient(BettingApiConfig.at(api.endpoint()), SessionProvider.fixed(KEY, session)));
        return keep(new CatalogPoller(catalog, client, config, clock));
    }

    private void at(Instant t) {
        clock.set(t.toEpochMilli() * 1_000_000L);
    }

    private Instant now() {
        return Instant.ofEpochSecond(0, clock.epochNanos());
    }

    private static SimRace custom(long seed, String eventTypeId, int n, Instant start) {
        return SimRacing.race(seed, eventTypeId, Long.toString(36_000_000L + n), String.format("1.95%07d", 2 * n + 1),
                String.format("1.95%07d", 2 * n + 2), start, 0);
    }

    @Test
    void fillsTheCatalogWithTheSimulatorsMeetingsRacesAndRunners() throws Exception {
        List<SimRace> races = new ArrayList<>(SimRacing.day(31, T0, 16));
        races.add(custom(1, "7", 1, T0.plus(Duration.ofHours(30))));
        races.add(custom(2, "4339", 2, T0.plus(Duration.ofHours(3))));
        venue(races);
        CatalogPoller poller = poller(CatalogPollerConfig.defaults(), SESSION);
        poller.tick();

        CatalogPollerStats s = poller.stats();
        assertThat(s.lastError()).isNull();
        assertThat(s.failedCalls()).isZero();
        assertThat(s.discoveries()).isEqualTo(1);
        assertThat(s.racesTracked()).isEqualTo(18);
        assertThat(s.raceRefreshes()).isEqualTo(18);
        assertThat(s.marketsApplied()).isEqualTo(36);
        assertThat(s.skippedEntries()).isZero();
        assertThat(s.lastSuccess()).isEqualTo(T0);
        assertThat(api.calls("listEvents")).isEqualTo(2);

        for (SimRace race : races) {
            RaceCard card = catalog.queries().raceCard(race.raceId()).orElseThrow();
            assertThat(catalog.queries().raceCard(race.placeMarketId()).orElseThrow().race().id()).isEqualTo(race.raceId());
            Race r = card.race();
            assertThat(r.name()).isEqualTo(race.name());
            assertThat(r.startTime()).isEqualTo(race.startTime());
            assertThat(r.distance()).isEqualTo(distance(race.name()));
            assertThat(r.number()).isEqualTo(race.name().startsWith("R") ? race.number() : null);
            assertThat(r.status()).isEqualTo(RaceStatus.OPEN);
            assertThat(card.marketIds()).containsExactly(race.winMarketId(), race.placeMarketId());
            assertThat(card.markets().get(0).type()).isEqualTo("WIN");
            assertThat(card.markets().get(1).type()).isEqualTo("PLACE");
            assertThat(card.markets().get(1).name()).isEqualTo(race.placeMarketName());
            SimMeeting m = race.meeting();
            Meeting meeting = card.meeting();
            assertThat(meeting.id()).isEqualTo(m.eventId());
            assertThat(meeting.name()).isEqualTo(m.name());
            assertThat(meeting.venue()).isEqualTo(m.venue());
            assertThat(meeting.countryCode()).isEqualTo(m.countryCode());
            assertThat(meeting.timezone()).isEqualTo(m.timezone());
            assertThat(meeting.type()).isEqualTo(race.isGreyhound() ? RaceType.GREYHOUND : RaceType.HORSE);
            assertThat(meeting.date()).isEqualTo(m.openDate().atZone(ZoneId.of(m.timezone())).toLocalDate());
            assertThat(card.runners()).hasSize(race.runners().size());
            for (int i = 0; i < race.runners().size(); i++) {
                SimRunner want = race.runners().get(i);
                Runner got = card.runners().get(i);
                assertThat(got.selectionId()).isEqualTo(Long.toString(want.selectionId()));
                assertThat(got.number()).isEqualTo(want.number());
                if (race.isGreyhound()) {
                    assertThat(got.name()).isEqualTo(want.name().substring(want.name().indexOf(". ") + 2));
                    assertThat(got.jockey()).isNull();
                } else {
                    assertThat(got.name()).isEqualTo(want.name());
                    assertThat(got.jockey()).isEqualTo(want.jockey());
                    assertThat(got.trainer()).isEqualTo(want.trainer());
                    assertThat(got.weight()).isEqualTo(want.weight());
                    assertThat(got.barrier()).isEqualTo(want.stallDraw());
                }
            }
        }

        Map<LocalDate, Map<String, List<SimRace>>> byDate = new LinkedHashMap<>();
        for (SimRace race : races) {
            if (race.isGreyhound()) {
                LocalDate d = race.meeting().openDate().atZone(ZoneId.of(race.meeting().timezone())).toLocalDate();
                byDate.computeIfAbsent(d, k -> new HashMap<>()).computeIfAbsent(race.meeting().eventId(), k -> new ArrayList<>()).add(race);
            }
        }
        for (Map.Entry<LocalDate, Map<String, List<SimRace>>> e : byDate.entrySet()) {
            List<MeetingSchedule> schedule = catalog.queries().schedule(e.getKey(), RaceType.GREYHOUND, null);
            assertThat(schedule).extracting(ms -> ms.meeting().id()).containsExactlyInAnyOrderElementsOf(e.getValue().keySet());
            for (int i = 1; i < schedule.size(); i++) {
                assertThat(schedule.get(i).races().getFirst().startTime())
                        .isAfterOrEqualTo(schedule.get(i - 1).races().getFirst().startTime());
            }
            for (MeetingSchedule ms : schedule) {
                List<String> expected = e.getValue().get(ms.meeting().id()).stream()
                        .sorted(java.util.Comparator.comparing(SimRace::startTime)).map(SimRace::raceId).toList();
                assertThat(ms.races()).extracting(Race::id).containsExactlyElementsOf(expected);
                assertThat(ms.races()).allSatisfy(r -> assertThat(r.markets()).hasSize(2));
            }
        }
        assertThat(catalog.queries().eventsBySport("Horse Racing", EventOrder.START_TIME, 1, 50).total())
                .isEqualTo(races.stream().filter(r -> !r.isGreyhound()).map(r -> r.meeting().eventId()).distinct().count());
        assertThat(poller.races()).extracting(PolledRace::id)
                .containsExactlyInAnyOrderElementsOf(races.stream().map(SimRace::raceId).toList());
    }

    /** The distance token of a simulated race name: {@code "2m4f"}, {@code "480m"}, {@code "525y"}. */
    private static String distance(String name) {
        for (String token : name.split(" ")) {
            if (token.matches("\\d+m\\d+f|\\d+[mfy]")) {
                return token;
            }
        }
        return null;
    }

    @Test
    void refreshIntervalsFollowTheTimeLeftToTheStart() throws Exception {
        SimRace far = custom(11, "7", 11, T0.plus(Duration.ofHours(26)));
        SimRace day = custom(12, "4339", 12, T0.plus(Duration.ofHours(3)));
        SimRace hour = custom(13, "7", 13, T0.plus(Duration.ofMinutes(30)));
        SimRace near = custom(14, "4339", 14, T0.plus(Duration.ofMinutes(3)));
        List<SimRace> races = List.of(far, day, hour, near);
        venue(races);
        Duration giveUp = Duration.ofMinutes(10);
        CatalogPollerConfig config = CatalogPollerConfig.defaults()
                .withDiscovery(Duration.ofDays(2), Duration.ofMinutes(15), giveUp, Duration.ofSeconds(5));
        CatalogPoller poller = poller(config, SESSION);

        Map<String, List<Instant>> refreshed = new HashMap<>();
        Map<String, Instant> last = new HashMap<>();
        Instant end = far.startTime().plus(giveUp).plus(Duration.ofMinutes(2));
        for (Instant t = T0; !t.isAfter(end); t = t.plusSeconds(10)) {
            at(t);
            poller.tick();
            for (PolledRace r : poller.races()) {
                if (r.lastRefresh() != null && !r.lastRefresh().equals(last.get(r.id()))) {
                    last.put(r.id(), r.lastRefresh());
                    refreshed.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(r.lastRefresh());
                    assertThat(r.nextRefresh()).isEqualTo(r.lastRefresh().plus(config.intervalFor(Duration.between(t, r.startTime()))));
                }
            }
        }
        for (SimRace race : races) {
            List<Instant> times = refreshed.get(race.raceId());
            assertThat(times).as("race %s refreshed", race.raceId()).isNotEmpty();
            assertThat(times.getFirst()).isEqualTo(T0);
            for (int k = 1; k < times.size(); k++) {
                Duration left = Duration.between(times.get(k - 1), race.startTime());
                assertThat(Duration.between(times.get(k - 1), times.get(k))).as("race %s refresh %d", race.raceId(), k)
                        .isEqualTo(config.intervalFor(left));
            }
            Instant lastOne = times.getLast();
            assertThat(lastOne).isBeforeOrEqualTo(race.startTime().plus(giveUp));
            assertThat(lastOne.plus(config.afterStartInterval())).isAfter(race.startTime().plus(giveUp));
        }
        assertThat(gaps(refreshed.get(far.raceId()))).startsWith(Duration.ofHours(1), Duration.ofHours(1))
                .contains(Duration.ofMinutes(15), Duration.ofMinutes(5), Duration.ofSeconds(30));
        assertThat(gaps(refreshed.get(day.raceId()))).startsWith(Duration.ofMinutes(15)).contains(Duration.ofMinutes(5));
        assertThat(gaps(refreshed.get(hour.raceId()))).startsWith(Duration.ofMinutes(5));
        assertThat(gaps(refreshed.get(near.raceId()))).containsOnly(Duration.ofSeconds(30));
        // 30 s before and 10 minutes after the start of the near race
        assertThat(refreshed.get(near.raceId())).hasSize(1 + 26);
        CatalogPollerStats s = poller.stats();
        assertThat(s.racesGivenUp()).isEqualTo(4);
        assertThat(s.racesFinished()).isZero();
        assertThat(s.racesTracked()).isZero();
        assertThat(s.failedCalls()).isZero();
        assertThat(s.discoveries()).isEqualTo(Duration.between(T0, end).toMinutes() / 15 + 1);
        assertThat(poller.races()).isEmpty();
    }

    private static List<Duration> gaps(List<Instant> times) {
        List<Duration> out = new ArrayList<>();
        for (int k = 1; k < times.size(); k++) {
            out.add(Duration.between(times.get(k - 1), times.get(k)));
        }
        return out;
    }

    @Test
    void pollingStopsOnceTheStreamSaysTheRaceIsFinal() throws Exception {
        List<SimRace> races = SimRacing.day(41, T0, 6);
        venue(races);
        BetfairMarketCache cache = new BetfairMarketCache(BetfairCacheConfig.keepAll());
        BetfairCatalogFeed feed = keep(new BetfairCatalogFeed(catalog.betfair()));
        cache.listener(feed);
        BetfairStreamClient streamClient = keep(new BetfairStreamClient(BetfairStreamConfig.local("127.0.0.1", stream.port(),
                MarketSubscription.of(MarketFilter.all()).withHeartbeatMs(500)), SessionProvider.fixed(KEY, SESSION),
                MarketChangeApplier.toCache(new BetfairStreamDecoder(cache), cache), null, Clock.system()));
        streamClient.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> feed.applied() >= 12);

        CatalogPoller poller = poller(CatalogPollerConfig.defaults(), SESSION);
        poller.tick();
        assertThat(poller.stats().racesTracked()).isEqualTo(6);

        SimRace first = races.stream().min(java.util.Comparator.comparing(SimRace::startTime)).orElseThrow();
        Instant result = first.startTime().plus(first.duration());
        at(result);
        stream.stepModels();
        await().atMost(Duration.ofSeconds(30)).until(() -> catalog.queries().raceCard(first.raceId())
                .map(c -> c.race().status() == RaceStatus.FINAL).orElse(false));

        for (int i = 0; i < 20 && poller.races().stream().anyMatch(r -> r.id().equals(first.raceId())); i++) {
            poller.tick();
            at(now().plusSeconds(30));
        }
        List<String> settled = races.stream().filter(r -> !r.startTime().plus(r.duration()).isAfter(result))
                .map(SimRace::raceId).toList();
        assertThat(settled).contains(first.raceId());
        assertThat(poller.races()).extracting(PolledRace::id).doesNotContainAnyElementsOf(settled);
        assertThat(poller.stats().racesFinished()).isEqualTo(settled.size());
        assertThat(poller.stats().racesTracked()).isEqualTo(6 - settled.size());
        assertThat(poller.stats().racesGivenUp()).isZero();

        int seen = api.recentCalls().size();
        for (int i = 0; i < 40; i++) {
            at(now().plusSeconds(30));
            poller.tick();
        }
        List<BettingApiSimulator.Call> later = api.recentCalls().subList(seen, api.recentCalls().size());
        assertThat(later).filteredOn(c -> c.method().equals("listMarketCatalogue") && c.params().contains("marketIds")).isNotEmpty()
                .allSatisfy(c -> assertThat(c.params()).doesNotContain(first.winMarketId()).doesNotContain(first.placeMarketId()));

        RaceCard card = catalog.queries().raceCard(first.raceId()).orElseThrow();
        SimRunner winner = first.runners().get(first.finishOrder()[0]);
        assertThat(card.results()).hasSize(1);
        assertThat(card.results().getFirst().selectionId()).isEqualTo(Long.toString(winner.selectionId()));
        assertThat(card.runners()).hasSize(first.runners().size());
        assertThat(card.runners()).allSatisfy(r -> assertThat(r.bsp()).isNotNull());
        if (!first.isGreyhound()) {
            assertThat(card.runners()).allSatisfy(r -> assertThat(r.jockey()).isNotNull());
        }
    }

    @Test
    void authErrorsAreClearAndRetried() throws Exception {
        venue(SimRacing.day(51, T0, 4));
        CatalogPoller poller = poller(CatalogPollerConfig.defaults(), "stale-session-token");
        poller.tick();
        CatalogPollerStats s = poller.stats();
        assertThat(s.failedCalls()).isEqualTo(1);
        assertThat(s.discoveries()).isZero();
        assertThat(s.lastError()).contains("listEvents").contains("INVALID_SESSION_INFORMATION")
                .doesNotContain("stale-session-token");
        assertThat(s.lastSuccess()).isNull();
        assertThat(catalog.queries().sports()).isEmpty();
        at(T0.plusSeconds(5));
        poller.tick();
        assertThat(poller.stats().failedCalls()).isEqualTo(2);
        assertThat(api.authFailures()).isEqualTo(2);
    }

    @Test
    void aFailingCallIsRetriedOnTheNextTickAndCounted() throws Exception {
        SimRace near = custom(21, "4339", 21, T0.plus(Duration.ofMinutes(4)));
        SimRace later = custom(22, "7", 22, T0.plus(Duration.ofHours(2)));
        venue(List.of(near, later));
        CatalogPoller poller = poller(CatalogPollerConfig.defaults(), SESSION);

        api.unavailable(true);
        poller.tick();
        assertThat(poller.stats().failedCalls()).isEqualTo(1);
        assertThat(poller.stats().discoveries()).isZero();
        assertThat(poller.stats().lastError()).contains("listEvents").contains("HTTP 503");
        api.unavailable(false);
        at(T0.plusSeconds(5));
        poller.tick();
        assertThat(poller.stats().discoveries()).isEqualTo(1);
        assertThat(poller.stats().racesTracked()).isEqualTo(2);
        assertThat(poller.stats().lastError()).isNull();
        Instant first = T0.plusSeconds(5);
        assertThat(race(poller, near).lastRefresh()).isEqualTo(first);

        at(first.plusSeconds(30));
        api.failCalls("SERVICE_BUSY", 1);
        poller.tick();
        PolledRace failed = race(poller, near);
        assertThat(failed.failures()).isEqualTo(1);
        assertThat(failed.lastRefresh()).isEqualTo(first);
        assertThat(failed.nextRefresh()).isEqualTo(first.plusSeconds(30));
        assertThat(poller.stats().failedCalls()).isEqualTo(2);
        assertThat(poller.stats().lastError()).contains("SERVICE_BUSY").contains("listMarketCatalogue");

        at(first.plusSeconds(35));
        poller.tick();
        PolledRace retried = race(poller, near);
        assertThat(retried.lastRefresh()).isEqualTo(first.plusSeconds(35));
        assertThat(retried.refreshes()).isEqualTo(2);
        assertThat(retried.failures()).isEqualTo(1);
        assertThat(race(poller, later).refreshes()).isEqualTo(1);
        assertThat(poller.stats().failedCalls()).isEqualTo(2);
        assertThat(poller.stats().lastError()).isNull();
        assertThat(poller.stats().calls()).isEqualTo(1 + 4 + 1 + 1 + 1);
    }

    private static PolledRace race(CatalogPoller poller, SimRace race) {
        Optional<PolledRace> r = poller.races().stream().filter(p -> p.id().equals(race.raceId())).findFirst();
        assertThat(r).as("race %s followed", race.raceId()).isPresent();
        return r.get();
    }

    @Test
    void itsThreadPollsUntilClosed() throws Exception {
        venue(SimRacing.day(61, T0, 4));
        CatalogPoller poller = poller(CatalogPollerConfig.defaults()
                .withDiscovery(Duration.ofDays(2), Duration.ofMinutes(15), Duration.ofHours(3), Duration.ofMillis(20)), SESSION);
        poller.start();
        assertThatThrownBy(poller::start).isInstanceOf(IllegalStateException.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> poller.stats().racesTracked() == 4 && poller.stats().ticks() > 3);
        poller.close();
        long ticks = poller.stats().ticks();
        Thread.sleep(100);
        assertThat(poller.stats().ticks()).isEqualTo(ticks);
        assertThat(catalog.queries().raceCard(SimRacing.day(61, T0, 4).getFirst().raceId())).isPresent();
    }

    @Test
    void configurationNamesTheBadSetting() {
        CatalogPollerConfig d = CatalogPollerConfig.defaults();
        assertThat(d.intervalFor(Duration.ofHours(25))).isEqualTo(Duration.ofHours(1));
        assertThat(d.intervalFor(Duration.ofHours(24))).isEqualTo(Duration.ofMinutes(15));
        assertThat(d.intervalFor(Duration.ofMinutes(59))).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.intervalFor(Duration.ofMinutes(4))).isEqualTo(Duration.ofSeconds(30));
        assertThat(d.intervalFor(Duration.ofMinutes(-4))).isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> d.withIntervals(Duration.ZERO, Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1))).hasMessageContaining("catalog.poller.farInterval");
        assertThatThrownBy(() -> d.withIntervals(Duration.ofHours(1), Duration.ofMinutes(1), Duration.ofMinutes(1),
                Duration.ofSeconds(1), Duration.ofSeconds(-1))).hasMessageContaining("catalog.poller.afterStartInterval");
        assertThatThrownBy(() -> d.withDiscovery(Duration.ofDays(1), Duration.ofMinutes(1), Duration.ofHours(1), null))
                .hasMessageContaining("catalog.poller.tick");
        assertThatThrownBy(() -> d.withMaxMarketsPerCall(101)).hasMessageContaining("catalog.poller.maxMarketsPerCall");
        assertThatThrownBy(() -> d.withMarkets(List.of(), List.of(), List.of())).hasMessageContaining("catalog.poller.eventTypeIds");
        assertThatThrownBy(() -> d.withMarkets(List.of("7"), List.of("gb"), List.of())).hasMessageContaining("catalog.poller.countries");
        assertThatThrownBy(() -> d.withMarkets(List.of("horses"), List.of(), List.of())).hasMessageContaining("catalog.poller.eventTypeIds");
        assertThat(Objects.requireNonNull(d.withMarkets(List.of("7"), List.of("GB", "IE"), List.of()).countries())).containsExactly("GB", "IE");
    }
}
