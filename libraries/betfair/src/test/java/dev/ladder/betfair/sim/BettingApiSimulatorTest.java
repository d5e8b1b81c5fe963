package dev.ladder.betfair.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ladder.betfair.StreamJson;
import dev.ladder.core.ManualClock;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Betting API simulator over real HTTP on 127.0.0.1, driven like a third-party client would. */
class BettingApiSimulatorTest {
    private static final Instant NOW = Instant.parse("2025-03-14T12:00:00Z");
    private static final String KEY = "app-key-1";
    private static final String SESSION = "session-1";
    private static final String FULL = "[\"RUNNER_METADATA\",\"EVENT\",\"EVENT_TYPE\",\"MARKET_START_TIME\",\"MARKET_DESCRIPTION\"]";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ManualClock clock = new ManualClock(NOW.toEpochMilli() * 1_000_000L);
    private final HttpClient http = HttpClient.newHttpClient();
    private BetfairSimulator stream;
    private BettingApiSimulator api;
    private List<SimRace> day;

    @BeforeEach
    void setUp() throws Exception {
        stream = new BetfairSimulator(BetfairSimulatorConfig.defaults().withCredentials(KEY, SESSION), clock).start();
        day = SimRacing.day(21, NOW, 12);
        stream.addRaces(day);
        api = new BettingApiSimulator(BettingApiSimulatorConfig.defaults().withCredentials(KEY, SESSION), stream).start();
    }

    @AfterEach
    void tearDown() {
        api.close();
        stream.close();
        http.close();
    }

    private JsonNode post(String body) throws Exception {
        return post(body, KEY, SESSION);
    }

