package io.roost.registry.device;

import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A device's primary and secondary key, each the base64 text of 16 to 64 random bytes (IoT Hub's
 * rule). Immutable; thread-safe. {@link #toString()} hides the keys so they never reach a log.
 */
public record SymmetricKey(String primaryKey, String secondaryKey) {

    /** Bytes in a generated key: 256 bits, as IoT Hub generates. */
    public static final int GENERATED_KEY_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    public SymmetricKey {
        requireKey("primaryKey", primaryKey);
        requireKey("secondaryKey", secondaryKey);
    }

    /** Two fresh random keys. */
    public static SymmetricKey generate() {
        return new SymmetricKey(randomKey(), randomKey());
    }

    /**
     * Keys as a client gave them, generating whichever is missing (IoT Hub generates both when the
     * request has none).
     */
    public static SymmetricKey orGenerate(String primaryKey, String secondaryKey) {
        return new SymmetricKey(primaryKey == null ? randomKey() : primaryKey,
                secondaryKey == null ? randomKey() : secondaryKey);
    }

    /** The base64 text of {@value #GENERATED_KEY_BYTES} random bytes. */
    public static String randomKey() {
        byte[] bytes = new byte[GENERATED_KEY_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static void requireKey(String name, String key) {
        if (key == null) {
            throw new RoostException(Status.BAD_REQUEST, name + " is required");
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(key);
        } catch (IllegalArgumentException e) {
            throw new RoostException(Status.BAD_REQUEST, name + " is not valid base64");
        }
        if (decoded.length < 16 || decoded.length > 64) {
            throw new RoostException(Status.BAD_REQUEST,
                    name + " must be the base64 of 16 to 64 bytes, got " + decoded.length);
        }
    }

    @Override
    public String toString() {
        return "SymmetricKey[hidden]";
    }
}
