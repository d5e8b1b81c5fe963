package dev.ladder.betfair;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.book.ladder.RunnerLadder;
import dev.ladder.core.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every shared Betfair file replays with 0 errors, the fast cache agrees with the reference model
 * every 250 lines and at the end, and each file ends as expected (markets, runners, final status).
 */
class BetfairHistoricalFilesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // file,                 markets, min runners, final status, cumulative runner tv (PRO)
            "BASIC-1.132153978,      1,   14, CLOSED, false",
            "1.180305278.bz2,        1,    2, CLOSED, true",
            "1.185781277.bz2,        1,   17, CLOSED, false",
            "1.197931750.bz2,        1,    6, CLOSED, false",
            "1.200806927.bz2,        1,    2, CLOSED, false",
            "1.242971311.bz2,      200,    3, OPEN,   false"})
    void replaysWithoutErrorsAndAgreesWithTheReferenceModel(String name, int markets, int minRunners, String status,
                                                            boolean cumulative) throws IOException {
        String rel = "data/betfair/" + name;
        Path file = SharedData.resolve(rel);
        Assumptions.assumeTrue(file != null, SharedData.skipReason(rel));

        BetfairMarketCache cache = new BetfairMarketCache(BetfairCacheConfig.keepAll().withCumulativeRunnerTv(cumulative));
        BetfairStreamDecoder decoder = new BetfairStreamDecoder(cache);
        ReferenceMarketCache reference = new ReferenceMarketCache(cumulative);
        List<String> errors = new ArrayList<>();
        long[] lines = {0};
        new BetfairHistoricalReader().read(file, (source, number, bytes, off, len) -> {
            lines[0]++;
            if (decoder.decode(bytes, off, len) == BetfairStreamDecoder.Op.MALFORMED) {
                errors.add(source + ":" + number + ": " + decoder.lastError());
                return true;
            }
            try {
                reference.apply(BetfairStreamDecoder.MAPPER.readTree(new String(bytes, off, len, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            if (number % 250 == 0) {
                assertThat(reference.diff(cache)).as("%s line %d", source, number).isEmpty();
            }
            return true;
        });
        assertThat(errors).isEmpty();
        assertThat(decoder.malformed()).isZero();
        assertThat(decoder.badFields().total()).as("%s: %s", name, decoder.badFields()).isZero();
        assertThat(reference.diff(cache)).as("%s at the end", name).isEmpty();
        assertThat(lines[0]).isEqualTo(cache.messages());

        assertThat(cache.size()).isEqualTo(markets);
        for (BetfairMarket m : cache.markets()) {
            assertThat(m.runners()).as(m.id()).hasSizeGreaterThanOrEqualTo(minRunners);
            assertThat(m.status()).as(m.id()).isEqualTo(status);
            assertThat(m.publishTime()).isPositive();
            JsonNode book = BetfairStreamDecoder.MAPPER.readTree(BetfairBookJson.toJson(m));
            assertThat(book.get("runners")).hasSize(m.runners().size());
        }
        if (status.equals("CLOSED")) {
            BetfairMarket m = cache.markets().iterator().next();
            assertThat(m.definition().runners()).extracting(BetfairRunnerDefinition::status).contains("WINNER");
        }
        if (cumulative) {
            for (BetfairMarket m : cache.markets()) {
                for (RunnerLadder r : m.runners()) {
                    assertThat(r.tv()).isEqualTo(r.trd().totalSize());
                }
            }
        }
    }

    @org.junit.jupiter.api.Test
    void proRunnerTvIsNotCumulativeSoTheOptionMatters() throws IOException {
        String rel = "data/betfair/1.180305278.bz2";
        Path file = SharedData.resolve(rel);
        Assumptions.assumeTrue(file != null, SharedData.skipReason(rel));
        BetfairMarketCache asSent = new BetfairMarketCache(BetfairCacheConfig.keepAll());
        BetfairMarketCache summed = new BetfairMarketCache(BetfairCacheConfig.keepAll().withCumulativeRunnerTv(true)
                .withCalculateMarketTv(true));
        long beforeSettlementWipe = 1615287039806L; // the next messages zero every trd level and tv
        BetfairReplay.run(List.of(file), new BetfairStreamDecoder(asSent), beforeSettlementWipe, e -> { });
        BetfairReplay.run(List.of(file), new BetfairStreamDecoder(summed), beforeSettlementWipe, e -> { });
        BetfairMarket a = asSent.market("1.180305278");
        BetfairMarket s = summed.market("1.180305278");
        long sumOfRunners = 0;
        boolean differs = false;
        for (int i = 0; i < s.runners().size(); i++) {
            RunnerLadder rs = s.runners().get(i);
            RunnerLadder ra = a.runners().get(i);
            assertThat(rs.tv()).isEqualTo(rs.trd().totalSize()).isPositive();
            differs |= ra.tv() != rs.tv();
            sumOfRunners += rs.tv();
        }
        assertThat(differs).as("the PRO file's last runner tv is a delta, not the total").isTrue();
        assertThat(s.tv()).isEqualTo(sumOfRunners);
    }
}
