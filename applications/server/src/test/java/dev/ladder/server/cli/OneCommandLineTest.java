package dev.ladder.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A run that names one command builds only that command's model (start-up); anything that needs the
 * others (help, version, a configuration file or variable to check, an unknown word) gets them all, and
 * a command built alone is the command built among all.
 */
class OneCommandLineTest {
    private static final List<String> ALL = List.of("help", "book", "serve", "demo", "sim", "journal", "record", "replay",
            "export", "catalog");

    @Test
    void oneNamedCommandIsBuiltAlone() {
        Map<String, String> none = Map.of();
        assertThat(Main.only(none, "book", "file.gz", "--json")).isEqualTo("book");
        assertThat(Main.only(none, "--verbose", "serve", "--port", "1")).isEqualTo("serve");
        assertThat(Main.only(none, "--log-format", "json", "replay", "dir")).isEqualTo("replay");
        assertThat(Main.only(none, "--log-format=json", "journal", "verify", "dir")).isEqualTo("journal");
        assertThat(Main.only(Map.of("LADDER_HEAP", "2g", "LADDER_CDS", "0", "LADDER_JAVA_OPTS", "-Xint", "LADDER_CONFIG", " "),
                "book", "x")).isEqualTo("book");
    }

    @Test
    void everythingIsBuiltWhenOneCommandIsNotEnough() {
        Map<String, String> none = Map.of();
        assertThat(Main.only(none)).isNull();
        assertThat(Main.only(none, "help", "book")).isNull();
        assertThat(Main.only(none, "--help")).isNull();
        assertThat(Main.only(none, "--version")).isNull();
        assertThat(Main.only(none, "bok", "x")).as("an unknown word: picocli's suggestions need every name").isNull();
        assertThat(Main.only(none, "--config", "ladder.toml", "serve")).isNull();
        assertThat(Main.only(none, "--config=ladder.toml", "serve")).isNull();
        assertThat(Main.only(Map.of("LADDER_CONFIG", "ladder.toml"), "serve")).isNull();
        assertThat(Main.only(Map.of("LADDER_SERVE_PORT", "9"), "book", "x")).as("variables are checked against every command").isNull();
    }

    @Test
    void aCommandBuiltAloneIsTheCommandBuiltAmongAll() {
        CommandLine all = Main.commandLine();
        assertThat(List.copyOf(all.getSubcommands().keySet())).isEqualTo(ALL);
        for (String name : ALL) {
            CommandLine alone = Main.commandLine(name);
            assertThat(alone.getSubcommands().keySet()).as(name).containsExactly(name);
            CommandLine a = alone.getSubcommands().get(name);
            CommandLine b = all.getSubcommands().get(name);
            assertThat(a.getUsageMessage(CommandLine.Help.Ansi.OFF)).as(name).isEqualTo(b.getUsageMessage(CommandLine.Help.Ansi.OFF));
            assertThat(a.getSubcommands().keySet()).as(name).isEqualTo(b.getSubcommands().keySet());
            assertThat(a.getExecutionExceptionHandler()).as(name + " reports errors in one line").isNotNull()
                    .isSameAs(alone.getExecutionExceptionHandler());
        }
    }
}
