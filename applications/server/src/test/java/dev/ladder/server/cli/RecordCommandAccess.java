package dev.ladder.server.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import picocli.CommandLine;

/** Runs {@code ladder record} with a given environment (Betfair credentials) for tests outside this package. */
public final class RecordCommandAccess {
    private final Map<String, String> environment;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    public RecordCommandAccess(Map<String, String> environment) {
        this.environment = environment;
    }

    /** Runs {@code record ARGS...}; returns the exit code. */
    public int run(String... args) {
        RecordCommand cmd = new RecordCommand();
        cmd.environment = environment;
        CommandLine cl = new CommandLine(cmd);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    public String out() {
        return out.toString();
    }

    public String err() {
        return err.toString();
    }
}
