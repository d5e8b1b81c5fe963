package dev.ladder.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ladder.server.testing.Cli;
import dev.ladder.server.testing.Fixtures;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The damage table of the integrity issue, at the command line, on a real journal (the shared
 * BTCUSDT capture imported into 2 MB segments with a {@code #book} line every 5 s): for each kind of
 * damage, {@code journal verify} names it, {@code journal ls}, {@code book DIR}, {@code replay} and
 * {@code export} never print a stack trace, say which ranges they skipped, and the book rebuilt at the
 * end equals the undamaged one when a {@code #book} line follows the damage.
 */
class DamagedJournalCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path root;
    static Path base;
    static JsonNode intactBook;
    static String intactReplay;

    @BeforeAll
    static void importJournal() throws IOException {
        base = Fixtures.importBtcusdt(root.resolve("base"), "2m");
        assertThat(sealed(base)).hasSizeGreaterThan(3);
        Cli.Run book = Cli.run("book", base.toString(), "--json", "--depth", "0");
        assertThat(book.code()).as(book.err()).isZero();
        intactBook = JSON.readTree(book.out());
        assertThat(intactBook.get("state").asText()).isEqualTo("synced");
        intactReplay = Cli.run("replay", base.toString()).out();
    }

    static Path dir(Path journal) {
        return journal.resolve("binance").resolve("BTCUSDT");
    }

    static List<Path> sealed(Path journal) throws IOException {
        try (Stream<Path> s = Files.list(dir(journal))) {
            return s.filter(p -> p.toString().endsWith(".log.zst")).sorted().toList();
        }
    }

    static Path open(Path journal) throws IOException {
        try (Stream<Path> s = Files.list(dir(journal))) {
            return s.filter(p -> p.toString().endsWith(".log")).findFirst().orElseThrow();
        }
    }

    static Path copy(String name) throws IOException {
        Path to = root.resolve(name);
        Path from = dir(base);
        Path target = dir(to);
        Files.createDirectories(target);
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : s.toList()) {
                Files.copy(p, target.resolve(p.getFileName()));
            }
        }
        return to;
    }

    record Outcome(Cli.Run verify, Cli.Run ls, Cli.Run book, JsonNode bookJson, Cli.Run replay, Cli.Run export) {
    }

    /** Runs every reading command on the damaged journal and checks none prints a stack trace. */
    static Outcome runAll(Path journal) throws IOException {
        Cli.Run verify = Cli.run("journal", "verify", journal.toString());
        Cli.Run ls = Cli.run("journal", "ls", journal.toString());
        Cli.Run book = Cli.run("book", journal.toString(), "--json", "--depth", "0");
        Cli.Run replay = Cli.run("replay", journal.toString());
        Cli.Run export = Cli.run("export", "capture", journal.toString(), "--stream", "binance:BTCUSDT",
                "--out", journal.resolve("export.txt").toString());
        for (Cli.Run r : List.of(verify, ls, book, replay, export)) {
            assertThat(r.out() + r.err()).doesNotContain("\tat ").doesNotContain("Exception");
        }
        assertThat(ls.code()).as(ls.err()).isZero();
        assertThat(book.code()).as(book.err()).isIn(0, 3);
        assertThat(replay.code()).as(replay.err()).isZero();
        assertThat(export.code()).as(export.err()).isZero();
        JsonNode json = JSON.readTree(book.out());
        assertThat(json.get("state").asText()).isIn("synced", "gap", "no snapshot", "crossed");
        assertSameWithoutReadAhead(journal, book, replay);
        return new Outcome(verify, ls, book, json, replay, export);
    }

    /**
     * Books, replays and exports read ahead on a second thread (the default, after 4,096 records):
     * with every record read on the calling thread instead they print the same books, the same
     * skipped ranges and export the same bytes.
     */
    static void assertSameWithoutReadAhead(Path journal, Cli.Run book, Cli.Run replay) throws IOException {
        String was = System.getProperty("ladder.journal.readAhead");
        System.setProperty("ladder.journal.readAhead", "off");
        try {
            Cli.Run b = Cli.run("book", journal.toString(), "--json", "--depth", "0");
            Cli.Run r = Cli.run("replay", journal.toString());
            Cli.Run e = Cli.run("export", "capture", journal.toString(), "--stream", "binance:BTCUSDT",
                    "--out", journal.resolve("export-serial.txt").toString());
            assertThat(b.out()).isEqualTo(book.out());
            assertThat(b.err()).isEqualTo(book.err());
            assertThat(withoutTiming(r.out())).isEqualTo(withoutTiming(replay.out()));
            assertThat(withoutTiming(r.err())).isEqualTo(withoutTiming(replay.err()));
            assertThat(e.code()).isZero();
            assertThat(Files.readAllBytes(journal.resolve("export-serial.txt"))).isEqualTo(Files.readAllBytes(journal.resolve("export.txt")));
        } finally {
            if (was == null) {
                System.clearProperty("ladder.journal.readAhead");
            } else {
                System.setProperty("ladder.journal.readAhead", was);
            }
        }
    }

    private static List<String> withoutTiming(String out) {
        return out.lines().filter(l -> !l.startsWith("replayed ")).toList();
    }

    static void assertRecordsLostAndSaid(Outcome o, String file) {
        assertThat(o.verify().code()).as(o.verify().out() + o.verify().err()).isNotZero();
        assertThat(o.verify().out() + o.verify().err()).contains(file);
        // book DIR starts from the last #book line, after the damage: it has nothing to skip
        assertThat(o.book().err()).doesNotContain("skipped damaged data");
        assertThat(o.replay().out()).contains("skipped damaged data").contains("lost-ranges=1");
        assertThat(o.export().err()).contains("skipped damaged data").contains("holes");
    }

    static void assertFinalBookIntact(Outcome o) {
        assertThat(o.bookJson()).as("the book after the next #book line equals the undamaged one").isEqualTo(intactBook);
    }

    static void xor(Path f, long offset, int n) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            for (int i = 0; i < n; i++) {
                raf.seek(offset + i);
                int b = raf.read();
                raf.seek(offset + i);
                raf.write(b ^ 0x5A);
            }
        }
    }

    @Test
    void aPriceDigitChangedInTheOpenLogIsCaughtAndTheNextBookRestoresIt() throws IOException {
        Path j = copy("digit");
        Path log = open(j);
        byte[] b = Files.readAllBytes(log);
        String text = new String(b, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("\"b\":[[\"", b.length / 4) + 7;
        assertThat(at).isGreaterThan(7);
        b[at] = (byte) (b[at] == '9' ? '8' : b[at] + 1);
        Files.write(log, b);
        Outcome o = runAll(j);
        assertRecordsLostAndSaid(o, log.getFileName().toString());
        assertFinalBookIntact(o);
    }

    @Test
    void aDeletedSealedSegmentIsANamedHole() throws IOException {
        Path j = copy("deleted");
        Path gone = sealed(j).get(2);
        Files.delete(gone);
        Outcome o = runAll(j);
        assertRecordsLostAndSaid(o, gone.getFileName().toString());
        assertFinalBookIntact(o);
    }

    @Test
    void sealedIndexesTruncatedOrDeletedAndTheOpenIndexDeletedAreRebuiltLosingNothing() throws IOException {
        Path j = copy("indexes");
        List<Path> segs = sealed(j);
        Path idx1 = Path.of(segs.get(1) + ".idx");
        Files.write(idx1, java.util.Arrays.copyOf(Files.readAllBytes(idx1), (int) Files.size(idx1) / 2));
        Files.delete(Path.of(segs.get(3) + ".idx"));
        Files.delete(Path.of(open(j) + ".idx"));
        Outcome o = runAll(j);
        assertThat(o.verify().out() + o.verify().err()).contains(segs.get(1).getFileName().toString());
        assertFinalBookIntact(o);
        assertThat(o.book().err()).doesNotContain("skipped damaged data");
        assertThat(o.replay().out().lines().findFirst()).isEqualTo(intactReplay.lines().findFirst());
        Cli.Run repair = Cli.run("journal", "verify", "--repair", j.toString());
        assertThat(repair.out() + repair.err()).doesNotContain("\tat ");
        Cli.Run again = Cli.run("journal", "verify", j.toString());
        assertThat(again.code()).as(again.out() + again.err()).isZero();
    }

    @Test
    void halfOfTheOpenLogCutAwayLeavesTheBookAtTheCut() throws IOException {
        Path j = copy("cut");
        Path log = open(j);
        try (var ch = Files.newByteChannel(log, StandardOpenOption.WRITE)) {
            ch.truncate(Files.size(log) / 2);
        }
        Outcome o = runAll(j);
        assertThat(o.verify().out() + o.verify().err()).contains(log.getFileName().toString());
        assertThat(o.bookJson().get("lastUpdateId").asLong()).isLessThan(intactBook.get("lastUpdateId").asLong());
        // the index still lists records past the cut: they are reported lost, so the book at the cut
        // is not presented as the stream's end (exit 3, state gap), and the loss is named
        assertThat(o.bookJson().get("state").asText()).isEqualTo("gap");
        assertThat(o.book().code()).isEqualTo(3);
        assertThat(o.book().err()).contains("skipped damaged data");
    }

    @Test
    void sixteenBytesFlippedInASealedFrameLoseThatFrameOnly() throws IOException {
        Path j = copy("flipped");
        Path seg = sealed(j).get(1);
        xor(seg, Files.size(seg) / 2, 16);
        Outcome o = runAll(j);
        assertRecordsLostAndSaid(o, seg.getFileName().toString());
        assertFinalBookIntact(o);

        // over HTTP: the book just after the lost range says it is not exact and names the range
        dev.ladder.core.InstrumentId id = dev.ladder.core.InstrumentId.of(dev.ladder.core.Venue.BINANCE, "BTCUSDT");
        List<dev.ladder.journal.Damage> damage;
        try (dev.ladder.journal.JournalCursor c = new dev.ladder.journal.JournalReader(j).cursor(id, Long.MIN_VALUE, Long.MAX_VALUE)) {
            while (c.next()) {
                // read it all
            }
            damage = c.damage();
        }
        assertThat(damage).hasSize(1);
        long after = damage.getFirst().toNs();
        dev.ladder.server.http.ServerConfig config = dev.ladder.server.http.ServerConfig.loopback(0);
        try (dev.ladder.server.http.LadderServer server = dev.ladder.server.http.LadderServer.start(
                new dev.ladder.server.live.BookRegistry(new dev.ladder.server.live.LadderMetrics()), config,
                List.of(routes -> new dev.ladder.server.http.HistoryRoutes(new dev.ladder.journal.JournalReader(j), config).install(routes)))) {
            dev.ladder.server.testing.Http http = new dev.ladder.server.testing.Http(server.port());
            JsonNode at = http.get("/api/history/binance/BTCUSDT?at=" + after + "ns").json();
            assertThat(at.get("exact").asBoolean()).isFalse();
            assertThat(at.get("state").asText()).isNotEqualTo("live");
            assertThat(at.get("skipped")).hasSize(1);
            assertThat(at.get("skipped").get(0).get("file").asText()).isEqualTo(seg.getFileName().toString());
            String window = "from=" + (damage.getFirst().fromNs() - 20_000_000_000L) + "ns&to=" + (after + 20_000_000_000L) + "ns";
            JsonNode heatmap = http.get("/api/history/binance/BTCUSDT/heatmap?" + window + "&timeBuckets=20&priceBuckets=10").json();
            assertThat(heatmap.get("skipped")).hasSize(1);
            dev.ladder.server.testing.Http.Response png = http.get("/api/history/binance/BTCUSDT/heatmap?" + window + "&format=png");
            assertThat(png.status()).isEqualTo(200);
            java.net.http.HttpResponse<byte[]> pngHead;
            try {
                pngHead = http.client().send(java.net.http.HttpRequest.newBuilder(http.uri("/api/history/binance/BTCUSDT/heatmap?"
                        + window + "&format=png")).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            assertThat(pngHead.headers().firstValue("X-Ladder-Skipped-Ranges")).hasValue("1");
            JsonNode end = http.get("/api/history/binance/BTCUSDT?at=" + Long.MAX_VALUE / 2 + "ns").json();
            assertThat(end.get("exact").asBoolean()).isTrue();
            assertThat(end.get("skipped")).isEmpty();
        }
    }

    @Test
    void garbageAppendedToTheOpenLogIsNamedAndLosesNothing() throws IOException {
        Path j = copy("garbage");
        Path log = open(j);
        Files.write(log, "\u0000\u0001garbage that is no record\n{\"x\":".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
        Outcome o = runAll(j);
        assertFinalBookIntact(o);
    }
}
