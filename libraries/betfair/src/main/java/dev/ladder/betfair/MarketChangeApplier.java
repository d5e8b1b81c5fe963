package dev.ladder.betfair;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Applies one whole market change message (an mcm line, segments already assembled) to a market
 * cache. Called only from the stream client's reader thread, so a cache with one writer needs no
 * more locking than its readers require. A thrown exception is counted by the client and the
 * message is reported as bad; the connection goes on.
 */
@FunctionalInterface
public interface MarketChangeApplier {
    /** Applies {@code mcmJson}, received at {@code receiveEpochNanos}. */
    void apply(String mcmJson, long receiveEpochNanos) throws Exception;

    /**
     * The bad fields skipped so far, by kind (see {@link BadFields}); none unless the applier decodes.
     * May be called from any thread.
     */
    default Map<BadFields.Kind, Long> badFields() {
        return Map.of();
    }

    /** Applies nothing. */
    static MarketChangeApplier none() {
        return (json, t) -> {
        };
    }

    /**
     * Applies through {@code decoder} to its {@link BetfairMarketCache}, holding {@code lock} (the
     * lock the cache's readers take) for the whole message. A SUB_IMAGE replaces the cache entirely,
     * as the specification asks: markets of an earlier subscription are dropped first. A malformed
     * message changes nothing and is an {@link IOException} naming the decoder's reason; a bad field
     * is skipped alone (the rest of its message is applied) and counted in {@link #badFields()}.
     */
    static MarketChangeApplier toCache(BetfairStreamDecoder decoder, Object lock) {
        return new MarketChangeApplier() {
            @Override
            public void apply(String json, long t) throws IOException {
                byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
                synchronized (lock) {
                    BetfairStreamDecoder.Op op = decoder.parse(bytes, 0, bytes.length);
                    if (op == BetfairStreamDecoder.Op.MALFORMED) {
                        throw new IOException("malformed change message: " + decoder.lastError());
                    }
                    if (op == BetfairStreamDecoder.Op.MCM && decoder.changeType() == BetfairStreamDecoder.ChangeType.SUB_IMAGE) {
                        decoder.cache().clear();
                    }
                    decoder.applyParsed();
                }
            }

            @Override
            public Map<BadFields.Kind, Long> badFields() {
                return decoder.badFields().snapshot();
            }
        };
    }
}
