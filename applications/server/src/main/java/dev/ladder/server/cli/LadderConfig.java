package dev.ladder.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The configuration file ({@code --config FILE} or {@code LADDER_CONFIG}, TOML) and the environment
 * overrides, as picocli default values: a value on the command line wins, then an environment variable
 * {@code LADDER_<COMMAND>_<OPTION>} ({@code LADDER_SERVE_PORT}, {@code LADDER_SIM_BINANCE_TICK_MS}), then the
 * file's {@code [serve] port = 8080} ({@code [sim.binance]} for {@code sim binance}), then the option's own
 * default. Keys are option names without the dashes; arrays stand for comma-separated lists; a boolean
 * option takes {@code true}/{@code false}. The top-level {@code log-format} key is the file's
 * {@code --log-format}.
 *
 * <p>Everything is validated once, at start: an unknown table or key, a value the option would refuse
 * (converted as the command line would) and a secret in the file are errors naming {@code FILE: [table] key}
 * or the environment variable. Secrets (keys, sessions, passwords, tokens; a password inside a JDBC URL)
 * come only from the environment.
 */
final class LadderConfig implements CommandLine.IDefaultValueProvider {
    /** Environment variable naming the configuration file when {@code --config} is not given. */
    static final String CONFIG_ENV = "LADDER_CONFIG";
    /** Options whose values are secrets: never read from the file. */
    private static final Set<String> SECRETS = Set.of("app-key", "session", "tls-password", "password", "token");

    private final Map<String, String> values;

    private LadderConfig(Map<String, String> values) {
        this.values = values;
    }

    /** The thrown error: names the file and key, or the environment variable, and says what is wrong. */
    static final class ConfigException extends RuntimeException {
        ConfigException(String message) {
            super(message);
        }
    }

    /**
     * Reads {@code file} (null: none) and the {@code LADDER_<COMMAND>_<OPTION>} variables of {@code env}
     * against the commands of {@code root}.
     *
     * @throws ConfigException naming the setting on an unreadable file, an unknown key, a bad value or a secret in the file
     */
    static LadderConfig load(Path file, Map<String, String> env, CommandLine root) {
        Map<String, String> values = new HashMap<>();
        Map<String, OptionSpec> options = new LinkedHashMap<>();
        Map<String, List<String>> paths = new HashMap<>();
        collect(root, List.of(), options, paths);
        if (file != null) {
            JsonNode tree;
            try {
                tree = new TomlMapper().readTree(Files.readString(file));
            } catch (java.nio.file.NoSuchFileException e) {
                throw new ConfigException(file + ": no such file");
            } catch (IOException e) {
                throw new ConfigException(file + ": " + oneLine(e.getMessage()));
            }
            walk(file, tree, root, List.of(), values, options, paths);
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            String name = e.getKey();
            if (!name.startsWith("LADDER_") || name.equals(CONFIG_ENV)) {
                continue;
            }
            String key = null;
            for (String k : options.keySet()) {
                if (envName(k).equals(name)) {
                    key = k;
                }
            }
            if (key == null) {
                String prefix = commandPrefix(root, name);
                if (prefix != null) {
                    throw new ConfigException("environment " + name + ": no such option of `ladder " + prefix + "`");
                }
                continue;
            }
            OptionSpec o = options.get(key);
            String v = e.getValue();
            if (isBoolean(o) && !v.equals("true") && !v.equals("false")) {
                throw new ConfigException("environment " + name + ": must be true or false, not '" + v + "'");
            }
            check("environment " + name, paths.get(key), o, v);
            values.put(key, v);
        }
        return new LadderConfig(values);
    }

    /** Option keys ({@code "serve --port"}) mapped to their environment variable ({@code LADDER_SERVE_PORT}). */
    static String envName(String key) {
        return ("LADDER_" + key.replace(" --", "_").replace(' ', '_').replace('-', '_')).toUpperCase(Locale.ROOT);
    }

