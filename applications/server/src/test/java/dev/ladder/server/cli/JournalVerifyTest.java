package dev.ladder.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.core.SharedData;
import dev.ladder.server.testing.Cli;
import dev.ladder.server.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code journal verify [--repair]} on an imported real capture whose indexes were deleted. */
class JournalVerifyTest {
    @Test
    void repairRebuildsDeletedIndexesAndTheJournalVerifiesAndReplaysTheSame(@TempDir Path dir) throws Exception {
        Path capture = SharedData.resolve(Fixtures.BTCUSDT_CAPTURE);
        Assumptions.assumeTrue(capture != null, SharedData.skipReason(Fixtures.BTCUSDT_CAPTURE));
        Cli.Run imported = Cli.run("journal", "import", "--data", dir.toString(), capture.toString());
        assertThat(imported.code()).as(imported.err()).isZero();
        Cli.Run before = Cli.run("replay", dir.toString(), "--stream", "binance:BTCUSDT");
        List<Path> indexes;
        try (Stream<Path> files = Files.walk(dir)) {
            indexes = files.filter(p -> p.getFileName().toString().endsWith(".idx")).toList();
        }
        assertThat(indexes).isNotEmpty();
        for (Path p : indexes) {
            Files.delete(p);
        }
        Cli.Run repaired = Cli.run("journal", "verify", "--repair", dir.toString());
        assertThat(repaired.code()).as(repaired.out() + repaired.err()).isZero();
        assertThat(repaired.out()).contains("repaired: ").contains(": OK");
        assertThat(repaired.err()).doesNotContain("Exception");
        Cli.Run verified = Cli.run("journal", "verify", dir.toString());
        assertThat(verified.code()).as(verified.out()).isZero();
        Cli.Run after = Cli.run("replay", dir.toString(), "--stream", "binance:BTCUSDT");
        assertThat(after.code()).isZero();
        assertThat(after.out().lines().findFirst()).isEqualTo(before.out().lines().findFirst());
    }
}
