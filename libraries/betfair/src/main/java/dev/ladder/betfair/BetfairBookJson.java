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
    private static final byte[] OPEN_MARKET_ID = ascii("{\"marketId\":");
    private static final byte[] PT = ascii(",\"pt\":");
    private static final byte[] STATUS = ascii(",\"status\":");
    private static final byte[] IN_PLAY_TV = ascii(",\"inPlay\":true,\"tv\":");
    private static final byte[] NOT_IN_PLAY_TV = ascii(",\"inPlay\":false,\"tv\":");
    private static final byte[] RUNNERS = ascii(",\"runners\":[");
    private static final byte[] OPEN_ID = ascii("{\"id\":");
    private static final byte[] NEXT_ID = ascii(",{\"id\":");
    private static final byte[] HC = ascii(",\"hc\":");
    private static final byte[] LTP = ascii(",\"ltp\":");
    private static final byte[] NULL = ascii("null");
    private static final byte[] TV = ascii(",\"tv\":");
    private static final byte[] SPN = ascii(",\"spn\":");
    private static final byte[] SPF = ascii(",\"spf\":");
    private static final byte[] CLOSE_MARKET = ascii("]}");
    private static final byte[] OPEN_PAIR = ascii("[");
    private static final byte[] NEXT_PAIR = ascii(",[");
    private static final byte[] L_ATB = ascii(",\"atb\":[");
    private static final byte[] L_ATL = ascii(",\"atl\":[");
    private static final byte[] L_TRD = ascii(",\"trd\":[");
    private static final byte[] L_BATB = ascii(",\"batb\":[");
    private static final byte[] L_BATL = ascii(",\"batl\":[");
    private static final byte[] L_BDATB = ascii(",\"bdatb\":[");
    private static final byte[] L_BDATL = ascii(",\"bdatl\":[");
    private static final byte[] L_SPB = ascii(",\"spb\":[");
    private static final byte[] L_SPL = ascii(",\"spl\":[");

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

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

        private void raw(byte[] ascii) {
            room(ascii.length);
            System.arraycopy(ascii, 0, buf, len, ascii.length);
            len += ascii.length;
        }

        private void put(char c) {
            room(1);
            buf[len++] = (byte) c;
        }

        /** A JSON string (escaped as Jackson does: quote, backslash and control characters; others as UTF-8), or null. */
        private void string(String s) {
            if (s == null) {
                raw(NULL);
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
        b.raw(OPEN_MARKET_ID);
        b.string(m.id());
        b.raw(PT);
        b.number(m.publishTime());
        b.raw(STATUS);
        b.string(m.status());
        b.raw(m.isInPlay() ? IN_PLAY_TV : NOT_IN_PLAY_TV);
        b.decimal(m.tv());
        b.raw(RUNNERS);
        for (int i = 0; i < m.runners().size(); i++) {
            RunnerLadder r = m.runners().get(i);
            BetfairRunnerDefinition d = m.runnerDefinition(i);
            b.raw(i == 0 ? OPEN_ID : NEXT_ID);
            b.number(r.selectionId());
            b.raw(HC);
            b.decimal(r.handicap());
            b.raw(STATUS);
            b.string(d == null ? null : d.status());
            b.raw(LTP);
            if (r.ltp() == RunnerLadder.NO_PRICE) {
                b.raw(NULL);
            } else {
                b.decimal(r.ltp());
            }
            b.raw(TV);
            b.decimal(r.tv());
            ladder(b, L_ATB, r.atb(), false);
            ladder(b, L_ATL, r.atl(), false);
            ladder(b, L_TRD, r.trd(), false);
            levels(b, L_BATB, r.batb());
            levels(b, L_BATL, r.batl());
            levels(b, L_BDATB, r.bdatb());
            levels(b, L_BDATL, r.bdatl());
            ladder(b, L_SPB, r.spb(), true);
            ladder(b, L_SPL, r.spl(), true);
            b.raw(SPN);
            b.string(spPrice(r.spNear()));
            b.raw(SPF);
            b.string(spPrice(r.spFar()));
            b.put('}');
        }
        b.raw(CLOSE_MARKET);
    }

    private static void ladder(Bytes b, byte[] open, PriceSizeLadder l, boolean sp) {
        b.raw(open);
        for (int i = 0; i < l.depth(); i++) {
            b.raw(i == 0 ? OPEN_PAIR : NEXT_PAIR);
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

    private static void levels(Bytes b, byte[] open, LevelLadder l) {
        b.raw(open);
        for (int i = 0; i < l.count(); i++) {
            b.raw(i == 0 ? OPEN_PAIR : NEXT_PAIR);
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
