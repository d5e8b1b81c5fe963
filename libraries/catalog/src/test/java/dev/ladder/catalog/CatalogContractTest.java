package dev.ladder.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.core.Clock;
import dev.ladder.core.SharedData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog's behaviour, run once per store: {@link SqliteCatalogTest} and {@link PostgresCatalogTest}.
 */
abstract class CatalogContractTest {
    static final String NEW_EVENT = """
            {"id": 8663424224, "message_type": "NewEvent", "event": {"id": 99905345, "name": "Real Madrid vs Barcelona",
             "startTime": "2018-06-20 10:30:00", "sport": {"id": 221, "name": "Football"},
             "markets": [{"id": 334222442, "name": "Winner", "selections": [
               {"id": 8842834824, "name": "Real Madrid", "odds": 1.01}, {"id": 4553453535, "name": "Barcelona", "odds": 1.01}]}]}}""";

    @TempDir
    Path tmp;
    Catalog catalog;

    abstract CatalogConfig config(Path tmp);

    @BeforeEach
    void open() {
        catalog = Catalog.open(config(tmp), Clock.system());
        catalog.intake().start();
    }

    @AfterEach
    void close() {
        if (catalog != null) {
            catalog.close();
        }
    }

    SubmitResult submit(String json) throws Exception {
        return catalog.intake().submit(json.getBytes(StandardCharsets.UTF_8));
    }

    MessageStatus applied(String json) throws Exception {
        SubmitResult r = submit(json);
        assertThat(catalog.intake().awaitIdle(Duration.ofSeconds(30))).isTrue();
        return catalog.intake().status(r.status().id()).orElseThrow();
    }

    static String newEvent(String msgId, String eventId, String name, String start, String sportId, String sport,
                           String marketId, String selA, String oddsA, String selB, String oddsB) {
        return """
                {"id": %s, "message_type": "NewEvent", "event": {"id": %s, "name": "%s", "startTime": "%s",
                 "sport": {"id": %s, "name": "%s"}, "markets": [{"id": %s, "name": "Winner", "selections": [
                 {"id": %s, "name": "A", "odds": %s}, {"id": %s, "name": "B", "odds": %s}]}]}}"""
                .formatted(msgId, eventId, name, start, sportId, sport, marketId, selA, oddsA, selB, oddsB);
    }

    static String updateOdds(String msgId, String eventId, String marketId, String sel, String odds) {
        return """
                {"id": %s, "message_type": "UpdateOdds", "event": {"id": %s,
                 "markets": [{"id": %s, "selections": [{"id": %s, "odds": %s}]}]}}"""
                .formatted(msgId, eventId, marketId, sel, odds);
    }

    @Test
    void newEventIsStoredDurablyThenAppliedAndQueried() throws Exception {
        SubmitResult r = submit(NEW_EVENT);
        assertThat(r.duplicate()).isFalse();
        assertThat(r.status().id()).isEqualTo("8663424224");
        assertThat(r.status().messageType()).isEqualTo("NewEvent");
        assertThat(r.status().eventId()).isEqualTo("99905345");
        assertThat(r.status().receivedAt()).isNotNull();
        assertThat(catalog.intake().awaitIdle(Duration.ofSeconds(30))).isTrue();
        MessageStatus st = catalog.intake().status("8663424224").orElseThrow();
        assertThat(st.status()).isEqualTo(MessageStatus.State.DONE);
        assertThat(st.error()).isNull();
        assertThat(st.processedAt()).isNotNull();

        Event e = catalog.queries().event("99905345").orElseThrow();
        assertThat(e.name()).isEqualTo("Real Madrid vs Barcelona");
        assertThat(e.sport().name()).isEqualTo("Football");
        assertThat(e.sport().id()).isEqualTo("221");
        assertThat(e.status()).isEqualTo("OPEN");
        assertThat(e.startTime()).isEqualTo(Instant.parse("2018-06-20T10:30:00Z"));
        assertThat(e.source()).isEqualTo("message:8663424224");
        assertThat(e.markets()).singleElement().satisfies(m -> {
            assertThat(m.id()).isEqualTo("334222442");
            assertThat(m.name()).isEqualTo("Winner");
            assertThat(m.selections()).extracting(Selection::id).containsExactly("4553453535", "8842834824");
            assertThat(m.selections()).extracting(s -> s.odds().toString()).containsExactly("1.01", "1.01");
            assertThat(m.selections()).extracting(Selection::name).containsExactly("Barcelona", "Real Madrid");
        });
        assertThat(catalog.queries().event("99905346")).isEmpty();
        assertThat(catalog.queries().sports()).extracting(Sport::name).containsExactly("Football");
    }

