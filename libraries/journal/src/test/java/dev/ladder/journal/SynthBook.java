package dev.ladder.journal;

import dev.ladder.book.OrderBook;
import dev.ladder.core.Side;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * A synthetic venue for tests: deterministic messages {@code u=<seq> B:<price>:<size> A:...}
 * (size 0 deletes), a book fed by them, its checksum and its snapshot blob.
 */
final class SynthBook implements ReplayTarget {
    final OrderBook book = new OrderBook(2, 3);
    long applied;

    /** The message for sequence {@code seq} under {@code seed}: 1..3 level changes. */
    static String message(long seed, long seq) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + seq);
        StringBuilder sb = new StringBuilder("u=").append(seq);
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            boolean bid = r.nextBoolean();
            long price = bid ? 9_000 + r.nextInt(1_000) : 10_000 + r.nextInt(1_000);
            long size = r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(50_000);
            sb.append(bid ? " B:" : " A:").append(price).append(':').append(size);
        }
        return sb.toString();
    }

    void apply(String msg) {
        String[] parts = msg.split(" ");
        for (int i = 1; i < parts.length; i++) {
            String[] f = parts[i].split(":");
            book.set(f[0].equals("B") ? Side.BID : Side.ASK, Long.parseLong(f[1]), Long.parseLong(f[2]));
        }
        applied++;
    }

    /** FNV-style hash over every level of both sides. */
    long checksum() {
        long h = 0xcbf29ce484222325L;
        for (Side s : Side.values()) {
            for (int i = 0; i < book.depth(s); i++) {
                h = (h ^ book.price(s, i)) * 0x100000001b3L;
                h = (h ^ book.size(s, i)) * 0x100000001b3L;
            }
            h = (h ^ 0x5f) * 0x100000001b3L;
        }
        return h;
    }

    byte[] snapshot() {
        StringBuilder sb = new StringBuilder("{\"n\":").append(applied).append(",\"levels\":\"");
        for (Side s : Side.values()) {
            for (int i = 0; i < book.depth(s); i++) {
                sb.append(s == Side.BID ? 'B' : 'A').append(':').append(book.price(s, i)).append(':').append(book.size(s, i)).append(' ');
            }
        }
        return sb.append("\"}").toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void reset() {
        book.clear();
        applied = 0;
    }

    @Override
    public void restore(JournalCursor c) {
        String s = c.payloadString();
        book.clear();
        applied = Long.parseLong(s.substring(s.indexOf(':') + 1, s.indexOf(',')));
        String levels = s.substring(s.indexOf("\"levels\":\"") + 10, s.lastIndexOf('"'));
        for (String l : levels.trim().split(" ")) {
            if (l.isEmpty()) {
                continue;
            }
            String[] f = l.split(":");
            book.set(f[0].equals("B") ? Side.BID : Side.ASK, Long.parseLong(f[1]), Long.parseLong(f[2]));
        }
    }

    @Override
    public void apply(JournalCursor c) {
        if (c.kind() == RecordKind.MESSAGE) {
            apply(c.payloadString());
        }
    }
}
