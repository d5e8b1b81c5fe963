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
                "  an integer with a unit          1723161420s, 1723161420000ms, ...us, 1723161420000000000ns",
                "",
                "Anywhere on the line: --config FILE (TOML; else LADDER_CONFIG) gives option defaults per command",
                "([serve] port = 8080), overridden by LADDER_<COMMAND>_<OPTION> variables (LADDER_SERVE_PORT);",
                "--log-format text|json (else LADDER_LOG_FORMAT, else the file's log-format) writes log lines as JSON."})
public final class Main {
    /**
     * The subcommands, in the order help lists them. They are added to the command line at run time:
     * building the option model of all of them took about 0.3 s of every command's start, so a run that
     * names one command (and has no configuration file or variables to check against all of them)
     * builds only that one.
     */
    private static final java.util.Map<String, Class<?>> COMMANDS = new java.util.LinkedHashMap<>();

    static {
        COMMANDS.put("help", CommandLine.HelpCommand.class);
        COMMANDS.put("book", BookCommand.class);
        COMMANDS.put("serve", ServeCommand.class);
        COMMANDS.put("demo", DemoCommand.class);
        COMMANDS.put("sim", SimCommand.class);
        COMMANDS.put("journal", JournalCommand.class);
        COMMANDS.put("record", RecordCommand.class);
        COMMANDS.put("replay", ReplayCommand.class);
        COMMANDS.put("export", ExportCommand.class);
        COMMANDS.put("catalog", CatalogCommand.class);
    }

    /** The launcher's own variables: they configure the JVM, not a command. */
    private static final java.util.Set<String> LAUNCHER_VARIABLES = java.util.Set.of("LADDER_HEAP", "LADDER_CDS",
            "LADDER_JAVA_OPTS", "LADDER_SHARED", "LADDER_LOG_FORMAT");

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
        return execute(commandLine(only(System.getenv(), args)), args);
    }

    /**
     * The one command {@code args} run, when it alone is needed: named before any other word, with no
     * option but {@code --verbose} and {@code --log-format} ahead of it, and no configuration file or
     * {@code LADDER_*} variable (those are checked against every command). {@code null} otherwise: help,
     * version, an unknown word, or a configuration to check.
     */
    static String only(java.util.Map<String, String> env, String... args) {
        for (String name : env.keySet()) {
            if (name.startsWith("LADDER_") && !LAUNCHER_VARIABLES.contains(name)
                    && !(name.equals(LadderConfig.CONFIG_ENV) && env.get(name).isBlank())) {
                return null;
            }
        }
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--log-format")) {
                i++;
            } else if (a.startsWith("--log-format=") || a.equals("--verbose")) {
                continue;
            } else if (a.startsWith("-")) {
                return null;
            } else {
                return COMMANDS.containsKey(a) && !a.equals("help") ? a : null;
            }
        }
        return null;
    }

    /** The command line with every command. */
    public static CommandLine commandLine() {
        return commandLine(null);
    }

    /**
     * The configured command line, with every command or ({@code only}) one. An exception no command handled becomes one line on stderr
     * ({@code ladder COMMAND: what went wrong}) and exit 1, never a stack trace unless {@code --verbose}.
     */
    static CommandLine commandLine(String only) {
        CommandLine cl = new CommandLine(new Main());
        for (java.util.Map.Entry<String, Class<?>> c : COMMANDS.entrySet()) {
            if (only == null || only.equals(c.getKey())) {
                cl.addSubcommand(c.getKey(), c.getValue());
            }
        }
        cl.setOut(new CommandOut(System.out));
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

    /** Runs {@code args} on {@code cl}: the configuration file and log format first (see {@link #configure}). */
    static int execute(CommandLine cl, String... args) {
        String[] rest;
        try {
            rest = configure(cl, System.getenv(), args);
        } catch (LadderConfig.ConfigException e) {
            cl.getErr().println("ladder: " + e.getMessage());
            cl.getErr().flush();
            return 2;
        }
        return cl.execute(rest);
    }

    /**
     * Takes {@code --config FILE} and {@code --log-format text|json} out of {@code args} (wherever they
     * are), loads the configuration file ({@code --config}, else {@code LADDER_CONFIG} of {@code env}) and the
     * environment overrides as {@code cl}'s default values, switches the log format, and returns the
     * remaining arguments.
     *
     * @throws LadderConfig.ConfigException naming the setting when the file, a variable or the log format is wrong
     */
    static String[] configure(CommandLine cl, java.util.Map<String, String> env, String... args) {
        java.util.List<String> rest = new java.util.ArrayList<>();
        String file = null;
        String format = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                rest.addAll(java.util.Arrays.asList(args).subList(i, args.length));
                break;
            } else if (a.equals("--config") || a.equals("--log-format")) {
                if (i + 1 >= args.length) {
                    throw new LadderConfig.ConfigException(a + " needs a value");
                }
                if (a.equals("--config")) {
                    file = args[++i];
                } else {
                    format = args[++i];
                }
            } else if (a.startsWith("--config=")) {
                file = a.substring("--config=".length());
            } else if (a.startsWith("--log-format=")) {
                format = a.substring("--log-format=".length());
            } else {
                rest.add(a);
            }
        }
        String source = "--log-format";
        if (format == null && env.get("LADDER_LOG_FORMAT") != null) {
            format = env.get("LADDER_LOG_FORMAT");
            source = "environment LADDER_LOG_FORMAT";
        }
        if (file == null && env.get(LadderConfig.CONFIG_ENV) != null && !env.get(LadderConfig.CONFIG_ENV).isBlank()) {
            file = env.get(LadderConfig.CONFIG_ENV);
        }
        if (format != null && LadderConfig.LogFormat.parse(format) == null) {
            throw new LadderConfig.ConfigException(source + ": must be text or json, not '" + format + "'");
        }
        if (format != null) {
            LogSetup.apply(LadderConfig.LogFormat.parse(format));
        }
        LadderConfig config = LadderConfig.load(file == null ? null : java.nio.file.Path.of(file), env, cl);
        if (format == null && config.logFormat() != null) {
            LogSetup.apply(config.logFormat());
        }
        cl.setDefaultValueProvider(config);
        return rest.toArray(String[]::new);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"ladder " + (v == null ? "dev" : v)};
        }
    }
}
