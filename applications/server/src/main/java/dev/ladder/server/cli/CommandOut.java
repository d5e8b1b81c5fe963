package dev.ladder.server.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A command's standard output: a UTF-8 {@link PrintWriter} (flushed at each line, as picocli's own) that
 * also takes bytes already encoded as UTF-8, so a command that makes its output as bytes (thousands of
 * market books) writes them without turning them into characters and back.
 */
final class CommandOut extends PrintWriter {
    private final OutputStream bytes;

    CommandOut(OutputStream bytes) {
        super(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true);
        this.bytes = bytes;
    }

    /** Writes {@code utf8[offset, offset+length)} after whatever was printed before. */
    void writeUtf8(byte[] utf8, int offset, int length) {
        flush();
        try {
            bytes.write(utf8, offset, length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes UTF-8 bytes to {@code out}: directly when it is a {@link CommandOut}, else as text. */
    static void writeUtf8(PrintWriter out, byte[] utf8, int offset, int length) {
        if (out instanceof CommandOut c) {
            c.writeUtf8(utf8, offset, length);
        } else {
            out.write(new String(utf8, offset, length, StandardCharsets.UTF_8));
        }
    }
}
