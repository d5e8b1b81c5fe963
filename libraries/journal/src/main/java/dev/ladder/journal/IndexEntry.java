package dev.ladder.journal;

/**
 * One sparse index point: the line at {@code rawOffset} (uncompressed bytes from the segment start)
 * has sequence {@code seq} and receive time {@code ns}; {@code fileOffset} is where reading starts
 * in the file (equal to rawOffset in an open {@code .log}; the start of the zstd frame that begins
 * with this line in a sealed {@code .log.zst}). {@code isBook} marks a {@code #book} line.
 */
record IndexEntry(long ns, long seq, long rawOffset, long fileOffset, boolean isBook) {
    /** The index line, e.g. {@code 1723161253937085768 0 0 0 i}. */
    String line() {
        return ns + " " + seq + " " + rawOffset + " " + fileOffset + " " + (isBook ? 'b' : 'i') + "\n";
    }

    /** Parses an index line; {@code null} when it is not one (torn or foreign). */
    static IndexEntry parse(String line) {
        String[] f = line.split(" ");
        if (f.length != 5 || !(f[4].equals("i") || f[4].equals("b"))) {
            return null;
        }
        try {
            return new IndexEntry(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]),
                    Long.parseLong(f[3]), f[4].equals("b"));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
