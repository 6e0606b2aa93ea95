package io.roost.bench.compare;

import java.util.List;

/**
 * One started broker: where its plain MQTT listener is, how devices authenticate, and its process
 * for CPU time and peak RSS. {@link #close()} stops it and deletes nothing (the caller owns the work
 * directory). Thread-safe.
 */
public interface RunningPeer extends AutoCloseable {

    /** The broker's process id: the load generator reads its CPU time and VmHWM from /proc. */
    long pid();

    /** The plain MQTT port on 127.0.0.1. */
    int mqttPort();

    /**
     * The load generator options for device credentials: {@code --auth none} for an anonymous
     * broker, or {@code --auth roost --service-connection-string ... --http ...}.
     */
    List<String> authArguments();

    /** Stops the broker (SIGTERM, then SIGKILL after a timeout). */
    @Override
    void close();
}
