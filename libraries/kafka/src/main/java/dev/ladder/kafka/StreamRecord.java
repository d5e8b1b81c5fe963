package dev.ladder.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One recorded line as it travels through Kafka: the raw venue message or a marker, with its
 * receive time. On the wire the key is {@link #stream}, the value {@link #payload}, and headers
 * carry {@code ns} (receive time, 8 bytes big-endian), {@code kind} (the marker name: {@code snapshot},
 * {@code gap}, {@code resync}, {@code reconnect}, {@code book}; absent for a raw message) and
 * {@code restart} ({@link Restart} name; absent for {@link Restart#NONE}).
 *
 * @param stream        {@code venue:symbol}, e.g. {@code binance:BTCUSDT} or {@code betfair:1.234}
 * @param marker        the marker name, or {@code null} for a raw message
 * @param receiveNanos  receive time, epoch ns
 * @param payload       the raw message or the marker's payload (UTF-8)
 * @param restart       whether, and from where, a consumer can rebuild the stream at this record
 * @param partition     where it was read from (-1 when not read from Kafka)
 * @param offset        its offset there (-1 when not read from Kafka)
 */
public record StreamRecord(String stream, String marker, long receiveNanos, byte[] payload, Restart restart,
                           int partition, long offset) {
    public StreamRecord {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(restart, "restart");
    }

    /** Whether a consumer can rebuild a stream from a record. */
    public enum Restart {
        /** Not a restart point. */
        NONE,
        /** The stream's state follows from this record and those after it (a {@code #book} line, a Betfair image). */
        HERE,
        /**
         * A venue snapshot that the records just before it may bridge (Binance diffs buffered while the
         * REST snapshot was fetched): the rebuild starts at the stream's first record after its previous
         * restart point.
         */
        AFTER_PREVIOUS
    }

    /** A record to publish. */
    public static StreamRecord of(String stream, String marker, long receiveNanos, byte[] payload, Restart restart) {
        return new StreamRecord(stream, marker, receiveNanos, payload, restart, -1, -1);
    }

    /** True for a raw venue message (no marker). */
    public boolean isMessage() {
        return marker == null;
    }

    /** The payload as text. */
    public String payloadString() {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
