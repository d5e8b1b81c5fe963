package dev.ladder.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.betfair.sim.BetfairSimulator;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BetfairSimCommandTest {
    @Test
    void modelSimulatorAnswersARawSubscription() throws Exception {
        BetfairSimCommand cmd = new BetfairSimCommand();
        new CommandLine(cmd).parseArgs("--port", "0", "--markets", "2", "--tick-ms", "50");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (BetfairSimulator sim = cmd.start(new PrintStream(printed, true, StandardCharsets.UTF_8));
             Socket s = new Socket("127.0.0.1", sim.port())) {
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains("Betfair stream simulator on 127.0.0.1:" + sim.port());
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            assertThat(in.readLine()).startsWith("{\"op\":\"connection\",\"connectionId\":");
            out.write(("{\"op\":\"authentication\",\"id\":1,\"appKey\":\"k\",\"session\":\"s\"}\r\n"
                    + "{\"op\":\"marketSubscription\",\"id\":2,\"marketFilter\":{}}\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            assertThat(in.readLine()).contains("\"id\":1").contains("SUCCESS");
            assertThat(in.readLine()).contains("\"id\":2").contains("SUCCESS");
            String image = in.readLine();
            assertThat(image).contains("\"ct\":\"SUB_IMAGE\"").contains("1.900000001").contains("1.900000002");
        }
    }

    @Test
    void badOptionsAreNamed() {
        BetfairSimCommand cmd = new BetfairSimCommand();
        new CommandLine(cmd).parseArgs("--replay", "/nonexistent/file.bz2");
        assertThatThrownBy(() -> cmd.start(System.out)).hasMessageContaining("--replay");
    }
}
