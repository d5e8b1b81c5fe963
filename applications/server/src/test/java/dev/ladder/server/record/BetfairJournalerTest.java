package dev.ladder.server.record;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.Venue;
import dev.ladder.journal.Journal;
import dev.ladder.journal.JournalConfig;
import dev.ladder.journal.JournalCursor;
import dev.ladder.journal.JournalReader;
import dev.ladder.server.live.LadderMetrics;
import dev.ladder.server.testing.Http;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Betfair raw lines land in one journal stream per market (as the Betfair export reads them), raw when they can. */
class BetfairJournalerTest {
    @TempDir
    Path dir;

    @Test
    void linesGoToTheirMarketsStreamRawAndSeveralMarketsAreSplitKeepingTheEnvelope() throws Exception {
        String connection = "{\"op\":\"connection\",\"connectionId\":\"c-1\"}";
        String one = "{\"op\":\"mcm\",\"id\":2,\"clk\":\"AA\",\"pt\":1700000000000,\"mc\":[{\"id\":\"1.5\",\"rc\":[{\"id\":1,\"ltp\":2.5}]}]}";
        String two = "{\"op\":\"mcm\",\"id\":2,\"clk\":\"AB\",\"pt\":1700000000100,\"ct\":\"UPDATE\",\"mc\":["
                + "{\"id\":\"1.5\",\"rc\":[{\"id\":1,\"ltp\":2.6}]},{\"id\":\"1.6\",\"tv\":12}]}";
        String heartbeat = "{\"op\":\"mcm\",\"id\":2,\"clk\":\"AC\",\"pt\":1700000000200,\"ct\":\"HEARTBEAT\"}";
        String garbage = "this is not json";
        LadderMetrics metrics = new LadderMetrics();
        try (Journal journal = Journal.open(JournalConfig.defaults(dir))) {
            BetfairJournaler j = new BetfairJournaler(journal, metrics);
            long t = 1_700_000_000_000_000_000L;
            for (String line : List.of(connection, one, two, heartbeat, garbage)) {
                j.onRawLine(line, t += 1000);
            }
            j.stop();
            j.onRawLine(one, t + 1000);
            assertThat(j.lines.get()).isEqualTo(5);
            assertThat(j.errors.get()).isZero();
        }
        assertThat(lines(InstrumentId.of(Venue.BETFAIR, "_CONTROL"))).containsExactly(connection, heartbeat, garbage);
        List<String> m5 = lines(InstrumentId.of(Venue.BETFAIR, "1.5"));
        assertThat(m5).hasSize(2);
        assertThat(m5.get(0)).isEqualTo(one);
        JsonNode split = Http.MAPPER.readTree(m5.get(1));
        assertThat(split.get("clk").asText()).isEqualTo("AB");
        assertThat(split.get("pt").asLong()).isEqualTo(1700000000100L);
        assertThat(split.get("ct").asText()).isEqualTo("UPDATE");
        assertThat(split.get("mc")).hasSize(1);
        assertThat(split.get("mc").get(0).get("rc").get(0).get("ltp").asText()).isEqualTo("2.6");
        JsonNode m6 = Http.MAPPER.readTree(lines(InstrumentId.of(Venue.BETFAIR, "1.6")).getFirst());
        assertThat(m6.get("mc")).hasSize(1);
        assertThat(m6.get("mc").get(0).get("id").asText()).isEqualTo("1.6");
        assertThat(m6.get("clk").asText()).isEqualTo("AB");
        assertThat(metrics.scrape()).containsPattern("ladder_messages_total\\{venue=\"betfair\"} 5");
    }

    private List<String> lines(InstrumentId id) throws IOException {
        List<String> out = new ArrayList<>();
        try (JournalCursor c = new JournalReader(dir).cursor(id, Long.MIN_VALUE, Long.MAX_VALUE)) {
            while (c.next()) {
                out.add(c.payloadString());
            }
        }
        return out;
    }
}
