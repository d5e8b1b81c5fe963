package dev.ladder.server.replay;

import dev.ladder.binance.BinanceDecoder;
import dev.ladder.binance.BinanceFormatException;
import dev.ladder.binance.BinanceMessageType;
import dev.ladder.binance.DepthSnapshot;
import dev.ladder.binance.DepthSync;
import dev.ladder.binance.DepthUpdate;
import dev.ladder.binance.SyncListener;
import dev.ladder.book.OrderBook;
import dev.ladder.core.Decimals;
import dev.ladder.core.InstrumentId;
import dev.ladder.core.Side;
import dev.ladder.core.Venue;
import dev.ladder.journal.JournalCursor;
import dev.ladder.journal.JournalReader;
import dev.ladder.journal.ProgressMeter;
import dev.ladder.journal.RecordKind;
import dev.ladder.journal.ReplayPacer;
import dev.ladder.journal.ReplayTarget;
import dev.ladder.journal.StreamInfo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Counts records of a venue without a book replay yet. */
public final class CountingTarget implements ReplayTarget {
    long applied;

    @Override
    public void reset() {
        applied = 0;
    }

    @Override
    public void restore(JournalCursor book) {
    }

    @Override
    public void apply(JournalCursor record) {
        applied++;
    }
}
