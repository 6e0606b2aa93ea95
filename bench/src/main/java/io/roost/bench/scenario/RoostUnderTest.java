package io.roost.bench.scenario;

import io.roost.bench.compare.BenchCompareJvm;
import io.roost.bench.compare.RoostPeer;
import io.roost.bench.compare.RunningRoost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Starts the Roost a scenario runs against: {@code {root}/server/target/roost-server.jar} in its own
 * JVM ({@code ROOST_JAVA_OPTS}), default configuration (fsync'd D2C), on a fresh data dir under the
 * scenario's work directory. Stateless.
 */
final class RoostUnderTest {

    private RoostUnderTest() {
    }

    static RoostPeer peer(ScenarioOptions options, List<String> extraListeners) throws IOException {
        Path jar = options.root().resolve("server/target/roost-server.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IOException("no " + jar + " (build it: mvn -B -DskipTests package)");
        }
        return new RoostPeer(jar, BenchCompareJvm.options("ROOST_JAVA_OPTS"), extraListeners);
    }

    /** A fresh work directory {@code {out}} and Roost started on {@code {out}/data}. */
    static RunningRoost startFresh(ScenarioOptions options, String scenario, List<String> extraListeners)
            throws IOException, InterruptedException {
        Path out = freshDirectory(options.out(scenario));
        return peer(options, extraListeners).startOn(out.resolve("data"), out.resolve("roost.log"));
    }

    static Path freshDirectory(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
        return Files.createDirectories(dir);
    }
}