    @Test
    void idsAbove2To53AndOddsAreKeptExactly() throws Exception {
        String msg = newEvent("8661032861909884224", "8661032861909884225", "Big ids", "2030-01-01T00:00:00Z", "18446744073709551617",
                "Huge Sport", "9007199254740993", "9007199254740995", "1.3333333", "12345678901234567890123", "1000");
        MessageStatus st = applied(msg);
        assertThat(st.id()).isEqualTo("8661032861909884224");
        assertThat(st.status()).isEqualTo(MessageStatus.State.DONE);
        Event e = catalog.queries().event("8661032861909884225").orElseThrow();
        assertThat(e.sport().id()).isEqualTo("18446744073709551617");
        Market m = e.markets().getFirst();
        assertThat(m.id()).isEqualTo("9007199254740993");
        assertThat(m.selections()).extracting(Selection::id).containsExactly("9007199254740995", "12345678901234567890123");
        assertThat(m.selections()).extracting(s -> s.odds().toString()).containsExactly("1.3333333", "1000.00");
        assertThat(catalog.intake().status("8661032861909884224").orElseThrow().eventId()).isEqualTo("8661032861909884225");
    }

    @Test
    void updateOddsChangesOnlyTheOddsAndTheirTime() throws Exception {
        applied(NEW_EVENT);
        Selection before = catalog.queries().event("99905345").orElseThrow().markets().getFirst().selections().get(1);
        Thread.sleep(5);
        MessageStatus st = applied(updateOdds("8663424225", "99905345", "334222442", "8842834824", "1.95"));
        assertThat(st.status()).isEqualTo(MessageStatus.State.DONE);
        Event e = catalog.queries().event("99905345").orElseThrow();
        Selection real = e.markets().getFirst().selections().get(1);
        assertThat(real.id()).isEqualTo("8842834824");
        assertThat(real.odds().toString()).isEqualTo("1.95");
        assertThat(real.name()).isEqualTo("Real Madrid");
        assertThat(real.source()).isEqualTo("message:8663424225");
        assertThat(real.updatedAt()).isAfter(before.updatedAt());
        Selection barca = e.markets().getFirst().selections().getFirst();
        assertThat(barca.odds().toString()).isEqualTo("1.01");
        assertThat(barca.source()).isEqualTo("message:8663424224");
    }

    @Test
    void oddsForUnknownEventOrSelectionFailWithTheReasonAndApplyNothing() throws Exception {
        MessageStatus unknownEvent = applied(updateOdds("1", "424242", "334222442", "8842834824", "2.0"));
        assertThat(unknownEvent.status()).isEqualTo(MessageStatus.State.FAILED);
        assertThat(unknownEvent.error()).isEqualTo("unknown event 424242");
        assertThat(unknownEvent.processedAt()).isNotNull();

        applied(NEW_EVENT);
        String twoSelections = """
                {"id": 2, "message_type": "UpdateOdds", "event": {"id": 99905345, "markets": [{"id": 334222442,
                 "selections": [{"id": 8842834824, "odds": 3.5}, {"id": 777, "odds": 4.5}]}]}}""";
        MessageStatus unknownSelection = applied(twoSelections);
        assertThat(unknownSelection.status()).isEqualTo(MessageStatus.State.FAILED);
        assertThat(unknownSelection.error()).isEqualTo("unknown selection 777 in market 334222442");
        // the message is atomic: the known selection's odds did not change either
        assertThat(catalog.queries().event("99905345").orElseThrow().markets().getFirst().selections())
                .extracting(s -> s.odds().toString()).containsExactly("1.01", "1.01");

        MessageStatus unknownMarket = applied(updateOdds("3", "99905345", "1", "8842834824", "2.0"));
        assertThat(unknownMarket.error()).isEqualTo("unknown market 1 in event 99905345");
    }

    @Test
    void theSameMessageIdIsAppliedOnce() throws Exception {
        applied(NEW_EVENT);
        MessageStatus first = applied(updateOdds("50", "99905345", "334222442", "8842834824", "2.5"));
        SubmitResult again = submit(updateOdds("50", "99905345", "334222442", "8842834824", "9.0"));
        assertThat(again.duplicate()).isTrue();
        assertThat(again.status()).isEqualTo(first);
        assertThat(catalog.intake().awaitIdle(Duration.ofSeconds(30))).isTrue();
        assertThat(catalog.queries().event("99905345").orElseThrow().markets().getFirst().selections().get(1).odds().toString())
                .isEqualTo("2.50");
        assertThat(catalog.intake().stats().duplicates()).isEqualTo(1);
    }

