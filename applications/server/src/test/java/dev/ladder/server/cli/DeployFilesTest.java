package dev.ladder.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The deployment files, which cannot run on the build machine, kept true by parsing them:
 * {@code deploy/Dockerfile} (multi-stage, JDK 25 build, JRE 25 runtime, non-root, the launcher's JVM flags
 * from the parent POM, exec entrypoint), {@code deploy/compose.yaml} (Ladder nodes, Kafka, PostgreSQL,
 * Prometheus, Grafana; the nodes mount the example configuration, which validates with their environment,
 * and publish the configured port) and {@code deploy/prometheus/prometheus.yml} (scrapes exactly those nodes).
 */
class DeployFilesTest {
    static final Path ROOT = Path.of("../..");
    static final Path DEPLOY = ROOT.resolve("deploy");
    static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void theDockerfileBuildsOnAJdkRunsOnAJreAsANonRootUserWithTheLaunchersJvmFlags() throws IOException {
        List<String> lines = instructions(Files.readString(DEPLOY.resolve("Dockerfile")));
        List<String> from = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertThat(from).hasSize(2);
        assertThat(from.get(0)).matches("FROM eclipse-temurin:25-jdk\\S* AS build");
        assertThat(from.get(1)).matches("FROM eclipse-temurin:25-jre\\S* AS runtime");
        List<String> runtime = lines.subList(lines.indexOf(from.get(1)), lines.size());
        List<String> users = runtime.stream().filter(l -> l.startsWith("USER ")).toList();
        assertThat(users).hasSize(1);
        assertThat(users.getFirst().substring(5).trim()).isNotIn("root", "0", "0:0");
        assertThat(runtime.indexOf(users.getFirst())).as("USER comes before the entrypoint")
                .isLessThan(indexStarting(runtime, "ENTRYPOINT"));
        // the flags: extracted from the parent POM with the launcher's own sed expression, used by the entrypoint
        String sed = sedOf(Files.readString(ROOT.resolve("ladder")));
        String build = String.join("\n", lines.subList(0, lines.indexOf(from.get(1))));
        assertThat(build).contains(sed + " pom.xml > /out/jvm.flags");
        assertThat(applySed(Files.readString(ROOT.resolve("pom.xml")))).isEqualTo(GracefulShutdownTest.jvmFlags());
        String entrypoint = Files.readString(DEPLOY.resolve("ladder-entrypoint.sh"));
        assertThat(entrypoint).contains("exec java $(cat /opt/ladder/jvm.flags) ${LADDER_JAVA_OPTS:-}")
                .contains("dev.ladder.server.cli.Main \"$@\"");
        assertThat(lines).contains("ENTRYPOINT [\"/opt/ladder/ladder\"]", "COPY deploy/ladder-entrypoint.sh /opt/ladder/ladder");
        assertThat(Files.isExecutable(DEPLOY.resolve("ladder-entrypoint.sh"))).isTrue();
    }

