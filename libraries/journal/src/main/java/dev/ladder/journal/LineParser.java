package dev.ladder.journal;

import java.util.zip.CRC32C;

/**
 * Parses and checks one line of a segment (see {@link Lines} for the formats). The results of the
 * last {@link #parse} are in the fields. Reusable; not thread-safe.
 */
final class LineParser {
    static final int RECORD = 0;
    static final int HEADER = 1;
    static final int BAD = 2;

    private final CRC32C crc = new CRC32C();
    /** Record: receive time. */
    long ns;
    /** Record (format 2): the sequence number its checksum proves; -1 in format 1. */
    long seq;
    RecordKind kind;
    /** Where the record's text after the sequence number starts: the message or {@code #marker}. */
    int bodyStart;
    int markerStart;
    int markerEnd;
    int payloadStart;
    /** End of the payload (before the checksum field in format 2). */
    int payloadEnd;
    /** Header: the format version and first sequence number it names. */
    int headerVersion;
    long headerSeq;
    /** Bad: why. */
    String why;

    /**
     * Parses {@code buf[s, nl)} ({@code nl} is the line's {@code '\n'}) as a line of a segment in
     * {@code version} (1 or 2). A line starting {@code #journal v} is parsed as a header in any
     * version. A format-2 record is good when its checksum holds for a sequence number in
     * {@code [expectSeq, maxSeq]} (more than one candidate only after damaged bytes, which may have
     * held that many records).
     */
    int parse(byte[] buf, int s, int nl, int version, long expectSeq, long maxSeq) {
        if (Lines.looksLikeHeader(buf, s, nl)) {
            return header(buf, s, nl);
        }
        return version >= 2 ? record2(buf, s, nl, expectSeq, maxSeq) : record1(buf, s, nl);
    }

    /**
     * The format of the lines in {@code buf[from, to)}, whose first record should have sequence
     * {@code expectSeq}, judged from up to 32 complete lines: 2 (or the header's version) when one
     * is a format-2 header or a checksummed record, 1 when none is but one is a well-formed
     * format-1 record, 0 when no line says.
     */
    int detect(byte[] buf, int from, int to, long expectSeq) {
        int p = from;
        boolean v1 = false;
        for (int n = 0; n < 32 && p < to; n++) {
            int nl = Lines.indexOfNewline(buf, p, to);
            if (nl < 0) {
                break;
            }
            if (Lines.looksLikeHeader(buf, p, nl)) {
                int v = nl - p > Lines.HEADER_START.length ? buf[p + Lines.HEADER_START.length] - '0' : -1;
                return v >= 2 && v <= 9 ? v : 2;
            }
            if (record2(buf, p, nl, expectSeq, expectSeq + 64) == RECORD) {
                return 2;
            }
            if (!v1 && record1(buf, p, nl) == RECORD) {
                v1 = true;
            }
            p = nl + 1;
        }
        return v1 ? 1 : 0;
    }

    private int bad(String reason) {
        why = reason;
        return BAD;
    }

    private int header(byte[] buf, int s, int nl) {
        int end = nl - Lines.CRC_FIELD;
        if (end <= s || buf[end] != ' ') {
            return bad("damaged segment header");
        }
        long want = Lines.parseHex(buf, end + 1);
        crc.reset();
        crc.update(buf, s, end - s);
        if (want < 0 || (int) crc.getValue() != (int) want) {
            return bad("segment header fails its checksum");
        }
        int p = s + Lines.HEADER_START.length;
        int v = 0;
        while (p < end && buf[p] >= '0' && buf[p] <= '9') {
            v = v * 10 + buf[p] - '0';
            p++;
        }
        if (p + 5 > end || buf[p] != ' ' || buf[p + 1] != 's' || buf[p + 2] != 'e' || buf[p + 3] != 'q' || buf[p + 4] != '=') {
            return bad("malformed segment header");
        }
        p += 5;
        long sq = 0;
        int d0 = p;
        while (p < end && buf[p] >= '0' && buf[p] <= '9' && p - d0 < Lines.MAX_NS_DIGITS) {
            sq = sq * 10 + buf[p] - '0';
            p++;
        }
        if (p == d0 || (p < end && buf[p] != ' ')) {
            return bad("malformed segment header");
        }
        headerVersion = v;
        headerSeq = sq;
        return HEADER;
    }

    private int record2(byte[] buf, int s, int nl, long expectSeq, long maxSeq) {
        int end = nl - Lines.CRC_FIELD;
        if (end - s < 3 || buf[end] != ' ') {
            return bad("line without a checksum");
        }
        long want = Lines.parseHex(buf, end + 1);
        if (want < 0) {
            return bad("line without a checksum");
        }
        int p = s;
        long t = 0;
        while (p < end && buf[p] >= '0' && buf[p] <= '9' && p - s < Lines.MAX_NS_DIGITS) {
            t = t * 10 + buf[p] - '0';
            p++;
        }
        if (p == s || p >= end || buf[p] != ' ' || t < 0) {
            return bad("malformed receive time");
        }
        p++;
        if (p >= end) {
            return bad("empty record");
        }
        crc.reset();
        crc.update(buf, s, end - s);
        int text = (int) crc.getValue();
        long found = -1;
        for (long q = expectSeq; q <= maxSeq; q++) {
            if (Lines.extend(text, q) == (int) want) {
                found = q;
                break;
            }
        }
        if (found < 0) {
            return bad("line fails its checksum");
        }
        if (!body(buf, p, end)) {
            return bad("malformed marker");
        }
        ns = t;
        seq = found;
        return RECORD;
    }

    private int record1(byte[] buf, int s, int nl) {
        long t = Lines.parseNs(buf, s, nl, true);
        if (t < 0) {
            return bad("malformed line: " + Lines.excerpt(buf, s, nl));
        }
        int p = s;
        while (buf[p] != ' ') {
            p++;
        }
        body(buf, p + 1, nl);
        ns = t;
        seq = -1;
        return RECORD;
    }

    /** Splits the record text {@code buf[p, end)} into marker and payload; false when a marker is malformed. */
    private boolean body(byte[] buf, int p, int end) {
        bodyStart = p;
        payloadEnd = end;
        if (buf[p] == '#') {
            int e = p + 1;
            while (e < end && buf[e] >= 'a' && buf[e] <= 'z') {
                e++;
            }
            if (e == p + 1 || (e < end && buf[e] != ' ')) {
                return false;
            }
            markerStart = p + 1;
            markerEnd = e;
            kind = RecordKind.ofMarker(buf, markerStart, markerEnd);
            payloadStart = Math.min(e + 1, end);
        } else {
            kind = RecordKind.MESSAGE;
            markerStart = p;
            markerEnd = p;
            payloadStart = p;
        }
        return true;
    }
}
