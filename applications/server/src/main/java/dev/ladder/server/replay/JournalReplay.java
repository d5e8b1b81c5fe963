package dev.ladder.server.replay;

import dev.ladder.book.OrderBook;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.Side;
import dev.ladder.core.Venue;
import dev.ladder.journal.Damage;
import dev.ladder.journal.JournalCursor;
import dev.ladder.journal.JournalReader;
import dev.ladder.journal.ProgressMeter;
import dev.ladder.journal.RecordKind;
import dev.ladder.journal.ReplayPacer;
import dev.ladder.journal.ReplayTarget;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Function;

/**
 * Replays journal streams merged by receive time into one {@link ReplayTarget} per stream: each target
 * is first brought to its state just before the start (nearest {@code #book} plus the records after
 * it), then every record up to the end is applied in time order, paced by a speed factor. {@code #book}
 * lines met on the way go to {@link ReplayTarget#onBook}. One replaying thread; stateless.
 */
public final class JournalReplay {
    private JournalReplay() {
    }

    /** What {@link #replay} did: the state per stream, records applied after the start per stream, damaged ranges skipped. */
    public record Result(Map<InstrumentId, ReplayTarget> targets, Map<InstrumentId, Long> records, long total, long nanos,
                         List<Damage> damage) {
    }

    /** The replay state for a stream: a Binance book for Binance streams, a record counter otherwise. */
    public static ReplayTarget targetFor(InstrumentId id) {
        return switch (id.venue()) {
            case BINANCE, BINANCE_FUTURES -> new BinanceBookTarget(id.symbol(), id.venue() == Venue.BINANCE_FUTURES);
            case BETFAIR -> new CountingTarget();
        };
    }

    /**
     * Replays {@code ids} merged by receive time: each target is first brought to its state just
     * before {@code fromNs} (snapshot plus tail), then every record in {@code [fromNs, toNs]} is
     * applied in time order, paced by {@code speed} (0: as fast as possible).
     */
    public static Result replay(JournalReader reader, List<InstrumentId> ids, long fromNs, long toNs, double speed,
                         ProgressMeter progress) throws IOException, InterruptedException {
        return replay(reader, ids, fromNs, toNs, speed, progress, JournalReplay::targetFor);
    }

    /** As {@link #replay(JournalReader, List, long, long, double, ProgressMeter)}, with the target per stream from {@code factory}. */
    public static Result replay(JournalReader reader, List<InstrumentId> ids, long fromNs, long toNs, double speed,
                         ProgressMeter progress, Function<InstrumentId, ReplayTarget> factory)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        Map<InstrumentId, ReplayTarget> targets = new LinkedHashMap<>();
        Map<InstrumentId, Long> counts = new LinkedHashMap<>();
        List<Damage> damage = new ArrayList<>();
        record Head(InstrumentId id, JournalCursor cursor, ReplayTarget target, long[] count) {
        }
        PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> Long.compare(a.cursor.receiveNanos(), b.cursor.receiveNanos()));
        List<JournalCursor> open = new ArrayList<>();
        Map<InstrumentId, long[]> applied = new LinkedHashMap<>();
        try {
            for (InstrumentId id : ids) {
                ReplayTarget target = factory.apply(id);
                if (fromNs == Long.MIN_VALUE) {
                    target.reset();
                } else {
                    reader.replayTo(id, fromNs - 1, target);
                }
                targets.put(id, target);
                counts.put(id, 0L);
                long[] count = applied.computeIfAbsent(id, k -> new long[1]);
                // paced: read as needed, so lines appended to a journal being written meanwhile are seen
                JournalCursor c = reader.cursor(id, fromNs, toNs, speed <= 0);
                c.onDamage(d -> {
                    target.lost(d);
                    damage.add(d);
                });
                open.add(c);
                if (c.next()) {
                    heads.add(new Head(id, c, target, count));
                }
            }
            ReplayPacer pacer = new ReplayPacer(speed);
            long n = 0;
            while (!heads.isEmpty()) {
                Head h = heads.poll();
                JournalCursor c = h.cursor();
                pacer.pace(c.receiveNanos());
                if (c.kind() != RecordKind.BOOK) {
                    h.target().apply(c);
                } else {
                    h.target().onBook(c);
                }
                h.count()[0]++;
                n++;
                if ((n & 1023) == 0) {
                    progress.update(n);
                }
                if (c.next()) {
                    heads.add(h);
                }
            }
            progress.finish(n);
            applied.forEach((id, count) -> counts.put(id, count[0]));
            return new Result(targets, counts, n, System.nanoTime() - start, List.copyOf(damage));
        } finally {
            for (JournalCursor c : open) {
                c.close();
            }
        }
    }

    /** One line about a replayed stream: the target's own description, or the record count. */
    public static String describe(InstrumentId id, ReplayTarget t, long records) {
        if (t instanceof DescribedTarget d) {
            return d.describe(id, records);
        }
        return id + " records=" + records + " (no book replay for " + id.venue().id() + " yet)";
    }

    /** A 64-bit FNV-1a hash over every level of both sides, best first: equal books, equal checksums. */
    public static long checksum(OrderBook book) {
        long h = 0xcbf29ce484222325L;
        for (Side s : Side.values()) {
            for (int i = 0; i < book.depth(s); i++) {
                h = (h ^ book.price(s, i)) * 0x100000001b3L;
                h = (h ^ book.size(s, i)) * 0x100000001b3L;
            }
            h = (h ^ (s.ordinal() + 1)) * 0x100000001b3L;
        }
        return h;
    }
}
