package dev.ladder.betfair.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.betfair.BetfairCacheConfig;
import dev.ladder.betfair.BetfairMarketCache;
import dev.ladder.betfair.BetfairStreamDecoder;
import dev.ladder.betfair.StreamHarness;
import dev.ladder.betfair.StreamJson;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The generated racing day and its race markets. */
class SimRacingTest {
    private static final Instant FROM = Instant.parse("2025-03-14T11:58:27Z");
    private static final Pattern GB_DOGS = Pattern.compile("^(A(10|[1-9])|OR|[DS][1-4]) \\d{3}m$");
    private static final Pattern IE_DOGS = Pattern.compile("^A[1-8] \\d{3}y$");
    private static final Pattern AU_DOGS = Pattern.compile("^R\\d{1,2} \\d{3}m (Gr[4-7]|Mdn)$");
    private static final Pattern AU_HORSE = Pattern.compile("^R\\d{1,2} \\d{3,4}m (Hcap|Mdn|Bm64|Bm72|Cl1)$");
    private static final Pattern GB_HORSE = Pattern.compile("^(\\d+m)?(\\d+f)? (Hcap|Mdn Stks|Nov Stks|Class Stks|Sell Stks"
            + "|Hcap Hrd|Nov Hrd|Mdn Hrd|Hcap Chs|Nov Chs)$");
    private static final Pattern DOG_RUNNER = Pattern.compile("^(\\d)\\. [A-Z][a-z]+ [A-Z][a-z]+$");

