package io.roost.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No Docker engine runs where the suite runs, so this checks {@code docker/Dockerfile} by what it
 * says: a Maven build stage, a JRE run stage with a non-root user, a data volume, the TLS ports and
 * a health check on {@code /health}; and it runs the image's ENTRYPOINT and CMD on the jar this
 * build made (the file the image copies), with the data volume mapped to a temp dir, until
 * {@code /health} answers 200 and SIGTERM stops it with status 0.
 */
class DockerImageIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IMAGE_JAR = "/opt/roost/roost-server.jar";
    private static final String IMAGE_DATA = "/var/lib/roost";

    @TempDir
    Path tmp;

    @Test
    void dockerfile_whenRead_thenBuildsWithMavenAndRunsNonRootWithVolumeTlsPortsAndHealthCheck() throws Exception {
        List<List<String>> stages = stages();

        assertThat(stages).hasSize(2);
        List<String> build = stages.get(0);
        List<String> run = stages.get(1);
        assertThat(build.get(0)).matches("FROM maven:\\S+-17 AS build");
        assertThat(build).anyMatch(line -> line.startsWith("RUN mvn ") && line.contains("package -pl server -am"));
        assertThat(run.get(0)).isEqualTo("FROM eclipse-temurin:17-jre");
        assertThat(run).contains("COPY --from=build /src/server/target/roost-server.jar " + IMAGE_JAR,
                "COPY --from=build /src/server/target/lib/ /opt/roost/lib/",
                "USER roost", "VOLUME [\"" + IMAGE_DATA + "\"]", "EXPOSE 8883 5671 443");
        assertThat(instruction(run, "HEALTHCHECK")).contains("127.0.0.1/8080", "GET /health", " 200 ");
        assertThat(entrypointAndCmd(run)).containsExactly("java", "-jar", IMAGE_JAR, "start", "--data-dir", IMAGE_DATA);
    }

    @Test
    void entrypoint_whenRunOnThisBuildsJar_thenServesHealthAndStopsCleanlyOnSigterm() throws Exception {
        Path serverModule = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        Path jar = serverModule.resolve("target/roost-server.jar");
        assertThat(jar).as("the artifact the image copies (package runs before integration tests)").exists();
        Path data = tmp.resolve("volume");
        List<String> command = new ArrayList<>();
        for (String word : entrypointAndCmd(stages().get(1))) {
            command.add(switch (word) {
                case "java" -> Path.of(System.getProperty("java.home"), "bin", "java").toString();
                case IMAGE_JAR -> jar.toString();
                case IMAGE_DATA -> data.toString();
                default -> word;
            });
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("server.log").toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("ROOST_"));
        for (String listener : List.of("HTTP", "HTTPS", "MQTT", "MQTTS", "AMQP", "AMQPS")) {
            builder.environment().put("ROOST_LISTENERS_" + listener + "_PORT", "0");
            builder.environment().put("ROOST_LISTENERS_" + listener + "_BINDADDRESS", "127.0.0.1");
        }
        Process server = builder.start();
        try {
            Path endpoints = data.resolve("endpoints.json");
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                assertThat(server.isAlive()).as("running; log:%n%s", log()).isTrue();
                return Files.exists(endpoints);
            });
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + httpPort(endpoints) + "/health")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(runHealthCheck(httpPort(endpoints))).as("the image's HEALTHCHECK command, on this port").isZero();

            server.destroy();
            assertThat(server.waitFor(10, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
            assertThat(server.exitValue()).as("exit status; log:%n%s", log()).isZero();
        } finally {
            server.destroyForcibly();
        }
    }

    /** The Dockerfile's instructions per stage, continuation lines joined, comments dropped. */
    private static List<List<String>> stages() throws IOException {
        Path repoRoot = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath().getParent();
        List<List<String>> stages = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String raw : Files.readAllLines(repoRoot.resolve("docker/Dockerfile"))) {
            String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && pending.length() == 0)) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            String instruction = (pending + line).replaceAll("\\s+", " ").strip();
            pending.setLength(0);
            if (instruction.startsWith("FROM ")) {
                stages.add(new ArrayList<>());
            }
            stages.get(stages.size() - 1).add(instruction);
        }
        return stages;
    }

    private static String instruction(List<String> stage, String keyword) {
        return stage.stream().filter(line -> line.startsWith(keyword + " ")).reduce((first, last) -> last)
                .orElseThrow(() -> new AssertionError("no " + keyword + " in the run stage"));
    }

    /** ENTRYPOINT then CMD, both in exec (JSON array) form, as one command line. */
    private static List<String> entrypointAndCmd(List<String> stage) throws IOException {
        List<String> words = new ArrayList<>();
        for (String keyword : List.of("ENTRYPOINT", "CMD")) {
            JsonNode array = JSON.readTree(instruction(stage, keyword).substring(keyword.length() + 1));
            assertThat(array.isArray()).as("%s in exec form", keyword).isTrue();
            array.forEach(word -> words.add(word.asText()));
        }
        return words;
    }

    /** The HEALTHCHECK's exec-form command with 8080 replaced by {@code port}; its exit status. */
    private static int runHealthCheck(int port) throws Exception {
        String healthCheck = instruction(stages().get(1), "HEALTHCHECK");
        JsonNode array = JSON.readTree(healthCheck.substring(healthCheck.indexOf("CMD ") + 4));
        List<String> command = new ArrayList<>();
        array.forEach(word -> command.add(word.asText().replace("127.0.0.1/8080", "127.0.0.1/" + port)));
        Process check = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(check.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return check.exitValue();
    }

    private static int httpPort(Path endpoints) throws IOException {
        for (JsonNode listener : JSON.readTree(endpoints.toFile()).get("listeners")) {
            if (listener.get("name").asText().equals("http")) {
                return listener.get("port").asInt();
            }
        }
        throw new AssertionError("no http listener in " + endpoints);
    }

    private String log() throws IOException {
        Path file = tmp.resolve("server.log");
        return Files.exists(file) ? Files.readString(file) : "";
    }
}
