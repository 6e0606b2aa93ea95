package io.roost.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code roost} script, as a user runs it, in child processes: start-up, the lock
 * against a second server, and a clean SIGTERM. Runs in the integration-test phase, after the jar
 * was packaged, so the script starts it without building.
 */
class RoostLauncherIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private final List<Process> children = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void killChildren() throws InterruptedException {
        for (Process child : children) {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void start_thenServesLocksTheDataDirAndStopsCleanlyOnSigterm() throws Exception {
        Path dataDir = tmp.resolve("data");
        Path endpoints = dataDir.resolve("endpoints.json");

        Process first = start(dataDir, "first.log");
        int port = awaitHttpPort(first, endpoints, "first.log");

        assertThat(get(port, "/health").statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = get(port, "/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");
        String caLine = "clients trust the CA in " + dataDir.toAbsolutePath().normalize().resolve("certs/ca.pem");
        await().atMost(Duration.ofSeconds(10)).until(() -> log("first.log").contains(caLine));
        assertThat(log("first.log")).containsOnlyOnce(caLine)
                .containsPattern("owner connection string: HostName=localhost;SharedAccessKeyName=iothubowner;SharedAccessKey=[A-Za-z0-9+/=]{44}");

        Process second = start(dataDir, "second.log");
        assertThat(second.waitFor(30, TimeUnit.SECONDS)).as("second server exits on its own").isTrue();
        assertThat(second.exitValue()).isNotZero();
        assertThat(log("second.log")).contains("in use");
        assertThat(httpPort(endpoints)).isEqualTo(port);

        first.destroy();
        assertThat(first.waitFor(5, TimeUnit.SECONDS)).as("stops within 5 s of SIGTERM").isTrue();
        assertThat(first.exitValue()).as("exit status after SIGTERM; log:%n%s", log("first.log")).isZero();
        assertThat(endpoints).doesNotExist();
        assertThat(dataDir.resolve("d2c/.clean-shutdown")).as("the D2C log closed cleanly").exists();

        Process third = start(dataDir, "third.log");
        awaitHttpPort(third, endpoints, "third.log");
        third.destroy();
        assertThat(third.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(third.exitValue()).isZero();
    }

    @Test
    void start_whenChosenHttpsPortTaken_thenOneLineSayingHowToFixIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Process server = start(tmp.resolve("data"), "taken.log", "--https-port", String.valueOf(taken.getLocalPort()));

            assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("exits on its own").isTrue();
            assertThat(server.exitValue()).isEqualTo(1);
            assertThat(log("taken.log").lines().filter(line -> line.startsWith("cannot start Roost:")))
                    .singleElement().asString()
                    .contains("listener https cannot bind", String.valueOf(taken.getLocalPort()), "--https-port");
        }
    }

    /** Both HTTP listeners on loopback, https on a free port unless the caller gives {@code --https-port}. */
    private Process start(Path dataDir, String logName, String... extraArgs) throws IOException {
        Path repoRoot = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath().getParent();
        List<String> command = new ArrayList<>(List.of(repoRoot.resolve("roost").toString(),
                "start", "--data-dir", dataDir.toString(), "--http-port", "0", "--https-bind", "127.0.0.1",
                "--mqtt-port", "0", "--mqtts-port", "0", "--mqtts-bind", "127.0.0.1"));
        if (!List.of(extraArgs).contains("--https-port")) {
            command.addAll(List.of("--https-port", "0"));
        }
        command.addAll(List.of(extraArgs));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(tmp.toFile())
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve(logName).toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("ROOST_"));
        Process process = builder.start();
        children.add(process);
        return process;
    }

    private int awaitHttpPort(Process process, Path endpoints, String logName) {
        await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100)).until(() -> {
            assertThat(process.isAlive()).as("server still running; log:%n%s", log(logName)).isTrue();
            return Files.exists(endpoints);
        });
        return httpPort(endpoints);
    }

    private static int httpPort(Path endpoints) {
        try {
            for (JsonNode listener : JSON.readTree(endpoints.toFile()).get("listeners")) {
                if (listener.get("name").asText().equals("http")) {
                    assertThat(listener.get("address").asText()).isEqualTo("127.0.0.1");
                    return listener.get("port").asInt();
                }
            }
            throw new AssertionError("no http listener in " + endpoints);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String log(String name) throws IOException {
        Path file = tmp.resolve(name);
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
