package dev.ladder.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

/** The format-2 line: its checksum (text, then the sequence number), header, and parsing edge cases. */
class LinesTest {
    @Test
    void extendingByASequenceNumberEqualsTheChecksumOfTheConcatenation() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (int k = 0; k < 2_000; k++) {
            byte[] text = new byte[rnd.nextInt(300)];
            for (int i = 0; i < text.length; i++) {
                text[i] = (byte) rnd.nextInt(256);
            }
            long seq = k < 10 ? k : rnd.nextLong() >>> rnd.nextInt(64);
            CRC32C a = new CRC32C();
            a.update(text);
            CRC32C b = new CRC32C();
            b.update(text);
            b.update(ByteBuffer.allocate(8).putLong(seq).array());
            assertThat(Lines.extend((int) a.getValue(), seq)).as("seq %d", seq).isEqualTo((int) b.getValue());
        }
    }

    @Test
    void aRecordIsGoodOnlyAtItsOwnSequenceNumber() {
        byte[] line = line("1700000000000000001 u=1 B:9000:5", 41);
        LineParser p = new LineParser();
        int nl = line.length - 1;
        assertThat(p.parse(line, 0, nl, 2, 41, 41)).isEqualTo(LineParser.RECORD);
        assertThat(p.seq).isEqualTo(41);
        assertThat(p.ns).isEqualTo(1_700_000_000_000_000_001L);
        assertThat(new String(line, p.payloadStart, p.payloadEnd - p.payloadStart, StandardCharsets.US_ASCII)).isEqualTo("u=1 B:9000:5");
        assertThat(p.parse(line, 0, nl, 2, 40, 40)).isEqualTo(LineParser.BAD);
        assertThat(p.parse(line, 0, nl, 2, 42, 1_000)).isEqualTo(LineParser.BAD);
        // after damage, the candidates the damaged bytes allow are tried
        assertThat(p.parse(line, 0, nl, 2, 30, 50)).isEqualTo(LineParser.RECORD);
        assertThat(p.seq).isEqualTo(41);
        for (int i = 0; i < nl; i++) {
            byte[] d = line.clone();
            d[i] ^= 0x04;
            assertThat(p.parse(d, 0, nl, 2, 30, 50)).as("flip at %d", i).isEqualTo(LineParser.BAD);
        }
        byte[] marker = line("5 #gap {\"x\":1}", 0);
        assertThat(p.parse(marker, 0, marker.length - 1, 2, 0, 0)).isEqualTo(LineParser.RECORD);
        assertThat(p.kind).isEqualTo(RecordKind.GAP);
        assertThat(new String(marker, p.payloadStart, p.payloadEnd - p.payloadStart, StandardCharsets.US_ASCII)).isEqualTo("{\"x\":1}");
    }

    @Test
    void theHeaderNamesItsVersionAndFirstSequenceAndIsChecked() {
        byte[] h = Lines.header(123_456);
        assertThat(new String(h, StandardCharsets.US_ASCII)).matches("#journal v2 seq=123456 [0-9a-f]{8}\n");
        LineParser p = new LineParser();
        assertThat(p.parse(h, 0, h.length - 1, 2, 0, 0)).isEqualTo(LineParser.HEADER);
        assertThat(p.headerVersion).isEqualTo(2);
        assertThat(p.headerSeq).isEqualTo(123_456);
        h[17] = '7';
        assertThat(p.parse(h, 0, h.length - 1, 2, 0, 0)).isEqualTo(LineParser.BAD);
        assertThat(p.detect(h, 0, h.length, 0)).isEqualTo(2);
        byte[] v1 = "1 u=1 B:9000:5\n2 #gap {}\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(p.detect(v1, 0, v1.length, 0)).isEqualTo(1);
        byte[] v2 = line("7 u=1 B:9000:5", 9);
        assertThat(p.detect(v2, 0, v2.length, 9)).isEqualTo(2);
        assertThat(p.detect("garbage\n".getBytes(StandardCharsets.US_ASCII), 0, 8, 0)).isZero();
    }

    @Test
    void findsTheFirstNewlineAtEveryPosition() {
        SplittableRandom rnd = new SplittableRandom(2);
        for (int k = 0; k < 5_000; k++) {
            byte[] b = new byte[rnd.nextInt(40)];
            for (int i = 0; i < b.length; i++) {
                int pick = rnd.nextInt(10);
                b[i] = (byte) (pick == 0 ? '\n' : pick == 1 ? 0x0b : pick == 2 ? 0x8a : pick == 3 ? 0 : rnd.nextInt(256));
            }
            int from = b.length == 0 ? 0 : rnd.nextInt(b.length);
            int to = from + (b.length == from ? 0 : rnd.nextInt(b.length - from + 1));
            int want = -1;
            for (int i = from; i < to; i++) {
                if (b[i] == '\n') {
                    want = i;
                    break;
                }
            }
            assertThat(Lines.indexOfNewline(b, from, to)).isEqualTo(want);
        }
    }

    /** {@code text} as a format-2 line of record {@code seq}. */
    static byte[] line(String text, long seq) {
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        CRC32C c = new CRC32C();
        c.update(t);
        byte[] out = new byte[t.length + 10];
        System.arraycopy(t, 0, out, 0, t.length);
        out[t.length] = ' ';
        Lines.putHex(out, t.length + 1, Lines.extend((int) c.getValue(), seq));
        out[out.length - 1] = '\n';
        return out;
    }
}
