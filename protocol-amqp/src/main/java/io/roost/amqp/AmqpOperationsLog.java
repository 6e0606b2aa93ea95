package io.roost.amqp;

import io.roost.core.operations.OperationCategory;
import io.roost.core.operations.ProtocolOperations;
import java.net.SocketAddress;

/**
 * AMQP connection events on the operations log, recorded through the endpoint's
 * {@link io.roost.core.operations.OperationsLog}. The protocol field names the transport:
 * {@code amqp} on TCP with or without TLS, {@code amqp-ws} over WebSocket. Immutable; thread-safe;
 * never blocks.
 */
final class AmqpOperationsLog {

    /** AMQP straight on TCP: the amqp and amqps listeners. */
    static final String TCP = "amqp";
    /** AMQP over WebSocket on the https listener. */
    static final String WEBSOCKET = "amqp-ws";

    private final String protocol;
    private final ProtocolOperations operations;

    AmqpOperationsLog(AmqpEndpoint endpoint, String protocol) {
        this.protocol = protocol;
        this.operations = new ProtocolOperations(endpoint.operations(), protocol, endpoint.clock());
    }

    /** {@code amqp} or {@code amqp-ws}: the protocol of this transport's events and counters. */
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

    void tokenExpired(String deviceId, SocketAddress remote) {
        operations.failure(OperationCategory.Connections, "TOKEN_EXPIRED", 401, deviceId, remote,
                "the SAS token expired");
    }

    void attachRefused(String deviceId, SocketAddress remote, String reason) {
        operations.failure(OperationCategory.Connections, "ATTACH_REFUSED", 403, deviceId, remote, reason);
    }

    /** {@code OVERSIZED_MESSAGE} is 413; any other refused transfer 400. */
    void transferRejected(String deviceId, SocketAddress remote, String operation, String reason) {
        operations.failure(OperationCategory.DeviceTelemetry, operation, operation.equals("OVERSIZED_MESSAGE") ? 413 : 400,
                deviceId, remote, reason);
    }

    void serviceConnected(SocketAddress remote) {
        operations.success(OperationCategory.Connections, "SERVICE_CONNECT", null, remote, null);
    }

    /** @param statusCode the HTTP-like status of the refusal ({@link C2dSendErrors#statusOf}) */
    void c2dSendRejected(String deviceId, SocketAddress remote, int statusCode, String reason) {
        operations.failure(OperationCategory.C2DCommands, "C2D_SEND_REJECTED", statusCode, deviceId, remote, reason);
    }

    void protocolError(SocketAddress remote, String reason) {
        operations.failure(OperationCategory.Connections, "PROTOCOL_ERROR", 400, null, remote, reason);
    }
}
