package io.roost.bench.compare;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Mosquitto 2 from the distribution's package ({@code /usr/sbin/mosquitto} or {@code mosquitto} on
 * the PATH), started as a child with a generated config: one listener on 127.0.0.1 on a free port,
 * anonymous clients, no persistence, TCP_NODELAY (as Roost; Mosquitto's default Nagle adds ~5 ms to
 * paced PUBACK latency), {@code max_inflight_messages} and {@code max_queued_messages} above the
 * load generator's window, unlimited connections. Mosquitto acknowledges QoS 1 from memory.
 * Immutable; thread-safe.
 */
public final class MosquittoPeer implements Peer {

    static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Optional<Path> binary;

    public MosquittoPeer() {
        this.binary = locate();
    }

    private static Optional<Path> locate() {
        Path packaged = Path.of("/usr/sbin/mosquitto");
        if (Files.isExecutable(packaged)) {
            return Optional.of(packaged);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "mosquitto");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    @Override
    public String name() {
        return "mosquitto";
    }

    @Override
    public Optional<String> unavailableReason() {
        return binary.isPresent() ? Optional.empty()
                : Optional.of("mosquitto not found in /usr/sbin or on the PATH (apt-get install -y mosquitto)");
    }

    @Override
    public RunningPeer start(Path workDir) throws IOException, InterruptedException {
        int port = FreePort.pick();
        Path config = workDir.resolve("mosquitto.conf");
        Files.writeString(config, String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "persistence false",
                "set_tcp_nodelay true",
                "max_connections -1",
                "max_inflight_messages 100",
                "max_queued_messages 10000",
                "log_dest stderr",
                "log_type error",
                "log_type warning",
                ""));
        ChildProcess child = ChildProcess.start(List.of(binary.orElseThrow().toString(), "-c", config.toString()),
                workDir, workDir.resolve("mosquitto.log"), Map.of());
        try {
            child.awaitPort(port, START_TIMEOUT);
        } catch (IOException | InterruptedException e) {
            child.close();
            throw e;
        }
        return new AnonymousBroker(child, port);
    }

    /** A started broker that takes anonymous devices. */
    record AnonymousBroker(ChildProcess child, int mqttPort) implements RunningPeer {

        @Override
        public long pid() {
            return child.pid();
        }

        @Override
        public List<String> authArguments() {
            return List.of("--auth", "none");
        }

        @Override
        public void close() {
            child.close();
        }
    }
}
