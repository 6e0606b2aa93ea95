package io.roost.compat.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.roost.server.cli.RoostCli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Roost server in a child JVM on this test's class path, on loopback with ephemeral ports for
 * http and mqtt (the TLS and AMQP listeners off), its output in a log file. Crash tests kill it
 * with SIGKILL and start another on the same data dir. Not thread-safe.
 */
public final class ChildServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path dataDir;
    private final Path logFile;

    private ChildServer(Process process, Path dataDir, Path logFile) {
        this.process = process;
        this.dataDir = dataDir;
        this.logFile = logFile;
    }

    /**
     * Starts the server and waits until it listens.
     *
     * @param environment more {@code ROOST_*} settings for the child
     */
    public static ChildServer start(Path dataDir, Path logFile, Map<String, String> environment) throws IOException {
        Files.deleteIfExists(dataDir.resolve("endpoints.json")); // left behind by a SIGKILL
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx512m", "-cp", classPath, RoostCli.class.getName(),
                "start", "--data-dir", dataDir.toString(), "--http-port", "0", "--mqtt-port", "0");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(logFile.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("ROOST_"));
        Map<String, String> settings = new HashMap<>(Map.of(
                "ROOST_LISTENERS_HTTPS_ENABLED", "false",
                "ROOST_LISTENERS_MQTTS_ENABLED", "false",
                "ROOST_LISTENERS_AMQP_ENABLED", "false",
                "ROOST_LISTENERS_AMQPS_ENABLED", "false"));
        settings.putAll(environment);
        builder.environment().putAll(settings);
        ChildServer server = new ChildServer(builder.start(), dataDir, logFile);
        server.awaitListening();
        return server;
    }

    private void awaitListening() {
        Path endpoints = dataDir.resolve("endpoints.json");
        await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> {
            assertThat(process.isAlive()).as("server still running; log:%n%s", log()).isTrue();
            return Files.exists(endpoints);
        });
    }

    /** The port of the named listener ({@code http}, {@code mqtt}), from {@code endpoints.json}. */
    public int port(String listenerName) {
        Path endpoints = dataDir.resolve("endpoints.json");
        try {
            for (JsonNode listener : JSON.readTree(endpoints.toFile()).get("listeners")) {
                if (listener.get("name").asText().equals(listenerName)) {
                    assertThat(listener.get("address").asText()).isEqualTo("127.0.0.1");
                    return listener.get("port").asInt();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("no " + listenerName + " listener in " + endpoints);
    }

    /** SIGKILL: the server gets no chance to flush or close anything. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).as("killed").isTrue();
    }

    /** SIGTERM, then waits for a clean exit with status 0. */
    public void stop() throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        assertThat(process.exitValue()).as("exit status; log:%n%s", log()).isZero();
    }

    public String log() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
