package dev.ladder.catalog;

import java.util.List;

/**
 * What {@link CatalogImporter#importFiles} did.
 *
 * @param files              files read
 * @param marketDefinitions  Betfair markets whose latest stream definition was applied
 * @param catalogueEntries   listMarketCatalogue entries applied
 * @param eventEntries       listEvents entries applied
 * @param messagesAccepted   event messages stored (new ids)
 * @param messagesDuplicate  event messages whose id was already stored
 * @param messagesRejected   malformed event messages (each has an error line)
 * @param messagesDone       accepted messages applied
 * @param messagesFailed     accepted messages that could not apply (each has an error line)
 * @param changes            catalog records created and updated by Betfair data (messages' own changes
 *                           are not counted here: they apply asynchronously)
 * @param errors             one line per problem: file, line or entry, reason (at most 1,000 kept)
 */
public record ImportReport(int files, long marketDefinitions, long catalogueEntries, long eventEntries,
                           long messagesAccepted, long messagesDuplicate, long messagesRejected, long messagesDone,
                           long messagesFailed, CatalogChanges changes, List<String> errors) {
    public ImportReport {
        errors = List.copyOf(errors);
    }
}
