package io.roost.bench.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where benchmarks put their files: a fresh directory per trial under {@code -Droost.bench.dir},
 * or by default under {@code bench/target/bench-data} (or {@code target/bench-data} when run from
 * inside {@code bench}). Not {@code /tmp}: it may be a tmpfs, where fsync costs nothing and the
 * figures would mean nothing.
 */
final class BenchDirectory {

    static final String DIR_PROPERTY = "roost.bench.dir";

    private BenchDirectory() {
    }

    /** Creates a new, empty directory for one trial and prints where it is and its file system type. */
    static Path createForTrial(String prefix) {
        try {
            Path base = base();
            Files.createDirectories(base);
            Path trial = Files.createTempDirectory(base, prefix);
            FileStore store = Files.getFileStore(trial);
            System.out.printf("%n[bench dir] %s (file system type %s)%n", trial.toAbsolutePath(), store.type());
            if ("tmpfs".equals(store.type()) || "ramfs".equals(store.type())) {
                System.out.println("[bench dir] WARNING: memory-backed file system; fsync figures are meaningless");
            }
            return trial;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a trial directory and everything in it. */
    static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path base() {
        String configured = System.getProperty(DIR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured);
        }
        Path moduleTarget = Paths.get("bench", "target");
        return Files.isDirectory(moduleTarget)
                ? moduleTarget.resolve("bench-data")
                : Paths.get("target", "bench-data");
    }
}
