package io.roost.amqp;

import io.roost.core.operations.OperationsLine;
import java.net.SocketAddress;

/**
 * AMQP connection events on the operations log ({@link OperationsLine}). The protocol field names
 * the transport: {@code amqp} on TCP with or without TLS, {@code amqp-ws} over WebSocket.
 * Immutable; thread-safe.
 */
final class AmqpOperationsLog {

    /** AMQP straight on TCP: the amqp and amqps listeners. */
    static final AmqpOperationsLog TCP = new AmqpOperationsLog("amqp");
    /** AMQP over WebSocket on the https listener. */
    static final AmqpOperationsLog WEBSOCKET = new AmqpOperationsLog("amqp-ws");

    private final String protocol;

    private AmqpOperationsLog(String protocol) {
        this.protocol = protocol;
    }

    /** {@code amqp} or {@code amqp-ws}: the protocol of this transport's events and counters. */
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

    void tokenExpired(String deviceId, SocketAddress remote) {
        OperationsLine.log("Connections", "TOKEN_EXPIRED", protocol, deviceId, remote, "the SAS token expired");
    }

    void attachRefused(String deviceId, SocketAddress remote, String reason) {
        OperationsLine.log("Connections", "ATTACH_REFUSED", protocol, deviceId, remote, reason);
    }

    void transferRejected(String deviceId, SocketAddress remote, String operation, String reason) {
        OperationsLine.log("DeviceTelemetry", operation, protocol, deviceId, remote, reason);
    }

    void protocolError(SocketAddress remote, String reason) {
        OperationsLine.log("Connections", "PROTOCOL_ERROR", protocol, null, remote, reason);
    }
}
