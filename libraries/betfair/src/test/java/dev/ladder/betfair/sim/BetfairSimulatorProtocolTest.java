package dev.ladder.betfair.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.betfair.StreamJson;
import dev.ladder.core.Clock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulator on the wire, driven by hand like a third-party client would. */
class BetfairSimulatorProtocolTest {
    private BetfairSimulator sim;

    @BeforeEach
    void setUp() throws IOException {
        BetfairSimulatorConfig d = BetfairSimulatorConfig.defaults();
        sim = new BetfairSimulator(new BetfairSimulatorConfig(d.host(), 0, null, null, "KEY", "SESSION", 64 * 1024,
                200, 1000, 50, Duration.ofMillis(500)), Clock.system()).start();
        sim.addModel(new SimMarketModel("1.600000001", "7", 4, 5, 0, 0, 0, 3));
    }

    @AfterEach
    void tearDown() {
        sim.close();
    }

    private final class Conn implements AutoCloseable {
        final Socket socket;
        final BufferedReader in;
        final OutputStream out;

        Conn() throws IOException {
            socket = new Socket("127.0.0.1", sim.port());
            socket.setSoTimeout(20_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = socket.getOutputStream();
            JsonNode hello = read();
            assertThat(hello.get("op").asText()).isEqualTo("connection");
            assertThat(hello.get("connectionId").asText()).startsWith("sim-");
        }

        void send(String line) throws IOException {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        JsonNode read() throws IOException {
            String line = in.readLine();
            assertThat(line).as("a line").isNotNull();
            return StreamJson.parseObject(line);
        }

        void auth() throws IOException {
            send("{\"op\":\"authentication\",\"id\":1,\"appKey\":\"KEY\",\"session\":\"SESSION\"}");
            JsonNode st = read();
            assertThat(st.get("statusCode").asText()).isEqualTo("SUCCESS");
            assertThat(st.get("id").asInt()).isEqualTo(1);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static void assertFailure(JsonNode st, String code) {
        assertThat(st.get("op").asText()).isEqualTo("status");
        assertThat(st.get("statusCode").asText()).isEqualTo("FAILURE");
        assertThat(st.get("errorCode").asText()).isEqualTo(code);
        assertThat(st.get("connectionClosed").asBoolean()).isTrue();
    }

    @Test
    void refusesBadInputRequestsBeforeAuthenticationAndSilence() throws IOException {
        try (Conn c = new Conn()) {
            c.send("not json at all");
            assertFailure(c.read(), "INVALID_INPUT");
            assertThat(c.in.readLine()).isNull();
        }
        try (Conn c = new Conn()) {
            c.send("{\"op\":\"marketSubscription\",\"id\":7}");
            JsonNode st = c.read();
            assertFailure(st, "NOT_AUTHORIZED");
            assertThat(st.get("id").asInt()).isEqualTo(7);
        }
        try (Conn c = new Conn()) {
            c.send("{\"op\":\"authentication\",\"id\":1,\"appKey\":\"KEY\",\"session\":\"WRONG\"}");
            assertFailure(c.read(), "INVALID_SESSION_INFORMATION");
        }
        try (Conn c = new Conn()) {
            c.send("{\"op\":\"authentication\",\"id\":1,\"session\":\"SESSION\"}");
            assertFailure(c.read(), "NO_APP_KEY");
        }
        try (Conn c = new Conn()) {
            assertFailure(c.read(), "TIMEOUT");
        }
        assertThat(sim.authFailures()).isEqualTo(2);
    }

    @Test
    void subscriptionAppliesTheDataFilterAndSendsHeartbeats() throws IOException {
        try (Conn c = new Conn()) {
            c.auth();
            c.send("{\"op\":\"heartbeat\",\"id\":5}");
            assertThat(c.read().get("id").asInt()).isEqualTo(5);
            c.send("{\"op\":\"marketSubscription\",\"id\":6,\"heartbeatMs\":100,\"marketFilter\":{\"eventTypeIds\":[\"7\"]},"
                    + "\"marketDataFilter\":{\"fields\":[\"EX_BEST_OFFERS\",\"EX_MARKET_DEF\"],\"ladderLevels\":1}}");
            JsonNode st = c.read();
            assertThat(st.get("statusCode").asText()).isEqualTo("SUCCESS");
            JsonNode img = c.read();
            assertThat(img.get("op").asText()).isEqualTo("mcm");
            assertThat(img.get("id").asInt()).isEqualTo(6);
            assertThat(img.get("ct").asText()).isEqualTo("SUB_IMAGE");
            assertThat(img.get("heartbeatMs").asLong()).isEqualTo(100);
            assertThat(img.get("initialClk").asText()).isEqualTo(img.get("clk").asText());
            JsonNode mc = img.get("mc").get(0);
            assertThat(mc.get("img").asBoolean()).isTrue();
            assertThat(mc.has("marketDefinition")).isTrue();
            for (JsonNode rc : mc.get("rc")) {
                assertThat(rc.has("atb")).isFalse();
                assertThat(rc.get("batb")).hasSize(1);
                assertThat(rc.get("batl")).hasSize(1);
            }
            JsonNode hb = c.read();
            assertThat(hb.get("ct").asText()).isEqualTo("HEARTBEAT");
            assertThat(hb.get("clk").asText()).isEqualTo(img.get("clk").asText());
            sim.stepModels();
            JsonNode delta;
            do {
                delta = c.read();
            } while ("HEARTBEAT".equals(delta.path("ct").asText()));
            assertThat(delta.has("ct")).isFalse();
            assertThat(delta.get("clk").asText()).isNotEqualTo(img.get("clk").asText());
        }
    }

    @Test
    void foreignOrFutureClkIsInvalid() throws IOException {
        try (Conn c = new Conn()) {
            c.auth();
            c.send("{\"op\":\"marketSubscription\",\"id\":2,\"initialClk\":\"AAAA\",\"clk\":\"AAAA\",\"marketFilter\":{}}");
            assertFailure(c.read(), "INVALID_CLOCK");
        }
        try (Conn c = new Conn()) {
            c.auth();
            String future = (Long.parseLong(sim.clk().substring(0, sim.clk().indexOf('.'))) + 5)
                    + sim.clk().substring(sim.clk().indexOf('.'));
            c.send("{\"op\":\"marketSubscription\",\"id\":2,\"initialClk\":\"" + future + "\",\"clk\":\"" + future
                    + "\",\"marketFilter\":{}}");
            assertFailure(c.read(), "INVALID_CLOCK");
        }
    }

    @Test
    void orderSubscriptionGetsAnEmptyImage() throws IOException {
        try (Conn c = new Conn()) {
            c.auth();
            c.send("{\"op\":\"orderSubscription\",\"id\":3}");
            assertThat(c.read().get("statusCode").asText()).isEqualTo("SUCCESS");
            JsonNode ocm = c.read();
            assertThat(ocm.get("op").asText()).isEqualTo("ocm");
            assertThat(ocm.get("ct").asText()).isEqualTo("SUB_IMAGE");
        }
    }

    @Test
    void requestsWithoutIdGetAnswersWithoutIdAndUnknownFilterFieldsAreIgnored() throws IOException {
        try (Conn c = new Conn()) {
            c.send("{\"op\": \"authentication\", \"appKey\": \"KEY\", \"session\": \"SESSION\"}");
            JsonNode auth = c.read();
            assertThat(auth.get("statusCode").asText()).isEqualTo("SUCCESS");
            assertThat(auth.has("id")).isFalse();
            c.send("{\"op\":\"orderSubscription\",\"orderFilter\":{\"includeOverallPosition\":false,"
                    + "\"customerStrategyRefs\":[\"betstrategy1\"],\"partitionMatchedByStrategyRef\":true},"
                    + "\"segmentationEnabled\":true}");
            JsonNode st = c.read();
            assertThat(st.get("statusCode").asText()).isEqualTo("SUCCESS");
            assertThat(st.has("id")).isFalse();
            JsonNode ocm = c.read();
            assertThat(ocm.get("op").asText()).isEqualTo("ocm");
            assertThat(ocm.has("id")).isFalse();
            c.send("{\"op\":\"marketSubscription\",\"id\":2,\"marketFilter\":{\"marketIds\":[\"1.600000001\"],"
                    + "\"eventTypeIds\":[\"7\"]},\"marketDataFilter\":{}}");
            JsonNode sub = c.read();
            assertThat(sub.get("statusCode").asText()).isEqualTo("SUCCESS");
            assertThat(sub.get("id").asInt()).isEqualTo(2);
            JsonNode image = c.read();
            assertThat(image.get("ct").asText()).isEqualTo("SUB_IMAGE");
            assertThat(image.get("mc").get(0).get("id").asText()).isEqualTo("1.600000001");
        }
    }
}
