package io.roost.bench.compare;

import io.roost.bench.mqtt.LoadOptions;
import io.roost.bench.mqtt.LoadReport;
import io.roost.bench.mqtt.MqttLoad;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The comparison itself: checks which peers can run, then for each round starts every peer in turn
 * on a fresh work directory (A B C A B C ...), runs every scenario against it with the in-process
 * {@link MqttLoad}, stops it, and collects the figures. A peer that fails to start or whose run
 * fails is dropped from the remaining rounds and listed as skipped with the reason; a run with
 * errors still counts (its errors show in the table). Each run prints one summary line to
 * {@code progress} and appends its JSON report to {@code {out}/results.jsonl}. Not thread-safe; one
 * run per instance.
 */
public final class CompareRun {

    private final CompareOptions options;
    private final List<Peer> peers;
    private final PrintStream progress;

    public CompareRun(CompareOptions options, List<Peer> peers, PrintStream progress) {
        this.options = options;
        this.peers = List.copyOf(peers);
        this.progress = progress;
    }

    public ComparisonResult run() throws IOException, InterruptedException {
        ComparisonResult result = new ComparisonResult();
        Files.createDirectories(options.out());
        Path results = options.out().resolve("results.jsonl");
        Files.deleteIfExists(results);
        List<Peer> active = new ArrayList<>();
        for (Peer peer : peers) {
            Optional<String> reason = peer.unavailableReason();
            if (reason.isPresent()) {
                say("skipping %s: %s", peer.name(), reason.get());
                result.skip(peer.name(), reason.get());
            } else {
                active.add(peer);
            }
        }
        for (int round = 1; round <= options.rounds(); round++) {
            for (Peer peer : List.copyOf(active)) {
                Optional<String> failure = runRound(peer, round, result, results);
                if (failure.isPresent()) {
                    say("dropping %s: %s", peer.name(), failure.get());
                    result.skip(peer.name(), "round " + round + ": " + failure.get());
                    active.remove(peer);
                }
            }
        }
        return result;
    }

    /** One round of one peer; the failure that ends this peer's part, or empty. */
    private Optional<String> runRound(Peer peer, int round, ComparisonResult result, Path results)
            throws IOException, InterruptedException {
        Path workDir = options.out().resolve(peer.name() + "-round-" + round);
        deleteTree(workDir);
        Files.createDirectories(workDir);
        RunningPeer running;
        try {
            running = peer.start(workDir);
        } catch (IOException e) {
            return Optional.of("did not start: " + e.getMessage());
        }
        try (running) {
            say("round %d/%d: %s started (pid %d, MQTT port %d)", round, options.rounds(), peer.name(), running.pid(),
                    running.mqttPort());
            for (CompareScenario scenario : options.scenarios()) {
                LoadReport report;
                try {
                    LoadOptions load = LoadOptions.parse(options.loadArguments(scenario, running).toArray(String[]::new));
                    report = new MqttLoad(load, progress).run();
                } catch (IOException | RuntimeException e) {
                    return Optional.of(scenario.name() + " failed: " + e);
                }
                RunFigures figures = RunFigures.of(report);
                result.add(peer.name(), scenario, figures);
                Files.writeString(results, "{\"round\":" + round + ",\"peer\":\"" + peer.name() + "\",\"scenario\":\""
                        + scenario.name() + "\",\"report\":" + report.json() + "}\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                say("round %d/%d: %s %s: %,.0f msgs/s, %.2f MB/s, %s, errors %d, server CPU %.2f s (%,.0f msgs/CPU-s),"
                                + " peak RSS %d MB",
                        round, options.rounds(), peer.name(), scenario.name(), figures.msgsPerSec(), figures.mbPerSec(),
                        scenario.qos() == 0 ? "no PUBACKs (QoS 0)" : String.format(Locale.ROOT,
                                "PUBACK p50 %.2f / p99 %.2f / p99.9 %.2f ms", figures.pubackP50Ms(), figures.pubackP99Ms(),
                                figures.pubackP999Ms()), figures.errors(),
                        figures.serverCpuSeconds(), figures.msgsPerServerCpuSecond(), figures.serverPeakRssKb() / 1024);
            }
        }
        // A flat-out round of Roost leaves gigabytes of D2C log; the logs stay for reading.
        deleteTree(workDir.resolve("data"));
        return Optional.empty();
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private void say(String format, Object... args) {
        progress.println("compare: " + String.format(Locale.ROOT, format, args));
    }
}
