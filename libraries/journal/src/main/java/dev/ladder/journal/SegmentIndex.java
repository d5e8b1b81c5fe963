package dev.ladder.journal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A segment's index file: one {@link IndexEntry} line each, then, when the segment is sealed, the
 * trailer {@code end <firstNs> <lastNs> <baseSeq> <nextSeq> <rawLength> <fileLength>}.
 */
record SegmentIndex(List<IndexEntry> entries, End end) {
    /** The sealed segment's summary. */
    record End(long firstNs, long lastNs, long baseSeq, long nextSeq, long rawLength, long fileLength) {
        String line() {
            return "end " + firstNs + " " + lastNs + " " + baseSeq + " " + nextSeq + " " + rawLength + " " + fileLength + "\n";
        }
    }

    /** Reads an index; a missing file is empty, unparseable lines are skipped (and counted by verify). */
    static SegmentIndex read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new SegmentIndex(List.of(), null);
        }
        List<IndexEntry> entries = new ArrayList<>(lines.size());
        End end = null;
        for (String l : lines) {
            if (l.startsWith("end ")) {
                String[] f = l.split(" ");
                if (f.length == 7) {
                    try {
                        end = new End(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                                Long.parseLong(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]));
                    } catch (NumberFormatException ignored) {
                        end = null;
                    }
                }
                continue;
            }
            IndexEntry e = IndexEntry.parse(l);
            if (e != null) {
                entries.add(e);
            }
        }
        return new SegmentIndex(entries, end);
    }

    String text() {
        StringBuilder sb = new StringBuilder(entries.size() * 48 + 80);
        for (IndexEntry e : entries) {
            sb.append(e.line());
        }
        if (end != null) {
            sb.append(end.line());
        }
        return sb.toString();
    }
}
