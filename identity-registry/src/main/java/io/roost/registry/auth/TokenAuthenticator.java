package io.roost.registry.auth;

import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import io.roost.registry.device.AuthenticationType;
import io.roost.registry.device.Device;
import io.roost.registry.policy.HubIdentity;
import io.roost.registry.policy.Permission;
import io.roost.registry.policy.SharedAccessPolicy;
import io.roost.registry.sas.SasToken;
import io.roost.registry.sas.SasVerifier;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Decides whether a SAS token admits a device or a back-end service. Pure CPU (one or two
 * HMACs), so it may run on any thread, an event loop included. Thread-safe.
 */
public final class TokenAuthenticator {

    private final HubIdentity hub;
    private final SasVerifier verifier;

    public TokenAuthenticator(HubIdentity hub, Duration maxTokenLifetime, Clock clock) {
        this.hub = hub;
        this.verifier = new SasVerifier(hub.connectionStrings().acceptedHosts(), maxTokenLifetime, clock);
    }

    /**
     * Admits {@code device} if it is enabled and the token is its own (device key) or a policy
     * token with DeviceConnect covering {@code {host}/devices/{id}}.
     *
     * @param device null when the registry has no such device
     * @throws RoostException UNAUTHORIZED (unknown or disabled device, bad token), FORBIDDEN
     */
    public Device admitDevice(String deviceId, Device device, SasToken token) {
        if (device == null) {
            throw new RoostException(Status.UNAUTHORIZED, "unauthorized: unknown device or bad token");
        }
        if (!device.isEnabled()) {
            throw new RoostException(Status.UNAUTHORIZED, "unauthorized: the device is disabled");
        }
        if (token.keyName() != null) {
            verifier.verifyPolicy(token, hub::policy, Permission.DEVICE_CONNECT, List.of("devices", deviceId));
        } else if (device.authentication().type() == AuthenticationType.SAS) {
            verifier.verifyDevice(token, deviceId, device.authentication().symmetricKey());
        } else {
            throw new RoostException(Status.UNAUTHORIZED, "unauthorized: the device uses X.509 authentication");
        }
        return device;
    }

    /** @see SasVerifier#verifyPolicy */
    public SharedAccessPolicy admitService(SasToken token, Permission required, List<String> targetPath) {
        return verifier.verifyPolicy(token, hub::policy, required, targetPath);
    }

    /**
     * Admits a back-end reader of the Event Hubs-compatible endpoint: a policy token in IoT Hub or
     * Event Hubs form whose {@code sr} is the host or the hub's entity (see
     * {@link SasVerifier#verifyEventHubsPolicy}).
     */
    public SharedAccessPolicy admitEventHubsService(SasToken token, Permission required) {
        return verifier.verifyEventHubsPolicy(token, hub::policy, required, hub.hubName());
    }
}
