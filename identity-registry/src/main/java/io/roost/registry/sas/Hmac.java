package io.roost.registry.sas;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 with a base64 key, as IoT Hub signs SAS tokens. One {@link Mac} per thread, because
 * {@code Mac.getInstance} costs a provider lookup on the authentication hot path. Thread-safe.
 */
final class Hmac {

    private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java 17 runtime has HmacSHA256", e);
        }
    });

    private Hmac() {
    }

    /** HMAC-SHA256 of {@code text} (UTF-8) keyed with the base64-decoded {@code base64Key}. */
    static byte[] sign(String base64Key, String text) {
        return signWithKeyBytes(Base64.getDecoder().decode(base64Key), text);
    }

    /**
     * HMAC-SHA256 of {@code text} (UTF-8) keyed with the UTF-8 bytes of {@code key} itself, not decoded:
     * how Event Hubs (and Service Bus) clients sign their SAS tokens.
     */
    static byte[] signWithKeyString(String key, String text) {
        return signWithKeyBytes(key.getBytes(StandardCharsets.UTF_8), text);
    }

    private static byte[] signWithKeyBytes(byte[] key, String text) {
        try {
            Mac mac = MAC.get();
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("an HMAC key of any length is valid", e);
        }
    }
}
