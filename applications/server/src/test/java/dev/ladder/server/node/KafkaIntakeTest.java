package dev.ladder.server.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.catalog.CatalogConfig;
import dev.ladder.core.Clock;
import dev.ladder.kafka.KafkaBroker;
import dev.ladder.kafka.KafkaConfig;
import dev.ladder.server.http.CatalogAccess;
import dev.ladder.server.http.ServerConfig;
import dev.ladder.server.testing.Http;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Catalog messages posted to any node go through Kafka, and every node's catalog converges. */
class KafkaIntakeTest {
    static final String TOKEN = "s3cret-token";
    static final String NEW_EVENT = "{\"id\": 1001, \"message_type\": \"NewEvent\", \"event\": {\"id\": 99905345,"
            + " \"name\": \"Real Madrid vs Barcelona\", \"startTime\": \"2018-06-20 10:30:00\", \"sport\": {\"id\": 221,"
            + " \"name\": \"Football\"}, \"markets\": [{\"id\": 334222442, \"name\": \"Winner\", \"selections\": [{\"id\":"
            + " 8842834824, \"name\": \"Real Madrid\", \"odds\": 1.01}, {\"id\": 4553453535, \"name\": \"Barcelona\", \"odds\": 1.01}]}]}}";

    @TempDir
    static Path dir;
    static KafkaBroker broker;
    final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void startBroker() throws Exception {
        broker = KafkaBroker.start(dir.resolve("broker"));
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private LiveNode node(String name) throws Exception {
        return LiveNode.start(List.of(), null, null, ServerConfig.loopback(0), null, Clock.system(), List.of(),
                new LiveNode.CatalogSetup(CatalogConfig.sqlite(dir.resolve(name)), new CatalogAccess(TOKEN, null)),
                new LiveNode.KafkaSetup(KafkaConfig.of(broker.bootstrapServers()), name));
    }

    private HttpResponse<String> post(LiveNode node, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/message/"))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String odds(LiveNode node) {
        JsonNode e = new Http(node.port()).get("/api/match/99905345").json();
        JsonNode sel = e.path("markets").path(0).path("selections");
        java.util.List<String> out = new java.util.ArrayList<>();
        sel.forEach(s -> out.add(s.path("id").asText() + "@" + s.path("odds").asText()));
        return String.join(" ", out.stream().sorted().toList());
    }

    @Test
    void messagesPostedToEitherNodeConvergeOnEveryNode() throws Exception {
        try (LiveNode a = node("a"); LiveNode b = node("b")) {
            HttpResponse<String> r = post(a, NEW_EVENT);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            assertThat(r.headers().firstValue("Location")).contains("/message/1001");
            // odds updates alternate between the nodes; the last one posted wins everywhere
            for (int i = 0; i < 6; i++) {
                String price = "1." + (20 + i);
                HttpResponse<String> u = post(i % 2 == 0 ? b : a, NEW_EVENT.replace("1001", String.valueOf(2000 + i))
                        .replace("NewEvent", "UpdateOdds").replace("\"odds\": 1.01}, {", "\"odds\": " + price + "}, {"));
                assertThat(u.statusCode()).as(u.body()).isEqualTo(202);
                assertThat(Http.MAPPER.readTree(u.body()).get("id").asText()).isEqualTo(String.valueOf(2000 + i));
            }
            // a malformed message is refused by the node it was posted to and never reaches Kafka
            HttpResponse<String> bad = post(b, "{\"id\": 3, \"message_type\": \"NewEvent\"}");
            assertThat(bad.statusCode()).isEqualTo(400);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(List.of(odds(a), odds(b)))
                    .containsOnly("4553453535@1.01 8842834824@1.25"));
            for (LiveNode n : List.of(a, b)) {
                JsonNode st = new Http(n.port()).get("/message/2005").json();
                assertThat(st.get("status").asText()).isEqualTo("done");
                assertThat(new Http(n.port()).get("/message/3").status()).isEqualTo(404);
            }
        }
        // a node started later reads the whole intake into its own catalog
        try (LiveNode c = node("c")) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(odds(c)).isEqualTo("4553453535@1.01 8842834824@1.25"));
        }
    }
}