    /** Every configurable option of {@code root}'s commands under each of its long names, as {@code "serve --port"} keys. */
    static Map<String, OptionSpec> options(CommandLine root) {
        Map<String, OptionSpec> options = new LinkedHashMap<>();
        collect(root, List.of(), options, new HashMap<>());
        return options;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec o) || o.command() == null) {
            return null;
        }
        String path = o.command().qualifiedName(" ");
        int space = path.indexOf(' ');
        if (space < 0) {
            return null;
        }
        for (String name : o.names()) {
            String v = values.get(path.substring(space + 1) + " " + name);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** The file's {@code log-format}, or {@code null} when it has none. */
    LogFormat logFormat() {
        return values.containsKey("log-format") ? LogFormat.parse(values.get("log-format")) : null;
    }

    private static void collect(CommandLine cl, List<String> path, Map<String, OptionSpec> options, Map<String, List<String>> paths) {
        if (!path.isEmpty()) {
            for (OptionSpec o : cl.getCommandSpec().options()) {
                if (o.usageHelp() || o.versionHelp() || !o.longestName().startsWith("--")) {
                    continue;
                }
                for (String name : o.names()) {
                    if (name.startsWith("--")) {
                        String key = String.join(" ", path) + " " + name;
                        options.put(key, o);
                        paths.put(key, path);
                    }
                }
            }
        }
        for (Map.Entry<String, CommandLine> sub : cl.getSubcommands().entrySet()) {
            if (sub.getKey().equals("help") || !sub.getKey().equals(sub.getValue().getCommandName())) {
                continue;
            }
            List<String> p = new ArrayList<>(path);
            p.add(sub.getKey());
            collect(sub.getValue(), p, options, paths);
        }
    }

    private static void walk(Path file, JsonNode node, CommandLine cl, List<String> path, Map<String, String> values,
                             Map<String, OptionSpec> options, Map<String, List<String>> paths) {
        String table = path.isEmpty() ? "" : "[" + String.join(".", path) + "] ";
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String name = f.getKey();
            JsonNode v = f.getValue();
            String where = file + ": " + table + name;
            if (path.isEmpty() && name.equals("log-format")) {
                String text = v.asText();
                if (!v.isTextual() || LogFormat.parse(text) == null) {
                    throw new ConfigException(where + ": must be \"text\" or \"json\", not " + v);
                }
                values.put("log-format", text);
                continue;
            }
            CommandLine sub = cl.getSubcommands().get(name);
            if (v.isObject()) {
                if (sub == null || name.equals("help")) {
                    throw new ConfigException(file + ": [" + (path.isEmpty() ? "" : String.join(".", path) + ".") + name
                            + "]: no such command (" + known(cl) + ")");
                }
                List<String> p = new ArrayList<>(path);
                p.add(name);
                walk(file, v, sub, p, values, options, paths);
                continue;
            }
            if (path.isEmpty()) {
                throw new ConfigException(where + ": not a setting; options go in a table named after their command, e.g. [serve]");
            }
            String key = String.join(" ", path) + " --" + name;
            OptionSpec o = options.get(key);
            if (o == null) {
                throw new ConfigException(where + ": no such option of `ladder " + String.join(" ", path) + "`");
            }
            if (SECRETS.contains(name) || name.contains("password") || name.contains("token")) {
                throw new ConfigException(where + ": is a secret; set it in the environment (" + envName(key) + "), never in the file");
            }
            String text;
            if (v.isArray()) {
                List<String> items = new ArrayList<>();
                v.forEach(i -> items.add(i.asText()));
                text = String.join(",", items);
            } else if (v.isBoolean()) {
                if (!isBoolean(o)) {
                    throw new ConfigException(where + ": takes a value, not true/false");
                }
                text = v.asText();
            } else if (v.isValueNode()) {
                if (isBoolean(o)) {
                    throw new ConfigException(where + ": must be true or false, not " + v);
                }
                text = v.asText();
            } else {
                throw new ConfigException(where + ": unsupported value " + v);
            }
            if (text.matches("(?i).*(password|pwd)=.*")) {
                throw new ConfigException(where + ": holds a password; give it in the environment (PGPASSWORD), never in the file");
            }
            check(where, path, o, text);
            values.put(key, text);
        }
    }

    /** Converts {@code value} as the command line would, on a fresh command tree, so errors surface at start. */
    private static void check(String where, List<String> path, OptionSpec o, String value) {
        if (isBoolean(o)) {
            return;
        }
        List<String> args = new ArrayList<>(path);
        args.add(o.longestName() + "=" + value);
        try {
            Main.commandLine().setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args.toArray(String[]::new));
        } catch (CommandLine.MissingParameterException e) {
            // a required parameter of the command is given on the command line, not here
        } catch (CommandLine.ParameterException e) {
            throw new ConfigException(where + ": " + oneLine(e.getMessage()));
        }
    }

    private static boolean isBoolean(OptionSpec o) {
        return o.type() == boolean.class || o.type() == Boolean.class;
    }

    private static String commandPrefix(CommandLine root, String envName) {
        String best = null;
        for (String name : root.getSubcommands().keySet()) {
            String p = "LADDER_" + name.toUpperCase(Locale.ROOT).replace('-', '_') + "_";
            if (envName.startsWith(p) && !name.equals("help") && !name.equals("catalog")) {
                best = name;
            }
        }
        return best;
    }

    private static String known(CommandLine cl) {
        return "known: " + String.join(", ", cl.getSubcommands().keySet().stream().filter(n -> !n.equals("help")).sorted().toList());
    }

    private static String oneLine(String s) {
        return s == null ? "unreadable" : s.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    /** {@code --log-format}: how log lines are written to standard error. */
    enum LogFormat {
        TEXT, JSON;

        static LogFormat parse(String s) {
            return switch (s == null ? "" : s.toLowerCase(Locale.ROOT)) {
                case "text" -> TEXT;
                case "json" -> JSON;
                default -> null;
            };
        }
    }
}
