package io.roost.mqtt;

import io.roost.core.operations.OperationsLine;
import java.net.SocketAddress;

/**
 * MQTT connection events on the operations log ({@link OperationsLine}). The protocol field names
 * the transport ({@code mqtt} on TCP with or without TLS, {@code mqtt-ws} over WebSocket), so an
 * operator can tell which port a device came through. Immutable; thread-safe.
 */
final class MqttOperationsLog {

    static final String LOGGER_NAME = OperationsLine.LOGGER_NAME;

    /** MQTT straight on TCP: the mqtt and mqtts listeners. */
    static final MqttOperationsLog TCP = new MqttOperationsLog("mqtt");
    /** MQTT over WebSocket on the https listener. */
    static final MqttOperationsLog WEBSOCKET = new MqttOperationsLog("mqtt-ws");

    private final String protocol;

    private MqttOperationsLog(String protocol) {
        this.protocol = protocol;
    }

    /** {@code mqtt} or {@code mqtt-ws}: the protocol of this transport's events and counters. */
    String protocol() {
        return protocol;
    }

    void connected(String deviceId, SocketAddress remote) {
        OperationsLine.log("Connections", "DEVICE_CONNECT", protocol, deviceId, remote, null);
    }

    void disconnected(String deviceId, SocketAddress remote, String reason) {
        OperationsLine.log("Connections", "DEVICE_DISCONNECT", protocol, deviceId, remote, reason);
    }

    void authFailed(String deviceId, SocketAddress remote, String reason) {
        OperationsLine.log("Connections", "AUTH_FAILED", protocol, deviceId, remote, reason);
    }

    void refused(String deviceId, SocketAddress remote, String operation, String reason) {
        OperationsLine.log(operation.equals("TOKEN_EXPIRED") ? "Connections" : "DeviceTelemetry", operation, protocol,
                deviceId, remote, reason);
    }

    String line(String category, String operation, String deviceId, SocketAddress remote, String reason) {
        return OperationsLine.line(category, operation, protocol, deviceId, remote, reason);
    }
}
