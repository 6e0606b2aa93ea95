package io.roost.mqtt;

import io.roost.core.c2d.C2dQueues;
import io.roost.core.log.TelemetryLog;
import io.roost.core.metrics.DeviceMetrics;
import io.roost.core.metrics.ProtocolMetrics;
import io.roost.core.operations.OperationsLog;
import io.roost.core.session.DeviceConnections;
import io.roost.core.throttle.Throttle;
import io.roost.registry.DeviceRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What every MQTT listener of one server shares: the registry that authenticates devices, the log
 * D2C messages go to, the C2D queues subscribed devices are served from, the host names a user name may carry, the device sessions and the meters
 * they count on. Registers the sessions for revocation on creation; {@link #close()} unregisters
 * them, and the C2D queues' availability to the sessions. Thread-safe.
 *
 * @param acceptedHosts host names accepted in the CONNECT user name, compared case-insensitively
 *     (the same as a SAS token's {@code sr}: {@code ConnectionStrings#acceptedHosts()})
 */
public record MqttEndpoint(DeviceRegistry registry, TelemetryLog log, C2dQueues c2d, List<String> acceptedHosts,
        MqttSessions sessions, Clock clock, ProtocolMetrics metrics, LoopCompletions completions, OperationsLog operations,
        Throttle throttle)
        implements AutoCloseable {

    /** The {@code protocol} label of MQTT's meters, over TCP, TLS and WebSocket alike. */
    public static final String PROTOCOL = "mqtt";

    public MqttEndpoint {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(c2d, "c2d");
        acceptedHosts = acceptedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(completions, "completions");
        Objects.requireNonNull(operations, "operations");
        Objects.requireNonNull(throttle, "throttle");
    }

    /**
     * An endpoint with fresh sessions, registered with the registry for revocation.
     *
     * @param clock the server's time, for SAS token expiry of live sessions
     * @param metrics where connects, refusals and D2C traffic are counted
     * @param operations where connects, disconnects and refusals are reported (operations log)
     */
    public static MqttEndpoint open(DeviceRegistry registry, TelemetryLog log, C2dQueues c2d, List<String> acceptedHosts,
            Clock clock, DeviceMetrics metrics, OperationsLog operations) {
        return open(registry, log, c2d, acceptedHosts, clock, metrics, operations, Throttle.unlimited(),
                new DeviceConnections());
    }

    /**
     * An endpoint with fresh sessions whose devices' connects and D2C messages go through
     * {@code throttle}.
     *
     * @param connections every protocol's connections of each device (shared with the other
     *     protocols' endpoints): a device connecting here replaces its connection elsewhere
     */
    public static MqttEndpoint open(DeviceRegistry registry, TelemetryLog log, C2dQueues c2d, List<String> acceptedHosts,
            Clock clock, DeviceMetrics metrics, OperationsLog operations, Throttle throttle,
            DeviceConnections connections) {
        MqttEndpoint endpoint = new MqttEndpoint(registry, log, c2d, acceptedHosts, new MqttSessions(connections), clock,
                metrics.protocol(PROTOCOL), new LoopCompletions(), operations, throttle);
        registry.addRevocationListener(endpoint.sessions);
        c2d.addAvailabilityListener(endpoint.sessions.c2dAvailability());
        return endpoint;
    }

    boolean acceptsHost(String host) {
        return acceptedHosts.contains(host.toLowerCase(Locale.ROOT));
    }

    @Override
    public void close() {
        registry.removeRevocationListener(sessions);
        c2d.removeAvailabilityListener(sessions.c2dAvailability());
    }
}
