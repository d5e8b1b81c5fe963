package dev.ladder.betfair.sim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A runner of a simulated race, the same in its WIN and PLACE markets.
 *
 * @param selectionId the Betfair selection id (one per animal)
 * @param name        as the markets name it: a horse's name, or {@code "<trap>. <name>"} for a greyhound
 * @param number      saddle-cloth number, or trap for a greyhound (1..)
 * @param stallDraw   stall for a flat horse race, {@code null} otherwise
 * @param jockey      horse racing only, else {@code null}
 * @param trainer     horse racing only, else {@code null}
 * @param weight      carried weight as Betfair's WEIGHT_VALUE ({@code "133"} pounds, or kilograms in Australia),
 *                    horse racing only, else {@code null}
 * @param weightUnits {@code pounds} or {@code kilograms}, {@code null} with no weight
 * @param strength    the runner's chance before the race (the race's strengths sum to 1)
 */
public record SimRunner(long selectionId, String name, int number, Integer stallDraw, String jockey, String trainer,
                        String weight, String weightUnits, double strength) {

    /**
     * The RUNNER_METADATA a listMarketCatalogue answer carries: {@code runnerId} always; for horses also
     * CLOTH_NUMBER, CLOTH_NUMBER_ALPHA, STALL_DRAW (flat races), JOCKEY_NAME, TRAINER_NAME, WEIGHT_VALUE and
     * WEIGHT_UNITS. Values are text, as Betfair sends them.
     */
    public Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        if (jockey != null) {
            m.put("CLOTH_NUMBER", Integer.toString(number));
            m.put("CLOTH_NUMBER_ALPHA", Integer.toString(number));
            if (stallDraw != null) {
                m.put("STALL_DRAW", stallDraw.toString());
            }
            m.put("JOCKEY_NAME", jockey);
            m.put("TRAINER_NAME", trainer);
            m.put("WEIGHT_VALUE", weight);
            m.put("WEIGHT_UNITS", weightUnits);
        }
        m.put("runnerId", Long.toString(selectionId));
        return m;
    }
}
