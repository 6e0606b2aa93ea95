package io.roost.registry.sas;

import static io.roost.registry.Statuses.failsWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.roost.core.error.RoostException.Status;
import io.roost.registry.device.SymmetricKey;
import io.roost.registry.policy.Permission;
import io.roost.registry.policy.SharedAccessPolicy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class SasVerifierTest {

    /** base64 of bytes 0..31. */
    static final String KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    static final long SE = 2_000_000_000L;
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(SE - 3600), ZoneOffset.UTC);
    static final SymmetricKey DEVICE_KEYS = new SymmetricKey(SymmetricKey.randomKey(), KEY);

    private final SasVerifier verifier = new SasVerifier(List.of("myhub.example.com"), Duration.ofDays(365), CLOCK);
    private final SasVerifier gatewayVerifier =
            new SasVerifier(List.of("localhost", "roost.localhost"), Duration.ofDays(365), CLOCK);

    /**
     * Computed independently with Python 3 (hmac, hashlib, base64, urllib.parse.quote_plus) from the
     * documented recipe: sig = b64(HMAC-SHA256(b64decode(KEY), quote_plus(sr) + "\n" + se)).
     */
    @Test
    void verifyDevice_whenHandComputedVectorInDocumentedForm_thenAccepted() {
        String token = "SharedAccessSignature sr=myhub.example.com%2Fdevices%2Fdev1"
                + "&sig=ildHk325wjSyOI2fjDDTxw4fI8sR4LtdO4EZqhkpkeU%3D&se=2000000000";
        verifier.verifyDevice(SasToken.parse(token), "dev1", DEVICE_KEYS);
        assertThat(SasTokens.sign("myhub.example.com/devices/dev1", KEY, Instant.ofEpochSecond(SE), null))
                .isEqualTo(token);
    }

    @Test
    void verifyDevice_whenVirtualHostVector_thenAcceptedByGatewayHosts() {
        String token = "SharedAccessSignature sr=roost.localhost%2Fdevices%2Fdev1"
                + "&sig=ocxkwx6yhzJeDPlb6mUh82Y7gc7J5lvvMg5fANRCtag%3D&se=2000000000";
        gatewayVerifier.verifyDevice(SasToken.parse(token), "dev1", DEVICE_KEYS);
        failsWith(Status.UNAUTHORIZED, () -> verifier.verifyDevice(SasToken.parse(token), "dev1", DEVICE_KEYS));
    }

    @Test
    void verifyDevice_whenSrRawAsJavaDeviceSdkSendsIt_thenAccepted() {
        String raw = "myhub.example.com/devices/dev1";
        String token = rawToken(raw, KEY, SE);
        verifier.verifyDevice(SasToken.parse(token), "dev1", DEVICE_KEYS);
    }

    @Test
    void verifyDevice_whenHostCaseDiffers_thenAccepted() {
        verifier.verifyDevice(SasToken.parse(SasTokens.sign("MyHub.Example.COM/devices/dev1", KEY,
                Instant.ofEpochSecond(SE), null)), "dev1", DEVICE_KEYS);
    }

    @Test
    void verifyDevice_whenDeviceIdCaseDiffers_thenUnauthorized() {
        failsWith(Status.UNAUTHORIZED, () -> verifier.verifyDevice(SasToken.parse(SasTokens.sign(
                "myhub.example.com/devices/DEV1", KEY, Instant.ofEpochSecond(SE), null)), "dev1", DEVICE_KEYS));
    }

    @Test
    void verifyDevice_whenSignatureTampered_thenUnauthorizedWithoutExpectedSignature() {
        String good = SasTokens.sign("myhub.example.com/devices/dev1", KEY, Instant.ofEpochSecond(SE), null);
        String tampered = good.replace("sig=i", "sig=j");
        var e = failsWith(Status.UNAUTHORIZED, () -> verifier.verifyDevice(SasToken.parse(tampered), "dev1", DEVICE_KEYS));
        assertThat(e.getMessage()).contains("signature").doesNotContain("ildHk");
    }

    @Test
    void verifyDevice_whenExpiryTampered_thenUnauthorized() {
        String good = SasTokens.sign("myhub.example.com/devices/dev1", KEY, Instant.ofEpochSecond(SE), null);
        failsWith(Status.UNAUTHORIZED, () -> verifier.verifyDevice(
                SasToken.parse(good.replace("se=2000000000", "se=2000000001")), "dev1", DEVICE_KEYS));
    }

    @Test
    void verifyDevice_whenWrongKey_thenUnauthorized() {
        String token = SasTokens.sign("myhub.example.com/devices/dev1", SymmetricKey.randomKey(),
                Instant.ofEpochSecond(SE), null);
        failsWith(Status.UNAUTHORIZED, () -> verifier.verifyDevice(SasToken.parse(token), "dev1", DEVICE_KEYS));
    }

    @Test
    void verifyDevice_whenSignedWithPrimaryOrSecondary_thenBothAccepted() {
        for (String key : List.of(DEVICE_KEYS.primaryKey(), DEVICE_KEYS.secondaryKey())) {
            verifier.verifyDevice(SasToken.parse(SasTokens.sign("myhub.example.com/devices/dev1", key,
                    Instant.ofEpochSecond(SE), null)), "dev1", DEVICE_KEYS);
        }
    }

    @Test
    void verifyDevice_whenExpiredOrTooLong_thenUnauthorized() {
        long now = CLOCK.instant().getEpochSecond();
        assertThat(failsWith(Status.UNAUTHORIZED, () -> verifier.verifyDevice(SasToken.parse(
                SasTokens.sign("myhub.example.com/devices/dev1", KEY, Instant.ofEpochSecond(now), null)),
                "dev1", DEVICE_KEYS)).getMessage()).contains("expired");
        assertThat(failsWith(Status.UNAUTHORIZED, () -> verifier.verifyDevice(SasToken.parse(
                SasTokens.sign("myhub.example.com/devices/dev1", KEY, Instant.ofEpochSecond(now + 366L * 86400), null)),
                "dev1", DEVICE_KEYS)).getMessage()).contains("longer");
    }

    @Test
    void verifyDevice_whenSrNamesOtherDeviceOrHostOrPrefix_thenUnauthorized() {
        for (String resource : List.of("myhub.example.com/devices/dev2", "otherhub.example.com/devices/dev1",
                "myhub.example.com", "myhub.example.com/devices", "myhub.example.com/devices/dev1/modules/m")) {
            String token = SasTokens.sign(resource, KEY, Instant.ofEpochSecond(SE), null);
            failsWith(Status.UNAUTHORIZED, () -> verifier.verifyDevice(SasToken.parse(token), "dev1", DEVICE_KEYS));
        }
    }

    @Test
    void verifyDevice_whenDeviceIdNeedsEncoding_thenBothFormsAccepted() {
        String id = "a+b%c=d";
        verifier.verifyDevice(SasToken.parse(SasTokens.sign("myhub.example.com/devices/" + id, KEY,
                Instant.ofEpochSecond(SE), null)), id, DEVICE_KEYS);
        verifier.verifyDevice(SasToken.parse(rawToken("myhub.example.com/devices/" + id, KEY, SE)), id, DEVICE_KEYS);
    }

    private static final SharedAccessPolicy OWNER = new SharedAccessPolicy("iothubowner", KEY,
            SymmetricKey.randomKey(), EnumSet.allOf(Permission.class));
    private static final SharedAccessPolicy SERVICE = new SharedAccessPolicy("service", SymmetricKey.randomKey(),
            SymmetricKey.randomKey(), EnumSet.of(Permission.SERVICE_CONNECT));
    private static final Function<String, Optional<SharedAccessPolicy>> POLICIES =
            name -> List.of(OWNER, SERVICE).stream().filter(p -> p.name().equals(name)).findFirst();

    @Test
    void verifyPolicy_whenHandComputedHostVector_thenPolicyReturned() {
        String token = "SharedAccessSignature sr=localhost&sig=ihONmm%2BY5zl0TZeJs1oak4IkHnbQ8MqL8Ht44388z1c%3D"
                + "&se=2000000000&skn=iothubowner";
        assertThat(gatewayVerifier.verifyPolicy(SasToken.parse(token), POLICIES, Permission.REGISTRY_WRITE, List.of()))
                .isEqualTo(OWNER);
    }

    @Test
    void verifyPolicy_whenSrIsPrefixOfTarget_thenAccepted_andWhenNotPrefix_thenUnauthorized() {
        String token = SasTokens.sign("myhub.example.com/devices", KEY, Instant.ofEpochSecond(SE), "iothubowner");
        verifier.verifyPolicy(SasToken.parse(token), POLICIES, Permission.DEVICE_CONNECT, List.of("devices", "d1"));
        failsWith(Status.UNAUTHORIZED, () -> verifier.verifyPolicy(SasToken.parse(token), POLICIES,
                Permission.REGISTRY_READ, List.of()));
    }

    @Test
    void verifyPolicy_whenUnknownPolicy_thenUnauthorized() {
        String token = SasTokens.sign("myhub.example.com", KEY, Instant.ofEpochSecond(SE), "nobody");
        assertThat(failsWith(Status.UNAUTHORIZED, () -> verifier.verifyPolicy(SasToken.parse(token), POLICIES,
                Permission.REGISTRY_READ, List.of())).getMessage()).contains("unknown");
    }

    @Test
    void verifyPolicy_whenPermissionMissing_thenForbidden() {
        String token = SasTokens.sign("myhub.example.com", SERVICE.secondaryKey(), Instant.ofEpochSecond(SE), "service");
        failsWith(Status.FORBIDDEN, () -> verifier.verifyPolicy(SasToken.parse(token), POLICIES,
                Permission.REGISTRY_READ, List.of()));
        verifier.verifyPolicy(SasToken.parse(token), POLICIES, Permission.SERVICE_CONNECT, List.of());
    }

    @Test
    void verifyPolicy_whenOtherPolicysKeyOrNoSkn_thenUnauthorized() {
        String wrongKey = SasTokens.sign("myhub.example.com", KEY, Instant.ofEpochSecond(SE), "service");
        failsWith(Status.UNAUTHORIZED, () -> verifier.verifyPolicy(SasToken.parse(wrongKey), POLICIES,
                Permission.SERVICE_CONNECT, List.of()));
        String noSkn = SasTokens.sign("myhub.example.com", KEY, Instant.ofEpochSecond(SE), null);
        failsWith(Status.UNAUTHORIZED, () -> verifier.verifyPolicy(SasToken.parse(noSkn), POLICIES,
                Permission.SERVICE_CONNECT, List.of()));
    }

    /**
     * Event Hubs recipe: sig = b64(HMAC-SHA256(utf8(KEY string), quote_plus(sr) + "\n" + se)), as the
     * Event Hubs client signs the per-partition token it puts on $cbs.
     */
    @Test
    void verifyEventHubsPolicy_whenSignedWithKeyStringOverPartitionAudience_thenAccepted() {
        String sr = "amqp://myhub.example.com/roost/ConsumerGroups/$Default/Partitions/0";
        assertThat(verifier.verifyEventHubsPolicy(SasToken.parse(eventHubsToken(sr, SERVICE.primaryKey(), "service")),
                POLICIES, Permission.SERVICE_CONNECT, "roost")).isEqualTo(SERVICE);
        verifier.verifyEventHubsPolicy(SasToken.parse(eventHubsToken("sb://MyHub.example.com/Roost",
                SERVICE.secondaryKey(), "service")), POLICIES, Permission.SERVICE_CONNECT, "roost");
    }

    @Test
    void verifyEventHubsPolicy_whenIotHubStyleHostToken_thenAccepted() {
        String token = SasTokens.sign("myhub.example.com", SERVICE.primaryKey(), Instant.ofEpochSecond(SE), "service");
        verifier.verifyEventHubsPolicy(SasToken.parse(token), POLICIES, Permission.SERVICE_CONNECT, "roost");
    }

    @Test
    void verifyEventHubsPolicy_whenOtherHubOrHostOrWrongKey_thenUnauthorized() {
        failsWith(Status.UNAUTHORIZED, () -> verifier.verifyEventHubsPolicy(SasToken.parse(
                eventHubsToken("amqp://myhub.example.com/other", SERVICE.primaryKey(), "service")),
                POLICIES, Permission.SERVICE_CONNECT, "roost"));
        failsWith(Status.UNAUTHORIZED, () -> verifier.verifyEventHubsPolicy(SasToken.parse(
                eventHubsToken("amqp://elsewhere.example.com/roost", SERVICE.primaryKey(), "service")),
                POLICIES, Permission.SERVICE_CONNECT, "roost"));
        failsWith(Status.UNAUTHORIZED, () -> verifier.verifyEventHubsPolicy(SasToken.parse(
                eventHubsToken("amqp://myhub.example.com/roost", KEY, "service")),
                POLICIES, Permission.SERVICE_CONNECT, "roost"));
    }

    @Test
    void verifyEventHubsPolicy_whenPolicyLacksRequiredRight_thenForbidden() {
        failsWith(Status.FORBIDDEN, () -> verifier.verifyEventHubsPolicy(SasToken.parse(
                eventHubsToken("amqp://myhub.example.com/roost", SERVICE.primaryKey(), "service")),
                POLICIES, Permission.REGISTRY_READ, "roost"));
    }

    static String eventHubsToken(String sr, String key, String skn) {
        String encoded = UrlCoding.encode(sr);
        String sig = java.util.Base64.getEncoder().encodeToString(Hmac.signWithKeyString(key, encoded + "\n" + SE));
        return "SharedAccessSignature sr=" + encoded + "&sig=" + UrlCoding.encode(sig) + "&se=" + SE + "&skn=" + skn;
    }

    /** A token signed over the raw (unencoded) resource, as the Java device SDK 2.5.0 sends it. */
    static String rawToken(String resource, String key, long se) {
        String sig = java.util.Base64.getEncoder().encodeToString(Hmac.sign(key, resource + "\n" + se));
        return "SharedAccessSignature sig=" + UrlCoding.encode(sig) + "&se=" + se + "&sr=" + resource;
    }
}
