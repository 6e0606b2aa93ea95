package io.roost.amqp;

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
 * What every AMQP listener of one server shares: the registry that authenticates devices, the log
 * D2C messages go to, the C2D queues device links are served from, the host names a CBS audience
 * or SASL user name may carry, the live connections per device, the meters they count on and the
 * read pool and partition owners of the Event Hubs-compatible endpoint.
 * {@link #open} registers the connections for revocation and C2D availability; {@link #close()}
 * unregisters them. Thread-safe.
 *
 * @param acceptedHosts host names accepted in a CBS audience, compared case-insensitively (as a
 *     SAS token's {@code sr}: {@code ConnectionStrings#acceptedHosts()}); the first label of each is
 *     a hub name accepted in a SASL PLAIN user name {@code {deviceId}@sas.{hubName}}
 */
public record AmqpEndpoint(DeviceRegistry registry, TelemetryLog log, C2dQueues c2d, List<String> acceptedHosts,
        AmqpDevices devices, Clock clock, ProtocolMetrics metrics, EventHubReads eventHub, OperationsLog operations,
        Throttle throttle)
        implements AutoCloseable {

    /** The {@code protocol} label of AMQP's meters. */
    public static final String PROTOCOL = "amqp";

    public AmqpEndpoint {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(c2d, "c2d");
        acceptedHosts = acceptedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        Objects.requireNonNull(devices, "devices");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(eventHub, "eventHub");
        Objects.requireNonNull(operations, "operations");
        Objects.requireNonNull(throttle, "throttle");
    }

    /**
     * An endpoint with no connections yet, registered with the registry for revocation and with the
     * C2D queues for availability.
     *
     * @param operations where connects, disconnects and refusals are reported (operations log)
     */
    public static AmqpEndpoint open(DeviceRegistry registry, TelemetryLog log, C2dQueues c2d, List<String> acceptedHosts,
            Clock clock, DeviceMetrics metrics, OperationsLog operations) {
        return open(registry, log, c2d, acceptedHosts, clock, metrics, operations, Throttle.unlimited(),
                new DeviceConnections());
    }

    /** The same, with the devices' connects and D2C messages going through {@code throttle}. *
     * @param connections every protocol's connections of each device (shared with the other
     *     protocols' endpoints): a device connecting here replaces its connection elsewhere
     */
    public static AmqpEndpoint open(DeviceRegistry registry, TelemetryLog log, C2dQueues c2d, List<String> acceptedHosts,
            Clock clock, DeviceMetrics metrics, OperationsLog operations, Throttle throttle,
            DeviceConnections connections) {
        AmqpEndpoint endpoint = new AmqpEndpoint(registry, log, c2d, acceptedHosts, new AmqpDevices(connections), clock,
                metrics.protocol(PROTOCOL), new EventHubReads(clock.millis()), operations, throttle);
        registry.addRevocationListener(endpoint.devices);
        c2d.addAvailabilityListener(endpoint.devices.c2dAvailability());
        return endpoint;
    }

    boolean acceptsHost(String host) {
        return acceptedHosts.contains(host.toLowerCase(Locale.ROOT));
    }

    /** Whether {@code hubName} is the first label of an accepted host. */
    boolean acceptsHubName(String hubName) {
        String lower = hubName.toLowerCase(Locale.ROOT);
        return acceptedHosts.stream().anyMatch(h -> h.equals(lower) || h.startsWith(lower + "."));
    }

    @Override
    public void close() {
        registry.removeRevocationListener(devices);
        c2d.removeAvailabilityListener(devices.c2dAvailability());
        eventHub.close();
    }
}
