package dev.ladder.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.catalog.Catalog;
import dev.ladder.catalog.CatalogConfig;
import dev.ladder.core.Clock;
import dev.ladder.core.SharedData;
import dev.ladder.server.live.BookRegistry;
import dev.ladder.server.live.LadderMetrics;
import dev.ladder.server.testing.Http;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog routes over real HTTP, on SQLite and on a real PostgreSQL: the intake's status codes and
 * token rules, duplicates and malformed messages, big ids kept exactly, the reads by id, name and sport,
 * and race cards and schedules from the shared Betfair files.
 */
abstract class CatalogRoutesTest {
    static final String TOKEN = "s3cret-token";
    static final String NEW_EVENT = "{\"id\": 8661032861909884224, \"message_type\": \"NewEvent\", \"event\": {\"id\": 99905345,"
            + " \"name\": \"Real Madrid vs Barcelona\", \"startTime\": \"2018-06-20 10:30:00\", \"sport\": {\"id\": 221,"
            + " \"name\": \"Football\"}, \"markets\": [{\"id\": 334222442, \"name\": \"Winner\", \"selections\": [{\"id\":"
            + " 8842834824, \"name\": \"Real Madrid\", \"odds\": 1.01}, {\"id\": 4553453535, \"name\": \"Barcelona\", \"odds\": 1.01}]}]}}";

    @TempDir
    Path dir;
    Catalog catalog;
    LadderServer server;
    Http http;
    final HttpClient client = HttpClient.newHttpClient();

    abstract CatalogConfig store(Path dir);

    void start(CatalogAccess access) throws Exception {
        catalog = Catalog.open(store(dir), Clock.system());
        catalog.intake().start();
        ServerConfig config = ServerConfig.loopback(0);
        server = LadderServer.start(new BookRegistry(new LadderMetrics()), config,
                List.of(r -> CatalogRoutes.install(r, catalog, access, null, config)));
        http = new Http(server.port());
    }

    @BeforeEach
    void setUp() throws Exception {
        start(new CatalogAccess(TOKEN, null));
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
        if (catalog != null) {
            catalog.close();
        }
    }

