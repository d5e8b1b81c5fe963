package dev.ladder.betfair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ladder.core.Clock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The client against a scripted server, for wire details the simulator never produces. */
class BetfairStreamProtocolTest {
    private static final String IMAGE = "{\"id\":\"1.1\",\"img\":true,\"marketDefinition\":{\"status\":\"OPEN\","
            + "\"inPlay\":false,\"runners\":[{\"id\":11,\"sortPriority\":1,\"status\":\"ACTIVE\"}]},"
            + "\"rc\":[{\"id\":11,\"atb\":[[2.5,10]],\"atl\":[[2.6,5]]}]}";

    @Test
    void scriptedConversation() throws Exception {
        List<String> requests = new CopyOnWriteArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread script = Thread.ofVirtual().start(() -> {
                try (Socket s = server.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                    OutputStream out = s.getOutputStream();
                    send(out, "{\"op\":\"connection\",\"connectionId\":\"002-1\"}");
                    requests.add(in.readLine());
                    requests.add(in.readLine());
                    send(out, "{\"op\":\"status\",\"id\":1,\"statusCode\":\"SUCCESS\",\"connectionClosed\":false}");
                    send(out, "{\"op\":\"status\",\"id\":2,\"statusCode\":\"SUCCESS\",\"connectionClosed\":false}");
                    // an older subscription's message: dropped
                    send(out, "{\"op\":\"mcm\",\"id\":1,\"clk\":\"X\",\"pt\":1,\"mc\":[{\"id\":\"9.9\",\"img\":true}]}");
                    // a segmented image: nothing applied before SEG_END
                    send(out, "{\"op\":\"mcm\",\"id\":2,\"initialClk\":\"I1\",\"ct\":\"SUB_IMAGE\",\"segmentType\":\"SEG_START\",\"pt\":2,\"mc\":[" + IMAGE + "]}");
                    send(out, "{\"op\":\"mcm\",\"id\":2,\"ct\":\"SUB_IMAGE\",\"segmentType\":\"SEG\",\"pt\":2,\"mc\":[" + IMAGE.replace("1.1", "1.2") + "]}");
                    send(out, "{\"op\":\"mcm\",\"id\":2,\"ct\":\"SUB_IMAGE\",\"segmentType\":\"SEG_END\",\"clk\":\"C1\",\"pt\":3,\"mc\":[" + IMAGE.replace("1.1", "1.3") + "]}");
                    // stray segments
                    send(out, "{\"op\":\"mcm\",\"id\":2,\"segmentType\":\"SEG_END\",\"clk\":\"C9\",\"pt\":4,\"mc\":[]}");
                    // a conflated delta with status 503
                    send(out, "{\"op\":\"mcm\",\"id\":2,\"clk\":\"C2\",\"status\":503,\"pt\":5,\"mc\":[{\"id\":\"1.1\",\"con\":true,\"rc\":[{\"id\":11,\"atb\":[[2.5,0],[2.4,7]]}]}]}");
                    send(out, "{\"op\":\"mcm\",\"id\":2,\"clk\":\"C3\",\"pt\":6,\"ct\":\"HEARTBEAT\"}");
                    send(out, "{\"op\":\"status\",\"statusCode\":\"SERVICE_UNAVAILABLE\",\"connectionClosed\":false}");
                    send(out, "{\"op\":\"ocm\",\"id\":3,\"clk\":\"O\",\"pt\":7}");
                    Thread.sleep(60_000);
                } catch (Exception ignored) {
                    // test over
                }
            });
            MarketSubscription sub = MarketSubscription.of(MarketFilter.markets("1.1", "1.2", "1.3"));
            StreamHarness h = new StreamHarness(BetfairStreamConfig.local("127.0.0.1", server.getLocalPort(), sub),
                    SessionProvider.fixed("KEY", "TOKEN"));
            try (h) {
                h.client.start();
                await().atMost(StreamHarness.timeout()).until(() -> h.client.stats().linesReceived() >= 12);
                assertThat(requests.get(0)).isEqualTo("{\"op\":\"authentication\",\"id\":1,\"appKey\":\"KEY\",\"session\":\"TOKEN\"}");
                assertThat(requests.get(1)).startsWith("{\"op\":\"marketSubscription\",\"id\":2,")
                        .contains("\"marketFilter\":{\"marketIds\":[\"1.1\",\"1.2\",\"1.3\"]}")
                        .contains("\"heartbeatMs\":5000").contains("\"segmentationEnabled\":true")
                        .doesNotContain("clk");
                BetfairStreamStats st = h.client.stats();
                assertThat(st.staleDropped()).isEqualTo(1);
                assertThat(st.segmentsReceived()).isEqualTo(4);
                assertThat(st.badLines()).as("stray SEG_END").isEqualTo(1);
                assertThat(st.conflatedChanges()).isEqualTo(1);
                assertThat(st.stream503()).isEqualTo(2);
                assertThat(st.heartbeats()).isEqualTo(1);
                assertThat(st.connects()).isEqualTo(1);
                assertThat(h.changes).hasSize(2);
                assertThat(h.changes.getFirst().segments()).isEqualTo(3);
                assertThat(h.changes.getFirst().changeType()).isEqualTo("SUB_IMAGE");
                assertThat(h.marketsPerApply.getFirst()).isEqualTo(3);
                assertThat(h.cache.market("9.9")).isNull();
                assertThat(h.state("1.1")).contains("atb: 2.4=7\n");
                assertThat(h.client.initialClk()).isEqualTo("I1");
                assertThat(h.client.clk()).isEqualTo("C3");
            }
            script.interrupt();
        }
    }

    private static void send(OutputStream out, String line) throws java.io.IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Test
    void segmentsAssembleIntoOneMessage() throws Exception {
        String a = "{\"op\":\"mcm\",\"id\":2,\"initialClk\":\"I\",\"ct\":\"SUB_IMAGE\",\"segmentType\":\"SEG_START\",\"pt\":1,\"mc\":[{\"id\":\"1.1\"}]}";
        String b = "{\"op\":\"mcm\",\"id\":2,\"ct\":\"SUB_IMAGE\",\"segmentType\":\"SEG_END\",\"clk\":\"C\",\"pt\":2,\"mc\":[{\"id\":\"1.2\"}]}";
        assertThat(BetfairStreamClient.assemble(List.of(a, b))).isEqualTo(
                "{\"op\":\"mcm\",\"id\":2,\"initialClk\":\"I\",\"ct\":\"SUB_IMAGE\",\"pt\":2,\"mc\":[{\"id\":\"1.1\"},{\"id\":\"1.2\"}],\"clk\":\"C\"}");
    }

    @Test
    void configurationIsValidatedWithTheSettingsName() {
        MarketSubscription sub = MarketSubscription.of(MarketFilter.all());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BetfairStreamConfig.local("h", 0, sub))
                .hasMessageContaining("betfair.stream.port");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new MarketDataFilter(null, 11))
                .hasMessageContaining("ladderLevels");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SessionProvider.fromEnvironment(java.util.Map.of("APP_KEY", "k")))
                .hasMessageContaining("SSOID");
        assertThat(SessionProvider.fromEnvironment(java.util.Map.of("APP_KEY", "k", "SSOID", "s")).appKey()).isEqualTo("k");
        Clock.system();
    }
}
