package dev.ladder.files;

import java.util.Locale;

/**
 * A compression layer of a data file, recognised by its magic bytes ({@link #detect}); a file name
 * only ever says what a file claims to be ({@link #claimedBy}).
 */
public enum Compression {
    /** No compression: the bytes are the content. */
    NONE("plain"),
    /** gzip (RFC 1952), magic {@code 1f 8b 08}; concatenated members are read one after another. */
    GZIP("gzip"),
    /** bzip2, magic {@code BZh} and a block size digit {@code 1}..{@code 9}; concatenated streams are read one after another. */
    BZIP2("bzip2"),
    /** Zstandard, magic {@code 28 b5 2f fd}; concatenated frames are read one after another. */
    ZSTD("zstd");

    /** How many leading bytes {@link #detect} looks at. */
    static final int MAGIC_LENGTH = 4;

    private final String label;

    Compression(String label) {
        this.label = label;
    }

    /** The name used in messages: {@code plain}, {@code gzip}, {@code bzip2}, {@code zstd}. */
    public String label() {
        return label;
    }

    /**
     * The compression whose magic bytes start {@code head[0, length)}, or {@link #NONE} when none
     * does (also for fewer bytes than a magic needs, e.g. an empty file).
     */
    public static Compression detect(byte[] head, int length) {
        if (length >= 3 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b && head[2] == 8) {
            return GZIP;
        }
        if (length >= 4 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h' && head[3] >= '1' && head[3] <= '9') {
            return BZIP2;
        }
        if (length >= 4 && (head[0] & 0xff) == 0x28 && (head[1] & 0xff) == 0xb5 && (head[2] & 0xff) == 0x2f
                && (head[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        return NONE;
    }

    /**
     * What a file name claims by its suffix (case-insensitive): {@code .gz}/{@code .tgz} gzip,
     * {@code .bz2}/{@code .tbz2}/{@code .tbz} bzip2, {@code .zst}/{@code .tzst} zstd; {@link #NONE}
     * for any other name and for {@code null}.
     */
    public static Compression claimedBy(String name) {
        if (name == null) {
            return NONE;
        }
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".gz") || n.endsWith(".tgz")) {
            return GZIP;
        }
        if (n.endsWith(".bz2") || n.endsWith(".tbz2") || n.endsWith(".tbz")) {
            return BZIP2;
        }
        if (n.endsWith(".zst") || n.endsWith(".tzst")) {
            return ZSTD;
        }
        return NONE;
    }
}