    HttpResponse<String> post(String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/message/"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode done(String messageId) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            last[0] = http.get("/message/" + messageId).json();
            return last[0].get("status").asText().matches("done|failed");
        });
        return last[0];
    }

    @Test
    void acceptsAMessageAt202ThenAppliesItWithBigIdsExact() throws Exception {
        HttpResponse<String> r = post(NEW_EVENT, TOKEN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        assertThat(r.headers().firstValue("Location")).contains("/message/8661032861909884224");
        JsonNode accepted = Http.MAPPER.readTree(r.body());
        assertThat(accepted.get("id").asText()).isEqualTo("8661032861909884224");
        assertThat(accepted.get("status").asText()).isIn("queued", "processing", "done");
        JsonNode status = done("8661032861909884224");
        assertThat(status.get("status").asText()).isEqualTo("done");
        assertThat(status.get("messageType").asText()).isEqualTo("NewEvent");
        assertThat(status.get("event").asText()).isEqualTo("/api/match/99905345");
        assertThat(status.get("receivedAt").asText()).endsWith("Z");
        JsonNode event = http.get("/api/match/99905345").json();
        assertThat(event.get("name").asText()).isEqualTo("Real Madrid vs Barcelona");
        assertThat(event.get("startTime").asText()).isEqualTo("2018-06-20T10:30:00Z");
        assertThat(event.get("sport").get("name").asText()).isEqualTo("Football");
        List<String> selections = new ArrayList<>();
        event.get("markets").get(0).get("selections").forEach(s -> selections.add(s.get("id").asText() + "@" + s.get("odds").asText()));
        assertThat(selections).containsExactlyInAnyOrder("8842834824@1.01", "4553453535@1.01");

        // the same message again: 202 with the existing status, applied once
        HttpResponse<String> again = post(NEW_EVENT, TOKEN);
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(Http.MAPPER.readTree(again.body()).get("status").asText()).isEqualTo("done");
        // new odds
        HttpResponse<String> odds = post(NEW_EVENT.replace("8661032861909884224", "8661032861909884225")
                .replace("NewEvent", "UpdateOdds").replace("\"odds\": 1.01}, {", "\"odds\": 1.35}, {"), TOKEN);
        assertThat(odds.statusCode()).isEqualTo(202);
        assertThat(done("8661032861909884225").get("status").asText()).isEqualTo("done");
        JsonNode updated = http.get("/api/match/99905345").json().get("markets").get(0).get("selections");
        List<String> all = new ArrayList<>();
        updated.forEach(s -> all.add(s.get("id").asText() + "@" + s.get("odds").asText()));
        assertThat(all).containsExactlyInAnyOrder("8842834824@1.35", "4553453535@1.01");
    }

    @Test
    void tokenRules() throws Exception {
        assertThat(post(NEW_EVENT, null).statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = post(NEW_EVENT, "guess");
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(wrong.body()).doesNotContain(TOKEN);
        tearDown();
        start(new CatalogAccess(null, null));
        HttpResponse<String> off = post(NEW_EVENT, TOKEN);
        assertThat(off.statusCode()).isEqualTo(403);
        assertThat(off.body()).contains("LADDER_API_TOKEN");
        assertThat(http.get("/api/sports").status()).isEqualTo(200);
        tearDown();
        start(new CatalogAccess(TOKEN, "reader"));
        assertThat(http.get("/api/sports").status()).isEqualTo(401);
    }

    @Test
    void malformedMessagesAre400NamingWhatIsWrongAndWellFormedOnesThatCannotApplyFail() throws Exception {
        for (String[] c : new String[][] {
                {"not json", null},
                {"{\"id\": 1, \"message_type\": \"Teleport\", \"event\": {}}", "message_type"},
                {"{\"id\": 2, \"message_type\": \"NewEvent\"}", "event"},
                {NEW_EVENT.replace("\"name\": \"Real Madrid vs Barcelona\"", "\"name\": 17"), "event.name"}}) {
            HttpResponse<String> r = post(c[0], TOKEN);
            assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
            JsonNode err = Http.MAPPER.readTree(r.body());
            assertThat(err.get("error").asText()).isNotBlank();
            if (c[1] != null) {
                assertThat(err.get("parameter").asText()).startsWith(c[1]);
            }
        }
        HttpResponse<String> unknown = post(NEW_EVENT.replace("NewEvent", "UpdateOdds").replace("99905345", "12345"), TOKEN);
        assertThat(unknown.statusCode()).isEqualTo(202);
        JsonNode failed = done("8661032861909884224");
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(failed.get("error").asText()).contains("12345");
        assertThat(http.get("/message/42").status()).isEqualTo(404);
    }

    @Test
    void eventsByNameAndBySportInStartOrderWithPaging() throws Exception {
        for (int i = 0; i < 5; i++) {
            String m = NEW_EVENT.replace("8661032861909884224", "90000000000000000" + i).replace("99905345", "7000" + i)
                    .replace("Real Madrid vs Barcelona", "Club " + i + " vs Club X").replace("10:30:00", "1" + (5 - i) + ":00:00")
                    .replace("334222442", "5000" + i).replace("8842834824", "6000" + i).replace("4553453535", "6100" + i);
            assertThat(post(m, TOKEN).statusCode()).isEqualTo(202);
            done("90000000000000000" + i);
        }
        JsonNode page1 = http.get("/api/match/football?ordering=startTime&size=2").json();
        assertThat(page1.get("total").asLong()).isEqualTo(5);
        assertThat(page1.get("size").asInt()).isEqualTo(2);
        assertThat(page1.get("items").get(0).get("id").asText()).isEqualTo("70004");
        assertThat(page1.get("items").get(0).get("url").asText()).isEqualTo("/api/match/70004");
        assertThat(page1.get("items").get(0).get("sport").asText()).isEqualTo("Football");
        JsonNode desc = http.get("/api/match/Football?ordering=-startTime&page=1").json();
        assertThat(desc.get("items").get(0).get("id").asText()).isEqualTo("70000");
        JsonNode byName = http.get("/api/match/?name=club%203").json();
        assertThat(byName.get("items")).hasSize(1);
        assertThat(http.get("/api/sports").json().get("sports").get(0).get("name").asText()).isEqualTo("Football");
        assertThat(http.get("/api/match/Football?ordering=sideways").status()).isEqualTo(400);
        assertThat(http.get("/api/match/Football?page=0").status()).isEqualTo(400);
        assertThat(http.get("/api/match/Curling").status()).isEqualTo(404);
        assertThat(http.get("/api/match/").status()).isEqualTo(400);
    }

    @Test
    void raceCardAndScheduleFromTheSharedGreyhoundMarket() throws Exception {
        Path file = SharedData.resolve("data/betfair/1.197931750.bz2");
        Path catalogue = SharedData.resolve("data/betfair/1.197931750.catalogue.json");
        Assumptions.assumeTrue(file != null && catalogue != null, SharedData.skipReason("data/betfair/1.197931750.bz2"));
        catalog.importer().importFiles(List.of(file, catalogue));
        for (String id : new String[] {"1.197931750", "31389771.1826"}) {
            JsonNode card = http.get("/api/racing/races/" + id).json();
            assertThat(card.get("id").asText()).isEqualTo("31389771.1826");
            assertThat(card.get("status").asText()).isEqualTo("FINAL");
            assertThat(card.get("runners")).hasSize(6);
            List<String> traps = new ArrayList<>();
            card.get("runners").forEach(r -> {
                traps.add(r.get("number").asText());
                assertThat(r.get("name").asText()).doesNotContain(".");
                assertThat(r.get("bsp").asText()).matches("\\d+(\\.\\d+)?");
            });
            assertThat(traps).containsExactlyInAnyOrder("1", "2", "3", "4", "5", "6");
            assertThat(card.get("results").get(0).get("position").asInt()).isEqualTo(1);
            assertThat(card.get("results").get(0).get("name").asText()).isEqualTo("Sandwood Jet");
            assertThat(card.get("results").get(0).get("number").asInt()).isEqualTo(2);
            assertThat(card.get("meeting").get("type").asText()).isEqualTo("greyhound");
        }
        String date = http.get("/api/racing/races/1.197931750").json().get("startTime").asText().substring(0, 10);
        JsonNode schedule = http.get("/api/racing/schedule?date=" + date + "&type=greyhound").json();
        assertThat(schedule.get("date").asText()).isEqualTo(date);
        assertThat(schedule.get("meetings").get(0).get("races").get(0).get("id").asText()).isEqualTo("31389771.1826");
        assertThat(http.get("/api/racing/schedule?date=" + date + "&type=harness").json().get("meetings")).isEmpty();
        assertThat(http.get("/api/racing/schedule?date=tomorrow").status()).isEqualTo(400);
        assertThat(http.get("/api/racing/schedule?date=" + date + "&type=camel").status()).isEqualTo(400);
        assertThat(http.get("/api/racing/schedule").status()).isEqualTo(400);
        assertThat(http.get("/api/racing/races/1.1").status()).isEqualTo(404);
    }
}
