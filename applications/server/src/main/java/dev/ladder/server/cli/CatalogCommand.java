package dev.ladder.server.cli;

import dev.ladder.catalog.Catalog;
import dev.ladder.catalog.ImportReport;
import dev.ladder.core.Clock;
import dev.ladder.server.node.LiveNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ladder catalog import FILE...}: fill the catalog from files. */
@Command(name = "catalog", mixinStandardHelpOptions = true,
        description = "The catalog of sports events and races.",
        subcommands = {CatalogCommand.Import.class})
final class CatalogCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 2;
    }

    /** {@code ladder catalog import FILE... [--data DIR | --catalog-db URL]}. */
    @Command(name = "import", mixinStandardHelpOptions = true,
            description = {"Load Betfair historical/stream files (market definitions: meetings, races, runners, results),",
                    "listMarketCatalogue and listEvents answers (JSON-RPC responses or bare arrays) and event messages",
                    "(JSON lines, as POST /message/ takes them) into the catalog, telling each file's kind by its content,",
                    "and say what was created and updated. Exit 0 done; 1 a file or the store failed; 2 usage."})
    static final class Import implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Files to load.")
        List<Path> files;

        @Option(names = "--data", paramLabel = "DIR", description = "The data directory whose catalog.db to fill (default: data).")
        Path data;

        @Option(names = "--catalog-db", paramLabel = "URL", description = "A jdbc:postgresql:// or jdbc:sqlite: catalog instead (or LADDER_CATALOG_DB).")
        String catalogDb;

        @Option(names = "--event-type", paramLabel = "ID", description = "The Betfair event type of listEvents answers (e.g. 7 horse racing).")
        String eventType;

        /** Where PGUSER/PGPASSWORD and LADDER_CATALOG_DB are read from (the process environment; tests replace it). */
        Map<String, String> environment = System.getenv();

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            LiveNode.CatalogSetup setup;
            try {
                setup = ServeCommand.catalogSetup(catalogDb, data == null ? Path.of("data") : data, environment);
                for (Path f : files) {
                    if (!Files.isRegularFile(f)) {
                        throw new IllegalArgumentException("FILE " + f + " is not a readable file");
                    }
                }
            } catch (IllegalArgumentException e) {
                err.println("catalog import: " + e.getMessage());
                return 2;
            }
            try (Catalog catalog = Catalog.open(setup.config(), Clock.system())) {
                catalog.intake().start();
                ImportReport r = catalog.importer().importFiles(files, eventType);
                out.printf("imported %d files into %s: %d market definitions, %d catalogue entries, %d events;"
                                + " messages %d accepted (%d done, %d failed), %d duplicates, %d rejected; %s%n",
                        r.files(), setup.config().jdbcUrl().replaceAll("\\?.*", ""), r.marketDefinitions(), r.catalogueEntries(),
                        r.eventEntries(), r.messagesAccepted(), r.messagesDone(), r.messagesFailed(), r.messagesDuplicate(),
                        r.messagesRejected(), "created " + r.changes().created() + ", updated " + r.changes().updated());
                r.errors().forEach(e -> err.println("catalog import: " + e));
                out.flush();
                return 0;
            } catch (IOException | SQLException | RuntimeException e) {
                err.println("catalog import: " + e.getMessage());
                return 1;
            }
        }
    }
}
