package io.roost.mqtt;

import io.roost.core.operations.OperationsLine;
import java.net.SocketAddress;

/**
 * MQTT connection events on the operations log ({@link OperationsLine}), with
 * {@code protocol=mqtt}. Stateless; thread-safe.
 */
final class MqttOperationsLog {

    private static final String PROTOCOL = "mqtt";

    private MqttOperationsLog() {
    }

    static void connected(String deviceId, SocketAddress remote) {
        OperationsLine.log("Connections", "DEVICE_CONNECT", PROTOCOL, deviceId, remote, null);
    }

    static void disconnected(String deviceId, SocketAddress remote, String reason) {
        OperationsLine.log("Connections", "DEVICE_DISCONNECT", PROTOCOL, deviceId, remote, reason);
    }

    static void authFailed(String deviceId, SocketAddress remote, String reason) {
        OperationsLine.log("Connections", "AUTH_FAILED", PROTOCOL, deviceId, remote, reason);
    }

    static void refused(String deviceId, SocketAddress remote, String operation, String reason) {
        OperationsLine.log(operation.equals("TOKEN_EXPIRED") ? "Connections" : "DeviceTelemetry", operation, PROTOCOL,
                deviceId, remote, reason);
    }
}
