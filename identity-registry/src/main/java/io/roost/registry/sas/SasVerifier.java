package io.roost.registry.sas;

import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import io.roost.registry.device.SymmetricKey;
import io.roost.registry.policy.Permission;
import io.roost.registry.policy.SharedAccessPolicy;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Verifies IoT Hub SAS tokens (design.md section 6). The HMAC is computed over {@code sr} exactly as
 * it appears in the token, so both the documented URL-encoded form and the raw form the Java device
 * SDK 2.5.0 sends verify; only after that is {@code sr} decoded and matched by path segment. A token
 * whose signature matches names the resource in either reading (raw or decoded): both readings were
 * signed with the key of the resource being accessed, so accepting either grants nothing more.
 *
 * <p>Failures are {@link RoostException}s: UNAUTHORIZED with a reason safe to show a client (never
 * the expected signature), FORBIDDEN for a valid policy token without the right. Stateless apart
 * from its configuration; thread-safe.
 */
public final class SasVerifier {

    /** Default longest token lifetime accepted: one year. */
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofDays(365);

    private final List<String> acceptedHosts;
    private final Duration maxLifetime;
    private final Clock clock;

    /**
     * @param acceptedHosts host names a token's {@code sr} may carry, lower case (see
     *                      {@code ConnectionStrings#acceptedHosts()})
     */
    public SasVerifier(List<String> acceptedHosts, Duration maxLifetime, Clock clock) {
        this.acceptedHosts = List.copyOf(acceptedHosts);
        this.maxLifetime = maxLifetime;
        this.clock = clock;
    }

    /**
     * Checks a device token for {@code {host}/devices/{deviceId}} signed with one of {@code keys}.
     *
     * @throws RoostException UNAUTHORIZED on any mismatch
     */
    public void verifyDevice(SasToken token, String deviceId, SymmetricKey keys) {
        checkExpiry(token);
        checkSignature(token, keys.primaryKey(), keys.secondaryKey());
        List<String> target = List.of("devices", deviceId);
        if (!names(token, r -> r.hostIn(acceptedHosts) && r.path().equals(target))) {
            throw unauthorized("the token's sr is not this device's resource");
        }
    }

    /**
     * Checks a policy token: {@code skn} names a known policy, the signature matches one of its
     * keys, {@code sr} is the hub host or a segment prefix of {@code targetPath}, and the policy
     * grants {@code required}.
     *
     * @param targetPath path under the host being accessed, e.g. {@code List.of("devices", id)}; empty for the hub
     * @return the policy
     * @throws RoostException UNAUTHORIZED for a bad token, FORBIDDEN for a missing right
     */
    public SharedAccessPolicy verifyPolicy(SasToken token, Function<String, Optional<SharedAccessPolicy>> policies,
                                           Permission required, List<String> targetPath) {
        if (token.keyName() == null) {
            throw unauthorized("the token has no skn (policy name)");
        }
        checkExpiry(token);
        SharedAccessPolicy policy = policies.apply(token.keyName())
                .orElseThrow(() -> unauthorized("unknown shared access policy"));
        checkSignature(token, policy.primaryKey(), policy.secondaryKey());
        if (!names(token, r -> r.hostIn(acceptedHosts) && r.pathCovers(targetPath))) {
            throw unauthorized("the token's sr does not cover the resource");
        }
        if (!policy.grants(required)) {
            throw new RoostException(Status.FORBIDDEN,
                    "policy " + policy.name() + " lacks the " + required.azureName() + " permission");
        }
        return policy;
    }

    /**
     * Checks a policy token presented to the Event Hubs-compatible endpoint. Event Hubs clients sign
     * with the key string's UTF-8 bytes (not base64-decoded) and name the entity with a scheme, e.g.
     * {@code amqp://host/hub/ConsumerGroups/$Default/Partitions/0} or {@code sb://host/hub}; IoT Hub
     * style tokens (base64-decoded key, {@code sr} = host) are accepted too. {@code sr} must be an
     * accepted host, optionally followed by {@code hubName} (case-insensitive, as entity names are)
     * and anything under it.
     *
     * @return the policy
     * @throws RoostException UNAUTHORIZED for a bad token, FORBIDDEN for a missing right
     */
    public SharedAccessPolicy verifyEventHubsPolicy(SasToken token,
                                                    Function<String, Optional<SharedAccessPolicy>> policies,
                                                    Permission required, String hubName) {
        if (token.keyName() == null) {
            throw unauthorized("the token has no skn (policy name)");
        }
        checkExpiry(token);
        SharedAccessPolicy policy = policies.apply(token.keyName())
                .orElseThrow(() -> unauthorized("unknown shared access policy"));
        String signed = token.rawResource() + "\n" + token.rawExpiry();
        // All four candidates are always computed, so timing tells nothing about which one matched.
        boolean match = false;
        for (String key : List.of(policy.primaryKey(), policy.secondaryKey())) {
            match |= MessageDigest.isEqual(Hmac.signWithKeyString(key, signed), token.signature());
            match |= MessageDigest.isEqual(Hmac.sign(key, signed), token.signature());
        }
        if (!match) {
            throw unauthorized("the token's signature does not match");
        }
        if (!names(token, r -> r.hostIn(acceptedHosts)
                && (r.path().isEmpty() || r.path().get(0).equalsIgnoreCase(hubName)))) {
            throw unauthorized("the token's sr does not cover the event hub");
        }
        if (!policy.grants(required)) {
            throw new RoostException(Status.FORBIDDEN,
                    "policy " + policy.name() + " lacks the " + required.azureName() + " permission");
        }
        return policy;
    }

    private void checkExpiry(SasToken token) {
        long now = clock.instant().getEpochSecond();
        if (token.expiryEpochSeconds() <= now) {
            throw unauthorized("the token has expired");
        }
        if (token.expiryEpochSeconds() - now > maxLifetime.toSeconds()) {
            throw unauthorized("the token lives longer than the allowed " + maxLifetime.toDays() + " days");
        }
    }

    private static void checkSignature(SasToken token, String primaryKey, String secondaryKey) {
        String signed = token.rawResource() + "\n" + token.rawExpiry();
        // Both keys are always tried, so timing tells nothing about which one matched.
        boolean primary = MessageDigest.isEqual(Hmac.sign(primaryKey, signed), token.signature());
        boolean secondary = MessageDigest.isEqual(Hmac.sign(secondaryKey, signed), token.signature());
        if (!(primary | secondary)) {
            throw unauthorized("the token's signature does not match");
        }
    }

    private static boolean names(SasToken token, java.util.function.Predicate<SasResource> test) {
        if (test.test(SasResource.of(token.rawResource()))) {
            return true;
        }
        try {
            return test.test(SasResource.of(UrlCoding.decode(token.rawResource())));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static RoostException unauthorized(String why) {
        return new RoostException(Status.UNAUTHORIZED, "unauthorized: " + why);
    }
}
