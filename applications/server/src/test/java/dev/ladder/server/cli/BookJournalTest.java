package dev.ladder.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.core.SharedData;
import dev.ladder.server.testing.Cli;
import dev.ladder.server.testing.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ladder book DIR} on a journal prints the same book as {@code ladder book CAPTURE}, at the end and at a time. */
class BookJournalTest {
    @TempDir
    Path dir;

    @Test
    void journalDirectoryPrintsTheSameBookAsTheCapture() {
        Path capture = SharedData.resolve(Fixtures.BTCUSDT_CAPTURE);
        Assumptions.assumeTrue(capture != null, SharedData.skipReason(Fixtures.BTCUSDT_CAPTURE));
        Cli.Run imp = Cli.run("journal", "import", "--data", dir.toString(), capture.toString());
        assertThat(imp.code()).as(imp.err()).isZero();
        for (String[] extra : new String[][] {{}, {"--at", "2024-08-08T23:57:31.5Z"}, {"--at", "1723161480000"}}) {
            String[] fromCapture = concat(new String[] {"book", capture.toString(), "--json", "--depth", "0"}, extra);
            String[] fromJournal = concat(new String[] {"book", dir.toString(), "--json", "--depth", "0"}, extra);
            Cli.Run a = Cli.run(fromCapture);
            Cli.Run b = Cli.run(fromJournal);
            assertThat(a.code()).as(a.err()).isZero();
            assertThat(b.code()).as(b.err()).isZero();
            assertThat(b.out()).startsWith("{\"venue\":\"binance\",\"symbol\":\"BTCUSDT\"").isEqualTo(a.out());
            assertThat(b.err()).contains("journal").contains("BTCUSDT");
        }
        Cli.Run table = Cli.run("book", dir.toString(), "--depth", "3");
        assertThat(table.code()).isZero();
        assertThat(table.out()).contains("BTCUSDT (binance)").contains("spread");
        Cli.Run unknown = Cli.run("book", dir.toString(), "--symbol", "ETHUSDT");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("no stream binance:ETHUSDT").contains("binance:BTCUSDT");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Test
    void betfairJournalPrintsTheSameMarketAsTheFile() throws Exception {
        Path original = SharedData.resolve(Fixtures.BETFAIR_FILE);
        Assumptions.assumeTrue(original != null, SharedData.skipReason(Fixtures.BETFAIR_FILE));
        dev.ladder.core.InstrumentId market = dev.ladder.core.InstrumentId.of(dev.ladder.core.Venue.BETFAIR, "1.185781277");
        try (dev.ladder.journal.Journal j = dev.ladder.journal.Journal.open(dev.ladder.journal.JournalConfig.defaults(dir))) {
            dev.ladder.journal.JournalWriter w = j.writer(market);
            long[] ns = {1_627_000_000_000_000_000L};
            new dev.ladder.betfair.BetfairHistoricalReader().read(original, (source, number, bytes, off, len) -> {
                try {
                    w.append(ns[0]++, bytes, off, len);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return true;
            });
        }
        for (String[] extra : new String[][] {{}, {"--at", "1627622421150"}}) {
            Cli.Run a = Cli.run(concat(new String[] {"book", original.toString(), "--venue", "betfair", "--json"}, extra));
            Cli.Run b = Cli.run(concat(new String[] {"book", dir.toString(), "--venue", "betfair", "--json"}, extra));
            assertThat(a.code()).as(a.err()).isZero();
            assertThat(b.code()).as(b.err()).isZero();
            assertThat(b.out()).contains("1.185781277").isEqualTo(a.out());
        }
        Cli.Run none = Cli.run("book", dir.toString(), "--venue", "betfair", "--market", "1.1");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("no betfair:1.1 stream");
    }
}
