package dev.ladder.server.live;

import dev.ladder.core.InstrumentId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * The live books the server answers for, by instrument, in registration order. Decoupled from venues:
 * a venue feed, a replay or a test registers books and writes to them. Thread-safe.
 *
 * <p>Registering an instrument twice returns the existing book when the scales agree and throws
 * {@link IllegalArgumentException} when they differ. The default book (for the compatibility route) is
 * the configured one, else the first registered.
 */
public final class BookRegistry {
    private final LadderMetrics metrics;
    private final Readiness readiness = new Readiness();
    private final ConcurrentHashMap<InstrumentId, LiveBook> books = new ConcurrentHashMap<>();
    private final List<LiveBook> ordered = new CopyOnWriteArrayList<>();
    private volatile InstrumentId defaultBook;
    private volatile Supplier<FeedStatus> betfair;

    /**
     * A market feed's state for {@code /health}.
     *
     * @param subscribed whether the stream holds its subscription (connected and authenticated)
     * @param markets    how many markets it serves
     */
    public record FeedStatus(boolean subscribed, int markets) {
    }

    public BookRegistry(LadderMetrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /** Registers (or returns the existing) book for {@code id} with the given price and size scales. */
    public synchronized LiveBook register(InstrumentId id, int priceScale, int sizeScale) {
        LiveBook existing = books.get(id);
        if (existing != null) {
            if (existing.priceScale() != priceScale || existing.sizeScale() != sizeScale) {
                throw new IllegalArgumentException("book " + id + " already registered with scales "
                        + existing.priceScale() + "/" + existing.sizeScale() + ", not " + priceScale + "/" + sizeScale);
            }
            return existing;
        }
        LiveBook book = new LiveBook(id, priceScale, sizeScale, metrics.forBook(id));
        books.put(id, book);
        ordered.add(book);
        return book;
    }

    /** The book for {@code id}, if registered. */
    public Optional<LiveBook> find(InstrumentId id) {
        return Optional.ofNullable(books.get(id));
    }

    /** Every book in registration order (a snapshot of the list). */
    public List<LiveBook> all() {
        return List.copyOf(ordered);
    }

    /** Sets the book the compatibility route answers for; it need not be registered yet. */
    public void setDefaultBook(InstrumentId id) {
        this.defaultBook = id;
    }

    /** The configured default book if registered, else the first registered book, else empty. */
    public Optional<LiveBook> defaultBook() {
        InstrumentId d = defaultBook;
        if (d != null) {
            return find(d);
        }
        return ordered.isEmpty() ? Optional.empty() : Optional.of(ordered.get(0));
    }

    /** Reports the Betfair stream in {@code /health} (null: none is served). */
    public void setBetfairStatus(Supplier<FeedStatus> status) {
        this.betfair = status;
    }

    /** The Betfair stream's state, or empty when none is served. */
    public Optional<FeedStatus> betfairStatus() {
        Supplier<FeedStatus> s = betfair;
        return s == null ? Optional.empty() : Optional.of(s.get());
    }

    /** The node's readiness checks beside the books' own ({@code GET /ready}). */
    public Readiness readiness() {
        return readiness;
    }

    public LadderMetrics metrics() {
        return metrics;
    }

    /** Ends every live-stream client (server shutdown). */
    public void closeStreams() {
        for (LiveBook b : ordered) {
            b.closeSubscribers();
        }
    }
}