    @Test
    void aDayHasHorseAndGreyhoundMeetingsWithRealisticRaceCards() {
        List<SimRace> day = SimRacing.day(7, FROM, 40);
        assertThat(day).hasSize(40);
        Set<String> raceIds = new HashSet<>();
        Set<String> marketIds = new HashSet<>();
        Set<Long> selections = new HashSet<>();
        Map<String, SimMeeting> meetings = new java.util.HashMap<>();
        for (int i = 0; i < day.size(); i++) {
            SimRace r = day.get(i);
            SimMeeting m = r.meeting();
            assertThat(m.eventTypeId()).isEqualTo(i % 2 == 0 ? "7" : "4339");
            assertThat(r.winMarketId()).isEqualTo(String.format("1.9%08d", 2 * i + 1));
            assertThat(r.placeMarketId()).isEqualTo(String.format("1.9%08d", 2 * i + 2));
            assertThat(raceIds.add(r.raceId())).as("race id %s unique", r.raceId()).isTrue();
            assertThat(marketIds.addAll(r.marketIds())).isTrue();
            assertThat(r.startTime()).isAfter(FROM).isBefore(FROM.plus(Duration.ofHours(6)));
            assertThat(r.startTime().getEpochSecond() % 60).as("whole minutes").isZero();
            assertThat(m.openDate()).isBeforeOrEqualTo(r.startTime());
            assertThat(m.countryCode()).isIn("GB", "IE", "AU");
            assertThat(ZoneId.of(m.timezone()).getId()).startsWith("AU".equals(m.countryCode()) ? "Australia/" : "Europe/");
            assertThat(m.name()).startsWith(m.venue()).matches(".* \\d{1,2}(st|nd|rd|th) [A-Z][a-z]{2}$");
            SimMeeting known = meetings.putIfAbsent(m.eventId(), m);
            assertThat(known == null || known.equals(m)).isTrue();
            assertThat(r.placeWinners()).isBetween(2, 3);
            assertThat(r.runners().stream().mapToDouble(SimRunner::strength).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
            for (SimRunner run : r.runners()) {
                assertThat(selections.add(run.selectionId())).as("selection ids unique across the day").isTrue();
                assertThat(run.metadata()).containsEntry("runnerId", Long.toString(run.selectionId()));
            }
            if (r.isGreyhound()) {
                assertThat(r.raceType()).isNull();
                Pattern p = switch (m.countryCode()) {
                    case "GB" -> GB_DOGS;
                    case "IE" -> IE_DOGS;
                    default -> AU_DOGS;
                };
                assertThat(r.name()).matches(p);
                assertThat(r.runners()).hasSize("AU".equals(m.countryCode()) ? 8 : 6);
                for (int t = 0; t < r.runners().size(); t++) {
                    SimRunner run = r.runners().get(t);
                    assertThat(run.name()).matches(DOG_RUNNER).startsWith((t + 1) + ". ");
                    assertThat(run.number()).isEqualTo(t + 1);
                    assertThat(run.jockey()).isNull();
                    assertThat(run.metadata()).containsOnlyKeys("runnerId");
                }
                assertThat(r.duration()).isBetween(Duration.ofSeconds(14), Duration.ofSeconds(50));
            } else {
                assertThat(r.name()).matches("AU".equals(m.countryCode()) ? AU_HORSE : GB_HORSE);
                assertThat(r.raceType()).isIn("Flat", "Hurdle", "Chase");
                assertThat(r.name().endsWith("Chs")).isEqualTo("Chase".equals(r.raceType()));
                assertThat(r.runners().size()).isBetween(5, 14);
                Set<Integer> draws = new HashSet<>();
                for (SimRunner run : r.runners()) {
                    Map<String, String> md = run.metadata();
                    assertThat(md).containsKeys("CLOTH_NUMBER", "JOCKEY_NAME", "TRAINER_NAME", "WEIGHT_VALUE", "WEIGHT_UNITS");
                    assertThat(md.get("CLOTH_NUMBER")).isEqualTo(Integer.toString(run.number()));
                    assertThat(run.jockey()).matches("[A-Z][a-z]+ [A-Z][a-z]+");
                    assertThat(run.trainer()).matches("[A-Z]( [A-Z])? [A-Z][a-z]+");
                    assertThat(new java.math.BigDecimal(run.weight())).isBetween(new java.math.BigDecimal("54"),
                            new java.math.BigDecimal("168"));
                    if ("Flat".equals(r.raceType()) && !"AU".equals(m.countryCode())) {
                        draws.add(Integer.valueOf(md.get("STALL_DRAW")));
                    } else if (!"Flat".equals(r.raceType())) {
                        assertThat(md).doesNotContainKey("STALL_DRAW");
                    }
                }
                if ("Flat".equals(r.raceType()) && !"AU".equals(m.countryCode())) {
                    assertThat(draws).hasSize(r.runners().size()).allMatch(d -> d >= 1 && d <= r.runners().size());
                }
                assertThat(r.duration()).isBetween(Duration.ofSeconds(50), Duration.ofMinutes(8));
            }
        }
        assertThat(meetings.values().stream().filter(m -> m.eventTypeId().equals("7")).count()).isEqualTo(3);
        assertThat(meetings.values().stream().filter(m -> m.eventTypeId().equals("4339")).count()).isEqualTo(2);
        // races of one meeting are spaced apart
        for (SimMeeting m : meetings.values()) {
            List<Instant> starts = day.stream().filter(r -> r.meeting().equals(m)).map(SimRace::startTime).sorted().toList();
            for (int i = 1; i < starts.size(); i++) {
                assertThat(Duration.between(starts.get(i - 1), starts.get(i))).isBetween(Duration.ofMinutes(15), Duration.ofMinutes(35));
            }
        }
    }

    @Test
    void theSameSeedGivesTheSameDayAndAnotherSeedAnotherDay() {
        assertThat(SimRacing.day(11, FROM, 12)).isEqualTo(SimRacing.day(11, FROM, 12));
        assertThat(SimRacing.day(12, FROM, 12).getFirst().runners()).isNotEqualTo(SimRacing.day(11, FROM, 12).getFirst().runners());
        assertThatThrownBy(() -> SimRacing.day(1, FROM, 0)).hasMessageContaining("races must be 1..5000");
        assertThatThrownBy(() -> SimRacing.race(1, "1", "1", "1.2", null, FROM, 0)).hasMessageContaining("7 or 4339");
    }

    @Test
    void theFinishOrderIsFixedAndFavoursTheStrong() {
        SimRace r = SimRacing.day(3, FROM, 1).getFirst();
        assertThat(r.finishOrder()).isEqualTo(r.finishOrder());
        assertThat(new HashSet<>(java.util.Arrays.stream(r.finishOrder()).boxed().toList())).hasSize(r.runners().size());
        int favourite = 0;
        int favouriteWins = 0;
        int trials = 2000;
        for (long seed = 0; seed < trials; seed++) {
            SimRace x = SimRacing.race(seed, "4339", "1", "1.5", null, FROM, 6);
            double best = -1;
            for (int i = 0; i < 6; i++) {
                if (x.runners().get(i).strength() > best) {
                    best = x.runners().get(i).strength();
                    favourite = i;
                }
            }
            if (x.finishOrder()[0] == favourite) {
                favouriteWins++;
            }
        }
        assertThat(favouriteWins).as("favourites win more often than 1 in 6").isGreaterThan(trials / 4);
    }

    @Test
    void placeMarketChancesSumToItsWinnersAndItsChangesRebuildTheCache() throws Exception {
        SimRace race = SimRacing.race(5, "7", "35000001", "1.950000001", "1.950000002", FROM, 9);
        SimMarketModel place = new SimMarketModel(race, "PLACE", 10, 0.05);
        SimMarketModel win = new SimMarketModel(race, "WIN", 10, 0.05);
        assertThat(java.util.Arrays.stream(place.probabilities()).sum()).isCloseTo(3.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(java.util.Arrays.stream(win.probabilities()).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(place.selectionIds()).isEqualTo(win.selectionIds());
        SimMarket state = new SimMarket(place.marketId(), false);
        BetfairMarketCache cache = new BetfairMarketCache(BetfairCacheConfig.keepAll());
        BetfairStreamDecoder decoder = new BetfairStreamDecoder(cache);
        JsonNode first = place.image();
        JsonNode def = first.get("marketDefinition");
        assertThat(def.get("marketType").asText()).isEqualTo("PLACE");
        assertThat(def.get("numberOfWinners").asInt()).isEqualTo(3);
        assertThat(def.get("name").asText()).matches("To Be Placed|3 TBP").isEqualTo(race.placeMarketName());
        assertThat(def.get("eventName").asText()).isEqualTo(race.meeting().name());
        state.apply(first);
        decoder.decode("{\"op\":\"mcm\",\"pt\":1,\"mc\":[" + StreamJson.write(first) + "]}");
        for (int i = 0; i < 300; i++) {
            JsonNode c = place.step(FROM.toEpochMilli());
            state.apply(c);
            decoder.decode("{\"op\":\"mcm\",\"pt\":" + (i + 2) + ",\"mc\":[" + StreamJson.write(c) + "]}");
            assertThat(StreamHarness.canonical(cache.market(place.marketId()))).isEqualTo(state.canonical());
            double[] p = place.probabilities();
            assertThat(java.util.Arrays.stream(p).sum()).isCloseTo(3.0, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(java.util.Arrays.stream(p).max().orElseThrow()).isLessThanOrEqualTo(0.97 + 1e-9);
        }
    }

    @Test
    void raceMarketsGoOffAndSettleByTheClockWithOneResult() {
        SimRace horse = SimRacing.race(8, "7", "35000002", "1.950000003", "1.950000004", FROM.plusSeconds(600), 8);
        SimRace dogs = SimRacing.race(9, "4339", "35000003", "1.950000005", "1.950000006", FROM.plusSeconds(600), 6);
        for (SimRace race : List.of(horse, dogs)) {
            SimMarketModel win = new SimMarketModel(race, "WIN", 5, 0);
            SimMarketModel place = new SimMarketModel(race, "PLACE", 5, 0);
            win.image();
            place.image();
            long start = race.startTime().toEpochMilli();
            assertThat(win.step(start - 1).has("marketDefinition")).isFalse();
            JsonNode off = win.step(start).get("marketDefinition");
            assertThat(off.get("bspReconciled").asBoolean()).isTrue();
            assertThat(off.get("runners").get(0).get("bsp").decimalValue()).isPositive();
            if (race.isGreyhound()) {
                assertThat(off.get("status").asText()).isEqualTo("SUSPENDED");
                assertThat(off.get("inPlay").asBoolean()).isFalse();
                assertThat(win.step(start + 1000)).as("suspended until the result").isNull();
            } else {
                assertThat(off.get("status").asText()).isEqualTo("OPEN");
                assertThat(off.get("inPlay").asBoolean()).isTrue();
                assertThat(win.step(start + 1000).has("rc")).as("prices move in play").isTrue();
            }
            long end = start + race.duration().toMillis();
            JsonNode settled = win.step(end).get("marketDefinition");
            place.step(start);
            JsonNode placed = place.step(end).get("marketDefinition");
            assertThat(win.isClosed()).isTrue();
            assertThat(settled.get("status").asText()).isEqualTo("CLOSED");
            assertThat(win.step(end + 1)).isNull();
            List<Long> winners = winners(settled);
            List<Long> placers = winners(placed);
            assertThat(winners).hasSize(1);
            assertThat(placers).hasSize(race.placeWinners()).contains(winners.getFirst());
            assertThat(winners.getFirst()).isEqualTo(race.runners().get(race.finishOrder()[0]).selectionId());
        }
    }

    private static List<Long> winners(JsonNode def) {
        List<Long> out = new ArrayList<>();
        for (JsonNode r : def.get("runners")) {
            if ("WINNER".equals(r.get("status").asText())) {
                out.add(r.get("id").longValue());
            } else {
                assertThat(r.get("status").asText()).isEqualTo("LOSER");
            }
        }
        return out;
    }

    @Test
    void standaloneModelsCarryInventedNamesAndKeepTheirIds() {
        SimMarketModel m = new SimMarketModel("1.900000001", "4339", 6, 5, 0, 0, 0, 42);
        JsonNode def = m.image().get("marketDefinition");
        assertThat(def.get("venue").asText()).isNotEqualTo("Simville");
        assertThat(def.get("eventId").asText()).isEqualTo("30000042");
        assertThat(def.get("name").asText()).isNotBlank();
        for (int i = 0; i < 6; i++) {
            assertThat(def.get("runners").get(i).get("name").asText()).matches(DOG_RUNNER).startsWith((i + 1) + ". ");
        }
        assertThat(m.race()).isNull();
    }
}
