package dev.ladder.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ladder.core.SharedData;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hot path allocates nothing per message: decoding the real BTCUSDT capture's depth diffs,
 * book tickers and trades from bytes (decimals through {@code Decimals}), measured with the JVM's
 * per-thread allocation counter.
 */
class BinanceDecoderAllocationTest {
    @Test
    void decodingDiffsTickersAndTradesFromBytesAllocatesNothingPerMessage() throws IOException {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(mx.isThreadAllocatedMemorySupported(), "per-thread allocation counter not supported");
        mx.setThreadAllocatedMemoryEnabled(true);
        String rel = "data/binance/btcusdt_20240808.gz";
        Path file = SharedData.resolve(rel);
        assumeTrue(file != null, SharedData.skipReason(rel));
        List<byte[]> messages = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(file)) {
            CaptureMessage m;
            while ((m = r.next()) != null) {
                if (!m.isSnapshot()) {
                    messages.add(m.json().getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        byte[][] all = messages.toArray(new byte[0][]);
        BinanceDecoder decoder = new BinanceDecoder();
        long sink = 0;
        long least = Long.MAX_VALUE;
        // rounds 0 and 1 warm up; one allocation per message would be megabytes, a JIT recompilation a
        // few hundred bytes once: each later round stays under 1 KiB and the quietest is exactly zero
        for (int round = 0; round < 5; round++) {
            long before = mx.getCurrentThreadAllocatedBytes();
            for (byte[] b : all) {
                BinanceMessageType t;
                try {
                    t = decoder.decode(b, 0, b.length);
                } catch (BinanceFormatException e) {
                    throw new AssertionError(e);
                }
                sink += switch (t) {
                    case DEPTH_UPDATE -> decoder.depthUpdate().finalUpdateId() + decoder.depthUpdate().bids().count();
                    case BOOK_TICKER -> decoder.bookTicker().bidPrice() + decoder.bookTicker().askSize();
                    case TRADE -> decoder.trade().price() + decoder.trade().size();
                    default -> 1;
                };
            }
            long allocated = mx.getCurrentThreadAllocatedBytes() - before;
            if (round > 1) {
                assertThat(allocated).as("bytes allocated decoding %d messages (round %d)", messages.size(), round).isLessThan(1024);
                least = Math.min(least, allocated);
            }
        }
        assertThat(messages.size()).isGreaterThan(41_000);
        assertThat(least).as("bytes allocated by the quietest round").isZero();
        assertThat(sink).isNotZero();
    }
}
