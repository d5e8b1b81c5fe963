package dev.ladder.betfair.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ladder.betfair.StreamJson;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A made-up racing market for the simulator: each runner has a true chance (the chances sum to the
 * market's number of winners: 1 for WIN, 2 or 3 for PLACE; they take a small random walk and are
 * renormalised every step), its best back is the CLASSIC (1.01 ... 1000) tick just below its fair odds
 * and its best lay the next tick up, so the back book (sum of 1 / best back) sits a little above 100%
 * (times the winners) and the lay book a little below, as on a real exchange; full back/lay ladders
 * {@code depth} ticks deep, best-offer levels, trades (trd, ltp, tv) and occasional suspensions.
 *
 * <p>Two kinds:
 * <ul>
 *   <li>A market of a {@link SimRace} ({@link #SimMarketModel(SimRace, String, int, double)}): its
 *       definition carries the race's ids, names, start, venue and runners. It follows the simulator's
 *       clock: at the start time BSP is reconciled (each runner's {@code bsp}) and a horse race turns in
 *       play while a greyhound race is suspended; at start + duration it closes with the race's result
 *       (WINNER for the first, or the first numberOfWinners in a PLACE market; LOSER for the others).</li>
 *   <li>A standalone WIN market ({@link #SimMarketModel(String, String, int, int, int, int, double, long)}):
 *       a made-up race with invented names, turning in play and settling after a number of steps.</li>
 * </ul>
 * Seeded: the same seed (and clock) gives the same messages. Owned by one thread (the simulator's model
 * ticker).
 *
 * @see BetfairSimulator#addModel
 * @see BetfairSimulator#addRace
 */
public final class SimMarketModel {
    /** The CLASSIC ladder's ticks. */
    static final BigDecimal[] TICKS = classicTicks();
    private static final double[] TICK_VALUES = java.util.Arrays.stream(TICKS).mapToDouble(BigDecimal::doubleValue).toArray();
    /** No runner's true probability falls below this (fair odds at most about 330). */
    private static final double MIN_PROBABILITY = 0.003;
    /** No runner's chance of a place rises above this. */
    private static final double MAX_PLACE_PROBABILITY = 0.97;
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final String marketId;
    private final String eventId;
    private final int depth;
    private final int inPlayAfter;
    private final int settleAfter;
    private final double suspendProbability;
    private final SplittableRandom random;
    private final ObjectNode definition;
    private final long[] selectionIds;
    private final SimRunner[] runnerInfo;
    private final int[] tick;
    private final double[] probability;
    private final int winners;
    private final SimRace race;
    private final boolean isPlace;
    private final List<TreeMap<BigDecimal, BigDecimal>> back = new ArrayList<>();
    private final List<TreeMap<BigDecimal, BigDecimal>> lay = new ArrayList<>();
    private final BigDecimal[] runnerTv;
    private final List<TreeMap<BigDecimal, BigDecimal>> traded = new ArrayList<>();
    private BigDecimal marketTv = BigDecimal.ZERO.setScale(2);
    private int steps;
    private boolean suspended;
    private boolean off;
    private boolean closed;
    private long version = 1;

    /**
     * A standalone WIN market of a made-up race (venue, names and, for horses, jockeys drawn from the
     * seed) starting at a fixed instant derived from the seed.
     *
     * @param marketId           e.g. {@code 1.900000001}
     * @param eventTypeId        e.g. {@code 7} (horse racing) or {@code 4339} (greyhounds); any other type
     *                           gets runners named {@code Selection 1...}
     * @param runners            2..40 runners
     * @param depth              ladder depth per side, 1..50 ticks
     * @param inPlayAfter        steps before the market turns in play ({@code <= 0}: never)
     * @param settleAfter        steps before it settles ({@code <= 0}: never)
     * @param suspendProbability chance per step of a suspension (lifted on the next step)
     * @param seed               random seed
     * @throws IllegalArgumentException on out-of-range numbers
     */
    public SimMarketModel(String marketId, String eventTypeId, int runners, int depth, int inPlayAfter,
                          int settleAfter, double suspendProbability, long seed) {
        checkRange(runners, depth);
        this.marketId = marketId;
        this.depth = depth;
        this.inPlayAfter = inPlayAfter;
        this.settleAfter = settleAfter;
        this.suspendProbability = suspendProbability;
        this.random = new SplittableRandom(seed);
        this.eventId = Long.toString(30_000_000L + Math.floorMod(seed, 1_000_000L));
        this.winners = 1;
        this.race = null;
        this.isPlace = false;
        this.selectionIds = new long[runners];
        this.tick = new int[runners];
        this.probability = new double[runners];
        this.runnerTv = new BigDecimal[runners];
        for (int i = 0; i < runners; i++) {
            selectionIds[i] = 1_000_000L + random.nextLong(9_000_000L);
            probability[i] = Math.exp(0.9 * random.nextGaussian());
            initRunner(i);
        }
        normalise();
        for (int i = 0; i < runners; i++) {
            tick[i] = bestBackTick(i);
        }
        Instant start = Instant.ofEpochMilli(1_700_000_000_000L + Math.floorMod(seed, 86_400_000L));
        this.runnerInfo = new SimRunner[runners];
        SimMeeting meeting;
        String marketName;
        String raceType = null;
        if (SimRacing.HORSE.equals(eventTypeId) || SimRacing.GREYHOUND.equals(eventTypeId)) {
            SimRace made = SimRacing.race(seed, eventTypeId, eventId, marketId, null, start, runners);
            meeting = made.meeting();
            marketName = made.name();
            raceType = made.raceType();
            for (int i = 0; i < runners; i++) {
                SimRunner r = made.runners().get(i);
                runnerInfo[i] = new SimRunner(selectionIds[i], r.name(), r.number(), r.stallDraw(), r.jockey(),
                        r.trainer(), r.weight(), r.weightUnits(), probability[i]);
            }
        } else {
            meeting = new SimMeeting(eventId, eventTypeId, "Simulated event " + eventId, null, "GB", "Europe/London", start);
            marketName = "Match Odds";
            for (int i = 0; i < runners; i++) {
                runnerInfo[i] = new SimRunner(selectionIds[i], "Selection " + (i + 1), i + 1, null, null, null, null,
                        null, probability[i]);
            }
        }
        this.definition = definition(meeting, eventTypeId, "WIN", marketName, raceType, start, false,
                inPlayAfter > 0, true);
    }

    /**
     * The WIN or PLACE market of a race. Its price walk is seeded from the race's seed and the market
     * type; the runners start from the race's strengths (a PLACE market's chances scaled to its
     * number of winners).
     *
     * @param marketType         {@code WIN} or {@code PLACE}
     * @param depth              ladder depth per side, 1..50 ticks
     * @param suspendProbability chance per step of a suspension before the off (lifted on the next step)
     * @throws IllegalArgumentException for another market type, PLACE for a race without a PLACE
     *                                  market, or a depth out of range
     */
    public SimMarketModel(SimRace race, String marketType, int depth, double suspendProbability) {
        boolean place = "PLACE".equals(marketType);
        if (!place && !"WIN".equals(marketType)) {
            throw new IllegalArgumentException("marketType must be WIN or PLACE, got " + marketType);
        }
        if (place && race.placeMarketId() == null) {
            throw new IllegalArgumentException("race " + race.raceId() + " has no PLACE market");
        }
        int runners = race.runners().size();
        checkRange(runners, depth);
        this.race = race;
        this.isPlace = place;
        this.marketId = place ? race.placeMarketId() : race.winMarketId();
        this.eventId = race.meeting().eventId();
        this.depth = depth;
        this.inPlayAfter = 0;
        this.settleAfter = 0;
        this.suspendProbability = suspendProbability;
        this.random = new SplittableRandom(race.seed() * 31 + (place ? 17 : 7));
        this.winners = place ? race.placeWinners() : 1;
        this.selectionIds = new long[runners];
        this.runnerInfo = race.runners().toArray(new SimRunner[0]);
        this.tick = new int[runners];
        this.probability = new double[runners];
        this.runnerTv = new BigDecimal[runners];
        for (int i = 0; i < runners; i++) {
            selectionIds[i] = runnerInfo[i].selectionId();
            probability[i] = runnerInfo[i].strength();
            initRunner(i);
        }
        normalise();
        for (int i = 0; i < runners; i++) {
            tick[i] = bestBackTick(i);
        }
        boolean inPlayRace = !race.isGreyhound();
        this.definition = definition(race.meeting(), race.meeting().eventTypeId(), marketType,
                place ? race.placeMarketName() : race.name(), race.raceType(), race.startTime(), true, inPlayRace,
                inPlayRace);
    }

    private static void checkRange(int runners, int depth) {
        if (runners < 2 || runners > 40) {
            throw new IllegalArgumentException("runners must be 2..40, got " + runners);
        }
        if (depth < 1 || depth > 50) {
            throw new IllegalArgumentException("depth must be 1..50, got " + depth);
        }
    }

    private void initRunner(int i) {
        runnerTv[i] = BigDecimal.ZERO.setScale(2);
        back.add(new TreeMap<>());
        lay.add(new TreeMap<>());
        traded.add(new TreeMap<>());
    }

    private ObjectNode definition(SimMeeting meeting, String eventTypeId, String marketType, String name, String raceType,
                                  Instant start, boolean bsp, boolean turnInPlay, boolean persistence) {
        ObjectNode d = StreamJson.object();
        d.put("bspMarket", bsp).put("turnInPlayEnabled", turnInPlay).put("persistenceEnabled", persistence)
                .put("marketBaseRate", new BigDecimal("5")).put("eventId", meeting.eventId()).put("eventTypeId", eventTypeId)
                .put("numberOfWinners", winners).put("bettingType", "ODDS").put("marketType", marketType)
                .put("marketTime", iso(start)).put("suspendTime", iso(start))
                .put("bspReconciled", false).put("complete", true).put("inPlay", false).put("crossMatching", true)
                .put("runnersVoidable", false).put("numberOfActiveRunners", selectionIds.length).put("betDelay", 0)
                .put("status", "OPEN");
        if (raceType != null) {
            d.put("raceType", raceType);
        }
        ArrayNode rs = d.putArray("runners");
        for (int i = 0; i < selectionIds.length; i++) {
            rs.addObject().put("status", "ACTIVE").put("sortPriority", i + 1).put("id", selectionIds[i])
                    .put("name", runnerInfo[i].name());
        }
        d.putArray("regulators").add("MR_INT");
        if (meeting.venue() != null) {
            d.put("venue", meeting.venue());
        }
        d.put("countryCode", meeting.countryCode()).put("discountAllowed", true)
                .put("timezone", meeting.timezone()).put("openDate", iso(meeting.openDate())).put("version", version);
        d.put("name", name).put("eventName", meeting.name());
        d.putObject("priceLadderDefinition").put("type", "CLASSIC");
        return d;
    }

    /** Betfair's time text: {@code 2022-04-19T18:26:00.000Z}. */
    static String iso(Instant t) {
        return ISO.format(t);
    }

    /** The market id. */
    public String marketId() {
        return marketId;
    }

    /** Whether the market has settled (no more changes). */
    public boolean isClosed() {
        return closed;
    }

    /** The first change: an image with definition and full ladders. */
    JsonNode image() {
        ObjectNode mc = StreamJson.object();
        mc.put("id", marketId);
        mc.put("img", true);
        mc.set("marketDefinition", definition.deepCopy());
        ArrayNode rc = mc.putArray("rc");
        for (int i = 0; i < selectionIds.length; i++) {
            ObjectNode r = rc.addObject();
            r.put("id", selectionIds[i]);
            TreeMap<BigDecimal, BigDecimal> b = ladderFor(i, true);
            TreeMap<BigDecimal, BigDecimal> l = ladderFor(i, false);
            back.get(i).putAll(b);
            lay.get(i).putAll(l);
            writePairs(r.putArray("atb"), b);
            writePairs(r.putArray("atl"), l);
            writeLevels(r, i);
        }
        return mc;
    }

    /** The next change with no clock (a race market never reaches its off), or {@code null} once closed. */
    JsonNode step() {
        return step(Long.MIN_VALUE);
    }

    /**
     * The next change at {@code nowMillis}, or {@code null} when there is none (closed, or a greyhound
     * race suspended at the off waiting for its result).
     */
    JsonNode step(long nowMillis) {
        if (closed) {
            return null;
        }
        steps++;
        ObjectNode mc = StreamJson.object();
        mc.put("id", marketId);
        if (race != null) {
            long start = race.startTime().toEpochMilli();
            if (nowMillis >= start + race.duration().toMillis()) {
                settle(nowMillis);
                mc.set("marketDefinition", definition.deepCopy());
                return mc;
            }
            if (!off && nowMillis >= start) {
                goOff();
                mc.set("marketDefinition", definition.deepCopy());
                return mc;
            }
            if (off && race.isGreyhound()) {
                return null;
            }
        }
        if (settleAfter > 0 && steps >= settleAfter) {
            closed = true;
            int winner = pickWinner();
            definition.put("status", "CLOSED").put("inPlay", settleAfter > inPlayAfter && inPlayAfter > 0)
                    .put("complete", true).put("version", ++version);
            ArrayNode rs = (ArrayNode) definition.get("runners");
            for (int i = 0; i < rs.size(); i++) {
                ((ObjectNode) rs.get(i)).put("status", i == winner ? "WINNER" : "LOSER");
            }
            mc.set("marketDefinition", definition.deepCopy());
            return mc;
        }
        if (suspended) {
            suspended = false;
            definition.put("status", "OPEN").put("version", ++version);
            mc.set("marketDefinition", definition.deepCopy());
            return mc;
        }
        if (inPlayAfter > 0 && steps == inPlayAfter) {
            definition.put("inPlay", true).put("betDelay", 1).put("version", ++version);
            mc.set("marketDefinition", definition.deepCopy());
            return mc;
        }
        if (random.nextDouble() < suspendProbability) {
            suspended = true;
            definition.put("status", "SUSPENDED").put("version", ++version);
            mc.set("marketDefinition", definition.deepCopy());
            return mc;
        }
        ArrayNode rc = mc.putArray("rc");
        int moves = 1 + random.nextInt(Math.min(3, selectionIds.length));
        boolean[] moved = new boolean[selectionIds.length];
        boolean[] trades = new boolean[selectionIds.length];
        for (int k = 0; k < moves; k++) {
            int i = random.nextInt(selectionIds.length);
            moved[i] = true;
            trades[i] |= random.nextInt(3) == 0;
            probability[i] *= Math.exp(0.04 * random.nextGaussian());
        }
        normalise();
        for (int i = 0; i < selectionIds.length; i++) {
            int next = bestBackTick(i);
            if (!moved[i] && next == tick[i]) {
                continue;
            }
            ObjectNode r = rc.addObject();
            r.put("id", selectionIds[i]);
            if (trades[i]) {
                BigDecimal price = TICKS[tick[i] + random.nextInt(2)];
                BigDecimal size = size();
                BigDecimal atPrice = traded.get(i).merge(price, size, BigDecimal::add);
                runnerTv[i] = runnerTv[i].add(size);
                marketTv = marketTv.add(size);
                r.putArray("trd").addArray().add(price).add(atPrice);
                r.put("ltp", price);
                r.put("tv", runnerTv[i]);
                mc.put("tv", marketTv);
            }
            tick[i] = next;
            diff(r, "atb", back.get(i), ladderFor(i, true));
            diff(r, "atl", lay.get(i), ladderFor(i, false));
            writeLevels(r, i);
        }
        return mc;
    }

    /** At the off: BSP reconciled at each runner's best back; a horse race turns in play, a greyhound race is suspended. */
    private void goOff() {
        off = true;
        suspended = false;
        definition.put("bspReconciled", true);
        if (race.isGreyhound()) {
            definition.put("status", "SUSPENDED");
        } else {
            definition.put("status", "OPEN").put("inPlay", true).put("betDelay", 1);
        }
        ArrayNode rs = (ArrayNode) definition.get("runners");
        for (int i = 0; i < rs.size(); i++) {
            ((ObjectNode) rs.get(i)).put("bsp", TICKS[tick[i]]);
        }
        definition.put("version", ++version);
    }

    /** The race's result: WINNER for the first (or the first numberOfWinners of a PLACE market), LOSER for the rest. */
    private void settle(long nowMillis) {
        if (!off) {
            goOff();
        }
        closed = true;
        int[] order = race.finishOrder();
        java.util.Set<Integer> placed = new java.util.HashSet<>();
        for (int k = 0; k < winners; k++) {
            placed.add(order[k]);
        }
        definition.put("status", "CLOSED").put("complete", true).put("settledTime", iso(Instant.ofEpochMilli(nowMillis)))
                .put("version", ++version);
        ArrayNode rs = (ArrayNode) definition.get("runners");
        for (int i = 0; i < rs.size(); i++) {
            ((ObjectNode) rs.get(i)).put("status", placed.contains(i) ? "WINNER" : "LOSER");
        }
    }

    /** The race this market belongs to, or {@code null} for a standalone market. */
    public SimRace race() {
        return race;
    }

    /** {@code true} for a race's PLACE market. */
    public boolean isPlace() {
        return isPlace;
    }

    /** Betting API RUNNER_METADATA by selection id. */
    Map<Long, Map<String, String>> runnerMetadata() {
        Map<Long, Map<String, String>> out = new java.util.HashMap<>();
        for (SimRunner r : runnerInfo) {
            out.put(r.selectionId(), r.metadata());
        }
        return out;
    }

    /** The runners' selection ids, in the order of {@link #probabilities()}. */
    long[] selectionIds() {
        return selectionIds.clone();
    }

    /** The runners' true chances (they sum to the number of winners: 1 in a WIN market), for tests. */
    double[] probabilities() {
        return probability.clone();
    }

    /**
     * Scales the probabilities to sum to the number of winners, with none above
     * {@link #MAX_PLACE_PROBABILITY} (PLACE markets) and none below {@link #MIN_PROBABILITY} (moving a
     * runner to a bound takes the difference from the others in proportion, so the sum stays).
     */
    private void normalise() {
        double sum = 0;
        for (double p : probability) {
            sum += p;
        }
        for (int i = 0; i < probability.length; i++) {
            probability[i] /= sum;
        }
        if (winners > 1) {
            for (int i = 0; i < probability.length; i++) {
                probability[i] *= winners;
            }
            for (int pass = 0; pass < 50; pass++) {
                double excess = 0;
                double under = 0;
                for (double p : probability) {
                    if (p > MAX_PLACE_PROBABILITY) {
                        excess += p - MAX_PLACE_PROBABILITY;
                    } else {
                        under += p;
                    }
                }
                if (excess < 1e-12) {
                    break;
                }
                for (int i = 0; i < probability.length; i++) {
                    probability[i] = probability[i] > MAX_PLACE_PROBABILITY ? MAX_PLACE_PROBABILITY
                            : probability[i] * (1 + excess / under);
                }
            }
        }
        double floor = Math.min(MIN_PROBABILITY, 0.5 / probability.length);
        double raised = 0;
        double rest = 0;
        for (double p : probability) {
            if (p < floor) {
                raised += floor - p;
            } else {
                rest += p;
            }
        }
        for (int i = 0; i < probability.length; i++) {
            probability[i] = probability[i] < floor ? floor : probability[i] * (1 - raised / rest);
        }
    }

    /**
     * The best back tick of runner {@code i}: the highest CLASSIC price strictly below its fair odds
     * (1 / probability), kept far enough from the ladder's ends for a full ladder; the best lay is the next tick.
     */
    private int bestBackTick(int i) {
        double fair = 1 / probability[i];
        int t = java.util.Arrays.binarySearch(TICK_VALUES, fair);
        t = t >= 0 ? t - 1 : -t - 2;
        return Math.max(depth, Math.min(TICKS.length - depth - 2, t));
    }

    /** A winner drawn by the true probabilities. */
    private int pickWinner() {
        double u = random.nextDouble();
        for (int i = 0; i < probability.length; i++) {
            u -= probability[i];
            if (u < 0) {
                return i;
            }
        }
        return probability.length - 1;
    }

    private BigDecimal size() {
        return BigDecimal.valueOf(2 + random.nextInt(50_000), 2);
    }

    private TreeMap<BigDecimal, BigDecimal> ladderFor(int i, boolean isBack) {
        TreeMap<BigDecimal, BigDecimal> m = new TreeMap<>();
        for (int d = 0; d < depth; d++) {
            int t = isBack ? tick[i] - d : tick[i] + 1 + d;
            TreeMap<BigDecimal, BigDecimal> old = isBack ? back.get(i) : lay.get(i);
            BigDecimal p = TICKS[t];
            BigDecimal s = old.get(p);
            m.put(p, s == null || random.nextInt(4) == 0 ? size() : s);
        }
        return m;
    }

    private static void diff(ObjectNode r, String name, TreeMap<BigDecimal, BigDecimal> current,
                             TreeMap<BigDecimal, BigDecimal> next) {
        ArrayNode out = StreamJson.array();
        for (Map.Entry<BigDecimal, BigDecimal> e : current.entrySet()) {
            if (!next.containsKey(e.getKey())) {
                out.addArray().add(e.getKey()).add(0);
            }
        }
        for (Map.Entry<BigDecimal, BigDecimal> e : next.entrySet()) {
            if (!e.getValue().equals(current.get(e.getKey()))) {
                out.addArray().add(e.getKey()).add(e.getValue());
            }
        }
        current.clear();
        current.putAll(next);
        if (!out.isEmpty()) {
            r.set(name, out);
        }
    }

    private void writeLevels(ObjectNode r, int i) {
        ArrayNode batb = r.putArray("batb");
        int level = 0;
        for (Map.Entry<BigDecimal, BigDecimal> e : back.get(i).descendingMap().entrySet()) {
            if (level == 3) {
                break;
            }
            batb.addArray().add(level++).add(e.getKey()).add(e.getValue());
        }
        ArrayNode batl = r.putArray("batl");
        level = 0;
        for (Map.Entry<BigDecimal, BigDecimal> e : lay.get(i).entrySet()) {
            if (level == 3) {
                break;
            }
            batl.addArray().add(level++).add(e.getKey()).add(e.getValue());
        }
    }

    private static void writePairs(ArrayNode out, TreeMap<BigDecimal, BigDecimal> m) {
        m.forEach((p, s) -> out.addArray().add(p).add(s));
    }

    private static BigDecimal[] classicTicks() {
        String[][] bands = {{"1.01", "2", "0.01"}, {"2", "3", "0.02"}, {"3", "4", "0.05"}, {"4", "6", "0.1"},
                {"6", "10", "0.2"}, {"10", "20", "0.5"}, {"20", "30", "1"}, {"30", "50", "2"}, {"50", "100", "5"},
                {"100", "1000", "10"}};
        List<BigDecimal> out = new ArrayList<>();
        for (String[] b : bands) {
            BigDecimal from = new BigDecimal(b[0]);
            BigDecimal to = new BigDecimal(b[1]);
            BigDecimal step = new BigDecimal(b[2]);
            for (BigDecimal p = from; p.compareTo(to) < 0; p = p.add(step)) {
                out.add(p.stripTrailingZeros().setScale(Math.max(0, p.stripTrailingZeros().scale()), RoundingMode.UNNECESSARY));
            }
        }
        out.add(new BigDecimal("1000"));
        return out.toArray(new BigDecimal[0]);
    }
}
