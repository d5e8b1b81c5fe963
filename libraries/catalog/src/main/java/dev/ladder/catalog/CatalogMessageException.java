package dev.ladder.catalog;

/**
 * A rejected event message: not JSON, an unknown {@code message_type}, a missing field or a field of the
 * wrong type. Nothing was stored. The message names the field path, e.g.
 * {@code event.markets[0].selections[1].odds: expected a number, was "abc"}; the HTTP layer answers 400.
 */
public final class CatalogMessageException extends IllegalArgumentException {
    private final String path;

    public CatalogMessageException(String path, String problem) {
        super(path == null || path.isEmpty() ? problem : path + ": " + problem);
        this.path = path == null ? "" : path;
    }

    /** The field path ({@code ""} for the whole message). */
    public String path() {
        return path;
    }
}
