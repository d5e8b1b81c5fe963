package dev.ladder.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressMeterTest {
    @Test
    void lineShowsCountRateAndEta() {
        ProgressMeter m = ProgressMeter.to(new PrintStream(new ByteArrayOutputStream()), "replay", 1_000);
        assertThat(m.line(250, 2_000_000_000L)).isEqualTo("replay 250/1000 (25.0%) 125/s ETA 0:06");
        m.total(0);
        assertThat(m.line(250, 2_000_000_000L)).isEqualTo("replay 250 125/s");
    }

    @Test
    void printsWhenEnabledAndStaysQuietWithoutAConsole() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressMeter m = ProgressMeter.to(new PrintStream(bytes, true, StandardCharsets.UTF_8), "import", 10);
        m.update(5);
        m.finish(10);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("import 5/10").contains("import 10/10").endsWith(System.lineSeparator());
        // under surefire there is no console: the terminal meter prints nothing
        if (System.console() == null || !System.console().isTerminal()) {
            ProgressMeter quiet = ProgressMeter.forTerminal("replay", 10);
            quiet.update(5);
            quiet.finish(10);
            assertThat(quiet.hasPrinted()).isFalse();
        }
    }
}
