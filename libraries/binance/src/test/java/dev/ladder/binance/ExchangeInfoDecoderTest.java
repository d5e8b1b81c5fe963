package dev.ladder.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ladder.core.SharedData;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ExchangeInfoDecoderTest {
    @Test
    void readsTickAndStepSizesFromARealAnswer() throws Exception {
        String rel = "data/binance/cryptofeed-BINANCE.0.gz";
        Path p = SharedData.resolve(rel);
        Assumptions.assumeTrue(p != null, SharedData.skipReason(rel));
        String json = null;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(p)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.contains("/exchangeInfo -> ")) {
                    json = line.substring(line.indexOf(": ", line.indexOf(" -> ")) + 2);
                }
            }
        }
        assertThat(json).isNotNull();
        Map<String, SymbolInfo> info = ExchangeInfoDecoder.decode(json);
        assertThat(info).hasSizeGreaterThan(1000);
        SymbolInfo eth = info.get("ETHBTC");
        assertThat(eth.tickSize()).isEqualByComparingTo(new BigDecimal("0.000001"));
        assertThat(eth.stepSize()).isEqualByComparingTo(new BigDecimal("0.0001"));
        assertThat(eth.priceScale()).isEqualTo(6);
        assertThat(eth.sizeScale()).isEqualTo(4);
        assertThat(eth.baseAsset()).isEqualTo("ETH");
        assertThat(eth.quoteAsset()).isEqualTo("BTC");
        SymbolInfo nkn = info.get("NKNUSDT");
        assertThat(nkn.priceScale()).isEqualTo(4);
        assertThat(nkn.sizeScale()).isEqualTo(0);
        // every scale fits the decoder's default scale of 8
        assertThat(info.values()).allSatisfy(s -> {
            assertThat(s.priceScale()).isBetween(0, 8);
            assertThat(s.sizeScale()).isBetween(0, 8);
        });
    }

    @Test
    void rejectsWhatIsNotAnExchangeInfo() {
        assertThatThrownBy(() -> ExchangeInfoDecoder.decode("{\"symbols\":3}")).isInstanceOf(BinanceFormatException.class).hasMessageContaining("no 'symbols' array");
        assertThatThrownBy(() -> ExchangeInfoDecoder.decode("nope")).isInstanceOf(BinanceFormatException.class).hasMessageContaining("malformed JSON");
        assertThatThrownBy(() -> ExchangeInfoDecoder.decode("{\"symbols\":[{\"symbol\":\"X\",\"filters\":[{\"filterType\":\"PRICE_FILTER\",\"tickSize\":\"x\"}]}]}"))
                .isInstanceOf(BinanceFormatException.class).hasMessageContaining("X tickSize 'x' is not a decimal");
    }
}
