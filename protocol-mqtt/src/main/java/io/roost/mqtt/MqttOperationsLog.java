package io.roost.mqtt;

import io.roost.core.operations.OperationCategory;
import io.roost.core.operations.ProtocolOperations;
import java.net.SocketAddress;

/**
 * MQTT connection events on the operations log, recorded through the endpoint's
 * {@link io.roost.core.operations.OperationsLog}. The protocol field names the transport
 * ({@code mqtt} on TCP with or without TLS, {@code mqtt-ws} over WebSocket), so an operator can tell
 * which port a device came through. Immutable; thread-safe; never blocks.
 */
final class MqttOperationsLog {

    /** MQTT straight on TCP: the mqtt and mqtts listeners. */
    static final String TCP = "mqtt";
    /** MQTT over WebSocket on the https listener. */
    static final String WEBSOCKET = "mqtt-ws";

    private final String protocol;
    private final ProtocolOperations operations;

    MqttOperationsLog(MqttEndpoint endpoint, String protocol) {
        this.protocol = protocol;
        this.operations = new ProtocolOperations(endpoint.operations(), protocol, endpoint.clock());
    }

    /** {@code mqtt} or {@code mqtt-ws}: the protocol of this transport's events and counters. */
    String protocol() {
        return protocol;
    }

    void connected(String deviceId, SocketAddress remote) {
        operations.success(OperationCategory.Connections, "DEVICE_CONNECT", deviceId, remote, null);
    }

    void disconnected(String deviceId, SocketAddress remote, String reason) {
        operations.success(OperationCategory.Connections, "DEVICE_DISCONNECT", deviceId, remote, reason);
    }

    void authFailed(String deviceId, SocketAddress remote, String reason) {
        operations.failure(OperationCategory.Connections, "AUTH_FAILED", 401, deviceId, remote, reason);
    }

    /** A refused packet: {@code TOKEN_EXPIRED} (401), {@code OVERSIZED_MESSAGE} (413), {@code TOPIC_VIOLATION} (403). */
    void refused(String deviceId, SocketAddress remote, String operation, String reason) {
        switch (operation) {
            case "TOKEN_EXPIRED" -> operations.failure(OperationCategory.Connections, operation, 401, deviceId, remote,
                    reason);
            case "OVERSIZED_MESSAGE" -> operations.failure(OperationCategory.DeviceTelemetry, operation, 413, deviceId,
                    remote, reason);
            default -> operations.failure(OperationCategory.DeviceTelemetry, operation, 403, deviceId, remote, reason);
        }
    }
}
