package io.roost.amqp;

import io.roost.core.error.RoostException;
import io.roost.registry.device.DeviceId;
import io.roost.registry.policy.Permission;
import io.roost.registry.sas.SasToken;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.SaslListener;
import org.apache.qpid.proton.engine.Transport;

/**
 * The server side of SASL (AMQP 1.0 section 5.3): ANONYMOUS, after which devices and services
 * authenticate with CBS put-token, or PLAIN (RFC 4616: {@code [authzid] NUL authcid NUL passwd})
 * with user name {@code {deviceId}@sas.{hubName}} and a device SAS token as password, or, as IoT
 * Hub takes for services, {@code {policyName}@sas.root.{hubName}} and a token of that policy with
 * ServiceConnect. The token is checked by the registry off the event loop; the outcome is sent when
 * it answers, with reading stopped meanwhile. Skipping SASL is not allowed. Confined to the
 * connection's event loop.
 */
final class SaslServer implements SaslListener {

    static final String ANONYMOUS = "ANONYMOUS";
    static final String PLAIN = "PLAIN";
    /** Between the policy name and the hub name in a service's PLAIN user name. */
    static final String POLICY_USER = "@sas.root.";

    private final AmqpConnectionHandler connection;

    SaslServer(AmqpConnectionHandler connection) {
        this.connection = connection;
    }

    void install(Sasl sasl) {
        sasl.server();
        sasl.allowSkip(false);
        sasl.setMechanisms(ANONYMOUS, PLAIN);
        sasl.setListener(this);
    }

    @Override
    public void onSaslInit(Sasl sasl, Transport transport) {
        String[] mechanisms = sasl.getRemoteMechanisms();
        String mechanism = mechanisms.length == 0 ? "" : mechanisms[0];
        if (ANONYMOUS.equals(mechanism)) {
            sasl.done(Sasl.SaslOutcome.PN_SASL_OK);
            return;
        }
        if (!PLAIN.equals(mechanism)) {
            fail(sasl, null, "SASL mechanism " + mechanism + " is not offered");
            return;
        }
        byte[] response = new byte[Math.max(0, sasl.pending())];
        sasl.recv(response, 0, response.length);
        String[] fields = new String(response, StandardCharsets.UTF_8).split("\0", -1);
        if (fields.length != 3) {
            fail(sasl, null, "SASL PLAIN response is not authzid NUL authcid NUL password");
            return;
        }
        String user = fields[1];
        String token = fields[2];
        int root = user.lastIndexOf(POLICY_USER);
        // A device id may hold "@sas.root." too: the policy form needs this hub's name after it.
        if (root > 0 && connection.endpoint().acceptsHubName(user.substring(root + POLICY_USER.length()))) {
            policyPlain(sasl, user.substring(0, root), token);
            return;
        }
        int at = user.indexOf("@sas.");
        String deviceId = at < 0 ? null : user.substring(0, at);
        if (deviceId == null || !DeviceId.isValid(deviceId)
                || !connection.endpoint().acceptsHubName(user.substring(at + "@sas.".length()))) {
            fail(sasl, null, "SASL PLAIN user name is neither {deviceId}@sas.{hubName} nor"
                    + " {policyName}@sas.root.{hubName} of this hub");
            return;
        }
        long expiryMillis;
        try {
            expiryMillis = SasToken.parse(token).expiryEpochSeconds() * 1000;
        } catch (RoostException e) {
            fail(sasl, deviceId, e.getMessage());
            return;
        }
        connection.channel().config().setAutoRead(false);
        connection.endpoint().registry().authenticateDevice(deviceId, token).whenComplete((device, failure) ->
                connection.execute(() -> {
                    connection.channel().config().setAutoRead(true);
                    if (failure != null) {
                        fail(sasl, deviceId, reason(failure));
                    } else {
                        connection.authorizations().saslAuthenticated(deviceId, expiryMillis);
                        sasl.done(Sasl.SaslOutcome.PN_SASL_OK);
                    }
                }));
    }

    /** PLAIN as a service: {@code {policyName}@sas.root.{hubName}} and a ServiceConnect token of that policy. */
    private void policyPlain(Sasl sasl, String policyName, String token) {
        long expiryMillis;
        try {
            SasToken parsed = SasToken.parse(token);
            if (!policyName.equals(parsed.keyName())) {
                fail(sasl, null, "SASL PLAIN: the token is not of policy " + policyName);
                return;
            }
            expiryMillis = parsed.expiryEpochSeconds() * 1000;
        } catch (RoostException e) {
            fail(sasl, null, e.getMessage());
            return;
        }
        connection.channel().config().setAutoRead(false);
        connection.endpoint().registry().authenticateEventHubsPolicy(token, Permission.SERVICE_CONNECT)
                .whenComplete((policy, failure) -> connection.execute(() -> {
                    connection.channel().config().setAutoRead(true);
                    if (failure != null) {
                        fail(sasl, null, reason(failure));
                    } else {
                        connection.authorizations().saslServiceAuthenticated(expiryMillis);
                        sasl.done(Sasl.SaslOutcome.PN_SASL_OK);
                    }
                }));
    }

    private void fail(Sasl sasl, String deviceId, String reason) {
        connection.authFailed(deviceId, "SASL: " + reason);
        sasl.done(Sasl.SaslOutcome.PN_SASL_AUTH);
        connection.closeAfterOutput();
    }

    static String reason(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause instanceof RoostException ? cause.getMessage() : "internal error";
    }

    @Override
    public void onSaslMechanisms(Sasl sasl, Transport transport) {
    }

    @Override
    public void onSaslChallenge(Sasl sasl, Transport transport) {
    }

    @Override
    public void onSaslResponse(Sasl sasl, Transport transport) {
    }

    @Override
    public void onSaslOutcome(Sasl sasl, Transport transport) {
    }
}
