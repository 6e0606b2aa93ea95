package io.roost.bench.compare;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A broker that {@code bench/compare} can start fresh for each round. Implementations are
 * stateless apart from their settings; thread-safe.
 */
public interface Peer {

    /** The name in the table: {@code roost}, {@code mosquitto}, {@code moquette}. */
    String name();

    /**
     * Why this peer cannot run here (binary not installed, classpath not fetchable, jar not built),
     * or empty when it can. May do slow one-time work, such as fetching a classpath.
     */
    Optional<String> unavailableReason();

    /**
     * Starts a fresh instance with its files under {@code workDir} (created, empty) and returns once
     * its MQTT listener accepts connections.
     *
     * @throws IOException when it does not start; the message says why
     */
    RunningPeer start(Path workDir) throws IOException, InterruptedException;
}
