package dev.ladder.betfair.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A simulated race: its meeting, name, start, runners and the ids of its WIN and (optional) PLACE
 * markets. {@link BetfairSimulator#addRace} turns it into market models whose stream definitions and
 * Betting API catalogue entries carry exactly these ids, names, times and runners. The result is
 * fixed by the race (see {@link #finishOrder()}), so its WIN and PLACE markets settle consistently.
 *
 * @param number          the race's number at its meeting (1..)
 * @param name            the WIN market's name: {@code "2m Hcap Chs"}, {@code "A4 480m"}, {@code "R3 515m Gr5"}
 * @param raceType        Betfair's raceType for horse races ({@code Flat}, {@code Hurdle}, {@code Chase}),
 *                        {@code null} for greyhounds
 * @param duration        from the off to the result
 * @param placeMarketId   {@code null} for a race without a PLACE market
 * @param placeMarketName e.g. {@code "To Be Placed"} or {@code "3 TBP"}; {@code null} without a PLACE market
 * @param placeWinners    places paid by the PLACE market (its numberOfWinners)
 * @param seed            draws the result and the markets' price walks
 */
public record SimRace(SimMeeting meeting, int number, String name, String raceType, Instant startTime,
                      Duration duration, String winMarketId, String placeMarketId, String placeMarketName,
                      int placeWinners, List<SimRunner> runners, long seed) {
    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HHmm").withZone(ZoneOffset.UTC);

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException when there are fewer than 2 runners, no WIN market id, a
     *                                  non-positive duration, or a PLACE market paying 0 or every runner
     */
    public SimRace {
        runners = List.copyOf(runners);
        if (runners.size() < 2 || runners.size() > 40) {
            throw new IllegalArgumentException("a race needs 2..40 runners, got " + runners.size());
        }
        if (winMarketId == null || winMarketId.isBlank()) {
            throw new IllegalArgumentException("winMarketId must be set");
        }
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive");
        }
        if (placeMarketId != null && (placeWinners < 1 || placeWinners >= runners.size())) {
            throw new IllegalArgumentException("placeWinners must be 1.." + (runners.size() - 1) + ", got " + placeWinners);
        }
    }

    /** The catalog's race id: {@code <eventId>.<HHmm>} of the start in UTC. */
    public String raceId() {
        return meeting.eventId() + "." + HHMM.format(startTime);
    }

    /** The WIN market id, then the PLACE market id when there is one. */
    public List<String> marketIds() {
        return placeMarketId == null ? List.of(winMarketId) : List.of(winMarketId, placeMarketId);
    }

    /** {@code true} for a greyhound race (event type 4339). */
    public boolean isGreyhound() {
        return "4339".equals(meeting.eventTypeId());
    }

    /**
     * The finishing order as indices into {@link #runners()}: drawn once from the runners' strengths
     * (each place in turn by the remaining strengths), the same on every call.
     */
    public int[] finishOrder() {
        SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        List<Integer> left = new ArrayList<>();
        for (int i = 0; i < runners.size(); i++) {
            left.add(i);
        }
        int[] order = new int[runners.size()];
        for (int place = 0; place < order.length; place++) {
            double total = 0;
            for (int i : left) {
                total += runners.get(i).strength();
            }
            double u = r.nextDouble() * total;
            int chosen = left.getLast();
            for (int i : left) {
                u -= runners.get(i).strength();
                if (u < 0) {
                    chosen = i;
                    break;
                }
            }
            order[place] = chosen;
            left.remove((Integer) chosen);
        }
        return order;
    }
}
