package dev.ladder.server.replay;

import dev.ladder.binance.DepthSnapshot;
import dev.ladder.book.OrderBook;
import dev.ladder.core.Side;
import java.nio.charset.StandardCharsets;

/**
 * The layout of a Binance {@code #book} journal line, written by the recorders and the importer
 * and read by every replay: {@code {"u":L,"b":[[price,size],...],"a":[[price,size],...]}} with the
 * book's scaled integers (scale 8, as {@code BinanceDecoder} parses), best level first, {@code u}
 * the last update id the book reflects. ASCII, no line break, no spaces.
 * <p>{@link #decode} checks the layout strictly: a truncated or otherwise damaged blob is an
 * {@link IllegalArgumentException} naming the offset, never a half-read book.
 */
public final class BookBlob {
    private BookBlob() {
    }

    /** The blob of {@code book} at {@code lastUpdateId}. */
    public static byte[] encode(OrderBook book, long lastUpdateId) {
        StringBuilder sb = new StringBuilder(64 + 48 * (book.depth(Side.BID) + book.depth(Side.ASK)));
        sb.append("{\"u\":").append(lastUpdateId);
        for (Side s : Side.values()) {
            sb.append(s == Side.BID ? ",\"b\":[" : "],\"a\":[");
            for (int i = 0; i < book.depth(s); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append('[').append(book.price(s, i)).append(',').append(book.size(s, i)).append(']');
            }
        }
        return sb.append("]}").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Reads the blob in {@code b[off, off+len)} into {@code into} (cleared first; its symbol is kept).
     *
     * @return {@code into}, holding the levels best first and the update id
     * @throws IllegalArgumentException when the bytes do not follow the layout
     */
    public static DepthSnapshot decode(byte[] b, int off, int len, DepthSnapshot into) {
        int end = off + len;
        into.clear();
        long[] num = new long[1];
        int p = expect(b, off, end, "{\"u\":");
        p = number(b, p, end, num);
        into.setLastUpdateId(num[0]);
        for (int side = 0; side < 2; side++) {
            p = expect(b, p, end, side == 0 ? ",\"b\":[" : ",\"a\":[");
            boolean first = true;
            while (true) {
                if (p >= end) {
                    throw new IllegalArgumentException("#book blob: truncated at byte " + (p - off));
                }
                if (b[p] == ']') {
                    p++;
                    break;
                }
                if (!first) {
                    p = expect(b, p, end, ",");
                }
                first = false;
                p = expect(b, p, end, "[");
                p = number(b, p, end, num);
                long price = num[0];
                p = expect(b, p, end, ",");
                p = number(b, p, end, num);
                p = expect(b, p, end, "]");
                (side == 0 ? into.bids() : into.asks()).add(price, num[0]);
            }
        }
        expect(b, p, end, "}");
        if (p + 1 != end) {
            throw new IllegalArgumentException("#book blob: unexpected bytes after the end at byte " + (p + 1 - off));
        }
        return into;
    }

    private static int expect(byte[] b, int p, int end, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (p + i >= end || b[p + i] != s.charAt(i)) {
                throw new IllegalArgumentException("#book blob: expected '" + s + "' at byte " + p);
            }
        }
        return p + s.length();
    }

    private static int number(byte[] b, int p, int end, long[] out) {
        long v = 0;
        int start = p;
        while (p < end && b[p] >= '0' && b[p] <= '9') {
            if (p - start >= 18) {
                throw new IllegalArgumentException("#book blob: number too long at byte " + start);
            }
            v = v * 10 + (b[p] - '0');
            p++;
        }
        if (p == start) {
            throw new IllegalArgumentException("#book blob: expected a number at byte " + p);
        }
        out[0] = v;
        return p;
    }
}
