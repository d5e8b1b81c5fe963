package dev.ladder.catalog;

import java.util.List;

/**
 * Everything about one race: the race, its meeting, its markets, its runners (by number, then sort
 * priority, then selection id) and its results (by position). Live prices are not here: the server
 * adds them from its Betfair cache, keyed by {@link #marketIds()} and {@link #selectionIds()}.
 */
public record RaceCard(Race race, Meeting meeting, List<RaceMarket> markets, List<Runner> runners,
                       List<RaceResult> results) {
    public RaceCard {
        markets = List.copyOf(markets);
        runners = List.copyOf(runners);
        results = List.copyOf(results);
    }

    /** Market ids of the race (the hook for live prices). */
    public List<String> marketIds() {
        return markets.stream().map(RaceMarket::id).toList();
    }

    /** Runner selection ids (the hook for live prices). */
    public List<String> selectionIds() {
        return runners.stream().map(Runner::selectionId).toList();
    }
}
