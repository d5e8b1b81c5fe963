package dev.ladder.server.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ladder} command line: one subcommand per job; {@code --help} on each. */
@Command(name = "ladder",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Ladder: exact order books from exchange market data; record, replay, serve.",
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
        })
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit code (for tests). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"ladder " + (v == null ? "dev" : v)};
        }
    }
}
