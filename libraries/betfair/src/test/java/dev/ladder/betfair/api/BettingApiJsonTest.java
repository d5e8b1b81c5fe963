package dev.ladder.betfair.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.core.SharedData;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class BettingApiJsonTest {
    private static byte[] shared(String rel) throws Exception {
        Path p = SharedData.resolve(rel);
        Assumptions.assumeTrue(p != null, SharedData.skipReason(rel));
        return Files.readAllBytes(p);
    }

    private static BettingApiAnswer parse(String json) throws BettingApiException {
        return BettingApiJson.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsAJsonRpcListMarketCatalogueAnswer() throws Exception {
        BettingApiAnswer a = BettingApiJson.parse(shared("data/catalog/betting-list_market_catalogue.json"));
        assertThat(a.errors()).isEmpty();
        assertThat(a.events()).isEmpty();
        MarketCatalogue mc = a.marketCatalogues().getFirst();
        assertThat(mc.marketId()).isEqualTo("1.125818641");
        assertThat(mc.marketName()).isEqualTo("Winner 2016/17");
        assertThat(mc.marketStartTime()).isEqualTo("2005-03-07T14:30:00.000Z");
        assertThat(mc.description().marketType()).isEqualTo("WINNER");
        assertThat(mc.description().marketBaseRate()).isEqualByComparingTo("5.0");
        assertThat(mc.eventType()).isEqualTo(new EventTypeRef("1", "Soccer"));
        assertThat(mc.competition()).isEqualTo(new CompetitionRef("7", "Austrian Bundesliga"));
        assertThat(mc.event().id()).isEqualTo("606287");
        assertThat(mc.event().countryCode()).isEqualTo("AT");
        assertThat(mc.runners()).hasSize(10);
        assertThat(mc.runners().getFirst()).satisfies(r -> {
            assertThat(r.selectionId()).isEqualTo(3158851L);
            assertThat(r.runnerName()).isEqualTo("Red Bull Salzburg");
            assertThat(r.sortPriority()).isEqualTo(1);
            assertThat(r.meta("runnerId")).isEqualTo("3158851");
        });
    }

    @Test
    void readsASingleRecordedCatalogueObject() throws Exception {
        BettingApiAnswer a = BettingApiJson.parse(shared("data/betfair/1.197931750.catalogue.json"));
        MarketCatalogue mc = a.marketCatalogues().getFirst();
        assertThat(mc.marketId()).isEqualTo("1.197931750");
        assertThat(mc.eventType()).isEqualTo(new EventTypeRef("4339", "Greyhound Racing"));
        assertThat(mc.event().venue()).isEqualTo("Sheffield");
        assertThat(mc.event().timezone()).isEqualTo("Europe/London");
        assertThat(mc.runners()).extracting(RunnerCatalog::runnerName).startsWith("1. Paradise Mission", "2. Sandwood Jet");
        assertThat(mc.totalMatched()).isEqualTo(new BigDecimal("266.56"));
    }

    @Test
    void ignoresOtherAnswers() throws Exception {
        BettingApiAnswer a = BettingApiJson.parse(shared("data/catalog/betting-list_event_types.json"));
        assertThat(a.isEmpty()).isTrue();
        assertThat(a.ignored()).isEqualTo(2);
    }

    @Test
    void readsBareArraysBatchesAndListEvents() throws Exception {
        String events = """
                [{"event": {"id": "29500000", "name": "Kempton 17th Aug", "countryCode": "GB", "timezone": "Europe/London",
                  "venue": "Kempton", "openDate": "2016-08-17T17:40:00.000Z"}, "marketCount": 12}]""";
        BettingApiAnswer bare = parse(events);
        assertThat(bare.events()).containsExactly(new EventResult(new EventInfo("29500000", "Kempton 17th Aug", "GB",
                "Europe/London", "Kempton", "2016-08-17T17:40:00.000Z"), 12));
        BettingApiAnswer batch = parse("[{\"jsonrpc\": \"2.0\", \"id\": 1, \"result\": " + events + "},"
                + " {\"jsonrpc\": \"2.0\", \"id\": 2, \"result\": [{\"marketId\": \"1.5\", \"runners\": []}]}]");
        assertThat(batch.events()).hasSize(1);
        assertThat(batch.marketCatalogues()).extracting(MarketCatalogue::marketId).containsExactly("1.5");
        assertThat(batch.marketCatalogues().getFirst().event()).isNull();
        assertThat(batch.marketCatalogues().getFirst().description()).isNull();
    }

    @Test
    void aBadEntryIsReportedAndTheOthersKept() throws Exception {
        BettingApiAnswer a = parse("""
                {"jsonrpc": "2.0", "id": 1, "result": [
                  {"marketId": "1.1", "runners": [{"selectionId": "abc"}]},
                  {"marketId": "1.2", "runners": [{"selectionId": 7, "runnerName": "Seven", "metadata": {"CLOTH_NUMBER": "7", "JOCKEY_NAME": null}}]}]}""");
        assertThat(a.errors()).singleElement().asString().contains("1.1").contains("selectionId");
        assertThat(a.marketCatalogues()).singleElement().satisfies(mc -> {
            assertThat(mc.runners().getFirst().meta("CLOTH_NUMBER")).isEqualTo("7");
            assertThat(mc.runners().getFirst().meta("JOCKEY_NAME")).isNull();
        });
    }

    @Test
    void jsonRpcErrorsAndNonJsonAreExceptions() {
        assertThatThrownBy(() -> parse("{\"jsonrpc\": \"2.0\", \"error\": {\"code\": -32099, \"message\": \"ANGX-0003\"}, \"id\": 1}"))
                .isInstanceOf(BettingApiException.class).hasMessageContaining("-32099").hasMessageContaining("ANGX-0003");
        assertThatThrownBy(() -> parse("<html>")).isInstanceOf(BettingApiException.class).hasMessageStartingWith("not JSON");
    }
}
