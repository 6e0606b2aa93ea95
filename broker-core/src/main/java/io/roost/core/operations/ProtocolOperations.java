package io.roost.core.operations;

import java.net.SocketAddress;
import java.time.Clock;
import java.util.Objects;

/**
 * Builds the events of one device protocol ({@code mqtt}, {@code amqp-ws}, {@code http}...) and
 * records them on the operations log, stamping the time and masking the remote address the same
 * way for every protocol. Immutable; thread-safe; never blocks (see {@link OperationsLog#record}).
 */
public final class ProtocolOperations {

    private final OperationsLog log;
    private final String protocol;
    private final Clock clock;

    public ProtocolOperations(OperationsLog log, String protocol, Clock clock) {
        this.log = Objects.requireNonNull(log, "log");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public String protocol() {
        return protocol;
    }

    /** An informational event; {@code reason} may be null. */
    public void success(OperationCategory category, String operation, String deviceId, SocketAddress remote,
            String reason) {
        log.record(new OperationEvent(clock.instant(), category, operation, OperationEvent.INFORMATION,
                OperationEvent.SUCCESS, 200, reason, emptyToNull(deviceId), protocol, authType(deviceId),
                masked(remote), -1));
    }

    /** A refusal or failure with its HTTP-like status. */
    public void failure(OperationCategory category, String operation, int statusCode, String deviceId,
            SocketAddress remote, String reason) {
        log.record(new OperationEvent(clock.instant(), category, operation, OperationEvent.WARNING,
                OperationEvent.FAILURE, statusCode, reason, emptyToNull(deviceId), protocol, authType(deviceId),
                masked(remote), -1));
    }

    private static String masked(SocketAddress remote) {
        String masked = OperationsLine.masked(remote);
        return "-".equals(masked) ? null : masked;
    }

    private static String authType(String deviceId) {
        return emptyToNull(deviceId) == null ? null : "sas";
    }

    private static String emptyToNull(String deviceId) {
        return deviceId == null || deviceId.isEmpty() ? null : deviceId;
    }
}
