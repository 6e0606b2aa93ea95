package io.roost.bench.scenario;

import io.roost.bench.compare.RoostPeer;
import io.roost.bench.compare.RunningRoost;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * S5: recovery after SIGKILL with a large D2C log. Starts Roost on a fresh data dir (which creates
 * the hub and its partitions) and stops it; fills its D2C log with {@link LogFiller}; starts it
 * (a clean start), SIGKILLs it, and times the next start from launching the JVM to {@code /health}
 * answering 200. Stateless.
 */
final class RecoveryTimer {

    static final Set<String> OPTIONS = Set.of("--log-mb", "--partitions");
    static final Duration START_TIMEOUT = Duration.ofMinutes(5);

    private RecoveryTimer() {
    }

    static Summary run(ScenarioOptions o, PrintStream progress) throws IOException, InterruptedException {
        long megabytes = o.number("--log-mb", 5 * 1024, 1, 1024 * 1024);
        int partitions = o.integer("--partitions", 4, 1, 32);
        Path out = RoostUnderTest.freshDirectory(o.out("s5"));
        Path dataDir = out.resolve("data");
        RoostPeer peer = RoostUnderTest.peer(o, List.of());
        peer.startOn(dataDir, out.resolve("roost-create.log")).close();
        long fillStart = System.nanoTime();
        long records = LogFiller.fill(dataDir.resolve("d2c"), partitions, megabytes * 1024 * 1024);
        long fillNanos = System.nanoTime() - fillStart;
        long logBytes = sizeOf(dataDir.resolve("d2c"));
        progress.printf(Locale.ROOT, "scenario: S5 filled the log with %,d records (%,d MB on disk) in %.1f s%n",
                records, logBytes / 1_000_000, fillNanos / 1e9);

        long cleanStartNanos;
        RunningRoost running = peer.launch(dataDir, out.resolve("roost-clean-start.log"));
        long launched = System.nanoTime();
        try {
            running.awaitHealthy(START_TIMEOUT);
            cleanStartNanos = System.nanoTime() - launched;
        } finally {
            running.kill();
        }
        progress.printf(Locale.ROOT, "scenario: S5 clean start took %.2f s; SIGKILLed pid %d%n", cleanStartNanos / 1e9, running.pid());

        RunningRoost recovered = peer.launch(dataDir, out.resolve("roost-after-sigkill.log"));
        launched = System.nanoTime();
        try (recovered) {
            recovered.awaitHealthy(START_TIMEOUT);
            long recoveryNanos = System.nanoTime() - launched;
            long peak = io.roost.bench.mqtt.ProcessStats.peakRssKb(recovered.pid());
            double cpu = io.roost.bench.mqtt.ProcessStats.cpuNanos(recovered.pid()) / 1e9;
            String details = String.format(Locale.ROOT,
                    "start after SIGKILL to /health 200 in %.2f s (goal <= 3 s: %s) with %,d MB of log in %d partitions"
                            + " (%,d records); a clean start of the same log took %.2f s",
                    recoveryNanos / 1e9, recoveryNanos <= 3_000_000_000L ? "met" : "not met", logBytes / 1_000_000,
                    partitions, records, cleanStartNanos / 1e9);
            return new Summary("S5", -1, -1, "-", -1, -1, -1, 0, peak, cpu, details);
        }
    }

    private static long sizeOf(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(path -> path.toFile().length()).sum();
        }
    }
}
