package dev.ladder.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ladder.core.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BetfairBookPrinterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @TempDir
    Path dir;

    private int print(List<Path> files, String market, Long at, boolean json) {
        return BetfairBookPrinter.print(files, market, at, json, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsTheBookAtATimeBestFirstWithExactDecimals() throws IOException {
        Path f = Files.writeString(dir.resolve("m"), """
                {"op":"mcm","clk":"1","pt":1000,"mc":[{"id":"1.5","img":true,"marketDefinition":{"status":"OPEN","inPlay":false,"runners":[{"id":7,"status":"ACTIVE"}]},\
                "rc":[{"id":7,"atb":[[2.02,10],[2.04,1.5]],"atl":[[2.1,3],[2.06,0.01]],"trd":[[2.1,5],[2.02,7]],"batb":[[1,2.02,10],[0,2.04,1.5]],"ltp":2.02,"tv":12}]}]}
                {"op":"mcm","clk":"2","pt":2000,"mc":[{"id":"1.5","rc":[{"id":7,"atb":[[2.04,0]],"ltp":2.1}]}]}
                """);
        assertThat(print(List.of(f), null, 1000L, true)).isZero();
        JsonNode book = JSON.readTree(out());
        assertThat(book.get("marketId").asText()).isEqualTo("1.5");
        assertThat(book.get("pt").asLong()).isEqualTo(1000);
        assertThat(book.get("status").asText()).isEqualTo("OPEN");
        JsonNode r = book.get("runners").get(0);
        assertThat(r.get("ltp").asText()).isEqualTo("2.02");
        assertThat(r.get("tv").asText()).isEqualTo("12");
        assertThat(r.get("atb").toString()).isEqualTo("[[\"2.04\",\"1.5\"],[\"2.02\",\"10\"]]");
        assertThat(r.get("atl").toString()).isEqualTo("[[\"2.06\",\"0.01\"],[\"2.1\",\"3\"]]");
        assertThat(r.get("trd").toString()).isEqualTo("[[\"2.02\",\"7\"],[\"2.1\",\"5\"]]");
        assertThat(r.get("batb").toString()).isEqualTo("[[0,\"2.04\",\"1.5\"],[1,\"2.02\",\"10\"]]");

        out.reset();
        assertThat(print(List.of(f), "1.5", null, true)).isZero();
        JsonNode end = JSON.readTree(out());
        assertThat(end.get("pt").asLong()).isEqualTo(2000);
        assertThat(end.get("runners").get(0).get("atb").toString()).isEqualTo("[[\"2.02\",\"10\"]]");
        assertThat(end.get("runners").get(0).get("ltp").asText()).isEqualTo("2.1");

        out.reset();
        assertThat(print(List.of(f), null, null, false)).isZero();
        assertThat(out()).contains("1.5 OPEN pt 2000").contains("2.02@10").contains("2.06@0.01");
    }

    @Test
    void malformedLinesAreReportedAndUnknownMarketsAndMissingFilesFail() throws IOException {
        Path f = Files.writeString(dir.resolve("bad"), """
                {"op":"mcm","pt":1,"mc":[{"id":"1.5","rc":[{"id":7,"ltp":2}]}]}
                {"op":"mcm","pt":2,"mc":[{"id":"1.5","rc":[{"id":7,"ltp":
                """);
        assertThat(print(List.of(f), null, null, true)).isZero();
        assertThat(err()).contains("bad:2: ").contains("1 malformed");
        assertThat(print(List.of(f), "1.999", null, true)).isEqualTo(2);
        assertThat(print(List.of(dir.resolve("missing")), null, null, true)).isEqualTo(1);
        Path empty = Files.writeString(dir.resolve("empty"), "");
        assertThat(print(List.of(empty), null, null, true)).isEqualTo(1);
    }

    @Test
    void severalMarketsPrintOneLineEach() {
        String rel = "data/betfair/1.242971311.bz2";
        Path file = SharedData.resolve(rel);
        Assumptions.assumeTrue(file != null, SharedData.skipReason(rel));
        assertThat(print(List.of(file), null, null, true)).isZero();
        assertThat(out().lines().count()).isEqualTo(200);
        assertThat(err()).contains("0 malformed, 200 markets");
    }

    @Test
    void theBasicGoldenFileEndsClosedWithAWinner() throws IOException {
        String rel = "data/betfair/BASIC-1.132153978";
        Path file = SharedData.resolve(rel);
        Assumptions.assumeTrue(file != null, SharedData.skipReason(rel));
        assertThat(print(List.of(file), "1.132153978", null, true)).isZero();
        JsonNode book = JSON.readTree(out());
        assertThat(book.get("status").asText()).isEqualTo("CLOSED");
        assertThat(book.get("inPlay").asBoolean()).isTrue();
        assertThat(book.get("runners")).hasSize(14);
        assertThat(book.get("runners").findValuesAsText("status")).contains("WINNER");
    }

    @Test
    void atATimeTheBookEqualsBetfairLightweightsBookAfterTheLastLineUpToIt() throws IOException {
        String rel = "data/betfair/BASIC-1.132153978";
        String goldenRel = "data/betfair/BASIC-1.132153978-processed.json";
        Path file = SharedData.resolve(rel);
        Path golden = SharedData.resolve(goldenRel);
        Assumptions.assumeTrue(file != null && golden != null, SharedData.skipReason(goldenRel));
        JsonNode books = JSON.readTree(golden.toFile());
        for (int i : new int[] {0, 123, 300, 479}) {
            JsonNode expected = books.get(i);
            long pt = expected.get("publishTime").asLong();
            out.reset();
            assertThat(print(List.of(file), null, pt, true)).isZero();
            JsonNode actual = JSON.readTree(out());
            assertThat(actual.get("pt").asLong()).isEqualTo(pt);
            assertThat(actual.get("status").asText()).isEqualTo(expected.get("status").asText());
            assertThat(actual.get("inPlay").asBoolean()).isEqualTo(expected.get("inplay").asBoolean());
            for (int r = 0; r < expected.get("runners").size(); r++) {
                JsonNode e = expected.get("runners").get(r);
                JsonNode a = actual.get("runners").get(r);
                assertThat(a.get("id").asLong()).isEqualTo(e.get("selectionId").asLong());
                assertThat(a.get("status").asText()).isEqualTo(e.get("status").asText());
                if (e.get("lastPriceTraded").isNull()) {
                    assertThat(a.get("ltp").isNull()).isTrue();
                } else {
                    assertThat(new java.math.BigDecimal(a.get("ltp").asText()))
                            .isEqualByComparingTo(e.get("lastPriceTraded").decimalValue());
                }
            }
        }
    }

    /**
     * Thousands of markets are formatted on every core in batches; through the command's byte output and
     * through a plain writer the lines are the same, one per market in first-seen order, each the book of
     * {@code toJson} (a non-ASCII market id included).
     */
    @Test
    void manyMarketsPrintInOrderTheSameThroughBytesAndText() throws IOException {
        StringBuilder lines = new StringBuilder();
        int n = 1_000;
        for (int k = 0; k < n; k++) {
            String id = k == 500 ? "1.é" + k : "1." + (n - k);
            lines.append("{\"op\":\"mcm\",\"clk\":\"").append(k).append("\",\"pt\":").append(1000 + k)
                    .append(",\"mc\":[{\"id\":\"").append(id).append("\",\"img\":true,\"rc\":[{\"id\":7,\"atb\":[[2.02,")
                    .append(k + 1).append("]],\"ltp\":2.02,\"tv\":").append(k).append("}]}]}\n");
        }
        Path f = Files.writeString(dir.resolve("many"), lines, StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CommandOut viaBytes = new CommandOut(bytes);
        viaBytes.print("before ");
        assertThat(BetfairBookPrinter.print(List.of(f), null, null, true, viaBytes, new java.io.PrintWriter(err, true))).isZero();
        viaBytes.flush();
        java.io.StringWriter text = new java.io.StringWriter();
        assertThat(BetfairBookPrinter.print(List.of(f), null, null, true, new java.io.PrintWriter(text), new java.io.PrintWriter(err, true)))
                .isZero();
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(printed).isEqualTo("before " + text);
        List<String> got = text.toString().lines().toList();
        assertThat(got).hasSize(n);
        for (int k = 0; k < n; k++) {
            JsonNode book = JSON.readTree(got.get(k));
            assertThat(book.get("marketId").asText()).isEqualTo(k == 500 ? "1.é" + k : "1." + (n - k));
            assertThat(book.get("runners").get(0).get("atb").toString()).isEqualTo("[[\"2.02\",\"" + (k + 1) + "\"]]");
        }
    }
}
