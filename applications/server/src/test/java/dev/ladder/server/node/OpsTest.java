package dev.ladder.server.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.betfair.MarketFilter;
import dev.ladder.betfair.sim.BetfairSimulator;
import dev.ladder.binance.BinanceConfig;
import dev.ladder.binance.sim.BinanceSimulator;
import dev.ladder.binance.sim.SimulatorConfig;
import dev.ladder.catalog.CatalogConfig;
import dev.ladder.core.Clock;
import dev.ladder.server.http.CatalogAccess;
import dev.ladder.server.http.ServerConfig;
import dev.ladder.server.live.Readiness;
import dev.ladder.server.testing.Http;
import dev.ladder.server.testing.SseReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operations surface of a whole node (Binance and Betfair simulators, a journal, a SQLite catalog):
 * {@code /ready} names every check and tells the truth, {@code /health} stays alive, and every metric the
 * Grafana dashboard ({@code deploy/grafana/dashboards/ladder.json}) queries is exposed by {@code /metrics}.
 */
class OpsTest {
    static final Path DASHBOARD = Path.of("../../deploy/grafana/dashboards/ladder.json");

    @TempDir
    Path dir;

    @Test
    void readyNamesItsChecksAndEveryDashboardMetricIsExposed() throws Exception {
        Path data = dir.resolve("data");
        SimulatorConfig simConfig = SimulatorConfig.spot(List.of("BTCUSDT", "ETHUSDT"));
        try (BinanceSimulator binance = BinanceSimulator.start(simConfig, Clock.system());
             BetfairSimulator betfair = DemoVenues.startBetfair(1, 3, 5);
             LiveNode node = LiveNode.start(
                     List.of(BinanceConfig.spot(simConfig.symbols()).withBaseUris(binance.restBaseUri(), binance.wsBaseUri())),
                     DemoVenues.betfairSource(betfair, MarketFilter.all()), data, ServerConfig.loopback(0), null,
                     Clock.system(), List.of(), new LiveNode.CatalogSetup(CatalogConfig.sqlite(data), new CatalogAccess(null, null)))) {
            Http http = new Http(node.port());
            assertThat(http.get("/health").status()).isEqualTo(200);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> http.get("/ready").status() == 200);
            JsonNode ready = http.get("/ready").json();
            assertThat(ready.get("status").asText()).isEqualTo("ready");
            List<String> names = new ArrayList<>();
            ready.get("checks").forEach(c -> {
                names.add(c.get("name").asText());
                assertThat(c.get("ready").asBoolean()).as(c.toString()).isTrue();
            });
            assertThat(names).containsExactly("books", "betfair", "catalog", "journal");

            // a component that is down (e.g. a broker) is named with its reason; /health stays alive
            node.registry().readiness().register("kafka", () -> Readiness.Check.notReady("broker 127.0.0.1:9 unreachable"));
            node.registry().readiness().register("slow", () -> {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Readiness.Check.ok("late");
            });
            node.registry().readiness().register("broken", () -> {
                throw new IllegalStateException("no connection");
            });
            Http.Response notReady = http.get("/ready");
            assertThat(notReady.status()).isEqualTo(503);
            assertThat(notReady.json().get("status").asText()).isEqualTo("not ready");
            assertThat(notReady.body()).contains("{\"name\":\"kafka\",\"ready\":false,\"detail\":\"broker 127.0.0.1:9 unreachable\"}")
                    .contains("{\"name\":\"slow\",\"ready\":false,\"detail\":\"no answer within 2 s\"}")
                    .contains("{\"name\":\"broken\",\"ready\":false,\"detail\":\"IllegalStateException: no connection\"}");
            assertThat(http.get("/health").status()).isEqualTo(200);
            node.registry().readiness().remove("kafka");
            node.registry().readiness().remove("slow");
            node.registry().readiness().remove("broken");
            assertThat(http.get("/ready").status()).isEqualTo(200);

            // traffic for the HTTP and stream meters
            assertThat(http.get("/api/books/binance/BTCUSDT?depth=5").status()).isEqualTo(200);
            assertThat(http.get("/no/such/route").status()).isEqualTo(404);
            Set<String> wanted = dashboardMetrics();
            // the Kafka panel's metrics exist only on a node serving from Kafka (KafkaFeedTest checks them)
            wanted.removeIf(m -> m.startsWith("ladder_kafka_"));
            assertThat(wanted).contains("ladder_messages_total", "jvm_memory_used_bytes", "ladder_http_requests_seconds_count");
            try (SseReader sse = new SseReader(http, "/api/books/binance/BTCUSDT/stream")) {
                assertThat(sse.next().name()).isEqualTo("snapshot");
                System.gc();
                Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(missing(http.get("/metrics").body(), wanted)).as("dashboard metrics not exposed").isEmpty());
                String metrics = http.get("/metrics").body();
                assertThat(metrics).contains("ladder_stream_clients 1.0")
                        .containsPattern("ladder_http_requests_seconds_count\\{method=\"GET\",route=\"/api/books/\\{venue}/\\{symbol}\",status=\"200\"} [1-9]")
                        .containsPattern("ladder_http_requests_seconds_count\\{method=\"GET\",route=\"unmatched\",status=\"404\"} 1")
                        .containsPattern("ladder_books\\{state=\"live\"} 2")
                        .contains("ladder_connections{venue=\"binance\"} 1.0")
                        .containsPattern("ladder_journal_durable_records\\{stream=\"binance:BTCUSDT\"} [1-9]")
                        .containsPattern("process_resident_memory_bytes [1-9]");
            }
        }
    }

    /** Every metric name the dashboard's queries use. */
    static Set<String> dashboardMetrics() throws java.io.IOException {
        JsonNode d = Http.MAPPER.readTree(Files.readString(DASHBOARD));
        Set<String> names = new TreeSet<>();
        Pattern p = Pattern.compile("\\b((?:ladder|jvm|process)_[a-z0-9_]+)");
        for (JsonNode panel : d.get("panels")) {
            if (panel.has("targets")) {
                for (JsonNode t : panel.get("targets")) {
                    Matcher m = p.matcher(t.get("expr").asText());
                    while (m.find()) {
                        names.add(m.group(1));
                    }
                }
            }
        }
        return names;
    }

    static List<String> missing(String exposition, Set<String> names) {
        List<String> missing = new ArrayList<>();
        for (String n : names) {
            if (!Pattern.compile("(?m)^" + n + "[{ ]").matcher(exposition).find()) {
                missing.add(n);
            }
        }
        return missing;
    }
}
