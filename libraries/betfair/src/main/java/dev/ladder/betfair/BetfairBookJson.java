package dev.ladder.betfair;

import dev.ladder.book.ladder.LevelLadder;
import dev.ladder.book.ladder.PriceLadder;
import dev.ladder.book.ladder.PriceSizeLadder;
import dev.ladder.book.ladder.RunnerLadder;
import dev.ladder.book.ladder.SpPrice;
import dev.ladder.core.Decimals;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a {@link BetfairMarket} as a market book:
 * <pre>{"marketId":"1.23","pt":1497351220318,"status":"OPEN","inPlay":false,"tv":"123.45",
 *  "runners":[{"id":123,"hc":"0","status":"ACTIVE","ltp":"4.6","tv":"10",
 *   "atb":[["4.5","12.34"],...],"atl":[...],"trd":[...],"batb":[[0,"4.5","12.34"],...],"batl":[...],
 *   "bdatb":[...],"bdatl":[...],"spb":[["38.387036360669896","2"],...],"spl":[...],
 *   "spn":"2.550036913","spf":"Infinity"}]}</pre>
 * Best first: atb and spb highest price first, atl and spl lowest first, trd by price ascending
 * (betfairlightweight's order), level ladders by level. Prices, sizes and handicaps are exact
 * decimal strings without trailing zeros ({@code "4.6"}, {@code "12"}), formatted by {@link Decimals};
 * an absent price or status is {@code null}.
 *
 * <p>Starting-price values (spn, spf and the prices of spb and spl) print back every digit Betfair
 * sent ({@code "38.387036360669896"}), and spn/spf print {@code "NaN"} and {@code "Infinity"} as sent;
 * one never sent is {@code null}. See {@link SpPrice}.
 */
public final class BetfairBookJson {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private BetfairBookJson() {
    }

    /** The market book as one line of JSON. */
    public static String toJson(BetfairMarket market) {
        Bytes b = new Bytes(4096);
        write(market, b);
        return new String(b.buf, 0, b.len, StandardCharsets.UTF_8);
    }

    /**
     * The market book as one line of JSON in UTF-8, into {@code out} (cleared first; reused by the caller
     * from market to market, so writing allocates only when a book is larger than any before it).
     */
    public static void toJson(BetfairMarket market, Bytes out) {
        out.len = 0;
        write(market, out);
    }

    /** A growable byte buffer: {@link #array()}{@code [0, }{@link #length()}{@code )} is the content. */
    public static final class Bytes {
        private byte[] buf;
        private int len;

        public Bytes(int capacity) {
            buf = new byte[Math.max(64, capacity)];
        }

        public byte[] array() {
            return buf;
        }

        public int length() {
            return len;
        }

        private void room(int n) {
            if (len + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
            }
        }

        private void ascii(String s) {
            room(s.length());
            for (int k = 0; k < s.length(); k++) {
                buf[len++] = (byte) s.charAt(k);
            }
        }

        private void put(char c) {
            room(1);
            buf[len++] = (byte) c;
        }

        /** A JSON string (escaped as Jackson does: quote, backslash and control characters; others as UTF-8), or null. */
        private void string(String s) {
            if (s == null) {
                ascii("null");
                return;
            }
            room(s.length() * 6 + 2);
            buf[len++] = '"';
            for (int k = 0; k < s.length(); k++) {
                char c = s.charAt(k);
                if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                    buf[len++] = (byte) c;
                } else if (c >= 0x80) {
                    int end = k + 1;
                    while (end < s.length() && s.charAt(end) >= 0x80) {
                        end++;
                    }
                    byte[] utf8 = s.substring(k, end).getBytes(StandardCharsets.UTF_8);
                    room(utf8.length + (s.length() - end) * 6 + 1);
                    System.arraycopy(utf8, 0, buf, len, utf8.length);
                    len += utf8.length;
                    k = end - 1;
                } else {
                    buf[len++] = '\\';
                    switch (c) {
                        case '"' -> buf[len++] = '"';
                        case '\\' -> buf[len++] = '\\';
                        case '\n' -> buf[len++] = 'n';
                        case '\r' -> buf[len++] = 'r';
                        case '\t' -> buf[len++] = 't';
                        case '\b' -> buf[len++] = 'b';
                        case '\f' -> buf[len++] = 'f';
                        default -> {
                            buf[len++] = 'u';
                            buf[len++] = '0';
                            buf[len++] = '0';
                            buf[len++] = HEX[c >> 4];
                            buf[len++] = HEX[c & 15];
                        }
                    }
                }
            }
            buf[len++] = '"';
        }

        /** A decimal scaled at 2 as a JSON string without trailing zeros. */
        private void decimal(long v) {
            room(Decimals.MAX_STRIPPED_BYTES + 2);
            buf[len++] = '"';
            len = Decimals.writeStripped(buf, len, v, PriceLadder.PRICE_SCALE);
            buf[len++] = '"';
        }

        private void number(long v) {
            room(Decimals.MAX_STRIPPED_BYTES);
            len = Decimals.writeStripped(buf, len, v, 0);
        }
    }

    private static void write(BetfairMarket m, Bytes b) {
        b.ascii("{\"marketId\":");
        b.string(m.id());
        b.ascii(",\"pt\":");
        b.number(m.publishTime());
        b.ascii(",\"status\":");
        b.string(m.status());
        b.ascii(m.isInPlay() ? ",\"inPlay\":true,\"tv\":" : ",\"inPlay\":false,\"tv\":");
        b.decimal(m.tv());
        b.ascii(",\"runners\":[");
        for (int i = 0; i < m.runners().size(); i++) {
            RunnerLadder r = m.runners().get(i);
            BetfairRunnerDefinition d = m.runnerDefinition(i);
            b.ascii(i == 0 ? "{\"id\":" : ",{\"id\":");
            b.number(r.selectionId());
            b.ascii(",\"hc\":");
            b.decimal(r.handicap());
            b.ascii(",\"status\":");
            b.string(d == null ? null : d.status());
            b.ascii(",\"ltp\":");
            if (r.ltp() == RunnerLadder.NO_PRICE) {
                b.ascii("null");
            } else {
                b.decimal(r.ltp());
            }
            b.ascii(",\"tv\":");
            b.decimal(r.tv());
            ladder(b, ",\"atb\":[", r.atb(), false);
            ladder(b, ",\"atl\":[", r.atl(), false);
            ladder(b, ",\"trd\":[", r.trd(), false);
            levels(b, ",\"batb\":[", r.batb());
            levels(b, ",\"batl\":[", r.batl());
            levels(b, ",\"bdatb\":[", r.bdatb());
            levels(b, ",\"bdatl\":[", r.bdatl());
            ladder(b, ",\"spb\":[", r.spb(), true);
            ladder(b, ",\"spl\":[", r.spl(), true);
            b.ascii(",\"spn\":");
            b.string(spPrice(r.spNear()));
            b.ascii(",\"spf\":");
            b.string(spPrice(r.spFar()));
            b.put('}');
        }
        b.ascii("]}");
    }

    private static void ladder(Bytes b, String open, PriceSizeLadder l, boolean sp) {
        b.ascii(open);
        for (int i = 0; i < l.depth(); i++) {
            b.ascii(i == 0 ? "[" : ",[");
            if (sp) {
                b.string(spPrice(l.price(i)));
            } else {
                b.decimal(l.price(i));
            }
            b.put(',');
            b.decimal(l.size(i));
            b.put(']');
        }
        b.put(']');
    }

    private static void levels(Bytes b, String open, LevelLadder l) {
        b.ascii(open);
        for (int i = 0; i < l.count(); i++) {
            b.ascii(i == 0 ? "[" : ",[");
            b.number(l.levelAt(i));
            b.put(',');
            b.decimal(l.priceAt(i));
            b.put(',');
            b.decimal(l.sizeAt(i));
            b.put(']');
        }
        b.put(']');
    }

    /**
     * An exchange price (scaled at {@link PriceLadder#PRICE_SCALE}) as text: {@code null} when absent
     * ({@link RunnerLadder#NO_PRICE}).
     */
    public static String price(long price) {
        return price == RunnerLadder.NO_PRICE ? null : decimal(price);
    }

    /**
     * A starting-price value (an {@link SpPrice} encoding) as Betfair sent it: every digit
     * ({@code "38.387036360669896"}), {@code "NaN"}, {@code "Infinity"}, or {@code null} when never sent.
     */
    public static String spPrice(long sp) {
        return SpPrice.toString(sp);
    }

    /** A value scaled at 2 as exact text without trailing zeros ({@code 460 → "4.6"}, {@code 1200 → "12"}). */
    public static String decimal(long v) {
        return Decimals.formatStripped(v, PriceLadder.PRICE_SCALE);
    }
}
