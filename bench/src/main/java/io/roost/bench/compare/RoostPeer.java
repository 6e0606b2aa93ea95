package io.roost.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Roost from the build ({@code server/target/roost-server.jar}) in its own JVM, on a fresh data dir
 * per start, with its default configuration (fsync'd durable D2C: a PUBACK leaves after the record
 * is forced to disk) except the listeners: plain MQTT and HTTP on 127.0.0.1 with ports chosen by
 * the server (read back from {@code endpoints.json}), the others off unless asked for (all on
 * port 0 then). Devices are provisioned through the registry's bulk import by the load generator.
 * JVM flags from {@code ROOST_JAVA_OPTS}, as {@code ./roost} takes them. Immutable; thread-safe.
 */
public final class RoostPeer implements Peer {

    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /** Listener names as in docs/configuration.md; the plain {@code mqtt} and {@code http} are always on. */
    public static final List<String> OPTIONAL_LISTENERS = List.of("mqtts", "https", "amqp", "amqps");

    private final Path serverJar;
    private final List<String> jvmOptions;
    private final List<String> extraListeners;

    /**
     * @param extraListeners names from {@link #OPTIONAL_LISTENERS} to turn on (bound to port 0)
     */
    public RoostPeer(Path serverJar, List<String> jvmOptions, List<String> extraListeners) {
        this.serverJar = serverJar;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.extraListeners = List.copyOf(extraListeners);
    }

    @Override
    public String name() {
        return "roost";
    }

    @Override
    public Optional<String> unavailableReason() {
        return Files.isRegularFile(serverJar) ? Optional.empty()
                : Optional.of("no " + serverJar + " (build it: mvn -B -DskipTests package)");
    }

    @Override
    public RunningPeer start(Path workDir) throws IOException, InterruptedException {
        return startOn(workDir.resolve("data"), workDir.resolve("roost.log"));
    }

    /** Starts Roost on {@code dataDir} (new or existing) and waits for {@code /health} 200. */
    public RunningRoost startOn(Path dataDir, Path logFile) throws IOException, InterruptedException {
        RunningRoost roost = launch(dataDir, logFile);
        try {
            roost.awaitHealthy(START_TIMEOUT);
        } catch (IOException | InterruptedException e) {
            roost.close();
            throw e;
        }
        return roost;
    }

    /** Starts the process and returns at once; {@link RunningRoost#awaitHealthy} waits for it. */
    public RunningRoost launch(Path dataDir, Path logFile) throws IOException {
        Files.createDirectories(dataDir);
        Files.deleteIfExists(dataDir.resolve("endpoints.json")); // left behind by a SIGKILL
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", serverJar.toString(), "start", "--data-dir", dataDir.toString()));
        Map<String, String> settings = new HashMap<>();
        settings.put("ROOST_LISTENERS_MQTT_PORT", "0");
        settings.put("ROOST_LISTENERS_HTTP_PORT", "0");
        for (String listener : OPTIONAL_LISTENERS) {
            String key = "ROOST_LISTENERS_" + listener.toUpperCase(java.util.Locale.ROOT);
            boolean on = extraListeners.contains(listener);
            settings.put(key + "_ENABLED", Boolean.toString(on));
            if (on) {
                settings.put(key + "_PORT", "0");
                settings.put(key + "_BINDADDRESS", "127.0.0.1");
            }
        }
        ChildProcess child = ChildProcess.start(command, dataDir.getParent(), logFile, settings);
        return new RunningRoost(child, dataDir);
    }
}