    @Test
    void composeRunsNodesWithTheExampleConfigurationAndPrometheusScrapesThem() throws IOException {
        JsonNode compose = YAML.readTree(DEPLOY.resolve("compose.yaml").toFile());
        JsonNode services = compose.get("services");
        assertThat(services.has("postgres") && services.has("kafka") && services.has("prometheus") && services.has("grafana")).isTrue();
        List<String> nodes = new ArrayList<>();
        services.fieldNames().forEachRemaining(n -> {
            if (services.get(n).path("build").path("dockerfile").asText().equals("deploy/Dockerfile")) {
                nodes.add(n);
            }
        });
        assertThat(nodes).as("Ladder nodes").hasSizeGreaterThanOrEqualTo(2);
        List<String> expectedTargets = new ArrayList<>();
        for (String n : nodes) {
            JsonNode s = services.get(n);
            Map<String, String> env = new HashMap<>();
            s.get("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
            String configPath = env.get("LADDER_CONFIG");
            String mount = null;
            for (JsonNode v : s.get("volumes")) {
                String[] parts = v.asText().split(":");
                if (parts.length >= 2 && parts[1].equals(configPath)) {
                    mount = parts[0];
                }
            }
            assertThat(mount).as(n + " mounts its LADDER_CONFIG").isEqualTo("../ladder.example.toml");
            Path config = DEPLOY.resolve(mount).normalize();
            assertThat(config).isEqualTo(LadderConfigTest.EXAMPLE.normalize());
            // the configuration validates with the node's own environment (LADDER_* overrides included),
            // the mounted file standing in for the container's path
            env.put("LADDER_CONFIG", config.toString());
            CommandLine cl = Main.commandLine();
            String[] rest = Main.configure(cl, env, s.get("command").get(0).asText());
            ServeCommand serve = (ServeCommand) cl.parseArgs(rest).subcommand().commandSpec().userObject();
            LogSetup.apply(LadderConfig.LogFormat.TEXT);
            assertThat(serve.host).as("a container binds every interface").isEqualTo("0.0.0.0");
            assertThat(s.get("ports").get(0).asText()).as(n + " publishes the configured port").endsWith(":" + serve.port);
            URI db = URI.create(serve.catalogDb.substring("jdbc:".length()));
            assertThat(services.has(db.getHost())).as("the catalog's host is a compose service").isTrue();
            assertThat(db.getQuery()).isEqualTo("user=" + services.get(db.getHost()).get("environment").get("POSTGRES_USER").asText());
            assertThat(env.get("PGPASSWORD")).as("the password comes from the environment").startsWith("${PGPASSWORD");
            expectedTargets.add(n + ":" + serve.port);
        }
        JsonNode prometheus = YAML.readTree(DEPLOY.resolve("prometheus/prometheus.yml").toFile());
        List<String> targets = new ArrayList<>();
        for (JsonNode job : prometheus.get("scrape_configs")) {
            assertThat(job.get("metrics_path").asText()).isEqualTo("/metrics");
            for (JsonNode sc : job.get("static_configs")) {
                sc.get("targets").forEach(t -> targets.add(t.asText()));
            }
        }
        assertThat(targets).containsExactlyInAnyOrderElementsOf(expectedTargets);
        // Grafana gets the dashboard the ops test checks against /metrics, and Prometheus as its data source
        JsonNode grafana = services.get("grafana");
        assertThat(grafana.get("volumes").toString()).contains("./grafana/dashboards:/var/lib/grafana/dashboards");
        assertThat(YAML.readTree(DEPLOY.resolve("grafana/provisioning/dashboards/ladder.yml").toFile())
                .at("/providers/0/options/path").asText()).isEqualTo("/var/lib/grafana/dashboards");
        assertThat(Files.exists(DEPLOY.resolve("grafana/dashboards/ladder.json"))).isTrue();
        assertThat(YAML.readTree(DEPLOY.resolve("grafana/provisioning/datasources/prometheus.yml").toFile())
                .at("/datasources/0/url").asText()).isEqualTo("http://prometheus:9090");
    }

    /** Dockerfile instructions, continuation lines joined, comments dropped. */
    static List<String> instructions(String dockerfile) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : dockerfile.split("\n")) {
            if (line.trim().startsWith("#") || line.isBlank()) {
                continue;
            }
            if (line.endsWith("\\")) {
                cur.append(line, 0, line.length() - 1);
                continue;
            }
            cur.append(line);
            out.add(cur.toString().trim().replaceAll("\\s+", " "));
            cur.setLength(0);
        }
        return out;
    }

    private static int indexStarting(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    /** The {@code sed -n '...'} expression with which the launcher reads the flags from the POM. */
    static String sedOf(String launcher) {
        Matcher m = Pattern.compile("sed -n '[^']*ladder\\.jvm\\.flags[^']*'").matcher(launcher);
        assertThat(m.find()).as("the launcher reads ladder.jvm.flags with sed").isTrue();
        return m.group();
    }

    private static String applySed(String pom) {
        Matcher m = Pattern.compile(".*<ladder.jvm.flags>(.*)</ladder.jvm.flags>.*").matcher(pom);
        assertThat(m.find()).isTrue();
        return m.group(1).trim();
    }
}
