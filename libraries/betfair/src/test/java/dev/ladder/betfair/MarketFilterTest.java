package dev.ladder.betfair;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarketFilterTest {
    @Test
    void marketFilterMatchesDefinitions() throws Exception {
        com.fasterxml.jackson.databind.JsonNode def = StreamJson.parseObject("{\"eventTypeId\":\"7\",\"eventId\":\"9\","
                + "\"countryCode\":\"GB\",\"marketType\":\"WIN\",\"venue\":\"Ascot\",\"raceType\":\"Flat\","
                + "\"bettingType\":\"ODDS\",\"turnInPlayEnabled\":true,\"bspMarket\":false}");
        assertThat(MarketFilter.all().matches("1.1", def)).isTrue();
        assertThat(MarketFilter.markets("1.2").matches("1.1", def)).isFalse();
        assertThat(MarketFilter.eventTypes("7").withCountryCodes(java.util.List.of("GB", "IE")).matches("1.1", def)).isTrue();
        assertThat(MarketFilter.eventTypes("1").matches("1.1", def)).isFalse();
        assertThat(MarketFilter.all().withMarketTypes(java.util.List.of("PLACE")).matches("1.1", def)).isFalse();
        MarketFilter full = new MarketFilter(null, java.util.List.of("7"), java.util.List.of("9"), java.util.List.of("GB"),
                java.util.List.of("WIN"), java.util.List.of("Ascot"), java.util.List.of("Flat"), java.util.List.of("ODDS"),
                true, false);
        assertThat(full.matches("1.1", def)).isTrue();
        assertThat(MarketFilter.fromJson(full.toJson())).isEqualTo(full);
        assertThat(new MarketFilter(null, null, null, null, null, null, null, null, null, true).matches("1.1", def)).isFalse();
        assertThat(MarketFilter.eventTypes("7").matches("1.1", null)).as("no definition yet").isFalse();
    }
}
