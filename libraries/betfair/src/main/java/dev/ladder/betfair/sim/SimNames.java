package dev.ladder.betfair.sim;

import java.util.Set;
import java.util.SplittableRandom;

/**
 * Invented names for the simulator's racing: horses ("Quiet Lantern"), greyhounds ("Carrowvale Jet"),
 * jockeys and trainers built from our own word and syllable lists. Any likeness to a real animal or
 * person is chance. Seeded by the caller's random; a name already in {@code taken} is drawn again
 * (with a numeral after many collisions), so names within one race card are distinct.
 */
final class SimNames {
    private static final String[] HORSE_FIRST = {"Quiet", "Silver", "Northern", "Copper", "Velvet", "Midnight", "Amber",
            "Rapid", "Lucky", "Golden", "Misty", "Royal", "Scarlet", "Gentle", "Wild", "Hidden", "Brave", "Distant",
            "Frosty", "Salt", "Iron", "Paper", "Cedar", "Saffron", "Willow", "Granite", "Clover", "Tidal", "Bramble",
            "Hazel", "Lunar", "Rusty", "Sable", "Marble", "Honey", "Crimson", "Idle", "Stormy", "Little", "Grand"};
    private static final String[] HORSE_SECOND = {"Ledger", "Harbour", "Lantern", "Meadow", "Comet", "Falcon", "Voyage",
            "Rhythm", "Echo", "Summit", "Orchard", "Compass", "Spire", "Breeze", "Anthem", "Quarry", "Sonnet", "Beacon",
            "Harvest", "Parade", "Cascade", "Legend", "Riddle", "Mariner", "Tempest", "Ember", "Quest", "Signal",
            "Ridge", "Fable", "Drummer", "Verdict", "Outlaw", "Minstrel", "Pilgrim", "Rover", "Sceptre", "Jester"};
    private static final String[] KENNEL_HEAD = {"Bally", "Carrow", "Drum", "Glen", "Kil", "Lis", "Moy", "Rath", "Shan",
            "Tully", "Ard", "Knock", "Clon", "Dun", "Inish", "Mull"};
    private static final String[] KENNEL_TAIL = {"more", "beg", "view", "lane", "field", "wood", "side", "vale",
            "brook", "hill", "ford", "moss"};
    private static final String[] DOG_WORD = {"Jet", "Flash", "Rocket", "Blaze", "Dash", "Spark", "Bullet", "Storm",
            "Arrow", "Flyer", "Rebel", "Duchess", "Gem", "Bandit", "Whisper", "Pilot", "Hero", "Rascal", "Sprite",
            "Tornado", "Banner", "Magic", "Rumble", "Zara", "Milo", "Bonnie", "Comet", "Tiger", "Lad", "Lass"};
    private static final String[] GIVEN = {"Tom", "Sean", "Megan", "Rory", "Hollie", "Jack", "Kieran", "Ellen", "Paddy",
            "Ciara", "Luke", "Dan", "Amy", "Rob", "Callum", "Niamh", "Harry", "Jess", "Owen", "Kate", "Liam", "Mia",
            "Josh", "Cara", "Ben", "Ruth", "Alfie", "Gemma"};
    private static final String[] SURNAME_HEAD = {"Ash", "Brom", "Carr", "Dun", "El", "Fen", "Gar", "Hol", "Ket", "Lang",
            "Mor", "Pen", "Rad", "Sel", "Thorn", "Wick", "Bel", "Cro", "Hal", "Stan"};
    private static final String[] SURNAME_TAIL = {"ley", "ford", "by", "ton", "well", "more", "wood", "ham", "ridge",
            "worth", "field", "gate", "stone", "shaw"};

    private SimNames() {
    }

    static String horse(SplittableRandom r, Set<String> taken) {
        return unique(taken, () -> pick(r, HORSE_FIRST) + " " + pick(r, HORSE_SECOND));
    }

    static String greyhound(SplittableRandom r, Set<String> taken) {
        return unique(taken, () -> pick(r, KENNEL_HEAD) + pick(r, KENNEL_TAIL) + " " + pick(r, DOG_WORD));
    }

    /** A jockey: given name and surname. */
    static String person(SplittableRandom r) {
        return pick(r, GIVEN) + " " + surname(r);
    }

    /** A trainer as racecards print them: initial(s) and surname ({@code "K Thornfield"}). */
    static String trainer(SplittableRandom r) {
        String initials = pick(r, GIVEN).substring(0, 1);
        if (r.nextInt(4) == 0) {
            initials += " " + pick(r, GIVEN).charAt(0);
        }
        return initials + " " + surname(r);
    }

    private static String surname(SplittableRandom r) {
        return pick(r, SURNAME_HEAD) + pick(r, SURNAME_TAIL);
    }

    static String pick(SplittableRandom r, String[] from) {
        return from[r.nextInt(from.length)];
    }

    private static String unique(Set<String> taken, java.util.function.Supplier<String> draw) {
        for (int i = 0; i < 50; i++) {
            String n = draw.get();
            if (taken.add(n)) {
                return n;
            }
        }
        for (int k = 2; ; k++) {
            String n = draw.get() + " " + roman(k);
            if (taken.add(n)) {
                return n;
            }
        }
    }

    private static String roman(int k) {
        String[] r = {"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"};
        return k < r.length ? r[k] : Integer.toString(k);
    }
}
