package dev.ladder.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ladder.betfair.BetfairCacheConfig;
import dev.ladder.betfair.BetfairHistoricalReader;
import dev.ladder.betfair.BetfairMarketCache;
import dev.ladder.betfair.BetfairMarketDefinition;
import dev.ladder.betfair.BetfairStreamDecoder;
import dev.ladder.betfair.api.BettingApiAnswer;
import dev.ladder.betfair.api.BettingApiException;
import dev.ladder.betfair.api.BettingApiJson;
import dev.ladder.betfair.api.EventResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads files into the catalog ({@code ladder catalog import FILE...}), finding what each holds from its
 * content (plain, gzip, bzip2 or tar, as {@link BetfairHistoricalReader} reads them):
 * <ul>
 *   <li>Betfair stream/historical files ({@code "op":"mcm"} lines): each market's latest definition is
 *       applied through the {@link BetfairCatalogMapper};</li>
 *   <li>Betting API answers: listMarketCatalogue and listEvents, as JSON-RPC responses, bare arrays or
 *       single catalogue objects; listEvents answers are applied after every other file, so that the
 *       event types of their events are known (or pass {@code eventTypeId});</li>
 *   <li>event messages (JSON lines, or one message): submitted to the {@link CatalogIntake}, which is
 *       started if needed, and waited for.</li>
 * </ul>
 * A bad line or entry is reported and the rest of the file is still loaded. Not thread-safe (one import
 * at a time per instance).
 */
public final class CatalogImporter {
    private static final int MAX_ERRORS = 1_000;
    private static final Duration MESSAGE_WAIT = Duration.ofMinutes(30);

    private final Catalog catalog;

    CatalogImporter(Catalog catalog) {
        this.catalog = catalog;
    }

    /** {@link #importFiles(List, String)} with no event type for listEvents answers. */
    public ImportReport importFiles(List<Path> files) throws IOException, SQLException, InterruptedException {
        return importFiles(files, null);
    }

    /**
     * Imports every file.
     *
     * @param eventTypeId the Betfair event type of listEvents answers ({@code null}: only events already
     *                    known are updated, the others reported as skipped)
     * @throws IOException when a file cannot be read (files before it are imported)
     */
    public ImportReport importFiles(List<Path> files, String eventTypeId) throws IOException, SQLException, InterruptedException {
        Run run = new Run();
        List<Map.Entry<Path, List<EventResult>>> deferredEvents = new ArrayList<>();
        for (Path file : files) {
            run.files++;
            importFile(file, run, deferredEvents);
        }
        for (Map.Entry<Path, List<EventResult>> e : deferredEvents) {
            BetfairCatalogMapper.Outcome o = catalog.betfair().applyEvents(e.getValue(), eventTypeId);
            run.changes = run.changes.plus(o.changes());
            run.events += e.getValue().size() - o.skipped().size();
            for (String s : o.skipped()) {
                run.error(e.getKey().getFileName() + ": " + s);
            }
        }
        if (!run.accepted.isEmpty()) {
            if (!catalog.intake().awaitIdle(MESSAGE_WAIT)) {
                run.error("messages still queued after " + MESSAGE_WAIT.toMinutes() + " minutes; they stay queued and will be applied");
            }
            for (Map.Entry<String, String> a : run.accepted.entrySet()) {
                MessageStatus st = catalog.intake().status(a.getKey()).orElse(null);
                if (st == null) {
                    continue;
                }
                if (st.status() == MessageStatus.State.DONE) {
                    run.done++;
                } else if (st.status() == MessageStatus.State.FAILED) {
                    run.failed++;
                    run.error(a.getValue() + ": message " + a.getKey() + " failed: " + st.error());
                }
            }
        }
        return new ImportReport(run.files, run.definitions, run.catalogues, run.events, run.accepted.size(),
                run.duplicates, run.rejected, run.done, run.failed, run.changes, run.errors);
    }

    private static final class Run {
        int files;
        long definitions;
        long catalogues;
        long events;
        long duplicates;
        long rejected;
        long done;
        long failed;
        CatalogChanges changes = CatalogChanges.NONE;
        final Map<String, String> accepted = new LinkedHashMap<>();
        final List<String> errors = new ArrayList<>();

        void error(String line) {
            if (errors.size() < MAX_ERRORS) {
                errors.add(line);
            }
        }
    }

