package dev.ladder.journal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The line formats.
 *
 * <p>Format 2 (written since the integrity work): a segment starts with the header line
 * {@code #journal v2 seq=<first seq> <crc>} ({@code <crc>}: the CRC32C of the text before it);
 * every record is {@code <ns> <message> <crc>} or {@code <ns> #<marker> <payload> <crc>}, where
 * {@code <crc>} is the CRC32C of everything on the line before the space that precedes it followed
 * by the record's sequence number as 8 big-endian bytes, in 8 lower-case hex digits. The sequence
 * number is not written (a record's is the header's plus the records before it), but every line's
 * checksum proves it: a line read in the wrong place fails, and after damage the next good line
 * tells how many records were lost.
 *
 * <p>Format 1 (older journals, read only): no header; records are {@code <ns> <message>} or
 * {@code <ns> #<marker> <payload>}; sequence numbers are counted from the segment's file name.
 */
final class Lines {
    /** The most digits an epoch-nanosecond time (or a sequence number) has (Long.MAX_VALUE). */
    static final int MAX_NS_DIGITS = 19;
    /** The format this version writes. */
    static final int VERSION = 2;
    /** A space and 8 hex digits end every format-2 line. */
    static final int CRC_FIELD = 9;
    static final byte[] HEADER_START = "#journal v".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** CRC32C (Castagnoli, reflected) byte table, to extend a checksum by a sequence number. */
    private static final int[] CRC_TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int c = i;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ 0x82F63B78 : c >>> 1;
            }
            CRC_TABLE[i] = c;
        }
    }

    private Lines() {
    }

    /**
     * The CRC32C of the bytes a {@link java.util.zip.CRC32C} with value {@code crc} has seen,
     * followed by {@code seq} as 8 big-endian bytes.
     */
    static int extend(int crc, long seq) {
        int c = ~crc;
        for (int shift = 56; shift >= 0; shift -= 8) {
            c = CRC_TABLE[(c ^ (int) (seq >>> shift)) & 0xff] ^ (c >>> 8);
        }
        return ~c;
    }

    /** Writes {@code seq} as 8 big-endian bytes at {@code dst[at]}. */
    static void putSeqBytes(byte[] dst, int at, long seq) {
        for (int i = 7; i >= 0; i--) {
            dst[at + i] = (byte) seq;
            seq >>>= 8;
        }
    }

    /** The number of decimal digits of a non-negative value. */
    static int digits(long v) {
        int d = 1;
        while (v >= 10) {
            v /= 10;
            d++;
        }
        return d;
    }

    /** Writes the decimal digits of {@code v >= 0} at {@code dst[at]}; returns how many. */
    static int putDecimal(long v, byte[] dst, int at) {
        int n = digits(v);
        for (int i = at + n - 1; i >= at; i--) {
            dst[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return n;
    }

    /** Writes {@code v} as 8 lower-case hex digits at {@code dst[at]}. */
    static void putHex(byte[] dst, int at, int v) {
        for (int i = 7; i >= 0; i--) {
            dst[at + i] = HEX[v & 0xf];
            v >>>= 4;
        }
    }

    /** The value of 8 lower-case hex digits at {@code b[at]}, or -1 when they are not that. */
    static long parseHex(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            int c = b[at + i];
            int d;
            if (c >= '0' && c <= '9') {
                d = c - '0';
            } else if (c >= 'a' && c <= 'f') {
                d = c - 'a' + 10;
            } else {
                return -1;
            }
            v = (v << 4) | d;
        }
        return v;
    }

    /** The format-2 segment header for a segment whose first record has sequence {@code baseSeq}. */
    static byte[] header(long baseSeq) {
        String text = "#journal v" + VERSION + " seq=" + baseSeq;
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        CRC32C crc = new CRC32C();
        crc.update(t);
        byte[] out = new byte[t.length + CRC_FIELD + 1];
        System.arraycopy(t, 0, out, 0, t.length);
        out[t.length] = ' ';
        putHex(out, t.length + 1, (int) crc.getValue());
        out[out.length - 1] = '\n';
        return out;
    }

    /** True when {@code buf[start, nl)} starts like a segment header ({@code #journal v}). */
    static boolean looksLikeHeader(byte[] buf, int start, int nl) {
        if (nl - start < HEADER_START.length) {
            return false;
        }
        for (int i = 0; i < HEADER_START.length; i++) {
            if (buf[start + i] != HEADER_START[i]) {
                return false;
            }
        }
        return true;
    }

    private static final byte[] INDEX_HEADER_START = "#index v".getBytes(StandardCharsets.US_ASCII);

    /** True when {@code buf[start, end)} starts like an open segment index's header ({@code #index v}). */
    static boolean looksLikeIndexHeader(byte[] buf, int start, int end) {
        if (end - start < INDEX_HEADER_START.length) {
            return false;
        }
        for (int i = 0; i < INDEX_HEADER_START.length; i++) {
            if (buf[start + i] != INDEX_HEADER_START[i]) {
                return false;
            }
        }
        return true;
    }

    /** The index of the first {@code '\n'} in {@code buf[from, to)}, or -1. */
    static int indexOfNewline(byte[] buf, int from, int to) {
        int i = from;
        // eight bytes at a time: the lowest zero byte of x ^ 0x0a0a... is the first '\n'
        for (; i + 8 <= to; i += 8) {
            long x = (long) LONGS.get(buf, i) ^ 0x0a0a0a0a0a0a0a0aL;
            long z = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
            if (z != 0) {
                return i + (Long.numberOfTrailingZeros(z) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** True when {@code buf[from, to)} holds only zero bytes. */
    static boolean allZero(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses the receive time of the format-1 line {@code buf[start, nl)} ({@code nl} is its
     * {@code '\n'}); -1 when the line is not well formed: 1..19 digits, a space, then a non-empty
     * payload without NUL bytes; a payload starting with {@code #} must be {@code #name} or
     * {@code #name payload} with a lower-case name. {@code strict} also scans the payload for NUL bytes.
     */
    static long parseNs(byte[] buf, int start, int nl, boolean strict) {
        int i = start;
        long ns = 0;
        while (i < nl && i - start < MAX_NS_DIGITS) {
            byte b = buf[i];
            if (b < '0' || b > '9') {
                break;
            }
            ns = ns * 10 + (b - '0');
            i++;
        }
        if (i == start || i >= nl || buf[i] != ' ' || ns < 0) {
            return -1;
        }
        int p = i + 1;
        if (p >= nl) {
            return -1;
        }
        if (buf[p] == '#') {
            int n = p + 1;
            while (n < nl && buf[n] >= 'a' && buf[n] <= 'z') {
                n++;
            }
            if (n == p + 1 || (n < nl && buf[n] != ' ')) {
                return -1;
            }
        }
        if (strict) {
            for (int k = p; k < nl; k++) {
                if (buf[k] == 0) {
                    return -1;
                }
            }
        }
        return ns;
    }

    /** Printable excerpt of a line for error messages (at most 80 characters). */
    static String excerpt(byte[] buf, int start, int end) {
        int e = Math.min(end, start + 80);
        return new String(buf, start, Math.max(0, e - start), StandardCharsets.UTF_8).replace("\0", "\\0");
    }
}
