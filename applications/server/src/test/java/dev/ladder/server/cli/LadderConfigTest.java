package dev.ladder.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class LadderConfigTest {
    /** The documented example at the root of the repository (the one deploy/compose.yaml mounts). */
    static final Path EXAMPLE = Path.of("../../ladder.example.toml");

    @TempDir
    Path dir;

    private static CommandLine root() {
        return Main.commandLine().setCaseInsensitiveEnumValuesAllowed(true);
    }

    private static <T> T parsed(CommandLine cl, String[] args, Class<T> type) {
        CommandLine.ParseResult r = cl.parseArgs(args);
        while (r.hasSubcommand()) {
            r = r.subcommand();
        }
        return type.cast(r.commandSpec().userObject());
    }

    @Test
    void theExampleLoadsAndItsValuesBecomeTheDefaults() {
        CommandLine cl = root();
        String[] rest = Main.configure(cl, Map.of(), "--config", EXAMPLE.toString(), "serve");
        assertThat(rest).containsExactly("serve");
        ServeCommand serve = parsed(cl, rest, ServeCommand.class);
        assertThat(serve.host).isEqualTo("0.0.0.0");
        assertThat(serve.port).isEqualTo(8080);
        assertThat(serve.spot).containsExactly("BTCUSDT", "ETHUSDT");
        assertThat(serve.futures).containsExactly("BTCUSDT");
        assertThat(serve.catalogDb).isEqualTo("jdbc:postgresql://postgres:5432/ladder?user=ladder");
        assertThat(serve.isBetfairTls).isTrue();
        assertThat(serve.data).isEqualTo(Path.of("/data"));
        LogSetup.apply(LadderConfig.LogFormat.TEXT);
    }

    @Test
    void theCommandLineWinsOverTheEnvironmentWhichWinsOverTheFile() throws IOException {
        Path file = dir.resolve("l.toml");
        Files.writeString(file, "[serve]\nport = 8081\nbinance = [\"BTCUSDT\"]\n[demo]\nno-record = true\nraces = 3\n"
                + "[sim.binance]\ntick-ms = 25\n");
        Map<String, String> env = Map.of("LADDER_SERVE_PORT", "9191", "LADDER_CONFIG", file.toString());
        CommandLine cl = root();
        ServeCommand serve = parsed(cl, Main.configure(cl, env, "serve"), ServeCommand.class);
        assertThat(serve.port).isEqualTo(9191);
        assertThat(serve.spot).containsExactly("BTCUSDT");
        cl = root();
        serve = parsed(cl, Main.configure(cl, env, "serve", "--port", "7070"), ServeCommand.class);
        assertThat(serve.port).isEqualTo(7070);
        cl = root();
        DemoCommand demo = parsed(cl, Main.configure(cl, env, "demo"), DemoCommand.class);
        assertThat(demo.isNoRecord).isTrue();
        assertThat(demo.betfairMarkets).isEqualTo(3);
        cl = root();
        SimCommand.Binance sim = parsed(cl, Main.configure(cl, env, "sim", "binance"), SimCommand.Binance.class);
        assertThat(sim.tickMillis).isEqualTo(25);
        cl = root();
        sim = parsed(cl, Main.configure(cl, Map.of("LADDER_SIM_BINANCE_TICK_MS", "40"), "sim", "binance"), SimCommand.Binance.class);
        assertThat(sim.tickMillis).isEqualTo(40);
    }

    @Test
    void everyKeyOfTheExampleIsAnOptionAndEveryOptionOfServeRecordAndDemoIsInTheExample() throws IOException {
        Map<String, OptionSpec> options = LadderConfig.options(root());
        Pattern table = Pattern.compile("^\\[([a-z.-]+)]");
        Pattern key = Pattern.compile("^#? ?([a-z][a-z0-9-]*) = ");
        String section = null;
        Set<OptionSpec> listed = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String line : Files.readAllLines(EXAMPLE)) {
            Matcher t = table.matcher(line);
            Matcher k = key.matcher(line);
            if (t.find()) {
                section = t.group(1).replace('.', ' ');
            } else if (section != null && k.find()) {
                OptionSpec o = options.get(section + " --" + k.group(1));
                if (o == null) {
                    unknown.add("[" + section + "] " + k.group(1));
                } else {
                    listed.add(o);
                }
            }
        }
        assertThat(unknown).isEmpty();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, OptionSpec> e : options.entrySet()) {
            String cmd = e.getKey().substring(0, e.getKey().indexOf(" --"));
            // --verbose is inherited by every command from ladder itself: a flag for one run, not a setting
            if (Set.of("serve", "record", "demo").contains(cmd) && !listed.contains(e.getValue()) && !e.getValue().inherited()) {
                missing.add(e.getKey());
            }
        }
        assertThat(missing).as("options of serve, record and demo missing from %s", EXAMPLE).isEmpty();
    }

    @Test
    void mistakesAreRefusedAtStartNamingTheSetting() throws IOException {
        assertRefused("[serve]\nportt = 1\n", "[serve] portt: no such option of `ladder serve`");
        assertRefused("[serve]\nport = \"eighty\"\n", "[serve] port: ", "eighty");
        assertRefused("[serve]\nbetfair-tls = \"yes\"\n", "[serve] betfair-tls: must be true or false");
        assertRefused("[serve]\nsnapshot-limit = true\n", "[serve] snapshot-limit: takes a value");
        assertRefused("[serv]\nport = 1\n", "[serv]: no such command");
        assertRefused("port = 1\n", "port: not a setting");
        assertRefused("[sim.betfair]\napp-key = \"k\"\n", "[sim.betfair] app-key: is a secret", "LADDER_SIM_BETFAIR_APP_KEY");
        assertRefused("[serve]\ncatalog-db = \"jdbc:postgresql://h/db?user=u&password=p\"\n", "[serve] catalog-db: holds a password");
        assertRefused("log-format = \"xml\"\n", "log-format: must be \"text\" or \"json\"");
        assertRefused("[serve\n", "l.toml: ");
        assertThatThrownBy(() -> Main.configure(root(), Map.of("LADDER_SERVE_PORT", "x"), "serve"))
                .hasMessageContaining("environment LADDER_SERVE_PORT: ").hasMessageContaining("'x'");
        assertThatThrownBy(() -> Main.configure(root(), Map.of("LADDER_SERVE_PROT", "1"), "serve"))
                .hasMessage("environment LADDER_SERVE_PROT: no such option of `ladder serve`");
        assertThatThrownBy(() -> Main.configure(root(), Map.of(), "serve", "--log-format", "yaml"))
                .hasMessageContaining("--log-format: must be text or json");
        assertThatThrownBy(() -> Main.configure(root(), Map.of(), "serve", "--config", dir.resolve("none.toml").toString()))
                .hasMessageEndingWith("none.toml: no such file");
        Map<String, String> env = new HashMap<>(Map.of("LADDER_API_TOKEN", "t", "LADDER_CATALOG_DB", "jdbc:sqlite:x",
                "LADDER_SHARED", "/x", "LADDER_SIM_BETFAIR_APP_KEY", "from-env"));
        CommandLine cl = root();
        Main.configure(cl, env, "sim", "betfair");
    }

    private void assertRefused(String toml, String... fragments) throws IOException {
        Path file = dir.resolve("l.toml");
        Files.writeString(file, toml);
        var thrown = assertThatThrownBy(() -> Main.configure(root(), Map.of(), "--config=" + file, "serve"))
                .isInstanceOf(LadderConfig.ConfigException.class).hasMessageStartingWith(file.toString());
        for (String f : fragments) {
            thrown.hasMessageContaining(f);
        }
    }
}