    private void importFile(Path file, Run run, List<Map.Entry<Path, List<EventResult>>> deferredEvents)
            throws IOException, SQLException {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        byte[][] first = new byte[1][];
        new BetfairHistoricalReader().read(file, (source, n, b, off, len) -> {
            first[0] = Arrays.copyOfRange(b, off, off + len);
            return false;
        });
        if (first[0] == null) {
            run.error(name + ": empty");
            return;
        }
        if (isStream(first[0])) {
            importStream(file, name, run);
            return;
        }
        byte[] all = BetfairHistoricalReader.readAllDecompressed(file);
        JsonNode whole = null;
        try {
            whole = MessageParser.JSON.readTree(all);
        } catch (JsonProcessingException e) {
            // several JSON values: JSON lines, read one by one below
        }
        if (whole != null && whole.isObject() && whole.has("message_type")) {
            submit(all, name, run);
            return;
        }
        if (whole != null && BettingApiJson.looksLikeAnswer(whole)) {
            bettingApi(whole, file, name, run, deferredEvents);
            return;
        }
        if (whole != null && whole.isArray()) {
            for (JsonNode m : whole) {
                submit(m.toString().getBytes(StandardCharsets.UTF_8), name, run);
            }
            return;
        }
        if (whole != null) {
            run.error(name + ": not a Betfair stream file, Betting API answer or event message");
            return;
        }
        SQLException[] failure = new SQLException[1];
        new BetfairHistoricalReader().read(file, (source, n, b, off, len) -> {
            byte[] line = Arrays.copyOfRange(b, off, off + len);
            JsonNode node;
            try {
                node = MessageParser.JSON.readTree(line);
            } catch (IOException e) {
                run.rejected++;
                run.error(source + ":" + n + ": not JSON");
                return true;
            }
            try {
                if (node != null && node.isObject() && node.has("message_type")) {
                    submit(line, source + ":" + n, run);
                } else if (node != null && BettingApiJson.looksLikeAnswer(node)) {
                    bettingApi(node, file, source + ":" + n, run, deferredEvents);
                } else {
                    run.error(source + ":" + n + ": not an event message or Betting API answer");
                }
            } catch (SQLException e) {
                failure[0] = e;
                return false;
            }
            return true;
        });
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    private static boolean isStream(byte[] line) {
        String s = new String(line, 0, Math.min(line.length, 200), StandardCharsets.UTF_8);
        return s.contains("\"op\":\"mcm\"") || s.contains("\"op\": \"mcm\"");
    }

    private void importStream(Path file, String name, Run run) throws IOException, SQLException {
        BetfairMarketCache cache = new BetfairMarketCache(BetfairCacheConfig.keepAll());
        Map<String, BetfairMarketDefinition> latest = new LinkedHashMap<>();
        cache.listener((market, image) -> {
            if (market.definition() != null) {
                latest.put(market.id(), market.definition());
            }
        });
        BetfairStreamDecoder decoder = new BetfairStreamDecoder(cache);
        long[] malformed = new long[1];
        new BetfairHistoricalReader().read(file, (source, n, b, off, len) -> {
            if (decoder.decode(b, off, len) == BetfairStreamDecoder.Op.MALFORMED) {
                malformed[0]++;
                run.error(source + ":" + n + ": " + decoder.lastError());
            }
            return true;
        });
        Map<String, BetfairMarketDefinition> usable = new LinkedHashMap<>();
        latest.forEach((id, d) -> {
            if (d.eventId() == null || d.eventTypeId() == null) {
                run.error(name + ": market " + id + ": definition without eventId or eventTypeId");
            } else {
                usable.put(id, d);
            }
        });
        if (!usable.isEmpty()) {
            run.changes = run.changes.plus(catalog.betfair().applyDefinitions(usable));
        }
        run.definitions += usable.size();
    }

    private void bettingApi(JsonNode node, Path file, String where, Run run, List<Map.Entry<Path, List<EventResult>>> deferredEvents)
            throws SQLException {
        BettingApiAnswer answer;
        try {
            answer = BettingApiJson.parse(node);
        } catch (BettingApiException e) {
            run.error(where + ": " + e.getMessage());
            return;
        }
        for (String e : answer.errors()) {
            run.error(where + ": " + e);
        }
        if (!answer.marketCatalogues().isEmpty()) {
            BetfairCatalogMapper.Outcome o = catalog.betfair().applyCatalogues(answer.marketCatalogues());
            run.changes = run.changes.plus(o.changes());
            run.catalogues += answer.marketCatalogues().size() - o.skipped().size();
            for (String s : o.skipped()) {
                run.error(where + ": " + s);
            }
        }
        if (!answer.events().isEmpty()) {
            deferredEvents.add(Map.entry(file, answer.events()));
        }
    }

    private void submit(byte[] raw, String where, Run run) throws SQLException {
        CatalogIntake intake = catalog.intake();
        intake.start();
        try {
            SubmitResult r = intake.submit(raw);
            if (r.duplicate()) {
                run.duplicates++;
            } else {
                run.accepted.put(r.status().id(), where);
            }
        } catch (CatalogMessageException e) {
            run.rejected++;
            run.error(where + ": " + e.getMessage());
        }
    }
}
