package io.roost.server.operations;

import io.roost.core.log.TelemetryLog;
import io.roost.core.message.SystemProperty;
import io.roost.core.message.TelemetryMessage;
import io.roost.core.operations.OperationCategory;
import io.roost.core.operations.OperationEvent;
import io.roost.core.operations.OperationsLog;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes connects and disconnects into the D2C log as IoT Hub's device connection state events
 * ({@code operations.connectionStateEvents}), so a back end reading the Event Hubs-compatible
 * endpoint or {@code GET /messages/events} can react: system property {@code iothub-message-source}
 * = {@code deviceConnectionStateEvents}, application properties {@code hubName}, {@code deviceId},
 * {@code opType} ({@code deviceConnected} or {@code deviceDisconnected}),
 * {@code iothub-message-schema} = {@code deviceConnectionStateNotification} and
 * {@code operationTimestamp}, and the body {@code {"sequenceNumber":"..."}}, a number that grows
 * with every event of this server (ordered as text too: zero-padded) so a consumer can drop stale
 * states. They land in the device's own partition, in order with its telemetry.
 *
 * <p>Thread-safe; never blocks: the append is queued, and a refused append (log full or closed) is
 * logged at debug and dropped, as IoT Hub gives no delivery guarantee for these events either.
 */
public final class ConnectionStateEvents implements OperationsLog {

    public static final String MESSAGE_SOURCE = "deviceConnectionStateEvents";
    public static final String MESSAGE_SCHEMA = "deviceConnectionStateNotification";
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionStateEvents.class);

    private final Supplier<TelemetryLog> log;
    private final String hubName;
    /** Seeded from the clock so sequence numbers keep growing across restarts. */
    private final AtomicLong sequence;

    /**
     * @param log the D2C log, or a supplier that gives null until it is open (events before then
     *     are not routed)
     * @param hubName the first label of the host name, as IoT Hub names the hub
     */
    public ConnectionStateEvents(Supplier<TelemetryLog> log, String hubName, long nowMillis) {
        this.log = log;
        this.hubName = hubName;
        this.sequence = new AtomicLong(nowMillis * 1000);
    }

    @Override
    public void record(OperationEvent event) {
        if (event.category() != OperationCategory.Connections || event.deviceId() == null) {
            return;
        }
        String opType = switch (event.operation()) {
            case "DEVICE_CONNECT" -> "deviceConnected";
            case "DEVICE_DISCONNECT" -> "deviceDisconnected";
            default -> null;
        };
        TelemetryLog target = log.get();
        if (opType == null || target == null) {
            return;
        }
        target.append(message(event, opType)).whenComplete((appended, failure) -> {
            if (failure != null) {
                LOG.debug("connection state event of {} not routed to the D2C log: {}", event.deviceId(), failure.toString());
            }
        });
    }

    TelemetryMessage message(OperationEvent event, String opType) {
        Map<String, String> system = new LinkedHashMap<>();
        system.put(SystemProperty.MESSAGE_SOURCE, MESSAGE_SOURCE);
        system.put(SystemProperty.CONTENT_TYPE, "application/json");
        system.put(SystemProperty.CONTENT_ENCODING, "utf-8");
        system.put(SystemProperty.CORRELATION_ID, UUID.randomUUID().toString());
        system.put(SystemProperty.USER_ID, hubName);
        system.put(SystemProperty.CONNECTION_DEVICE_ID, event.deviceId());
        Map<String, String> application = new LinkedHashMap<>();
        application.put("hubName", hubName);
        application.put("deviceId", event.deviceId());
        application.put("opType", opType);
        application.put("iothub-message-schema", MESSAGE_SCHEMA);
        application.put("operationTimestamp", event.time().toString());
        String body = "{\"sequenceNumber\":\"" + String.format("%024d", sequence.incrementAndGet()) + "\"}";
        return new TelemetryMessage(event.deviceId(), system, application, body.getBytes(StandardCharsets.UTF_8));
    }
}
