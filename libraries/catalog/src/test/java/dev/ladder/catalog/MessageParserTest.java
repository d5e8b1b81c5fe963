package dev.ladder.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class MessageParserTest {
    private static CatalogMessage parse(String json) {
        return MessageParser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void rejected(String json, String message) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(CatalogMessageException.class).hasMessage(message);
    }

    @Test
    void parsesTheFeedsNewEvent() {
        CatalogMessage.Sports m = (CatalogMessage.Sports) parse(CatalogContractTest.NEW_EVENT);
        assertThat(m.id()).isEqualTo("8663424224");
        assertThat(m.isNew()).isTrue();
        assertThat(m.event().startTime()).isEqualTo(Instant.parse("2018-06-20T10:30:00Z"));
        assertThat(m.event().markets().getFirst().selections().getFirst().odds()).isEqualTo(Odds.parse("1.01"));
    }

    @Test
    void namesTheFieldOfEveryProblem() {
        rejected("[1]", "expected a JSON object, was an array");
        rejected("{\"message_type\": \"NewEvent\"}", "id: missing");
        rejected("{\"id\": 1}", "message_type: missing");
        rejected("{\"id\": 1, \"message_type\": 5}", "message_type: expected a string, was number 5");
        rejected("{\"id\": true, \"message_type\": \"NewEvent\"}", "id: expected an integer or a non-empty string id, was boolean true");
        rejected("{\"id\": 1, \"message_type\": \"NewEvent\", \"event\": []}", "event: expected an object, was an array");
        rejected("{\"id\": 1, \"message_type\": \"UpdateOdds\", \"event\": {\"id\": 2, \"markets\": [{\"id\": 3, \"selections\": [{\"id\": 4}]}]}}",
                "event.markets[0].selections[0].odds: missing");
        rejected("{\"id\": 1, \"message_type\": \"UpdateOdds\", \"event\": {\"id\": 2, \"markets\": [{\"id\": 3, \"selections\": [{\"id\": 4, \"odds\": -2}]}]}}",
                "event.markets[0].selections[0].odds: odds must be positive, was -2");
        rejected("{\"id\": 1, \"message_type\": \"UpdateOdds\", \"event\": {\"id\": 2, \"markets\": [{\"id\": 3, \"selections\": [{\"id\": 4, \"odds\": 1.123456789}]}]}}",
                "event.markets[0].selections[0].odds: odds 1.123456789 has more than 8 decimals or is too large");
        rejected("{\"id\": 1, \"message_type\": \"Meeting\", \"meeting\": {\"id\": \"M\", \"name\": \"n\", \"type\": \"camel\"}}",
                "meeting.type: race type 'camel' is not one of horse, greyhound, harness");
        rejected("{\"id\": 1, \"message_type\": \"Meeting\", \"meeting\": {\"id\": \"M\", \"name\": \"n\", \"type\": \"horse\"}}",
                "meeting.date: missing (and no race gives a start time)");
        rejected("{\"id\": 1, \"message_type\": \"RaceUpdate\", \"race\": {\"id\": \"R\", \"status\": \"LATE\"}}",
                "race.status: race status 'LATE' is not one of OPEN, OFF, SUSPENDED, CLOSED, INTERIM, FINAL, ABANDONED");
        rejected("{\"id\": 1, \"message_type\": \"RaceUpdate\", \"race\": {\"id\": \"R\", \"results\": [{\"position\": 0, \"id\": 5}]}}",
                "race.results[0].position: must be >= 1, was 0");
        rejected("{\"id\": 1, \"id\": 2}", "not JSON: Duplicate field 'id'");
        rejected("{\"id\": 1} {}", "not JSON: Trailing token (of type START_OBJECT) found after value (bound as `com.fasterxml.jackson.databind.JsonNode`): not allowed as per `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`");
    }

    @Test
    void aMeetingDerivesRaceIdsAndItsDateInItsZone() {
        CatalogMessage.Meeting m = (CatalogMessage.Meeting) parse("""
                {"id": "m-1", "message_type": "Meeting", "meeting": {"id": "31389771", "name": "Meadows", "type": "Greyhound",
                 "timezone": "Australia/Melbourne", "races": [{"startTime": "2022-04-19 18:26:00",
                 "runners": [{"id": 1, "name": "A", "weight": 30.5}]}]}}""");
        assertThat(m.meeting().type()).isEqualTo(RaceType.GREYHOUND);
        assertThat(m.meeting().date()).isEqualTo(LocalDate.parse("2022-04-20"));
        assertThat(m.meeting().races().getFirst().id()).isEqualTo("31389771.1826");
        assertThat(m.meeting().races().getFirst().runners().getFirst().weight()).isEqualTo("30.5");
    }

    @Test
    void oddsPrintExactly() {
        assertThat(Odds.parse("1.01")).hasToString("1.01");
        assertThat(Odds.parse("25")).hasToString("25.00");
        assertThat(Odds.parse("1.33333333")).hasToString("1.33333333");
        assertThat(Odds.parse("1000.10")).hasToString("1000.10");
        assertThat(Odds.parse("2.50").scaled()).isEqualTo(250_000_000L);
    }
}
