package dev.ladder.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a recording JVM with SIGKILL mid-ingest, ten times: after each restart every record it was
 * told was durable is present and intact, verify passes, an injected torn tail is cut, and the book
 * rebuilt from the journal matches the checksum the live process printed for its last durable record.
 */
class CrashTest {
    @TempDir
    Path dir;

    @Test
    void killNineNeverLosesADurableRecord() throws Exception {
        SplittableRandom rnd = new SplittableRandom(2024);
        String java = ProcessHandle.current().info().command().orElse("java");
        long maxDurable = 0;
        int cutsSeen = 0;
        Path err = Files.createTempFile("crash-recorder", ".err");
        err.toFile().deleteOnExit();
        for (int round = 0; round < 10; round++) {
            List<String> lines = new CopyOnWriteArrayList<>();
            Process p = launch(java, err, lines);
            int relaunches = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            long roundStart = maxDurable;
            while (countDurableAbove(lines, roundStart) < 3 && System.nanoTime() < deadline) {
                if (!p.isAlive()) {
                    if (lines.isEmpty() && relaunches++ < 3) {
                        // died before opening the journal: here only a class path rebuilt by a concurrent build does that
                        Thread.sleep(2_000);
                        p = launch(java, err, lines);
                        continue;
                    }
                    break;
                }
                Thread.sleep(10);
            }
            assertThat(p.isAlive()).as("recorder alive in round %d: %s %s", round, lines, Files.readString(err)).isTrue();
            Thread.sleep(rnd.nextInt(150));
            p.destroyForcibly();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

            long[] last = lastDurable(lines);
            assertThat(last[0]).isGreaterThan(roundStart);
            maxDurable = last[0];

            // half the rounds, also tear the tail by hand (a partial line where the next would go)
            long injected = 0;
            if (round % 2 == 1) {
                injected = tear(dir);
            }
            try (Journal j = Journal.open(JournalConfig.defaults(dir))) {
                StreamRecovery r = j.recovery().getFirst();
                if (injected > 0) {
                    assertThat(r.cutBytes()).isGreaterThanOrEqualTo(injected);
                    assertThat(r.cutLines()).isGreaterThanOrEqualTo(1);
                }
                if (r.hasCut()) {
                    cutsSeen++;
                }
            }
            JournalVerifier.Report v = JournalVerifier.verify(dir);
            assertThat(v.problems()).as("verify after round %d", round).isEmpty();

            // every message present, in order, intact; the book at the last durable record matches the live one
            SynthBook book = new SynthBook();
            long n = 0;
            long expectSeq = 0;
            Long checksumAtDurable = null;
            try (JournalCursor c = new JournalReader(dir).cursor(CrashRecorder.ID, Long.MIN_VALUE, Long.MAX_VALUE)) {
                while (c.next()) {
                    assertThat(c.seq()).isEqualTo(expectSeq++);
                    if (c.kind() == RecordKind.MESSAGE) {
                        assertThat(c.payloadString()).isEqualTo(SynthBook.message(CrashRecorder.SEED, n));
                        assertThat(c.receiveNanos()).isEqualTo(CrashRecorder.BASE_NS + n * 1000);
                        book.apply(c.payloadString());
                        n++;
                    } else {
                        assertThat(c.kind()).isEqualTo(RecordKind.BOOK);
                    }
                    if (c.seq() == maxDurable - 1) {
                        checksumAtDurable = book.checksum();
                    }
                }
            }
            assertThat(expectSeq).as("records after round %d", round).isGreaterThanOrEqualTo(maxDurable);
            assertThat(checksumAtDurable).as("book at seq %d", maxDurable - 1).isEqualTo(last[1]);
        }
        assertThat(cutsSeen).isGreaterThanOrEqualTo(5);
    }

    private Process launch(String java, Path err, List<String> lines) throws java.io.IOException {
        Process p = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), CrashRecorder.class.getName(), dir.toString())
                .redirectError(err.toFile()).start();
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader br = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII))) {
                String l;
                while ((l = br.readLine()) != null) {
                    lines.add(l);
                }
            } catch (java.io.IOException ignored) {
                // the process died
            }
        });
        return p;
    }

    private static long countDurableAbove(List<String> lines, long above) {
        return lines.stream().filter(l -> l.startsWith("D ") && Long.parseLong(l.split(" ")[1]) > above).count();
    }

    private static long[] lastDurable(List<String> lines) {
        long[] best = {0, 0};
        for (String l : lines) {
            if (l.startsWith("D ")) {
                String[] f = l.split(" ");
                long seq = Long.parseLong(f[1]);
                if (seq > best[0]) {
                    best[0] = seq;
                    best[1] = Long.parseLong(f[2]);
                }
            }
        }
        return best;
    }

    /** Writes a partial line right after the open segment's last complete line; returns its length. */
    private static long tear(Path root) throws Exception {
        Path stream = SegmentFiles.streamDir(root, CrashRecorder.ID);
        List<SegmentFiles.Found> found = SegmentFiles.list(stream);
        SegmentFiles.Found lastSeg = found.getLast();
        if (!lastSeg.hasLog() || lastSeg.hasZst()) {
            return 0;
        }
        Path log = SegmentFiles.log(stream, lastSeg.baseSeq());
        LogScan s = LogScan.scan(log, lastSeg.baseSeq(), Long.MIN_VALUE, 1 << 20);
        byte[] partial = "1700000000999999999 u=1 B:9".getBytes(StandardCharsets.US_ASCII);
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(partial), s.validEnd() + s.cutBytes());
        }
        return partial.length;
    }

    @SuppressWarnings("unused")
    private static List<Path> files(Path d) throws Exception {
        try (var s = Files.walk(d)) {
            return new ArrayList<>(s.toList());
        }
    }
}
