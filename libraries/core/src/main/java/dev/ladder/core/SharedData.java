package dev.ladder.core;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds files in the project's {@code shared/} folder (real recorded market data and the venues'
 * specifications), which lives beside the repository and is never copied into it.
 *
 * <p>Lookup order: the {@code LADDER_SHARED} environment variable or system property, then
 * {@code ../shared} from the working directory and from each of its parents. A missing file is
 * {@code null} so that a test can skip with a visible reason, except when {@code CI=true}: then a
 * missing file is an error, never a silent skip.
 */
public final class SharedData {
    private SharedData() {
    }

    /**
     * The shared file at {@code relative} (e.g. {@code data/binance/btcusdt_20240808.gz}), or
     * {@code null} when it is absent outside CI.
     *
     * @throws IllegalStateException when the file is absent and the environment says {@code CI=true}
     */
    public static Path resolve(String relative) {
        for (Path root : candidates()) {
            Path p = root.resolve(relative);
            if (Files.exists(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("shared file " + relative + " is missing and CI=true: put the project's shared/ folder beside the repository (or set LADDER_SHARED)");
        }
        return null;
    }

    /** The reason to print when {@link #resolve} gave {@code null}. */
    public static String skipReason(String relative) {
        return "skipped: ../shared/" + relative + " not found (set LADDER_SHARED or clone beside shared/)";
    }

    private static java.util.List<Path> candidates() {
        java.util.List<Path> out = new java.util.ArrayList<>();
        String env = System.getProperty("ladder.shared", System.getenv("LADDER_SHARED"));
        if (env != null && !env.isBlank()) {
            out.add(Path.of(env));
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            out.add(dir.resolve("../shared").normalize());
            out.add(dir.resolve("shared"));
            dir = dir.getParent();
        }
        return out;
    }
}
