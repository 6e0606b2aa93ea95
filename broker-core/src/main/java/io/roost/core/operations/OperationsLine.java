package io.roost.core.operations;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device connection event as one structured line on the operations logger
 * ({@value #LOGGER_NAME}), the same for every protocol:
 * {@code category=Connections operation=DEVICE_CONNECT protocol=mqtt deviceId=dev1 auth=sas remote=127.0.0.x reason=-}.
 * Remote addresses are masked (last IPv4 octet, or all but the first three IPv6 groups); free text
 * is quoted so a reader sees where fields end. The masking ({@link #masked}) is what every
 * {@link OperationEvent#maskedAddress()} uses; the server writes its own lines from recorded events.
 * Stateless; thread-safe.
 */
public final class OperationsLine {

    public static final String LOGGER_NAME = "roost.operations";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);

    private OperationsLine() {
    }

    /**
     * Writes the event at INFO, and only as a log line.
     *
     * @deprecated report through an injected {@link OperationsLog} instead (see
     *     {@link ProtocolOperations}): only that reaches the durable log, {@code GET /operations}
     *     and the metrics. Kept for code written against it before the durable log existed.
     */
    @Deprecated
    public static void log(String category, String operation, String protocol, String deviceId, SocketAddress remote,
            String reason) {
        if (LOG.isInfoEnabled()) {
            LOG.info(line(category, operation, protocol, deviceId, remote, reason));
        }
    }

    public static String line(String category, String operation, String protocol, String deviceId, SocketAddress remote,
            String reason) {
        return "category=" + category
                + " operation=" + operation
                + " protocol=" + protocol
                + " deviceId=" + (deviceId == null || deviceId.isEmpty() ? "-" : quotedIfNeeded(deviceId))
                + " auth=sas"
                + " remote=" + masked(remote)
                + " reason=" + (reason == null ? "-" : quoted(reason));
    }

    /** The address without its last IPv4 octet (or with only the first three IPv6 groups). */
    public static String masked(SocketAddress remote) {
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
