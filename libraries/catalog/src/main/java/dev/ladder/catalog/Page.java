package dev.ladder.catalog;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param items the page's items (empty past the last page)
 * @param page  1-based page number asked for
 * @param size  page size asked for
 * @param total number of items in the whole listing
 */
public record Page<T>(List<T> items, int page, int size, long total) {
    /** Default page size. */
    public static final int DEFAULT_SIZE = 20;
    /** Largest page size accepted. */
    public static final int MAX_SIZE = 500;

    public Page {
        items = List.copyOf(items);
    }

    /**
     * Checks paging arguments.
     *
     * @throws IllegalArgumentException naming {@code page} or {@code size} when page &lt; 1 or size is not in 1..{@link #MAX_SIZE}
     */
    public static void check(int page, int size) {
        if (page < 1) {
            throw new IllegalArgumentException("page must be >= 1, was " + page);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("size must be in 1.." + MAX_SIZE + ", was " + size);
        }
    }
}
