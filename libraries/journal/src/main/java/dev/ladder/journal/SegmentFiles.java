package dev.ladder.journal;

import dev.ladder.core.InstrumentId;
import dev.ladder.core.Venue;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * File names in a stream directory. A segment is named by the sequence number of its first record,
 * 20 digits: {@code 00000000000000000000.log} (open or not yet sealed) with {@code .log.idx}, and
 * once sealed {@code .log.zst} with {@code .log.zst.idx}. Files ending {@code .tmp} are unfinished.
 */
final class SegmentFiles {
    static final String LOG = ".log";
    static final String LOG_IDX = ".log.idx";
    static final String ZST = ".log.zst";
    static final String ZST_IDX = ".log.zst.idx";

    private SegmentFiles() {
    }

    static String base(long baseSeq) {
        return String.format("%020d", baseSeq);
    }

    static Path log(Path dir, long baseSeq) {
        return dir.resolve(base(baseSeq) + LOG);
    }

    static Path logIdx(Path dir, long baseSeq) {
        return dir.resolve(base(baseSeq) + LOG_IDX);
    }

    static Path zst(Path dir, long baseSeq) {
        return dir.resolve(base(baseSeq) + ZST);
    }

    static Path zstIdx(Path dir, long baseSeq) {
        return dir.resolve(base(baseSeq) + ZST_IDX);
    }

    static Path streamDir(Path root, InstrumentId id) {
        return root.resolve(id.venue().id()).resolve(id.symbol());
    }

    /** One segment as found on disk. */
    record Found(long baseSeq, boolean hasLog, boolean hasZst) {
    }

    /** The segments of a stream directory by base sequence (empty when the directory is missing). */
    static List<Found> list(Path dir) throws IOException {
        return listing(dir).found();
    }

    /** An index file whose segment data is gone (neither {@code .log} nor {@code .log.zst} exists). */
    record Orphan(long baseSeq, Path idx, boolean isSealedIndex) {
    }

    /** The orphan index files of a stream directory by base sequence (see {@link Orphan}). */
    static List<Orphan> orphans(Path dir) throws IOException {
        return listing(dir).orphans();
    }

    /** A stream directory's segments and orphan indexes, by base sequence. */
    record Listing(List<Found> found, List<Orphan> orphans) {
    }

    /** Lists a stream directory once (empty when it is missing). */
    static Listing listing(Path dir) throws IOException {
        // per base sequence: .log, .log.zst, .log.idx, .log.zst.idx
        TreeMap<Long, boolean[]> m = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return new Listing(List.of(), List.of());
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                int kind = n.endsWith(ZST) ? 1 : n.endsWith(LOG) ? 0 : n.endsWith(ZST_IDX) ? 3 : n.endsWith(LOG_IDX) ? 2 : -1;
                if (kind < 0) {
                    continue;
                }
                int dot = n.indexOf('.');
                String digits = n.substring(0, dot);
                if (digits.length() != 20 || !digits.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                m.computeIfAbsent(Long.parseLong(digits), k -> new boolean[4])[kind] = true;
            }
        }
        List<Found> found = new ArrayList<>(m.size());
        List<Orphan> orphans = new ArrayList<>();
        m.forEach((k, v) -> {
            if (v[0] || v[1]) {
                found.add(new Found(k, v[0], v[1]));
            } else if (v[3]) {
                orphans.add(new Orphan(k, zstIdx(dir, k), true));
            } else if (v[2]) {
                orphans.add(new Orphan(k, logIdx(dir, k), false));
            }
        });
        return new Listing(found, orphans);
    }

    /** The streams under a journal root: {@code <root>/<venue>/<symbol>/} with a known venue id. */
    static List<InstrumentId> streams(Path root) throws IOException {
        List<InstrumentId> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (DirectoryStream<Path> venues = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path v : venues) {
                Venue venue;
                try {
                    venue = Venue.parse(v.getFileName().toString());
                } catch (IllegalArgumentException e) {
                    continue;
                }
                try (DirectoryStream<Path> syms = Files.newDirectoryStream(v, Files::isDirectory)) {
                    for (Path s : syms) {
                        out.add(InstrumentId.of(venue, s.getFileName().toString()));
                    }
                }
            }
        }
        out.sort((a, b) -> a.toString().compareTo(b.toString()));
        return out;
    }

    /** Forces a directory's entries (renames, deletes) to the device; ignored where unsupported. */
    static void syncDir(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not every file system lets a directory be opened; the data files themselves are forced
        }
    }

    /** Writes a small file atomically: temp file, force, rename, force directory. */
    static void writeAtomically(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(content));
            ch.force(true);
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        syncDir(file.getParent());
    }
}
