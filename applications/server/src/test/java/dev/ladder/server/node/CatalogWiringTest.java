package dev.ladder.server.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.betfair.MarketFilter;
import dev.ladder.betfair.SessionProvider;
import dev.ladder.betfair.api.BettingApiConfig;
import dev.ladder.betfair.sim.BetfairSimulator;
import dev.ladder.betfair.sim.BettingApiSimulator;
import dev.ladder.betfair.sim.SimRace;
import dev.ladder.catalog.CatalogConfig;
import dev.ladder.core.Clock;
import dev.ladder.server.http.CatalogAccess;
import dev.ladder.server.http.ServerConfig;
import dev.ladder.server.testing.Http;
import dev.ladder.server.testing.SseReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's catalog wiring against the simulators: the Betting API poller fills the racing catalog
 * from the simulated racing day, the Betfair stream gives race cards live prices, race card streams
 * send the card, and the simulated sports feed's matches arrive through the intake over HTTP.
 */
class CatalogWiringTest {
    @TempDir
    Path dir;

    @Test
    void pollerStreamAndSportsFeedFillTheCatalog() throws Exception {
        try (BetfairSimulator sim = DemoVenues.startRacingDay(4, 11);
             BettingApiSimulator api = DemoVenues.startBettingApi(sim);
             LiveNode node = LiveNode.start(List.of(), DemoVenues.betfairSource(sim, MarketFilter.all()), null,
                     ServerConfig.loopback(0), null, Clock.system(), List.of(),
                     new LiveNode.CatalogSetup(CatalogConfig.sqlite(dir), new CatalogAccess("tok", null))
                             .withPoller(BettingApiConfig.at(api.endpoint()), SessionProvider.fixed(DemoVenues.APP_KEY, DemoVenues.SESSION)));
             DemoSportsFeed feed = DemoSportsFeed.start(node.port(), "tok", 3, Duration.ofMillis(200), 5)) {
            sim.runModels(Duration.ofMillis(200));
            Http http = new Http(node.port());
            SimRace race = sim.races().getFirst();
            String date = race.startTime().toString().substring(0, 10);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                    http.get("/api/racing/schedule?date=" + date).json().get("meetings").size() > 0);
            JsonNode schedule = http.get("/api/racing/schedule?date=" + date).json();
            assertThat(schedule.toString()).contains(race.raceId());
            // the race card by its WIN market: runners from the catalogue, prices from the stream
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                Http.Response r = http.get("/api/racing/races/" + race.winMarketId());
                return r.status() == 200 && r.json().get("runners").size() == race.runners().size()
                        && !r.json().get("runners").get(0).get("prices").isNull();
            });
            JsonNode card = http.get("/api/racing/races/" + race.raceId()).json();
            assertThat(card.get("id").asText()).isEqualTo(race.raceId());
            assertThat(card.get("markets")).hasSize(2);
            assertThat(card.get("runners").get(0).get("name").asText()).isNotBlank();
            assertThat(card.get("runners").get(0).get("prices").get("back")).isNotEmpty();
            try (SseReader sse = new SseReader(http, "/api/racing/races/" + race.raceId() + "/stream")) {
                SseReader.Event first = sse.next();
                assertThat(first.name()).isEqualTo("card");
                assertThat(first.json().get("id").asText()).isEqualTo(race.raceId());
                SseReader.Event next = sse.next();
                assertThat(next.name()).isEqualTo("card");
                assertThat(next.json()).isNotEqualTo(first.json());
            }
            assertThat(node.poller().stats().calls()).isPositive();
            // the sports feed: matches posted through the intake, listed in start order
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                    http.get("/api/match/Football?ordering=startTime").json().get("total").asInt() == 3);
            JsonNode matches = http.get("/api/match/Football?ordering=startTime").json().get("items");
            assertThat(matches.get(0).get("startTime").asText()).isLessThan(matches.get(1).get("startTime").asText());
            assertThat(feed.posted()).isGreaterThanOrEqualTo(3);
            assertThat(feed.failed()).isZero();
        }
    }
}
