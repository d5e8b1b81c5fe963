package dev.ladder.betfair.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Generates a racing day for the simulators from a seed: horse (event type 7) and greyhound (4339)
 * meetings at GB, IE and AU venues, races with names as Betfair writes them ({@code "2m Hcap Chs"},
 * {@code "7f Mdn Stks"}, {@code "A4 480m"}, {@code "R3 515m Gr5"}), start times spread over the hours
 * after a given instant, a WIN and a PLACE market per race, and runners with invented names, traps,
 * cloth numbers, draws, jockeys, trainers and weights. The same seed and instant give the same day.
 *
 * <p>Feed the races to {@link BetfairSimulator#addRaces}; the stream and the Betting API simulator
 * ({@link BettingApiSimulator}) then describe the same races.
 */
public final class SimRacing {
    /** Event type id of horse racing. */
    public static final String HORSE = "7";
    /** Event type id of greyhound racing. */
    public static final String GREYHOUND = "4339";

    private static final int HORSE_RACES_PER_MEETING = 7;
    private static final int GREYHOUND_RACES_PER_MEETING = 10;

    /** A venue: where, which clock, whether its horse races are jumps, and its usual distances. */
    private record Venue(String name, String country, String zone, boolean jumps, String[] distances) {
    }

    private static final Venue[] HORSE_VENUES = {
            new Venue("Kempton", "GB", "Europe/London", false, new String[]{"5f", "6f", "7f", "1m", "1m3f", "1m4f", "2m"}),
            new Venue("Wolverhampton", "GB", "Europe/London", false, new String[]{"5f", "6f", "7f", "1m1f", "1m4f"}),
            new Venue("Lingfield", "GB", "Europe/London", false, new String[]{"5f", "6f", "7f", "1m", "1m2f", "1m5f"}),
            new Venue("Newcastle", "GB", "Europe/London", false, new String[]{"5f", "6f", "7f", "1m", "1m2f", "2m"}),
            new Venue("Chelmsford City", "GB", "Europe/London", false, new String[]{"5f", "6f", "7f", "1m", "1m2f"}),
            new Venue("Uttoxeter", "GB", "Europe/London", true, new String[]{"2m", "2m4f", "3m", "3m2f"}),
            new Venue("Sedgefield", "GB", "Europe/London", true, new String[]{"2m1f", "2m4f", "2m5f", "3m3f"}),
            new Venue("Plumpton", "GB", "Europe/London", true, new String[]{"2m", "2m3f", "3m1f"}),
            new Venue("Wincanton", "GB", "Europe/London", true, new String[]{"2m", "2m4f", "3m1f"}),
            new Venue("Dundalk", "IE", "Europe/Dublin", false, new String[]{"5f", "6f", "7f", "1m", "1m2f", "1m4f"}),
            new Venue("Fairyhouse", "IE", "Europe/Dublin", true, new String[]{"2m", "2m4f", "2m6f", "3m"}),
            new Venue("Punchestown", "IE", "Europe/Dublin", true, new String[]{"2m", "2m3f", "2m6f", "3m1f"}),
            new Venue("Randwick", "AU", "Australia/Sydney", false, new String[]{"1000m", "1200m", "1400m", "1600m", "2000m"}),
            new Venue("Flemington", "AU", "Australia/Melbourne", false, new String[]{"1100m", "1200m", "1400m", "1600m", "2500m"}),
            new Venue("Eagle Farm", "AU", "Australia/Brisbane", false, new String[]{"1000m", "1200m", "1350m", "1600m", "2200m"}),
            new Venue("Morphettville", "AU", "Australia/Adelaide", false, new String[]{"1050m", "1200m", "1400m", "1800m"}),
    };

    private static final Venue[] GREYHOUND_VENUES = {
            new Venue("Romford", "GB", "Europe/London", false, new String[]{"400m", "400m", "575m", "225m"}),
            new Venue("Sheffield", "GB", "Europe/London", false, new String[]{"480m", "480m", "500m", "660m"}),
            new Venue("Towcester", "GB", "Europe/London", false, new String[]{"500m", "500m", "480m", "270m"}),
            new Venue("Hove", "GB", "Europe/London", false, new String[]{"500m", "500m", "285m", "695m"}),
            new Venue("Monmore", "GB", "Europe/London", false, new String[]{"480m", "480m", "630m", "264m"}),
            new Venue("Nottingham", "GB", "Europe/London", false, new String[]{"500m", "500m", "305m", "730m"}),
            new Venue("Shelbourne Park", "IE", "Europe/Dublin", false, new String[]{"525y", "525y", "550y", "600y"}),
            new Venue("Curraheen Park", "IE", "Europe/Dublin", false, new String[]{"525y", "525y", "550y"}),
            new Venue("The Meadows", "AU", "Australia/Melbourne", false, new String[]{"525m", "525m", "600m"}),
            new Venue("Sandown Park", "AU", "Australia/Melbourne", false, new String[]{"515m", "515m", "595m"}),
            new Venue("Wentworth Park", "AU", "Australia/Sydney", false, new String[]{"520m", "520m", "720m"}),
            new Venue("Angle Park", "AU", "Australia/Adelaide", false, new String[]{"515m", "515m", "530m"}),
    };

    /** A meeting being laid out: its venue, race spacing and the random that names its races. */
    private record Plan(SimMeeting meeting, Venue venue, Instant firstRace, Duration spacing) {
    }

    private SimRacing() {
    }

    /**
     * A racing day of {@code races} races after {@code from}: races alternate horse and greyhound (the
     * first is a horse race), horse meetings hold up to 7 races 30 or 35 minutes apart, greyhound
     * meetings up to 10 races 15 to 18 minutes apart; the first races start a few minutes after
     * {@code from} (whole minutes). Race {@code i} (0-based, in that alternating order) has WIN market
     * {@code 1.9<2i+1 in 8 digits>} and PLACE market {@code 1.9<2i+2>}, so the ids stay those the
     * simulator always used ({@code 1.900000001}, ...).
     *
     * @throws IllegalArgumentException when {@code races} is not in 1..5000
     */
    public static List<SimRace> day(long seed, Instant from, int races) {
        if (races < 1 || races > 5000) {
            throw new IllegalArgumentException("races must be 1..5000, got " + races);
        }
        SplittableRandom r = new SplittableRandom(seed);
        int horse = (races + 1) / 2;
        int dogs = races / 2;
        Instant base = from.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        long eventBase = 32_000_000L + Math.floorMod(seed, 10_000L) * 100L;
        List<Plan> horsePlans = plans(r, HORSE, HORSE_VENUES, ceilDiv(horse, HORSE_RACES_PER_MEETING), base, eventBase, 0);
        List<Plan> dogPlans = plans(r, GREYHOUND, GREYHOUND_VENUES, ceilDiv(dogs, GREYHOUND_RACES_PER_MEETING), base,
                eventBase, horsePlans.size());
        Set<Long> selectionIds = new HashSet<>();
        List<SimRace> out = new ArrayList<>();
        for (int i = 0; i < races; i++) {
            boolean isHorse = i % 2 == 0;
            List<Plan> plans = isHorse ? horsePlans : dogPlans;
            int ordinal = i / 2;
            Plan p = plans.get(ordinal % plans.size());
            int slot = ordinal / plans.size();
            Instant start = p.firstRace().plus(p.spacing().multipliedBy(slot));
            out.add(race(r, p, slot + 1, start, marketId(2L * i + 1), marketId(2L * i + 2), 0, selectionIds));
        }
        return List.copyOf(out);
    }

    /**
     * One race at a meeting of its own (venue drawn from the seed) starting at {@code start}.
     *
     * @param eventTypeId   {@link #HORSE} or {@link #GREYHOUND}
     * @param placeMarketId {@code null} for no PLACE market
     * @param runners       0 for the venue's usual field, else 2..40 (greyhounds are numbered as traps 1..n)
     * @throws IllegalArgumentException for another event type or runner count
     */
    public static SimRace race(long seed, String eventTypeId, String eventId, String winMarketId, String placeMarketId,
                               Instant start, int runners) {
        boolean isHorse = HORSE.equals(eventTypeId);
        if (!isHorse && !GREYHOUND.equals(eventTypeId)) {
            throw new IllegalArgumentException("eventTypeId must be 7 or 4339, got " + eventTypeId);
        }
        if (runners != 0 && (runners < 2 || runners > 40)) {
            throw new IllegalArgumentException("runners must be 0 or 2..40, got " + runners);
        }
        SplittableRandom r = new SplittableRandom(seed);
        Venue[] venues = isHorse ? HORSE_VENUES : GREYHOUND_VENUES;
        Venue v = venues[r.nextInt(venues.length)];
        Plan p = new Plan(meeting(eventId, eventTypeId, v, start), v, start, Duration.ofMinutes(30));
        return race(r, p, 1 + r.nextInt(8), start, winMarketId, placeMarketId, runners, new HashSet<>());
    }

    /** Market id {@code 1.9} followed by {@code n} in 8 digits. */
    static String marketId(long n) {
        return String.format(Locale.ROOT, "1.9%08d", n);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private static List<Plan> plans(SplittableRandom r, String eventTypeId, Venue[] venues, int count, Instant base,
                                    long eventBase, int firstIndex) {
        List<Venue> shuffled = new ArrayList<>(List.of(venues));
        for (int i = shuffled.size() - 1; i > 0; i--) {
            java.util.Collections.swap(shuffled, i, r.nextInt(i + 1));
        }
        boolean isHorse = HORSE.equals(eventTypeId);
        List<Plan> out = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            Venue v = shuffled.get(k % shuffled.size());
            Instant first = base.plus(Duration.ofMinutes(isHorse ? 3 + 7L * k + r.nextInt(5) : 2 + 5L * k + r.nextInt(3)));
            Duration spacing = Duration.ofMinutes(isHorse ? ("AU".equals(v.country()) ? 35 : 30 + 5L * r.nextInt(2))
                    : 15 + r.nextInt(4));
            String eventId = Long.toString(eventBase + firstIndex + k);
            out.add(new Plan(meeting(eventId, eventTypeId, v, first), v, first, spacing));
        }
        return out;
    }

    private static SimMeeting meeting(String eventId, String eventTypeId, Venue v, Instant first) {
        LocalDate day = first.atZone(ZoneId.of(v.zone())).toLocalDate();
        String name = v.name() + ("AU".equals(v.country()) ? " (AUS) " : " ") + day.getDayOfMonth()
                + ordinal(day.getDayOfMonth()) + " " + day.getMonth().getDisplayName(TextStyle.SHORT, Locale.UK);
        return new SimMeeting(eventId, eventTypeId, name, v.name(), v.country(), v.zone(), first);
    }

    private static String ordinal(int d) {
        if (d >= 11 && d <= 13) {
            return "th";
        }
        return switch (d % 10) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
    }

    private static SimRace race(SplittableRandom r, Plan p, int number, Instant start, String winId, String placeId,
                                int runnerCount, Set<Long> selectionIds) {
        Venue v = p.venue();
        boolean dogs = GREYHOUND.equals(p.meeting().eventTypeId());
        boolean au = "AU".equals(v.country());
        String distance = SimNames.pick(r, v.distances());
        String name;
        String raceType = null;
        Duration duration;
        int n;
        if (dogs) {
            n = runnerCount > 0 ? runnerCount : au ? 8 : 6;
            if (au) {
                name = "R" + number + " " + distance + (r.nextInt(6) == 0 ? " Mdn" : " Gr" + (4 + r.nextInt(4)));
            } else {
                String grade = distance.endsWith("y") ? "A" + (1 + r.nextInt(8)) : gbGrade(r, v, distance);
                name = grade + " " + distance;
            }
            duration = Duration.ofSeconds(Math.max(14, metres(distance) * 10 / 165));
        } else if (au) {
            n = runnerCount > 0 ? runnerCount : 8 + r.nextInt(7);
            String[] classes = {"Hcap", "Mdn", "Bm64", "Bm72", "Cl1"};
            name = "R" + number + " " + distance + " " + SimNames.pick(r, classes);
            raceType = "Flat";
            duration = Duration.ofSeconds(metres(distance) * 10 / 165 + 10);
        } else if (v.jumps()) {
            n = runnerCount > 0 ? runnerCount : 5 + r.nextInt(8);
            boolean chase = r.nextBoolean();
            String[] kinds = chase ? new String[]{"Hcap Chs", "Nov Chs", "Hcap Chs"} : new String[]{"Hcap Hrd", "Nov Hrd", "Mdn Hrd"};
            name = distance + " " + SimNames.pick(r, kinds);
            raceType = chase ? "Chase" : "Hurdle";
            duration = Duration.ofSeconds(furlongs(distance) * 15L);
        } else {
            n = runnerCount > 0 ? runnerCount : 6 + r.nextInt(9);
            String[] kinds = {"Hcap", "Mdn Stks", "Nov Stks", "Class Stks", "Hcap", "Sell Stks"};
            name = distance + " " + SimNames.pick(r, kinds);
            raceType = "Flat";
            duration = Duration.ofSeconds(furlongs(distance) * 25L / 2);
        }
        List<SimRunner> runners = runners(r, n, dogs, au, "Flat".equals(raceType), v.jumps(), selectionIds);
        int places = n >= 8 ? 3 : 2;
        String placeName = placeId == null ? null : au ? places + " TBP" : "To Be Placed";
        return new SimRace(p.meeting(), number, name, raceType, start, duration, winId, placeId, placeName,
                Math.min(places, n - 1), runners, r.nextLong());
    }

    private static String gbGrade(SplittableRandom r, Venue v, String distance) {
        String standard = v.distances()[0];
        if (distance.equals(standard)) {
            return r.nextInt(8) == 0 ? "OR" : "A" + (1 + r.nextInt(10));
        }
        return (metres(distance) < metres(standard) ? "D" : "S") + (1 + r.nextInt(4));
    }

    private static List<SimRunner> runners(SplittableRandom r, int n, boolean dogs, boolean au, boolean flat,
                                           boolean jumps, Set<Long> selectionIds) {
        double[] strength = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            strength[i] = Math.exp(0.9 * r.nextGaussian());
            sum += strength[i];
        }
        int[] draw = new int[n];
        for (int i = 0; i < n; i++) {
            draw[i] = i + 1;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = draw[i];
            draw[i] = draw[j];
            draw[j] = t;
        }
        Set<String> names = new HashSet<>();
        List<SimRunner> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long id;
            do {
                id = 10_000_000L + r.nextLong(80_000_000L);
            } while (!selectionIds.add(id));
            int number = i + 1;
            if (dogs) {
                out.add(new SimRunner(id, number + ". " + SimNames.greyhound(r, names), number, null, null, null, null,
                        null, strength[i] / sum));
            } else {
                String weight;
                if (au) {
                    weight = Integer.toString(54 + r.nextInt(6)) + (r.nextBoolean() ? ".5" : ".0");
                } else {
                    int base = jumps ? 140 : 112;
                    weight = Integer.toString(base + r.nextInt(29));
                }
                out.add(new SimRunner(id, SimNames.horse(r, names), number, flat ? draw[i] : null, SimNames.person(r),
                        SimNames.trainer(r), weight, au ? "kilograms" : "pounds", strength[i] / sum));
            }
        }
        return out;
    }

    /** {@code "1m4f"} → 12; {@code "5f"} → 5; {@code "2m"} → 16. */
    static int furlongs(String d) {
        int miles = 0;
        int f = 0;
        int m = d.indexOf('m');
        if (m > 0) {
            miles = Integer.parseInt(d.substring(0, m));
        }
        int fi = d.indexOf('f');
        if (fi > 0) {
            f = Integer.parseInt(d.substring(m + 1, fi));
        }
        return Math.max(1, miles * 8 + f);
    }

    /** {@code "480m"} → 480; {@code "525y"} → 480 (yards to metres). */
    static int metres(String d) {
        int v = Integer.parseInt(d.substring(0, d.length() - 1));
        return d.endsWith("y") ? (int) Math.round(v * 0.9144) : v;
    }
}
