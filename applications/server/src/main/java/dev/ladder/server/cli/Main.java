package dev.ladder.server.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code ladder} command line: one subcommand per job; {@code --help} on each. */
@Command(name = "ladder",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Ladder: exact order books from exchange market data; record, replay, serve.",
        footer = {"", "Times (--at, --from, --to, and ?at=, ?from=, ?to= over HTTP) mean the same everywhere:",
                "  an ISO-8601 instant             2024-08-08T23:57:00Z, 2024-08-08T23:57:00.5+02:00",
                "  a date-time without a zone, UTC 2024-08-08T23:57:00, 2024-08-08 23:57:00, 2024-08-08",
                "  a bare integer: epoch ms        1723161420000",
                "  an integer with a unit          1723161420s, 1723161420000ms, ...us, 1723161420000000000ns"},
        subcommands = {
                CommandLine.HelpCommand.class,
                BookCommand.class,
                ServeCommand.class,
                DemoCommand.class,
                SimCommand.class,
                JournalCommand.class,
                RecordCommand.class,
                ReplayCommand.class,
                ExportCommand.class,
                CatalogCommand.class,
        })
public final class Main {
    private static volatile boolean isVerbose;

    /** {@code --verbose} on any command: an unexpected error prints its stack too (for a bug report). */
    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "On an unexpected error, print its detail (stack trace) as well as the one-line message.")
    void setVerbose(boolean verbose) {
        isVerbose = verbose;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /**
     * The configured command line. An exception no command handled becomes one line on stderr
     * ({@code ladder COMMAND: what went wrong}) and exit 1, never a stack trace unless {@code --verbose}.
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            java.io.PrintWriter err = cmd.getErr();
            String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                    : e instanceof java.io.IOException || e instanceof IllegalArgumentException || e instanceof IllegalStateException
                    ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
            err.println(cmd.getCommandName() + ": " + message.lines().findFirst().orElse(message)
                    + (isVerbose ? "" : " (--verbose for detail)"));
            if (isVerbose) {
                e.printStackTrace(err);
            }
            err.flush();
            return e instanceof IllegalArgumentException ? 2 : 1;
        });
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"ladder " + (v == null ? "dev" : v)};
        }
    }
}