    private JsonNode post(String body, String key, String session) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(api.endpoint()).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (key != null) {
            b.header("X-Application", key);
        }
        if (session != null) {
            b.header("X-Authentication", session);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static String call(String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"SportsAPING/v1.0/" + method + "\",\"params\":" + params + ",\"id\":1}";
    }

    private JsonNode result(String method, String params) throws Exception {
        JsonNode r = post(call(method, params));
        assertThat(r.has("error")).as(r.toString()).isFalse();
        assertThat(r.get("id").asInt()).isEqualTo(1);
        return r.get("result");
    }

    private JsonNode catalogue(String filter, int max) throws Exception {
        return result("listMarketCatalogue", "{\"filter\":" + filter + ",\"marketProjection\":" + FULL
                + ",\"sort\":\"FIRST_TO_START\",\"maxResults\":" + max + "}");
    }

    private static void assertApiError(JsonNode r, String code, String angx) {
        JsonNode err = r.get("error");
        assertThat(err).as(r.toString()).isNotNull();
        assertThat(err.get("code").asInt()).isEqualTo(-32099);
        assertThat(err.get("message").asText()).isEqualTo(angx);
        assertThat(err.at("/data/exceptionname").asText()).isEqualTo("APINGException");
        assertThat(err.at("/data/APINGException/errorCode").asText()).isEqualTo(code);
        assertThat(err.at("/data/APINGException/requestUUID").asText()).isNotBlank();
    }

    @Test
    void eventTypesAndEventsCountTheOpenMarkets() throws Exception {
        JsonNode types = result("listEventTypes", "{\"filter\":{}}");
        assertThat(types).hasSize(2);
        assertThat(types.get(0).at("/eventType/id").asText()).isEqualTo("7");
        assertThat(types.get(0).at("/eventType/name").asText()).isEqualTo("Horse Racing");
        assertThat(types.get(0).get("marketCount").asInt()).isEqualTo(12);
        assertThat(types.get(1).at("/eventType/name").asText()).isEqualTo("Greyhound Racing");
        assertThat(types.get(1).get("marketCount").asInt()).isEqualTo(12);

        JsonNode events = result("listEvents", "{\"filter\":{\"eventTypeIds\":[\"4339\"]}}");
        Map<String, Integer> expected = new HashMap<>();
        Map<String, SimMeeting> meetings = new HashMap<>();
        for (SimRace r : day) {
            if (r.isGreyhound()) {
                expected.merge(r.meeting().eventId(), 2, Integer::sum);
                meetings.put(r.meeting().eventId(), r.meeting());
            }
        }
        assertThat(events).hasSize(expected.size());
        for (JsonNode e : events) {
            SimMeeting m = meetings.get(e.at("/event/id").asText());
            assertThat(m).isNotNull();
            assertThat(e.get("marketCount").asInt()).isEqualTo(expected.get(m.eventId()));
            assertThat(e.at("/event/name").asText()).isEqualTo(m.name());
            assertThat(e.at("/event/venue").asText()).isEqualTo(m.venue());
            assertThat(e.at("/event/countryCode").asText()).isEqualTo(m.countryCode());
            assertThat(e.at("/event/timezone").asText()).isEqualTo(m.timezone());
            assertThat(Instant.parse(e.at("/event/openDate").asText())).isEqualTo(m.openDate());
        }
    }

    @Test
    void catalogueDescribesTheSameRacesAsTheStream() throws Exception {
        Map<String, JsonNode> definitions = streamDefinitions();
        JsonNode all = catalogue("{}", 100);
        assertThat(all).hasSize(24);
        assertThat(definitions).hasSize(24);
        Instant previous = Instant.MIN;
        for (JsonNode c : all) {
            String id = c.get("marketId").asText();
            JsonNode d = definitions.get(id);
            assertThat(d).as("stream has %s", id).isNotNull();
            Instant start = Instant.parse(c.get("marketStartTime").asText());
            assertThat(start).isAfterOrEqualTo(previous);
            previous = start;
            assertThat(c.get("marketStartTime").asText()).isEqualTo(d.get("marketTime").asText());
            assertThat(c.get("marketName").asText()).isEqualTo(d.get("name").asText());
            assertThat(c.at("/event/id").asText()).isEqualTo(d.get("eventId").asText());
            assertThat(c.at("/event/name").asText()).isEqualTo(d.get("eventName").asText());
            assertThat(c.at("/event/venue").asText()).isEqualTo(d.get("venue").asText());
            assertThat(c.at("/eventType/id").asText()).isEqualTo(d.get("eventTypeId").asText());
            assertThat(c.at("/description/marketType").asText()).isEqualTo(d.get("marketType").asText());
            assertThat(c.at("/description/bspMarket").asBoolean()).isTrue();
            assertThat(c.get("runners")).hasSameSizeAs(d.get("runners"));
            for (int i = 0; i < c.get("runners").size(); i++) {
                JsonNode cr = c.get("runners").get(i);
                JsonNode dr = d.get("runners").get(i);
                assertThat(cr.get("selectionId").asLong()).isEqualTo(dr.get("id").asLong());
                assertThat(cr.get("runnerName").asText()).isEqualTo(dr.get("name").asText());
                assertThat(cr.get("sortPriority").asInt()).isEqualTo(dr.get("sortPriority").asInt());
                assertThat(cr.at("/metadata/runnerId").asText()).isEqualTo(dr.get("id").asText());
            }
            SimRace race = day.stream().filter(r -> r.marketIds().contains(id)).findFirst().orElseThrow();
            assertThat(start).isEqualTo(race.startTime());
            if (!race.isGreyhound()) {
                assertThat(c.at("/description/raceType").asText()).isEqualTo(race.raceType());
                JsonNode md = c.get("runners").get(0).get("metadata");
                SimRunner first = race.runners().getFirst();
                assertThat(md.get("JOCKEY_NAME").asText()).isEqualTo(first.jockey());
                assertThat(md.get("TRAINER_NAME").asText()).isEqualTo(first.trainer());
                assertThat(md.get("WEIGHT_VALUE").asText()).isEqualTo(first.weight());
                assertThat(md.get("CLOTH_NUMBER").asText()).isEqualTo("1");
            }
            if (id.equals(race.placeMarketId())) {
                assertThat(d.get("numberOfWinners").asInt()).isEqualTo(race.placeWinners()).isBetween(2, 3);
            }
        }
    }

    /** The market definitions of a stream subscription's image, read over the wire. */
    private Map<String, JsonNode> streamDefinitions() throws Exception {
        Map<String, JsonNode> out = new HashMap<>();
        try (Socket s = new Socket("127.0.0.1", stream.port())) {
            s.setSoTimeout(20_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream o = s.getOutputStream();
            in.readLine();
            o.write(("{\"op\":\"authentication\",\"id\":1,\"appKey\":\"" + KEY + "\",\"session\":\"" + SESSION + "\"}\r\n"
                    + "{\"op\":\"marketSubscription\",\"id\":2,\"marketFilter\":{}}\r\n").getBytes(StandardCharsets.UTF_8));
            o.flush();
            boolean complete = false;
            while (!complete) {
                JsonNode line = StreamJson.parseObject(in.readLine());
                if ("mcm".equals(line.path("op").asText()) && line.has("mc")) {
                    for (JsonNode mc : line.get("mc")) {
                        out.put(mc.get("id").asText(), mc.get("marketDefinition"));
                    }
                    String seg = line.path("segmentType").asText("");
                    complete = seg.isEmpty() || "SEG_END".equals(seg);
                }
            }
        }
        return out;
    }

    @Test
    void filtersSortAndMaxResultsAreHonoured() throws Exception {
        SimRace second = day.get(1);
        JsonNode byIds = catalogue("{\"marketIds\":[\"" + second.winMarketId() + "\",\"" + second.placeMarketId() + "\"]}", 10);
        assertThat(ids(byIds)).containsExactlyInAnyOrder(second.winMarketId(), second.placeMarketId());

        JsonNode places = catalogue("{\"marketTypeCodes\":[\"PLACE\"],\"eventTypeIds\":[\"7\"]}", 100);
        assertThat(places).hasSize(6);
        places.forEach(c -> assertThat(c.at("/description/marketType").asText()).isEqualTo("PLACE"));

        String country = day.getFirst().meeting().countryCode();
        long inCountry = day.stream().filter(r -> r.meeting().countryCode().equals(country)).count() * 2;
        assertThat(catalogue("{\"marketCountries\":[\"" + country + "\"]}", 100)).hasSize((int) inCountry);

        Instant from = day.stream().map(SimRace::startTime).sorted().toList().get(3);
        Instant to = from.plus(Duration.ofMinutes(40));
        long inWindow = day.stream().filter(r -> !r.startTime().isBefore(from) && !r.startTime().isAfter(to)).count() * 2;
        JsonNode window = catalogue("{\"marketStartTime\":{\"from\":\"" + from + "\",\"to\":\"" + to + "\"}}", 100);
        assertThat(window).hasSize((int) inWindow);
        window.forEach(c -> assertThat(Instant.parse(c.get("marketStartTime").asText())).isBetween(from, to));

        JsonNode firstThree = catalogue("{}", 3);
        assertThat(firstThree).hasSize(3);
        Instant earliest = day.stream().map(SimRace::startTime).min(Instant::compareTo).orElseThrow();
        assertThat(Instant.parse(firstThree.get(0).get("marketStartTime").asText())).isEqualTo(earliest);
        JsonNode last = result("listMarketCatalogue", "{\"filter\":{},\"marketProjection\":[\"MARKET_START_TIME\"],"
                + "\"sort\":\"LAST_TO_START\",\"maxResults\":1}");
        Instant latest = day.stream().map(SimRace::startTime).max(Instant::compareTo).orElseThrow();
        assertThat(Instant.parse(last.get(0).get("marketStartTime").asText())).isEqualTo(latest);
        assertThat(last.get(0).has("runners")).as("no runner projection asked").isFalse();
        assertThat(last.get(0).has("event")).isFalse();

        assertThat(catalogue("{\"competitionIds\":[\"12\"]}", 10)).isEmpty();
        assertThat(catalogue("{\"eventTypeIds\":[\"1\"]}", 10)).isEmpty();
    }

    private static List<String> ids(JsonNode catalogue) {
        List<String> out = new ArrayList<>();
        catalogue.forEach(c -> out.add(c.get("marketId").asText()));
        return out;
    }

    @Test
    void credentialsAreCheckedWithBetfairsErrorShape() throws Exception {
        String body = call("listEvents", "{\"filter\":{}}");
        assertApiError(post(body, null, SESSION), "NO_APP_KEY", "ANGX-0004");
        assertApiError(post(body, "wrong", SESSION), "INVALID_APP_KEY", "ANGX-0007");
        assertApiError(post(body, KEY, null), "NO_SESSION", "ANGX-0005");
        assertApiError(post(body, KEY, "expired"), "INVALID_SESSION_INFORMATION", "ANGX-0003");
        assertThat(post(body, KEY, "expired").get("id").asInt()).isEqualTo(1);
        assertThat(api.authFailures()).isEqualTo(5);
        assertThat(post(body).has("result")).isTrue();
    }

    @Test
    void batchesAnswerEachCallWithItsId() throws Exception {
        JsonNode r = post("[" + call("listEventTypes", "{\"filter\":{}}").replace("\"id\":1", "\"id\":7") + ","
                + call("listEvents", "{\"filter\":{}}").replace("\"id\":1", "\"id\":8") + ","
                + call("listMarketCatalogue", "{\"filter\":{}}").replace("\"id\":1", "\"id\":9") + "]");
        assertThat(r.isArray()).isTrue();
        assertThat(r).hasSize(3);
        assertThat(r.get(0).get("id").asInt()).isEqualTo(7);
        assertThat(r.get(0).get("result")).hasSize(2);
        assertThat(r.get(1).get("id").asInt()).isEqualTo(8);
        assertThat(r.get(1).get("result").size()).isGreaterThan(1);
        assertThat(r.get(2).get("id").asInt()).isEqualTo(9);
        assertApiError(r.get(2), "INVALID_INPUT_DATA", "ANGX-0002");
        assertThat(r.get(2).at("/error/data/APINGException/errorDetails").asText()).contains("maxResults");
        assertThat(api.calls("listEvents")).isEqualTo(1);
    }

    @Test
    void badRequestsGetJsonRpcAndInputErrors() throws Exception {
        assertThat(post("this is not json").at("/error/code").asInt()).isEqualTo(-32700);
        assertThat(post("[]").at("/error/code").asInt()).isEqualTo(-32600);
        assertThat(post(call("listCompetitionsAndMore", "{\"filter\":{}}")).at("/error/code").asInt()).isEqualTo(-32601);
        assertThat(post(call("listEvents", "{}")).at("/error/code").asInt()).isEqualTo(-32602);
        JsonNode unsupported = post(call("listEvents", "{\"filter\":{\"textQuery\":\"Romford\"}}"));
        assertApiError(unsupported, "INVALID_INPUT_DATA", "ANGX-0002");
        assertThat(unsupported.at("/error/data/APINGException/errorDetails").asText()).contains("filter.textQuery");
        JsonNode badTime = post(call("listEvents", "{\"filter\":{\"marketStartTime\":{\"from\":\"tomorrow\"}}}"));
        assertThat(badTime.at("/error/data/APINGException/errorDetails").asText()).contains("marketStartTime.from");
        assertApiError(post(call("listMarketCatalogue", "{\"filter\":{},\"maxResults\":1001}")), "INVALID_INPUT_DATA", "ANGX-0002");
        assertThat(api.errors()).isEqualTo(7);

        HttpResponse<String> get = http.send(HttpRequest.newBuilder(api.endpoint()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        URI elsewhere = URI.create("http://127.0.0.1:" + api.port() + "/exchange/account/json-rpc/v1");
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(elsewhere).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
    }

    @Test
    void tooMuchDataFollowsTheProjectionWeights() throws Exception {
        stream.addRaces(SimRacing.day(22, NOW.plus(Duration.ofHours(30)), 60).stream()
                .map(r -> new SimRace(r.meeting(), r.number(), r.name(), r.raceType(), r.startTime(), r.duration(),
                        r.winMarketId().replace("1.9", "1.8"), r.placeMarketId().replace("1.9", "1.8"), r.placeMarketName(),
                        r.placeWinners(), r.runners(), r.seed()))
                .toList());
        JsonNode tooMuch = post(call("listMarketCatalogue", "{\"filter\":{},\"marketProjection\":" + FULL + ",\"maxResults\":1000}"));
        assertApiError(tooMuch, "TOO_MUCH_DATA", "ANGX-0001");
        assertThat(catalogue("{}", 100)).hasSize(100);
        JsonNode light = result("listMarketCatalogue", "{\"filter\":{},\"marketProjection\":[\"EVENT\",\"MARKET_START_TIME\"],"
                + "\"maxResults\":1000}");
        assertThat(light).hasSize(144);
    }

    @Test
    void closedMarketsLeaveTheCatalogueOnceTheRaceIsSettled() throws Exception {
        SimRace first = day.stream().min(java.util.Comparator.comparing(SimRace::startTime)).orElseThrow();
        Instant end = first.startTime().plus(first.duration());
        clock.set(end.toEpochMilli() * 1_000_000L);
        stream.stepModels();
        List<String> settled = day.stream().filter(r -> !r.startTime().plus(r.duration()).isAfter(end))
                .flatMap(r -> r.marketIds().stream()).toList();
        assertThat(settled).containsAll(first.marketIds());
        JsonNode all = catalogue("{}", 100);
        assertThat(ids(all)).doesNotContainAnyElementsOf(settled).hasSize(24 - settled.size());
        assertThat(result("listEvents", "{\"filter\":{\"marketIds\":[\"" + first.winMarketId() + "\"]}}")).isEmpty();
        String state = stream.marketState(first.winMarketId());
        assertThat(state).isNotNull();
    }

    @Test
    void faultsAnswerTheInjectedCodeOrHttp503() throws Exception {
        api.failCalls("SERVICE_BUSY", 1);
        assertApiError(post(call("listEvents", "{\"filter\":{}}")), "SERVICE_BUSY", "ANGX-0009");
        assertThat(post(call("listEvents", "{\"filter\":{}}")).has("result")).isTrue();
        api.unavailable(true);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(api.endpoint())
                .POST(HttpRequest.BodyPublishers.ofString(call("listEvents", "{\"filter\":{}}"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(503);
        api.unavailable(false);
        assertThat(api.recentCalls()).extracting(BettingApiSimulator.Call::errorCode).containsExactly("SERVICE_BUSY", null);
    }

    @Test
    void answersAreGzippedWhenTheClientAcceptsIt() throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(api.endpoint()).header("X-Application", KEY)
                .header("X-Authentication", SESSION).header("Accept-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofString(call("listEvents", "{\"filter\":{}}"))).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
        JsonNode body = JSON.readTree(new GZIPInputStream(new ByteArrayInputStream(r.body())));
        assertThat(body.get("result").size()).isGreaterThan(1);
    }
}
