package dev.ladder.perf.binance;

import dev.ladder.binance.BinanceDecoder;
import dev.ladder.binance.BinanceFormatException;
import dev.ladder.binance.BinanceMessageType;
import dev.ladder.binance.BookTicker;
import dev.ladder.binance.DepthSnapshot;
import dev.ladder.binance.DepthSync;
import dev.ladder.binance.DepthUpdate;
import dev.ladder.binance.SyncListener;
import dev.ladder.binance.Trade;
import dev.ladder.book.OrderBook;
import dev.ladder.core.Side;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Decode + apply throughput on the shared BTCUSDT capture ({@code btcusdt_20240808.gz}: 41,249
 * messages = 3,451 depth diffs, 28,040 bookTicker, 9,757 trades, 1 REST snapshot), all in memory.
 * One invocation is one pass over the capture in receive order; the scores are per message, so
 * they read directly as messages per second:
 * <ul>
 *   <li>{@code pipeline}: every message decoded by {@link BinanceDecoder}; depth diffs go through
 *       {@link DepthSync#onDiff} into the {@link OrderBook}, the snapshot through
 *       {@link DepthSync#onSnapshot}, tickers and trades are decoded and their fields read.
 *       The sync is reset at the start of each pass (the first diffs are buffered until the snapshot).</li>
 *   <li>{@code depthDiffs}: only the 3,451 depth diffs, decoded and applied (the snapshot, decoded once
 *       in setup, is loaded at its place in each pass and not counted): depth diffs per second.</li>
 *   <li>{@code decodeOnly}: every message decoded, nothing applied (the decoder's share).</li>
 * </ul>
 * Run: {@code java -jar tests/perf/target/benchmarks.jar 'dev.ladder.perf.binance.*' -f 1 -wi 3 -i 5 -w 1s -r 1s}
 * (add {@code -prof gc} for bytes allocated per message). The capture is found through
 * {@code SharedData} ({@code LADDER_SHARED} or {@code ../shared}), or named with
 * {@code -jvmArgsAppend -Dladder.binance.capture=PATH} (a copy of the same capture: the scores assume
 * its message counts, which setup checks). {@link BinanceThroughput} reports the same passes per
 * second of CPU time, the steadier figure on a shared machine.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BinancePipelineBenchmark {
    static final int MESSAGES = 41_249;
    static final int DIFFS = 3_451;

    private BinanceCapture capture;
    private int[] diffIndexes;
    private int snapshotIndex = -1;
    private final BinanceDecoder decoder = new BinanceDecoder();
    private final OrderBook book = new OrderBook(BinanceDecoder.DEFAULT_SCALE, BinanceDecoder.DEFAULT_SCALE);
    private final DepthSync sync = new DepthSync("BTCUSDT", false, book, SyncListener.NONE);
    private final DepthSnapshot snapshot = new DepthSnapshot();

    @Setup
    public void load() throws IOException {
        capture = BinanceCapture.load();
        if (capture.count != MESSAGES) {
            throw new IOException("expected " + MESSAGES + " messages in the shared capture, found " + capture.count);
        }
        int diffs = 0;
        diffIndexes = new int[capture.count];
        for (int i = 0; i < capture.count; i++) {
            BinanceMessageType t = decoder.decode(capture.bytes, capture.starts[i], capture.lengths[i]);
            if (t == BinanceMessageType.DEPTH_UPDATE) {
                diffIndexes[diffs++] = i;
            } else if (t == BinanceMessageType.SNAPSHOT) {
                snapshotIndex = i;
                snapshot.copyFrom(decoder.snapshot());
            }
        }
        if (snapshotIndex < 0 || diffs != DIFFS) {
            throw new IOException("expected one snapshot and " + DIFFS + " depth diffs, found " + diffs + " diffs");
        }
        pipeline();
        if (sync.gaps() != 0 || !sync.isSynced()) {
            throw new IllegalStateException("the capture did not replay cleanly: " + sync.gaps() + " gaps");
        }
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long pipeline() throws BinanceFormatException {
        BinanceCapture c = capture;
        sync.reset(c.receiveTimes[0]);
        long sum = 0;
        for (int i = 0; i < c.count; i++) {
            long t = c.receiveTimes[i];
            switch (decoder.decode(c.bytes, c.starts[i], c.lengths[i])) {
                case DEPTH_UPDATE -> sum += sync.onDiff(decoder.depthUpdate(), t).ordinal();
                case SNAPSHOT -> sum += sync.onSnapshot(decoder.snapshot(), t) ? 1 : 0;
                case BOOK_TICKER -> {
                    BookTicker b = decoder.bookTicker();
                    sum += b.updateId() + b.bidPrice() + b.askSize();
                }
                case TRADE -> {
                    Trade tr = decoder.trade();
                    sum += tr.tradeId() + tr.price() + tr.size();
                }
                case IGNORED -> sum++;
            }
        }
        return sum + book.bestPrice(Side.BID);
    }

    @Benchmark
    @OperationsPerInvocation(DIFFS)
    public long depthDiffs() throws BinanceFormatException {
        BinanceCapture c = capture;
        int[] idx = diffIndexes;
        sync.reset(c.receiveTimes[0]);
        long sum = 0;
        boolean loaded = false;
        for (int k = 0; k < DIFFS; k++) {
            int i = idx[k];
            if (!loaded && i > snapshotIndex) {
                sync.onSnapshot(snapshot, c.receiveTimes[snapshotIndex]);
                loaded = true;
            }
            decoder.decode(c.bytes, c.starts[i], c.lengths[i]);
            DepthUpdate d = decoder.depthUpdate();
            sum += sync.onDiff(d, c.receiveTimes[i]).ordinal();
        }
        return sum + book.bestPrice(Side.ASK);
    }

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public long decodeOnly() throws BinanceFormatException {
        BinanceCapture c = capture;
        long sum = 0;
        for (int i = 0; i < c.count; i++) {
            sum += decoder.decode(c.bytes, c.starts[i], c.lengths[i]).ordinal();
        }
        return sum;
    }
}