    @Test
    void concurrentSubmitsShareCommitsAndStoreEachIdOnce() throws Exception {
        int threads = 8;
        int perThread = 100;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        java.util.concurrent.ConcurrentHashMap<String, Integer> accepted = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.concurrent.atomic.AtomicInteger dups = new java.util.concurrent.atomic.AtomicInteger();
        List<java.util.concurrent.Future<?>> fs = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            fs.add(pool.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    // every id is sent by every thread: exactly one submit of each stores it
                    String json = newEvent(Integer.toString(i), "1", "e", "2030-01-01T00:00:00Z", "1", "S", "1", "1", "2", "2", "3");
                    SubmitResult r = catalog.intake().submit(json.getBytes(StandardCharsets.UTF_8));
                    if (r.duplicate()) {
                        dups.incrementAndGet();
                    } else {
                        accepted.merge(r.status().id(), 1, Integer::sum);
                    }
                }
                return null;
            }));
        }
        for (var f : fs) {
            f.get();
        }
        pool.shutdown();
        assertThat(accepted).hasSize(perThread);
        assertThat(accepted.values()).containsOnly(1);
        assertThat(dups.get()).isEqualTo(threads * perThread - perThread);
        assertThat(catalog.intake().awaitIdle(Duration.ofSeconds(60))).isTrue();
        for (String id : accepted.keySet()) {
            assertThat(catalog.intake().status(id).orElseThrow().status()).isEqualTo(MessageStatus.State.DONE);
        }
    }

    @Test
    void malformedMessagesAreRejectedNamingTheFieldAndNothingIsStored() throws Exception {
        assertThatThrownBy(() -> submit("{not json")).isInstanceOf(CatalogMessageException.class).hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> submit("{\"id\": 5, \"message_type\": \"Cancel\", \"event\": {}}"))
                .isInstanceOf(CatalogMessageException.class).hasMessageContaining("message_type").hasMessageContaining("Cancel");
        assertThatThrownBy(() -> submit(NEW_EVENT.replace("\"name\": \"Barcelona\", ", "")))
                .isInstanceOf(CatalogMessageException.class)
                .hasMessage("event.markets[0].selections[1].name: missing")
                .extracting(e -> ((CatalogMessageException) e).path()).isEqualTo("event.markets[0].selections[1].name");
        assertThatThrownBy(() -> submit(NEW_EVENT.replace("\"odds\": 1.01}]", "\"odds\": \"x\"}]")))
                .isInstanceOf(CatalogMessageException.class).hasMessageStartingWith("event.markets[0].selections[1].odds: ");
        assertThatThrownBy(() -> submit(NEW_EVENT.replace("\"id\": 221", "\"id\": 2.5")))
                .hasMessage("event.sport.id: expected an integer or a non-empty string id, was number 2.5");
        assertThatThrownBy(() -> submit(NEW_EVENT.replace("2018-06-20 10:30:00", "tomorrow")))
                .hasMessageStartingWith("event.startTime: 'tomorrow' is not a time");
        assertThat(catalog.intake().status("8663424224")).isEmpty();
        assertThat(catalog.intake().stats().rejected()).isEqualTo(6);
    }

    @Test
    void timesWithoutZoneAreUtcAndIsoIsAccepted() throws Exception {
        applied(newEvent("1", "1", "a", "2018-06-20T10:30:00", "1", "S", "1", "1", "2", "2", "2"));
        applied(newEvent("2", "2", "b", "2018-06-20T12:30:00+02:00", "1", "S", "2", "1", "2", "2", "2"));
        applied(newEvent("3", "3", "c", "2018-06-20T10:30:00.250Z", "1", "S", "3", "1", "2", "2", "2"));
        assertThat(catalog.queries().event("1").orElseThrow().startTime()).isEqualTo(Instant.parse("2018-06-20T10:30:00Z"));
        assertThat(catalog.queries().event("2").orElseThrow().startTime()).isEqualTo(Instant.parse("2018-06-20T10:30:00Z"));
        assertThat(catalog.queries().event("3").orElseThrow().startTime()).isEqualTo(Instant.parse("2018-06-20T10:30:00.250Z"));
    }

    @Test
    void listingsByNameAndBySportPageAndOrder() throws Exception {
        for (int i = 1; i <= 25; i++) {
            String start = "2030-01-%02dT12:00:00Z".formatted(i);
            submit(newEvent(Integer.toString(i), Integer.toString(1000 + i), (i % 2 == 0 ? "Arsenal v Team " : "Chelsea v Team ") + i,
                    start, "1", "Soccer", Integer.toString(5000 + i), "1", "2", "2", "3"));
        }
        submit(newEvent("100", "2000", "Nadal v Federer", "2030-02-01T12:00:00Z", "2", "Tennis", "6000", "1", "2", "2", "3"));
        assertThat(catalog.intake().awaitIdle(Duration.ofSeconds(60))).isTrue();

        Page<Event> arsenal = catalog.queries().eventsByName("ARSENAL", 1, 5);
        assertThat(arsenal.total()).isEqualTo(12);
        assertThat(arsenal.items()).extracting(Event::id).containsExactly("1002", "1004", "1006", "1008", "1010");
        Page<Event> last = catalog.queries().eventsByName("arsenal", 3, 5);
        assertThat(last.items()).extracting(Event::id).containsExactly("1022", "1024");
        assertThat(catalog.queries().eventsByName("arsenal", 4, 5).items()).isEmpty();
        assertThat(catalog.queries().eventsByName("v team 1", 1, 20).total()).isEqualTo(11);
        assertThat(catalog.queries().eventsByName("100%", 1, 20).total()).isZero();

        Page<Event> soccer = catalog.queries().eventsBySport("soccer", EventOrder.START_TIME, 1, Page.DEFAULT_SIZE);
        assertThat(soccer.total()).isEqualTo(25);
        assertThat(soccer.items()).hasSize(20);
        assertThat(soccer.items().getFirst().id()).isEqualTo("1001");
        assertThat(soccer.items()).extracting(Event::startTime).isSorted();
        Page<Event> desc = catalog.queries().eventsBySport("SOCCER", EventOrder.parse("-startTime"), 2, 20);
        assertThat(desc.items()).extracting(Event::id).containsExactly("1005", "1004", "1003", "1002", "1001");
        assertThat(catalog.queries().eventsBySport("curling", EventOrder.START_TIME, 1, 20).total()).isZero();
        assertThat(catalog.queries().sports()).extracting(Sport::name).containsExactly("Soccer", "Tennis");
        catalog.betfair().applyEvents(List.of(new dev.ladder.betfair.api.EventResult(
                new dev.ladder.betfair.api.EventInfo("3000", "Untimed", null, null, null, null), 0)), "2");
        assertThat(catalog.queries().eventsBySport("tennis", EventOrder.START_TIME, 1, 20).items()).extracting(Event::id)
                .containsExactly("2000", "3000");
        assertThat(catalog.queries().eventsBySport("tennis", EventOrder.START_TIME_DESC, 1, 1).items()).extracting(Event::id)
                .containsExactly("2000");
        Page<Event> second = catalog.queries().eventsBySport("tennis", EventOrder.START_TIME_DESC, 2, 1);
        assertThat(second.items()).extracting(Event::id).containsExactly("3000");
        assertThat(second.total()).isEqualTo(2);
        assertThatThrownBy(() -> catalog.queries().eventsBySport("soccer", EventOrder.START_TIME, 0, 20)).hasMessageContaining("page");
        assertThatThrownBy(() -> catalog.queries().eventsByName("a", 1, 501)).hasMessageContaining("size");
    }

    static final String MEETING = """
            {"id": 9001, "message_type": "Meeting", "meeting": {"id": "M1", "name": "Flemington 1st Nov", "type": "horse",
             "venue": "Flemington", "country": "au", "timezone": "Australia/Melbourne",
             "races": [
              {"number": 2, "name": "R2 1400m Hcp", "startTime": "2030-11-01 01:30:00", "distance": "1400m",
               "markets": [{"id": "1.2", "type": "WIN", "status": "OPEN"}, {"id": "1.3", "type": "PLACE", "places": 3}],
               "runners": [{"id": 11, "number": 1, "barrier": 4, "name": "Alpha", "jockey": "J One", "trainer": "T One", "weight": "58.5"},
                           {"id": 12, "number": 2, "barrier": 1, "name": "Bravo"},
                           {"id": 13, "number": 3, "barrier": 2, "name": "Charlie"},
                           {"id": 14, "number": 4, "barrier": 3, "name": "Delta"}]},
              {"id": "M1.R1", "number": 1, "name": "R1 1200m Mdn", "startTime": "2030-11-01T00:55:00Z",
               "markets": [{"id": "1.1", "type": "WIN"}],
               "runners": [{"id": 21, "number": 1, "name": "Echo"}]}]}}""";

    @Test
    void meetingsRaceUpdatesScheduleAndRaceCards() throws Exception {
        assertThat(applied(MEETING).status()).isEqualTo(MessageStatus.State.DONE);
        applied("""
                {"id": 9002, "message_type": "Meeting", "meeting": {"id": "G1", "name": "Sheffield", "type": "greyhound",
                 "country": "GB", "races": [{"startTime": "2030-11-01T18:00:00Z", "runners": [{"id": 31, "name": "Dog"}]}]}}""");
        // Flemington's date is local (Melbourne, UTC+11): 2030-11-01
        List<MeetingSchedule> day = catalog.queries().schedule(LocalDate.parse("2030-11-01"), null, null);
        assertThat(day).extracting(ms -> ms.meeting().id()).containsExactly("M1", "G1");
        MeetingSchedule flem = day.getFirst();
        assertThat(flem.meeting().type()).isEqualTo(RaceType.HORSE);
        assertThat(flem.meeting().countryCode()).isEqualTo("AU");
        assertThat(flem.races()).extracting(Race::id).containsExactly("M1.R1", "M1.0130");
        assertThat(flem.races().get(1).markets()).extracting(RaceMarket::type).containsExactly("WIN", "PLACE");
        assertThat(catalog.queries().schedule(LocalDate.parse("2030-11-01"), RaceType.GREYHOUND, null))
                .extracting(ms -> ms.meeting().id()).containsExactly("G1");
        assertThat(catalog.queries().schedule(LocalDate.parse("2030-11-01"), null, "au"))
                .extracting(ms -> ms.meeting().id()).containsExactly("M1");
        assertThat(catalog.queries().schedule(LocalDate.parse("2030-11-02"), null, null)).isEmpty();

        MessageStatus update = applied("""
                {"id": 9003, "message_type": "RaceUpdate", "race": {"id": "M1.0130", "status": "final",
                 "runners": [{"id": 11}, {"id": 12}, {"id": 13, "scratched": true}],
                 "results": [{"position": 1, "id": 12}, {"position": 2, "number": 1}]}}""");
        assertThat(update.status()).isEqualTo(MessageStatus.State.DONE);
        assertThat(update.eventId()).isEqualTo("M1");

        RaceCard card = catalog.queries().raceCard("1.3").orElseThrow();
        assertThat(card).isEqualTo(catalog.queries().raceCard("M1.0130").orElseThrow());
        assertThat(card.race().status()).isEqualTo(RaceStatus.FINAL);
        assertThat(card.race().distance()).isEqualTo("1400m");
        assertThat(card.race().number()).isEqualTo(2);
        assertThat(card.meeting().name()).isEqualTo("Flemington 1st Nov");
        assertThat(card.markets()).extracting(RaceMarket::id, RaceMarket::places).containsExactly(
                org.assertj.core.groups.Tuple.tuple("1.2", null), org.assertj.core.groups.Tuple.tuple("1.3", 3));
        assertThat(card.runners()).extracting(Runner::name).containsExactly("Alpha", "Bravo", "Charlie", "Delta");
        assertThat(card.runners()).extracting(Runner::scratched).containsExactly(false, false, true, true);
        assertThat(card.runners()).extracting(Runner::placed).containsExactly(true, true, false, false);
        Runner alpha = card.runners().getFirst();
        assertThat(alpha.barrier()).isEqualTo(4);
        assertThat(alpha.jockey()).isEqualTo("J One");
        assertThat(alpha.weight()).isEqualTo("58.5");
        assertThat(card.results()).extracting(RaceResult::position, RaceResult::selectionId, RaceResult::number, RaceResult::name)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "12", 2, "Bravo"),
                        org.assertj.core.groups.Tuple.tuple(2, "11", 1, "Alpha"));
        assertThat(card.marketIds()).containsExactly("1.2", "1.3");
        assertThat(card.selectionIds()).containsExactly("11", "12", "13", "14");
        assertThat(catalog.queries().raceCard("nope")).isEmpty();

        MessageStatus unknownRace = applied("{\"id\": 9004, \"message_type\": \"RaceUpdate\", \"race\": {\"id\": \"X.1\", \"status\": \"OFF\"}}");
        assertThat(unknownRace.status()).isEqualTo(MessageStatus.State.FAILED);
        assertThat(unknownRace.error()).isEqualTo("unknown race X.1");
        MessageStatus badResult = applied("""
                {"id": 9005, "message_type": "RaceUpdate", "race": {"id": "M1.0130", "results": [{"position": 1, "id": 99}]}}""");
        assertThat(badResult.error()).isEqualTo("unknown runner 99 in race M1.0130");
        // meetings are events of their sport too
        Event meetingEvent = catalog.queries().event("M1").orElseThrow();
        assertThat(meetingEvent.sport().name()).isEqualTo("Horse Racing");
        assertThat(meetingEvent.raceType()).isEqualTo(RaceType.HORSE);
        assertThat(meetingEvent.marketIds()).containsExactlyInAnyOrder("1.1", "1.2", "1.3");
    }

    @Test
    void queuedMessagesSurviveARestartAndAreAppliedThen() throws Exception {
        catalog.close();
        CatalogConfig config = config(tmp);
        try (Catalog stopped = Catalog.open(config, Clock.system())) {
            stopped.intake().submit(NEW_EVENT.getBytes(StandardCharsets.UTF_8));
            assertThat(stopped.intake().status("8663424224").orElseThrow().status()).isEqualTo(MessageStatus.State.QUEUED);
        }
        catalog = Catalog.open(config, Clock.system());
        catalog.intake().start();
        assertThat(catalog.intake().awaitIdle(Duration.ofSeconds(30))).isTrue();
        assertThat(catalog.intake().status("8663424224").orElseThrow().status()).isEqualTo(MessageStatus.State.DONE);
        assertThat(catalog.queries().event("99905345")).isPresent();
    }

    // ---- Betfair data ----

    static Path shared(String rel) {
        Path p = SharedData.resolve(rel);
        Assumptions.assumeTrue(p != null, SharedData.skipReason(rel));
        return p;
    }

    @Test
    void greyhoundRaceCardFromTheHistoricalFileAndItsCatalogue() throws Exception {
        Path stream = shared("data/betfair/1.197931750.bz2");
        Path catalogue = shared("data/betfair/1.197931750.catalogue.json");
        ImportReport report = catalog.importer().importFiles(List.of(stream, catalogue));
        assertThat(report.errors()).isEmpty();
        assertThat(report.marketDefinitions()).isEqualTo(1);
        assertThat(report.catalogueEntries()).isEqualTo(1);
        assertThat(report.changes().created("race")).isEqualTo(1);
        assertThat(report.changes().created("runner")).isEqualTo(6);
        assertThat(report.changes().created("meeting")).isEqualTo(1);

        RaceCard card = catalog.queries().raceCard("1.197931750").orElseThrow();
        assertThat(card.race().id()).isEqualTo("31389771.1826");
        assertThat(card.race().status()).isEqualTo(RaceStatus.FINAL);
        assertThat(card.race().name()).isEqualTo("OR 280m");
        assertThat(card.race().distance()).isEqualTo("280m");
        assertThat(card.race().startTime()).isEqualTo(Instant.parse("2022-04-19T18:26:00Z"));
        assertThat(card.meeting().type()).isEqualTo(RaceType.GREYHOUND);
        assertThat(card.meeting().venue()).isEqualTo("Sheffield");
        assertThat(card.meeting().countryCode()).isEqualTo("GB");
        assertThat(card.meeting().date()).isEqualTo(LocalDate.parse("2022-04-19"));
        assertThat(card.markets()).singleElement().satisfies(m -> {
            assertThat(m.type()).isEqualTo("WIN");
            assertThat(m.status()).isEqualTo("CLOSED");
            assertThat(m.places()).isEqualTo(1);
        });
        assertThat(card.runners()).extracting(Runner::number).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(card.runners()).extracting(Runner::name).containsExactly("Paradise Mission", "Sandwood Jet",
                "Kirabilly Kathy", "Gurtnacrehyblake", "Castlehill Jil", "Coolavanny Galiv");
        assertThat(card.runners()).extracting(r -> r.bsp().toString()).containsExactly("85.00", "25.00", "6.80", "9.90", "16.56", "1.55");
        assertThat(card.runners()).extracting(Runner::status).containsExactly("LOSER", "WINNER", "LOSER", "LOSER", "LOSER", "LOSER");
        assertThat(card.runners()).noneMatch(Runner::scratched);
        assertThat(card.results()).containsExactly(new RaceResult(1, "37947503", 2, "Sandwood Jet"));
        assertThat(catalog.queries().raceCard("31389771.1826").orElseThrow()).isEqualTo(card);

        // applying the same files again changes nothing
        ImportReport again = catalog.importer().importFiles(List.of(stream, catalogue));
        assertThat(again.changes()).isEqualTo(CatalogChanges.NONE);
    }

    @Test
    void horseRaceNonRunnersAreScratched() throws Exception {
        Path file = shared("data/betfair/BASIC-1.132153978");
        ImportReport report = catalog.importer().importFiles(List.of(file));
        assertThat(report.errors()).isEmpty();
        RaceCard card = catalog.queries().raceCard("1.132153978").orElseThrow();
        assertThat(card.race().id()).isEqualTo("28270094.1855");
        assertThat(card.race().status()).isEqualTo(RaceStatus.FINAL);
        assertThat(card.race().distance()).isEqualTo("1m");
        assertThat(card.meeting().type()).isEqualTo(RaceType.HORSE);
        assertThat(card.runners()).hasSize(14);
        assertThat(card.runners()).filteredOn(Runner::scratched).extracting(Runner::name)
                .containsExactlyInAnyOrder("Hellavashock", "Hymn For The Dudes");
        assertThat(card.runners()).filteredOn(Runner::scratched).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo("REMOVED");
            assertThat(r.bsp()).isNull();
        });
        assertThat(card.results()).extracting(RaceResult::name).containsExactly("Brother Mcgonagall");
        assertThat(card.runners()).filteredOn(r -> r.name().equals("Brother Mcgonagall")).singleElement()
                .satisfies(r -> assertThat(r.bsp()).hasToString("4.15"));
    }

    @Test
    void placeMarketJoinsTheWinMarketsRaceCard() throws Exception {
        Path file = shared("data/betfair/BASIC-1.132153978");
        catalog.importer().importFiles(List.of(file));
        // a PLACE market of the same race (same event, same start time), as a catalogue and a closed definition
        Path placeCatalogue = tmp.resolve("place.json");
        Files.writeString(placeCatalogue, """
                {"jsonrpc": "2.0", "id": 1, "result": [{"marketId": "1.132153979", "marketName": "To Be Placed",
                 "marketStartTime": "2017-06-14T18:55:00.000Z",
                 "description": {"marketType": "PLACE", "bettingType": "ODDS", "raceType": "Flat"},
                 "eventType": {"id": "7", "name": "Horse Racing"},
                 "event": {"id": "28270094", "name": "Ham 14th Jun", "countryCode": "GB", "timezone": "Europe/London",
                           "venue": "Hamilton", "openDate": "2017-06-14T16:55:00.000Z"},
                 "runners": [{"selectionId": 12115648, "runnerName": "Brother Mcgonagall", "handicap": 0.0, "sortPriority": 1,
                              "metadata": {"CLOTH_NUMBER": "7", "STALL_DRAW": "3", "JOCKEY_NAME": "J Doe", "TRAINER_NAME": "T Roe", "WEIGHT_VALUE": "133"}},
                             {"selectionId": 10299545, "runnerName": "Match My Fire", "handicap": 0.0, "sortPriority": 2,
                              "metadata": {"CLOTH_NUMBER": "2", "STALL_DRAW": "9"}}]}]}""");
        ImportReport r = catalog.importer().importFiles(List.of(placeCatalogue));
        assertThat(r.errors()).isEmpty();
        assertThat(r.catalogueEntries()).isEqualTo(1);
        RaceCard byPlace = catalog.queries().raceCard("1.132153979").orElseThrow();
        RaceCard byWin = catalog.queries().raceCard("1.132153978").orElseThrow();
        assertThat(byPlace).isEqualTo(byWin);
        assertThat(byWin.markets()).extracting(RaceMarket::type).containsExactly("WIN", "PLACE");
        Runner brother = byWin.runners().stream().filter(x -> x.selectionId().equals("12115648")).findFirst().orElseThrow();
        assertThat(brother.number()).isEqualTo(7);
        assertThat(brother.barrier()).isEqualTo(3);
        assertThat(brother.jockey()).isEqualTo("J Doe");
        assertThat(brother.trainer()).isEqualTo("T Roe");
        assertThat(brother.weight()).isEqualTo("133");
        assertThat(brother.bsp()).hasToString("4.15");
        assertThat(brother.status()).isEqualTo("WINNER");
        assertThat(byWin.race().status()).isEqualTo(RaceStatus.FINAL);
    }

    @Test
    void footballStreamMarketsBecomeEventsOfTheirSport() throws Exception {
        Path file = shared("data/betfair/1.242971311.bz2");
        ImportReport report = catalog.importer().importFiles(List.of(file));
        assertThat(report.errors()).isEmpty();
        assertThat(report.marketDefinitions()).isGreaterThanOrEqualTo(100);
        Page<Event> soccer = catalog.queries().eventsBySport("soccer", EventOrder.START_TIME, 1, 500);
        assertThat(soccer.total()).isPositive();
        assertThat(catalog.queries().sports()).extracting(Sport::id).containsExactly("1");
        long markets = soccer.items().stream().mapToLong(e -> e.markets().size()).sum();
        assertThat(markets).isEqualTo(report.marketDefinitions());
        assertThat(soccer.items()).allSatisfy(e -> assertThat(e.raceType()).isNull());
        assertThat(soccer.items().stream().flatMap(e -> e.markets().stream()).map(Market::type)).contains("MATCH_ODDS");
    }

    @Test
    void importsBettingApiCataloguesAndMessageLines() throws Exception {
        Path catalogue = shared("data/catalog/betting-list_market_catalogue.json");
        ImportReport r = catalog.importer().importFiles(List.of(catalogue));
        assertThat(r.errors()).isEmpty();
        assertThat(r.catalogueEntries()).isPositive();
        Event austria = catalog.queries().event("606287").orElseThrow();
        assertThat(austria.sport().name()).isEqualTo("Soccer");
        assertThat(austria.markets().getFirst().selections()).hasSize(10);
        assertThat(austria.markets().getFirst().selections().getFirst().name()).isEqualTo("Red Bull Salzburg");

        Path lines = tmp.resolve("messages.jsonl");
        Files.writeString(lines, NEW_EVENT.replace("\n", " ") + "\n"
                + updateOdds("2", "99905345", "334222442", "8842834824", "1.5").replace("\n", " ") + "\n"
                + "{\"id\": 3, \"message_type\": \"NewEvent\"}\n"
                + updateOdds("4", "1", "1", "1", "1.5").replace("\n", " ") + "\n"
                + NEW_EVENT.replace("\n", " ") + "\n");
        ImportReport m = catalog.importer().importFiles(List.of(lines));
        assertThat(m.messagesAccepted()).isEqualTo(3);
        assertThat(m.messagesRejected()).isEqualTo(1);
        assertThat(m.messagesDuplicate()).isEqualTo(1);
        assertThat(m.messagesDone()).isEqualTo(2);
        assertThat(m.messagesFailed()).isEqualTo(1);
        assertThat(m.errors()).anyMatch(e -> e.contains("messages.jsonl:3") && e.contains("event: missing"));
        assertThat(m.errors()).anyMatch(e -> e.contains("unknown event 1"));

        Path events = tmp.resolve("events.json");
        Files.writeString(events, """
                [{"event": {"id": "606287", "name": "Austrian Bundesliga 2016/17", "countryCode": "AT", "timezone": "Europe/London",
                  "openDate": "2016-07-22T17:30:00.000Z"}, "marketCount": 3},
                 {"event": {"id": "777", "name": "Unknown", "openDate": "2016-07-22T17:30:00.000Z"}, "marketCount": 1}]""");
        ImportReport ev = catalog.importer().importFiles(List.of(events));
        assertThat(ev.eventEntries()).isEqualTo(1);
        assertThat(ev.errors()).singleElement().asString().contains("event 777").contains("event type unknown");
        assertThat(catalog.queries().event("606287").orElseThrow().name()).isEqualTo("Austrian Bundesliga 2016/17");
        assertThat(catalog.queries().event("777")).isEmpty();
        ImportReport typed = catalog.importer().importFiles(List.of(events), "1");
        assertThat(typed.eventEntries()).isEqualTo(2);
        assertThat(catalog.queries().event("777").orElseThrow().sport().name()).isEqualTo("Soccer");
    }

    @Test
    void everyRecordSaysWhereItCameFrom() throws Exception {
        catalog.importer().importFiles(List.of(shared("data/betfair/1.197931750.bz2")));
        RaceCard stream = catalog.queries().raceCard("1.197931750").orElseThrow();
        assertThat(stream.race().source()).isEqualTo(BetfairCatalogMapper.STREAM);
        assertThat(stream.runners()).allSatisfy(r -> assertThat(r.source()).isEqualTo(BetfairCatalogMapper.STREAM));
        assertThat(stream.runners().getFirst().name()).isEqualTo("Paradise Mission");
        catalog.importer().importFiles(List.of(shared("data/betfair/1.197931750.catalogue.json")));
        RaceCard after = catalog.queries().raceCard("1.197931750").orElseThrow();
        // the catalogue carries nothing new for these runners: they keep their source and time
        assertThat(after.runners()).isEqualTo(stream.runners());
        assertThat(after.meeting()).isEqualTo(stream.meeting());
        assertThat(after.meeting().timezone()).isEqualTo("Europe/London");
        // the catalogue's market name differs from nothing, but its market is told apart: the market row keeps the stream's source
        assertThat(after.markets()).isEqualTo(stream.markets());
    }

    @Test
    void aLiveStreamKeepsTheCatalogUpToDate() throws Exception {
        Path file = shared("data/betfair/1.197931750.bz2");
        dev.ladder.betfair.BetfairMarketCache cache = new dev.ladder.betfair.BetfairMarketCache();
        dev.ladder.betfair.BetfairStreamDecoder decoder = new dev.ladder.betfair.BetfairStreamDecoder(cache);
        try (BetfairCatalogFeed feed = new BetfairCatalogFeed(catalog.betfair())) {
            cache.listener(feed);
            new dev.ladder.betfair.BetfairHistoricalReader().read(file, (source, n, b, off, len) -> {
                decoder.decode(b, off, len);
                return true;
            });
        }
        RaceCard card = catalog.queries().raceCard("1.197931750").orElseThrow();
        assertThat(card.race().status()).isEqualTo(RaceStatus.FINAL);
        assertThat(card.results()).extracting(RaceResult::name).containsExactly("Sandwood Jet");
        assertThat(card.runners()).extracting(Runner::number).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(card.runners()).allSatisfy(r -> assertThat(r.source()).isEqualTo(BetfairCatalogMapper.STREAM));
    }

    @Test
    void recordsWriteAsJsonWithExactNumbersAndIsoTimes() throws Exception {
        applied(NEW_EVENT.replace("\"odds\": 1.01}, {", "\"odds\": 1.10}, {"));
        String json = CatalogJson.write(catalog.queries().event("99905345").orElseThrow());
        assertThat(json).contains("\"id\":\"99905345\"", "\"startTime\":\"2018-06-20T10:30:00Z\"", "\"odds\":\"1.10\"",
                "\"odds\":\"1.01\"", "\"id\":\"8842834824\"");
        String status = CatalogJson.write(catalog.intake().status("8663424224").orElseThrow());
        assertThat(status).contains("\"status\":\"done\"", "\"id\":\"8663424224\"", "\"error\":null").doesNotContain("finished");
    }
}
