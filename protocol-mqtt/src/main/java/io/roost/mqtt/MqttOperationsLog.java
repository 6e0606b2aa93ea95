package io.roost.mqtt;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MQTT connection events as one structured line each on the operations logger
 * ({@code roost.operations}), in the registry's line format:
 * {@code category=Connections operation=DEVICE_CONNECT protocol=mqtt deviceId=dev1 auth=sas remote=127.0.0.x reason=-}.
 * The protocol field names the transport ({@code mqtt} on TCP with or without TLS, {@code mqtt-ws}
 * over WebSocket), so an operator can tell which port a device came through. Remote addresses are
 * masked (last IPv4 octet, or all but the first three IPv6 groups). Immutable; thread-safe.
 */
final class MqttOperationsLog {

    static final String LOGGER_NAME = "roost.operations";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);

    /** MQTT straight on TCP: the mqtt and mqtts listeners. */
    static final MqttOperationsLog TCP = new MqttOperationsLog("mqtt");
    /** MQTT over WebSocket on the https listener. */
    static final MqttOperationsLog WEBSOCKET = new MqttOperationsLog("mqtt-ws");

    private final String protocol;

    private MqttOperationsLog(String protocol) {
        this.protocol = protocol;
    }

    void connected(String deviceId, SocketAddress remote) {
        LOG.info(line("Connections", "DEVICE_CONNECT", deviceId, remote, null));
    }

    void disconnected(String deviceId, SocketAddress remote, String reason) {
        LOG.info(line("Connections", "DEVICE_DISCONNECT", deviceId, remote, reason));
    }

    void authFailed(String deviceId, SocketAddress remote, String reason) {
        LOG.info(line("Connections", "AUTH_FAILED", deviceId, remote, reason));
    }

    void refused(String deviceId, SocketAddress remote, String operation, String reason) {
        LOG.info(line(operation.equals("TOKEN_EXPIRED") ? "Connections" : "DeviceTelemetry", operation, deviceId, remote, reason));
    }

    String line(String category, String operation, String deviceId, SocketAddress remote, String reason) {
        return "category=" + category
                + " operation=" + operation
                + " protocol=" + protocol
                + " deviceId=" + (deviceId == null || deviceId.isEmpty() ? "-" : quotedIfNeeded(deviceId))
                + " auth=sas"
                + " remote=" + masked(remote)
                + " reason=" + (reason == null ? "-" : quoted(reason));
    }

    static String masked(SocketAddress remote) {
        if (!(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) {
            return "-";
        }
        String host = inet.getAddress().getHostAddress();
        if (inet.getAddress() instanceof Inet4Address) {
            return host.substring(0, host.lastIndexOf('.') + 1) + "x";
        }
        String[] groups = host.split(":");
        return groups.length > 3 ? groups[0] + ":" + groups[1] + ":" + groups[2] + ":x" : "x";
    }

    private static String quotedIfNeeded(String value) {
        return value.matches("[A-Za-z0-9._:@$!()*+,;=%#?'-]+") ? value : quoted(value);
    }

    private static String quoted(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ").replace("\r", " ") + '"';
    }
}
