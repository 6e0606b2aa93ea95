package io.roost.amqp;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.qpid.proton.amqp.transport.AmqpError;

/**
 * Who one connection is authorized for and until when: devices (by SASL PLAIN or a CBS put-token
 * with a device token) and the service (a ServiceConnect policy token). A renewed token extends
 * its authorization; when one expires or the device is revoked, the links it covered close, and a
 * connection that authenticated its device or service by SASL PLAIN closes. A connection that authorizes
 * nobody within {@link AmqpLimits#AUTH_TIMEOUT_SECONDS} is closed.
 *
 * <p>Not thread-safe; confined to the connection's event loop (timers hop back to it).
 */
final class ConnectionAuthorizations {

    private final AmqpConnectionHandler connection;
    private final Map<String, Long> deviceUntilMillis = new HashMap<>();
    private long serviceUntilMillis;
    private String saslDevice;
    private boolean saslService;
    private ScheduledFuture<?> authTimeout;

    ConnectionAuthorizations(AmqpConnectionHandler connection) {
        this.connection = connection;
    }

    /** Starts the clock for the first authentication; idempotent. */
    void startTimeout() {
        if (authTimeout != null) {
            return;
        }
        authTimeout = connection.executor().schedule(() -> {
            if (deviceUntilMillis.isEmpty() && serviceUntilMillis == 0) {
                connection.authFailed(null, "no device or service authenticated within "
                        + AmqpLimits.AUTH_TIMEOUT_SECONDS + " s");
                connection.closeChannel();
            }
        }, AmqpLimits.AUTH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private void cancelTimeout() {
        if (authTimeout != null) {
            authTimeout.cancel(false);
        }
    }

    boolean isDeviceAuthorized(String deviceId) {
        Long until = deviceUntilMillis.get(deviceId);
        return until != null && until > connection.endpoint().clock().millis();
    }

    /**
     * The device a refusal on this connection is logged against: the one device it carries, or
     * null when it carries none or several (a refusal then names no device rather than a wrong one).
     */
    String deviceForLog() {
        return deviceUntilMillis.size() == 1 ? deviceUntilMillis.keySet().iterator().next() : null;
    }

    boolean isServiceAuthorized() {
        return serviceUntilMillis > connection.endpoint().clock().millis();
    }

    /**
     * A service proved a ServiceConnect policy token valid until {@code untilMillis}; a later one
     * extends it. When the latest expires, the connection's service links close.
     */
    void authorizeService(long untilMillis) {
        if (untilMillis <= serviceUntilMillis) {
            return;
        }
        if (serviceUntilMillis == 0) {
            connection.operations().serviceConnected(connection.remote());
        }
        serviceUntilMillis = untilMillis;
        cancelTimeout();
        schedule(untilMillis, () -> {
            if (!isServiceAuthorized()) {
                if (saslService) {
                    connection.close(AmqpError.UNAUTHORIZED_ACCESS, "SAS token expired");
                    return;
                }
                for (LinkHandler handler : connection.links().snapshot()) {
                    if (handler instanceof ServiceLink) {
                        connection.links().close(handler, AmqpError.UNAUTHORIZED_ACCESS, "SAS token expired");
                    }
                }
            }
        });
    }

    /** The device proved a token valid until {@code untilMillis}; a renewed token extends it. */
    void authorizeDevice(String deviceId, long untilMillis) {
        boolean first = !deviceUntilMillis.containsKey(deviceId);
        deviceUntilMillis.put(deviceId, untilMillis);
        if (first) {
            connection.endpoint().devices().add(deviceId, connection);
            connection.operations().connected(deviceId, connection.remote());
            connection.endpoint().metrics().deviceConnected();
            cancelTimeout();
        }
        schedule(untilMillis, () -> {
            Long until = deviceUntilMillis.get(deviceId);
            if (until != null && until <= connection.endpoint().clock().millis()) {
                connection.operations().tokenExpired(deviceId, connection.remote());
                revoke(deviceId, "SAS token expired");
            }
        });
    }

    /** The connection's SASL PLAIN identity: losing it ends the connection. */
    void saslAuthenticated(String deviceId, long untilMillis) {
        saslDevice = deviceId;
        authorizeDevice(deviceId, untilMillis);
    }

    /** The connection's SASL PLAIN identity is a policy: its token expiring ends the connection. */
    void saslServiceAuthenticated(long untilMillis) {
        saslService = true;
        authorizeService(untilMillis);
    }

    /** The device may no longer use this connection: its links end; a SASL PLAIN connection ends. */
    void revoke(String deviceId, String reason) {
        if (deviceUntilMillis.remove(deviceId) == null) {
            return;
        }
        deviceGone(deviceId, reason);
        for (LinkHandler handler : connection.links().snapshot()) {
            if (deviceId.equals(handler.deviceId())) {
                connection.links().close(handler, AmqpError.UNAUTHORIZED_ACCESS, reason);
            }
        }
        if (deviceId.equals(saslDevice)) {
            connection.close(AmqpError.UNAUTHORIZED_ACCESS, reason);
        }
    }

    /** The connection ended: every device it carried disconnects; timers stop. */
    void connectionEnded() {
        for (String deviceId : List.copyOf(deviceUntilMillis.keySet())) {
            deviceGone(deviceId, "connection closed");
        }
        deviceUntilMillis.clear();
        cancelTimeout();
    }

    private void deviceGone(String deviceId, String reason) {
        connection.endpoint().devices().remove(deviceId, connection);
        connection.operations().disconnected(deviceId, connection.remote(), reason);
        connection.endpoint().metrics().deviceDisconnected();
    }

    private void schedule(long atMillis, Runnable check) {
        long delayMillis = Math.max(0, atMillis - connection.endpoint().clock().millis());
        ScheduledFuture<?> expiry = connection.executor()
                .schedule(() -> connection.execute(check), delayMillis, TimeUnit.MILLISECONDS);
        connection.channel().closeFuture().addListener(done -> expiry.cancel(false));
    }
}
