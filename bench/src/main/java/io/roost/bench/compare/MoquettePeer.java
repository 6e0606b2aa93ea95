package io.roost.bench.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Moquette 0.17 in its own JVM with its own classpath: Moquette is built on Netty 4.1, which must
 * not meet Roost's Netty 4.2. The classpath is {@code bench/peers/moquette/target/lib}, fetched
 * from Maven Central on first use by {@code mvn dependency:copy-dependencies} on the small pom
 * beside it (outside the reactor). The broker is Moquette's own main, {@code io.moquette.broker.Server},
 * reading {@code {work}/config/moquette.conf} (system property {@code moquette.path}): Moquette's
 * defaults (its queues persist under {@code data_path}, here the work directory) except the port
 * (a free one), the host (127.0.0.1), anonymous clients allowed, and its usage telemetry to the
 * internet turned off. JVM flags from {@code MOQUETTE_JAVA_OPTS}. Immutable; thread-safe.
 */
public final class MoquettePeer implements Peer {

    static final String MAIN_CLASS = "io.moquette.broker.Server";
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    static final Duration FETCH_TIMEOUT = Duration.ofMinutes(5);

    private final Path peerDir;
    private final List<String> jvmOptions;

    /** @param peerDir {@code bench/peers/moquette} of the source tree */
    public MoquettePeer(Path peerDir, List<String> jvmOptions) {
        this.peerDir = peerDir;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    @Override
    public String name() {
        return "moquette";
    }

    private Path libDir() {
        return peerDir.resolve("target").resolve("lib");
    }

    @Override
    public Optional<String> unavailableReason() {
        if (hasBroker()) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(peerDir.resolve("pom.xml"))) {
            return Optional.of("no " + peerDir.resolve("pom.xml"));
        }
        try {
            fetch();
        } catch (IOException e) {
            return Optional.of("cannot fetch Moquette 0.17 from Maven Central: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted while fetching Moquette");
        }
        return hasBroker() ? Optional.empty() : Optional.of("the fetch left no moquette-broker jar in " + libDir());
    }

    private boolean hasBroker() {
        if (!Files.isDirectory(libDir())) {
            return false;
        }
        try (Stream<Path> jars = Files.list(libDir())) {
            return jars.anyMatch(jar -> jar.getFileName().toString().startsWith("moquette-broker-"));
        } catch (IOException e) {
            return false;
        }
    }

    private void fetch() throws IOException, InterruptedException {
        Path log = Files.createTempFile("moquette-fetch", ".log");
        List<String> command = List.of("mvn", "-B", "-q", "-f", peerDir.resolve("pom.xml").toString(),
                "dependency:copy-dependencies");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(FETCH_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("mvn took longer than " + FETCH_TIMEOUT.toMinutes() + " min");
        }
        if (process.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log);
            throw new IOException("mvn exited with " + process.exitValue() + ": "
                    + String.join(" ", lines.subList(Math.max(0, lines.size() - 3), lines.size())));
        }
        Files.deleteIfExists(log);
    }

    @Override
    public RunningPeer start(Path workDir) throws IOException, InterruptedException {
        int port = FreePort.pick();
        Path configDir = Files.createDirectories(workDir.resolve("config"));
        Files.writeString(configDir.resolve("moquette.conf"), String.join("\n",
                "port " + port,
                "host 127.0.0.1",
                "websocket_port disabled",
                "allow_anonymous true",
                "telemetry_enabled false",
                "data_path " + workDir.resolve("data"),
                ""));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-Dmoquette.path=" + workDir);
        command.add("-cp");
        command.add(libDir().toAbsolutePath() + "/*");
        command.add(MAIN_CLASS);
        ChildProcess child = ChildProcess.start(command, workDir, workDir.resolve("moquette.log"), Map.of());
        try {
            child.awaitPort(port, START_TIMEOUT);
        } catch (IOException | InterruptedException e) {
            child.close();
            throw e;
        }
        return new MosquittoPeer.AnonymousBroker(child, port);
    }
}
