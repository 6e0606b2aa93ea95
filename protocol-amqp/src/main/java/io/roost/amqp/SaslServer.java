package io.roost.amqp;

import io.roost.core.error.RoostException;
import io.roost.registry.device.DeviceId;
import io.roost.registry.sas.SasToken;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.SaslListener;
import org.apache.qpid.proton.engine.Transport;

/**
 * The server side of SASL (AMQP 1.0 section 5.3): ANONYMOUS, after which devices authenticate with
 * CBS put-token, or PLAIN with user name {@code {deviceId}@sas.{hubName}} and a device SAS token as
 * password (RFC 4616: {@code [authzid] NUL authcid NUL passwd}). The token is checked by the registry
 * off the event loop; the outcome is sent when it answers, with reading stopped meanwhile. Skipping
 * SASL is not allowed. Confined to the connection's event loop.
 */
final class SaslServer implements SaslListener {

    static final String ANONYMOUS = "ANONYMOUS";
    static final String PLAIN = "PLAIN";

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
        int at = user.indexOf("@sas.");
        String deviceId = at < 0 ? null : user.substring(0, at);
        if (deviceId == null || !DeviceId.isValid(deviceId)
                || !connection.endpoint().acceptsHubName(user.substring(at + "@sas.".length()))) {
            fail(sasl, null, "SASL PLAIN user name is not {deviceId}@sas.{hubName} of this hub");
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
