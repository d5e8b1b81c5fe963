package dev.ladder.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ladder.core.Clock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing acknowledged is lost: a child JVM submits a burst of 1,000 messages and is killed with
 * kill -9 (destroyForcibly) part-way; after a restart every message whose submit had returned reaches
 * done or failed (failed exactly for the ones meant to fail), and the catalog holds what they say.
 */
class IntakeCrashTest {
    private static final int BURST = 1_000;
    private static final int KILL_AFTER = 400;

    @TempDir
    Path tmp;

    @Test
    void killedMidBurstOnSqliteLosesNothingAcknowledged() throws Exception {
        CatalogConfig config = CatalogConfig.sqlite(tmp.resolve("data"));
        crashAndRecover(config, "-");
    }

    @Test
    void killedMidBurstOnPostgresqlLosesNothingAcknowledged() throws Exception {
        CatalogConfig config = TestPostgres.get().newDatabase();
        crashAndRecover(config, config.user());
    }

    private void crashAndRecover(CatalogConfig config, String user) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), IntakeCrashMain.class.getName(),
                config.jdbcUrl(), user, Integer.toString(BURST))
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        List<String> acked = new ArrayList<>();
        boolean ended = false;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    acked.add(line.substring(4));
                    if (acked.size() == KILL_AFTER) {
                        child.destroyForcibly();
                        break;
                    }
                } else if (line.equals("END")) {
                    ended = true;
                    break;
                }
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(ended).as("killed before the burst ended").isFalse();
        assertThat(acked).hasSize(KILL_AFTER);

        try (Catalog catalog = Catalog.open(config, Clock.system())) {
            long queuedAtRestart = acked.stream().filter(id -> {
                try {
                    return !catalog.intake().status(id).orElseThrow().isFinished();
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            }).count();
            catalog.intake().start();
            assertThat(catalog.intake().awaitIdle(Duration.ofSeconds(120))).isTrue();
            for (String id : acked) {
                int i = Integer.parseInt(id) - 1_000_000;
                MessageStatus st = catalog.intake().status(id).orElseThrow(() -> new AssertionError("acknowledged message " + id + " lost"));
                if (IntakeCrashMain.shouldFail(i)) {
                    assertThat(st.status()).as(id).isEqualTo(MessageStatus.State.FAILED);
                    assertThat(st.error()).isEqualTo("unknown event 999999999");
                } else {
                    assertThat(st.status()).as(id + " " + st.error()).isEqualTo(MessageStatus.State.DONE);
                }
            }
            // the last acknowledged NewEvent is in the catalog with both selections
            int lastNew = (KILL_AFTER - 1) / 4 * 4;
            Event e = catalog.queries().event(Integer.toString(7_000_000 + lastNew / 4)).orElseThrow();
            assertThat(e.markets().getFirst().selections()).hasSize(2);
            assertThat(catalog.queries().eventsBySport("soccer", EventOrder.START_TIME, 1, 20).total())
                    .isGreaterThanOrEqualTo(KILL_AFTER / 4);
            System.out.println("crash test (" + (config.isSqlite() ? "sqlite" : "postgresql") + "): " + acked.size()
                    + " acknowledged, " + queuedAtRestart + " still queued at restart, all done or failed after");
        }
    }
}
