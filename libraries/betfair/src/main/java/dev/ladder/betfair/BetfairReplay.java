package dev.ladder.betfair;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Replays historical files through a {@link BetfairStreamDecoder} (and so into its cache).
 *
 * <p>Malformed lines never stop a replay: each is counted and reported to the error sink as
 * {@code source:line: reason} (the first {@link #MAX_REPORTED} also kept in the result). Bad fields in
 * well-formed lines are skipped alone (the rest of the line applies), counted in
 * {@link BetfairStreamDecoder#badFields()} and logged there. With a time
 * limit, each file (each tar entry) stops at its first message published after it, so the cache holds
 * the books as of the last message with {@code pt <= atMillis}; lines without {@code pt} always apply.
 */
public final class BetfairReplay {
    /** Error lines kept in a {@link Result}. */
    public static final int MAX_REPORTED = 100;

    /**
     * @param lines     non-empty lines read
     * @param messages  messages decoded cleanly (applied or, for non-mcm ops, ignored)
     * @param malformed lines rejected
     * @param errors    the first {@link #MAX_REPORTED} errors as {@code source:line: reason}
     * @param badFields bad fields skipped during this run (see {@link BadFields})
     */
    public record Result(long lines, long messages, long malformed, List<String> errors, long badFields) {
    }

    private BetfairReplay() {
    }

    /**
     * Replays {@code files} in order.
     *
     * @param atMillis  apply only messages with {@code pt <= atMillis} ({@code Long.MAX_VALUE}: all)
     * @param errorSink told about each malformed line (never {@code null}; use {@code e -> {}} to ignore)
     * @throws IOException when a file cannot be read or decompressed
     */
    public static Result run(List<Path> files, BetfairStreamDecoder decoder, long atMillis, Consumer<String> errorSink)
            throws IOException {
        return run(files, decoder, atMillis, errorSink, new BetfairHistoricalReader());
    }

    /** {@link #run(List, BetfairStreamDecoder, long, Consumer)} through {@code reader}. */
    static Result run(List<Path> files, BetfairStreamDecoder decoder, long atMillis, Consumer<String> errorSink,
                      BetfairHistoricalReader reader) throws IOException {
        long badFieldsBefore = decoder.badFields().total();
        long[] counts = new long[3];
        List<String> errors = new ArrayList<>();
        for (Path file : files) {
            reader.read(file, (source, number, bytes, off, len) -> {
                counts[0]++;
                BetfairStreamDecoder.Op op = decoder.parse(bytes, off, len);
                if (op == BetfairStreamDecoder.Op.MALFORMED) {
                    counts[2]++;
                    String e = source + ":" + number + ": " + decoder.lastError();
                    if (errors.size() < MAX_REPORTED) {
                        errors.add(e);
                    }
                    errorSink.accept(e);
                    return true;
                }
                if (decoder.publishTime() > atMillis) {
                    return false;
                }
                counts[1]++;
                decoder.applyParsed();
                return true;
            });
        }
        return new Result(counts[0], counts[1], counts[2], List.copyOf(errors),
                decoder.badFields().total() - badFieldsBefore);
    }
}
