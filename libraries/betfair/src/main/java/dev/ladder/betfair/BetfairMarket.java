package dev.ladder.betfair;

import dev.ladder.book.ladder.PriceLadder;
import dev.ladder.book.ladder.RunnerLadder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * One market in a {@link BetfairMarketCache}: its latest definition, its runners' ladders keyed by
 * (selection id, handicap), the market's traded volume and the publish time of its last change.
 *
 * <p>Runners are kept in first-seen order: the definition's order, then runners first named by a
 * runner change (betfairlightweight's order). A runner named by a change but absent from the
 * definition is kept (its definition is {@code null}). A full image ({@code img: true}) drops every
 * runner and starts again from the definition.
 *
 * <p>Edge cases: before any definition arrives {@link #definition()} is {@code null}, and
 * {@link #status()} is {@code null}; an unknown runner key gives {@code null}. Traded volume is at
 * {@link RunnerLadder#SIZE_SCALE}, 0 until sent.
 *
 * <p>Thread: owned by the cache's writer thread; readers call {@link #copy()} under the writer's lock.
 */
public final class BetfairMarket {
    private final String id;
    private BetfairMarketDefinition definition;
    private final ArrayList<RunnerLadder> runners = new ArrayList<>();
    private final List<RunnerLadder> runnersView = Collections.unmodifiableList(runners);
    private final ArrayList<BetfairRunnerDefinition> runnerDefinitions = new ArrayList<>();
    private long[] keySel = new long[64];
    private long[] keyHc = new long[64];
    private int[] keyIndex = new int[64];
    private long tv;
    private long publishTime = -1;
    private long updates;

    BetfairMarket(String id) {
        this.id = id;
        Arrays.fill(keyIndex, -1);
    }

    /** The market id, e.g. {@code 1.132153978}. */
    public String id() {
        return id;
    }

    /** The latest market definition, or {@code null} before the first one. */
    public BetfairMarketDefinition definition() {
        return definition;
    }

    /** The definition's status (OPEN, SUSPENDED, CLOSED, ...), or {@code null} without a definition. */
    public String status() {
        return definition == null ? null : definition.status();
    }

    /** The definition's inPlay flag ({@code false} without a definition). */
    public boolean isInPlay() {
        return definition != null && definition.inPlay();
    }

    /** {@code true} when the definition says CLOSED. */
    public boolean isClosed() {
        return definition != null && definition.isClosed();
    }

    /** The market's price ladder (CLASSIC until a definition says otherwise). */
    public PriceLadder priceLadder() {
        return definition == null ? PriceLadder.classic() : definition.priceLadder();
    }

    /** The runners in first-seen order (a read-only live view). */
    public List<RunnerLadder> runners() {
        return runnersView;
    }

    /** The runner (selection id, handicap scaled at 2), or {@code null} when unknown. */
    public RunnerLadder runner(long selectionId, long handicap) {
        int i = find(selectionId, handicap);
        return i < 0 ? null : runners.get(i);
    }

    /** The definition of the runner at {@code runners().get(index)}, or {@code null} when it has none. */
    public BetfairRunnerDefinition runnerDefinition(int index) {
        return runnerDefinitions.get(index);
    }

    /** The definition of a runner, or {@code null} when unknown or not in the definition. */
    public BetfairRunnerDefinition runnerDefinition(long selectionId, long handicap) {
        int i = find(selectionId, handicap);
        return i < 0 ? null : runnerDefinitions.get(i);
    }

    /** Market traded volume at {@link RunnerLadder#SIZE_SCALE} (0 until sent). */
    public long tv() {
        return tv;
    }

    /** Publish time ({@code pt}, epoch ms) of the last message that changed this market, -1 before any. */
    public long publishTime() {
        return publishTime;
    }

    /** Market changes applied to this market. */
    public long updates() {
        return updates;
    }

    /** An independent deep copy (definitions are immutable and shared). */
    public BetfairMarket copy() {
        BetfairMarket c = new BetfairMarket(id);
        c.definition = definition;
        for (int i = 0; i < runners.size(); i++) {
            c.addRunner(runners.get(i).copy(), runnerDefinitions.get(i));
        }
        c.tv = tv;
        c.publishTime = publishTime;
        c.updates = updates;
        return c;
    }

    /** The sum of every runner's traded ladder (exact). */
    long tradedLadderTotal() {
        long sum = 0;
        for (int i = 0; i < runners.size(); i++) {
            sum = Math.addExact(sum, runners.get(i).trd().totalSize());
        }
        return sum;
    }

    void tv(long tv) {
        this.tv = tv;
    }

    void touched(long pt) {
        publishTime = pt;
        updates++;
    }

    /** A full image: every runner goes; the definition stays until a new one replaces it. */
    void resetForImage() {
        runners.clear();
        runnerDefinitions.clear();
        Arrays.fill(keyIndex, -1);
        tv = 0;
    }

    void definition(BetfairMarketDefinition d) {
        definition = d;
        for (BetfairRunnerDefinition rd : d.runners()) {
            int i = find(rd.selectionId(), rd.handicap());
            if (i < 0) {
                addRunner(new RunnerLadder(rd.selectionId(), rd.handicap()), rd);
            } else {
                runnerDefinitions.set(i, rd);
            }
        }
    }

    /** The runner, created (without a definition) when unknown. */
    RunnerLadder runnerOrAdd(long selectionId, long handicap) {
        int i = find(selectionId, handicap);
        if (i >= 0) {
            return runners.get(i);
        }
        RunnerLadder r = new RunnerLadder(selectionId, handicap);
        addRunner(r, null);
        return r;
    }

    private void addRunner(RunnerLadder r, BetfairRunnerDefinition d) {
        runners.add(r);
        runnerDefinitions.add(d);
        if (runners.size() * 2 > keyIndex.length) {
            keySel = new long[keyIndex.length * 2];
            keyHc = new long[keyIndex.length * 2];
            keyIndex = new int[keyIndex.length * 2];
            Arrays.fill(keyIndex, -1);
            for (int i = 0; i < runners.size(); i++) {
                insertKey(runners.get(i).selectionId(), runners.get(i).handicap(), i);
            }
        } else {
            insertKey(r.selectionId(), r.handicap(), runners.size() - 1);
        }
    }

    private void insertKey(long sel, long hc, int index) {
        int mask = keyIndex.length - 1;
        int slot = hash(sel, hc) & mask;
        while (keyIndex[slot] >= 0) {
            slot = (slot + 1) & mask;
        }
        keySel[slot] = sel;
        keyHc[slot] = hc;
        keyIndex[slot] = index;
    }

    private int find(long sel, long hc) {
        int mask = keyIndex.length - 1;
        int slot = hash(sel, hc) & mask;
        int idx;
        while ((idx = keyIndex[slot]) >= 0) {
            if (keySel[slot] == sel && keyHc[slot] == hc) {
                return idx;
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    private static int hash(long sel, long hc) {
        long h = sel * 0x9E3779B97F4A7C15L + hc * 0xC2B2AE3D27D4EB4FL;
        return (int) (h ^ (h >>> 29));
    }

    @Override
    public String toString() {
        return "BetfairMarket[" + id + " " + status() + " runners " + runners.size() + " pt " + publishTime + "]";
    }
}
