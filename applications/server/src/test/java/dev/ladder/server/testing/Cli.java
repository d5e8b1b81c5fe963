package dev.ladder.server.testing;

import dev.ladder.server.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the {@code ladder} command line in this JVM and captures what it printed. */
public final class Cli {
    private Cli() {
    }

    /** The exit code and the text written to standard output and standard error. */
    public record Run(int code, String out, String err) {
    }

    /** Runs {@code ladder args...}. */
    public static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
