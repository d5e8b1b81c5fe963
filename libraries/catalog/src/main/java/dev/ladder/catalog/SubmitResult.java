package dev.ladder.catalog;

/**
 * The answer to {@link CatalogIntake#submit(byte[])}.
 *
 * @param status    the message's status (for a duplicate: the status of the message first stored)
 * @param duplicate {@code true} when a message with the same id was already stored (nothing was stored again)
 */
public record SubmitResult(MessageStatus status, boolean duplicate) {
}
