package dev.ladder.betfair;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.core.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Market definitions read as a stream give what the tree gives: two decoders, one reading usual
 * definitions as a stream and one always building the tree, read every definition line of the shared
 * files and thousands of perturbed ones (values of the wrong type, nulls, NaN, unknown statuses,
 * repeated keys, line-range ladders, runners that are no array or hold no objects, bytes flipped), and
 * after each line their outcome, error, bad fields and decoded definitions (with their JSON) agree.
 */
class StreamedDefinitionTest {
    private static final String[] VALUES = {"null", "true", "false", "0", "-1", "7", "2147483648", "9223372036854775808",
            "1.5", "0.125", "-0.25", "1e3", "NaN", "Infinity", "\"\"", "\"OPEN\"", "\"ACTIVE\"", "\"WINNER\"", "\"x\"", "[]",
            "{}", "[1]", "{\"type\":\"LINE_RANGE\"}", "{\"type\":\"FINEST\"}", "{\"type\":null}", "[{}]", "[{\"id\":1}]",
            "[{\"id\":-1}]", "[{\"id\":1.5}]", "[{\"id\":1,\"hc\":0.001}]", "[{\"id\":1,\"status\":\"GONE\"}]", "[null]", "[1,2]"};
    private static final String[] KEYS = {"status", "inPlay", "version", "bettingType", "marketType", "eventId", "betDelay",
            "numberOfWinners", "numberOfActiveRunners", "runners", "priceLadderDefinition", "lineMinUnit", "lineMaxUnit",
            "lineInterval", "complete", "bspMarket", "venue", "id", "hc", "sortPriority", "name", "adjustmentFactor", "bsp",
            "removalDate", "eventName", "timezone"};

    @Test
    void streamedDefinitionsAreTheTreesOnSharedAndPerturbedLines() throws IOException {
        List<byte[]> lines = new ArrayList<>();
        for (String name : BetfairLineScannerTest.FILES) {
            String rel = "data/betfair/" + name;
            Path file = SharedData.resolve(rel);
            Assumptions.assumeTrue(file != null, SharedData.skipReason(rel));
            new BetfairHistoricalReader().read(file, (source, number, bytes, off, len) -> {
                byte[] line = Arrays.copyOfRange(bytes, off, off + len);
                if (new String(line, StandardCharsets.ISO_8859_1).contains("\"marketDefinition\"")) {
                    lines.add(line);
                }
                return true;
            });
        }
        assertThat(lines).hasSizeGreaterThan(50);
        BetfairStreamDecoder streamed = decoder(true);
        BetfairStreamDecoder tree = decoder(false);
        int definitions = 0;
        for (int n = 0; n < lines.size(); n++) {
            definitions += feed(streamed, tree, lines.get(n), "shared definition line " + n);
        }
        assertThat(definitions).isGreaterThanOrEqualTo(lines.size());
        assertThat(streamed.streamedDefinitions()).as("shared definitions read as a stream").isEqualTo(definitions);
        assertThat(tree.streamedDefinitions()).isZero();

        SplittableRandom random = new SplittableRandom(29);
        long badBefore = tree.badFields().total();
        long malformedBefore = tree.malformed();
        for (int k = 0; k < 6_000; k++) {
            byte[] line = perturb(lines.get(random.nextInt(lines.size())), random);
            feed(streamed, tree, line, "perturbation " + k + ": " + new String(line, StandardCharsets.UTF_8));
        }
        assertThat(tree.badFields().total() - badBefore).as("bad fields among the perturbations").isGreaterThan(200);
        assertThat(tree.malformed() - malformedBefore).as("malformed perturbations").isGreaterThan(50);
        assertThat(streamed.streamedDefinitions() - definitions).as("perturbed definitions still read as a stream").isGreaterThan(1_000);
    }

    private static BetfairStreamDecoder decoder(boolean isStreamed) {
        BetfairStreamDecoder d = new BetfairStreamDecoder(new BetfairMarketCache(BetfairCacheConfig.keepAll()));
        d.definitionsStreamed(isStreamed);
        return d;
    }

    /** Feeds both; the number of definitions the line held. */
    private static int feed(BetfairStreamDecoder streamed, BetfairStreamDecoder tree, byte[] line, String what) {
        assertThat(streamed.parse(line, 0, line.length)).as(what).isEqualTo(tree.parse(line, 0, line.length));
        assertThat(streamed.lastError()).as(what).isEqualTo(tree.lastError());
        assertThat(streamed.malformed()).as(what).isEqualTo(tree.malformed());
        assertThat(streamed.badFields().snapshot()).as(what).isEqualTo(tree.badFields().snapshot());
        MarketChangeBuffer a = streamed.buffer();
        MarketChangeBuffer b = tree.buffer();
        assertThat(a.markets).as(what).isEqualTo(b.markets);
        int count = 0;
        for (int m = 0; m < a.markets; m++) {
            assertThat(a.definitions[m]).as(what).isEqualTo(b.definitions[m]);
            if (b.definitions[m] != null) {
                count++;
                assertThat(a.definitions[m].raw()).as(what).isEqualTo(b.definitions[m].raw());
            }
        }
        streamed.applyParsed();
        tree.applyParsed();
        return count;
    }

    private static byte[] perturb(byte[] line, SplittableRandom random) {
        String text = new String(line, StandardCharsets.UTF_8);
        int def = text.indexOf("\"marketDefinition\"");
        switch (random.nextInt(5)) {
            case 0, 1 -> {
                // a known key's value replaced by one of another type or an edge value
                String key = "\"" + KEYS[random.nextInt(KEYS.length)] + "\":";
                int at = text.indexOf(key, def + random.nextInt(Math.max(1, text.length() - def)));
                if (at < 0) {
                    at = text.indexOf(key, def);
                }
                if (at >= 0) {
                    int from = at + key.length();
                    int end = valueEnd(text, from);
                    text = text.substring(0, from) + VALUES[random.nextInt(VALUES.length)] + text.substring(end);
                }
            }
            case 2 -> {
                // a key repeated, or one added, at the start of the definition
                String key = KEYS[random.nextInt(KEYS.length)];
                int open = text.indexOf('{', def);
                text = text.substring(0, open + 1) + "\"" + key + "\":" + VALUES[random.nextInt(VALUES.length)] + ","
                        + text.substring(open + 1);
            }
            case 3 -> {
                // a runner's field given an edge value
                int runner = text.indexOf("{\"", text.indexOf("\"runners\"", def) + 1);
                if (runner > 0) {
                    String[] fields = {"\"id\":", "\"hc\":", "\"status\":", "\"sortPriority\":", "\"bsp\":", "\"adjustmentFactor\":"};
                    String f = fields[random.nextInt(fields.length)];
                    text = text.substring(0, runner + 1) + f + VALUES[random.nextInt(VALUES.length)] + "," + text.substring(runner + 1);
                }
            }
            default -> {
                // a byte inside the definition changed
                int p = def + random.nextInt(Math.max(1, text.length() - def));
                text = text.substring(0, p) + "\"{}[],:0-.ex ".charAt(random.nextInt(13)) + text.substring(Math.min(text.length(), p + 1));
            }
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Where the JSON value starting at {@code from} ends (the value is well formed: it comes from a real line). */
    private static int valueEnd(String text, int from) {
        // read inside an array, where a number needs no whitespace after it
        try (com.fasterxml.jackson.core.JsonParser p = BetfairStreamDecoder.MAPPER.getFactory().createParser("[" + text.substring(from))) {
            p.nextToken();
            p.nextToken();
            p.skipChildren();
            return from + (int) p.currentLocation().getCharOffset() - 1;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
