package io.roost.registry.sas;

import java.time.Instant;
import java.util.Base64;

/**
 * Signs SAS tokens exactly as IoT Hub documents it: {@code sr} URL-encoded, signature =
 * base64(HMAC-SHA256(base64decode(key), urlencode(resource) + "\n" + expiry)), URL-encoded.
 * Stateless; thread-safe.
 */
public final class SasTokens {

    private SasTokens() {
    }

    /**
     * A token for {@code resource} (e.g. {@code host/devices/dev1}, or {@code host} for a policy).
     *
     * @param base64Key a device or policy key
     * @param policyName the {@code skn} field, or null for a device token
     */
    public static String sign(String resource, String base64Key, Instant expiry, String policyName) {
        String sr = UrlCoding.encode(resource);
        String se = Long.toString(expiry.getEpochSecond());
        String sig = UrlCoding.encode(Base64.getEncoder().encodeToString(Hmac.sign(base64Key, sr + "\n" + se)));
        String token = SasToken.PREFIX + "sr=" + sr + "&sig=" + sig + "&se=" + se;
        return policyName == null ? token : token + "&skn=" + UrlCoding.encode(policyName);
    }

    /** {@code {host}/devices/{deviceId}}, the resource of a device token. */
    public static String deviceResource(String host, String deviceId) {
        return host + "/devices/" + deviceId;
    }
}
