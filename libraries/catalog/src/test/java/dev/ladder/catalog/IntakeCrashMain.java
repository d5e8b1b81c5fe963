package dev.ladder.catalog;

import dev.ladder.core.Clock;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The child process of {@link IntakeCrashTest}: opens the catalog, starts the worker and submits a
 * burst of messages, printing {@code ACK <id>} once each submit has returned (the message is durable).
 * It never exits by itself before the burst ends; the test kills it with kill -9 mid-burst.
 *
 * <p>Arguments: jdbcUrl user(or -) count.
 */
public final class IntakeCrashMain {
    private IntakeCrashMain() {
    }

    /** Message {@code i} of the burst: every 4th a NewEvent, every 50th odds for an unknown event (fails), else odds. */
    static String message(int i) {
        int event = i / 4;
        if (i % 50 == 49) {
            return CatalogContractTest.updateOdds(Integer.toString(1_000_000 + i), "999999999", "1", "1", "2.0");
        }
        if (i % 4 == 0) {
            return CatalogContractTest.newEvent(Integer.toString(1_000_000 + i), Integer.toString(7_000_000 + event),
                    "Crash event " + event, "2030-01-01T00:00:00Z", "1", "Soccer", Integer.toString(8_000_000 + event),
                    "1", "2.0", "2", "3.0");
        }
        return CatalogContractTest.updateOdds(Integer.toString(1_000_000 + i), Integer.toString(7_000_000 + event),
                Integer.toString(8_000_000 + event), Integer.toString(1 + i % 2), "1." + (10 + i % 90));
    }

    static boolean shouldFail(int i) {
        return i % 50 == 49;
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String user = "-".equals(args[1]) ? null : args[1];
        int count = Integer.parseInt(args[2]);
        CatalogConfig config = url.startsWith("jdbc:sqlite:") ? new CatalogConfig(url, null, null, 4, 256)
                : new CatalogConfig(url, user, null, 8, 256);
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        Catalog catalog = Catalog.open(config, Clock.system());
        catalog.intake().start();
        out.println("READY");
        for (int i = 0; i < count; i++) {
            SubmitResult r = catalog.intake().submit(message(i).getBytes(StandardCharsets.UTF_8));
            out.println("ACK " + r.status().id());
        }
        out.println("END");
        Thread.sleep(Long.MAX_VALUE);
    }
}
