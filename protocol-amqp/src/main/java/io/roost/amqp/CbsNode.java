package io.roost.amqp;

import io.roost.core.error.RoostException;
import io.roost.registry.device.DeviceId;
import io.roost.registry.policy.Permission;
import io.roost.registry.sas.SasToken;
import java.util.Map;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.message.Message;

/**
 * The {@code $cbs} node (AMQP claims-based security, as IoT Hub, the Azure device SDK and the Event
 * Hubs client use it): put-token requests (application properties {@code operation=put-token},
 * {@code type} {@code servicebus.windows.net:sastoken} or {@code azure-devices.net:sastoken},
 * {@code name} = audience; body an AMQP value holding the SAS token) answered on a
 * {@link RequestResponseNode} with {@code status-code} 200, 400 or 401.
 *
 * <p>A device audience {@code {host}/devices/{id}} with a valid device token authorizes that device
 * on this connection until the token expires. Any other audience of this hub ({@code {host}}, or
 * {@code [amqp://]{host}/{hubName}/...} as the Event Hubs client puts one per partition) takes a
 * policy token with ServiceConnect, in IoT Hub or Event Hubs form, and authorizes the connection as
 * a service reader of the Event Hubs-compatible endpoint. Confined to the connection's event loop.
 */
final class CbsNode {

    static final String PUT_TOKEN = "put-token";

    private final AmqpConnectionHandler connection;
    private final RequestResponseNode node = new RequestResponseNode(this::putToken);

    CbsNode(AmqpConnectionHandler connection) {
        this.connection = connection;
    }

    LinkHandler requestLink(Receiver receiver) {
        return node.requestLink(receiver);
    }

    LinkHandler replyLink(Sender sender) {
        return node.replyLink(sender);
    }

    private void putToken(Message request, Session session) {
        Map<String, Object> properties = RequestResponseNode.properties(request);
        if (!PUT_TOKEN.equals(properties.get("operation"))) {
            node.reply(session, request, 400, "unknown operation " + properties.get("operation"));
            return;
        }
        Object type = properties.get("type");
        if (!"servicebus.windows.net:sastoken".equals(type) && !"azure-devices.net:sastoken".equals(type)) {
            node.reply(session, request, 400, "unsupported token type " + type);
            return;
        }
        String audience = properties.get("name") instanceof String name ? name : null;
        String deviceId = deviceOf(audience);
        String token = request.getBody() instanceof AmqpValue value && value.getValue() instanceof String text ? text : null;
        if (deviceId == null && token != null && isServiceAudience(audience)) {
            putServiceToken(request, session, audience, token);
            return;
        }
        if (deviceId == null || token == null) {
            connection.authFailed(deviceId, "CBS put-token for " + audience + ": not an audience of this hub or no token");
            node.reply(session, request, 401, "unauthorized: the audience must be {host}/devices/{deviceId}"
                    + " or the hub's event hub");
            return;
        }
        long expiryMillis;
        try {
            expiryMillis = SasToken.parse(token).expiryEpochSeconds() * 1000;
        } catch (RoostException e) {
            connection.authFailed(deviceId, "CBS put-token: " + e.getMessage());
            node.reply(session, request, 401, e.getMessage());
            return;
        }
        connection.endpoint().registry().authenticateDevice(deviceId, token).whenComplete((device, failure) ->
                connection.execute(() -> {
                    if (failure != null) {
                        String reason = SaslServer.reason(failure);
                        connection.authFailed(deviceId, "CBS put-token: " + reason);
                        node.reply(session, request, 401, reason);
                    } else {
                        connection.authorizations().authorizeDevice(deviceId, expiryMillis);
                        node.reply(session, request, 200, "OK");
                    }
                }));
    }

    private void putServiceToken(Message request, Session session, String audience, String token) {
        long expiryMillis;
        try {
            expiryMillis = SasToken.parse(token).expiryEpochSeconds() * 1000;
        } catch (RoostException e) {
            connection.authFailed(null, "CBS put-token for " + audience + ": " + e.getMessage());
            node.reply(session, request, 401, e.getMessage());
            return;
        }
        connection.endpoint().registry().authenticateEventHubsPolicy(token, Permission.SERVICE_CONNECT)
                .whenComplete((policy, failure) -> connection.execute(() -> {
                    if (failure != null) {
                        String reason = SaslServer.reason(failure);
                        connection.authFailed(null, "CBS put-token for " + audience + ": " + reason);
                        node.reply(session, request, 401, reason);
                    } else {
                        connection.authorizations().authorizeService(expiryMillis);
                        node.reply(session, request, 200, "OK");
                    }
                }));
    }

    /** Whether the audience is {@code [scheme://]{host}} or {@code [scheme://]{host}/{hubName}[/...]} of this hub. */
    private boolean isServiceAudience(String audience) {
        if (audience == null) {
            return false;
        }
        String[] parts = withoutScheme(audience).split("/", -1);
        if (!connection.endpoint().acceptsHost(parts[0])) {
            return false;
        }
        return parts.length == 1 || (parts.length == 2 && parts[1].isEmpty())
                || parts[1].equalsIgnoreCase(connection.endpoint().registry().hubName());
    }

    private static String withoutScheme(String audience) {
        int scheme = audience.indexOf("://");
        return scheme >= 0 ? audience.substring(scheme + 3) : audience;
    }

    /** The device of an audience {@code [amqps://]{host}/devices/{id}} naming an accepted host, or null. */
    private String deviceOf(String audience) {
        if (audience == null) {
            return null;
        }
        String[] parts = withoutScheme(audience).split("/", -1);
        if (parts.length != 3 || !parts[1].equals("devices") || !connection.endpoint().acceptsHost(parts[0])
                || !DeviceId.isValid(parts[2])) {
            return null;
        }
        return parts[2];
    }
}
