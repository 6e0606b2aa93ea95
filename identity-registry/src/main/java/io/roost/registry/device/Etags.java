package io.roost.registry.device;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * Etag and generation id values, and the quoting rules around them. An etag is opaque: 9 random
 * bytes in URL-safe base64 (12 characters), so a delete and re-create never repeats an old value
 * (a counter would). JSON bodies carry it bare ({@code "etag":"AbC..."}); HTTP headers carry it
 * quoted ({@code ETag: "AbC..."}), as IoT Hub does. Stateless; thread-safe.
 */
public final class Etags {

    /** {@code If-Match: *}: matches any existing device. */
    public static final String ANY = "*";

    private static final SecureRandom RANDOM = new SecureRandom();

    private Etags() {
    }

    public static String next() {
        byte[] bytes = new byte[9];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A random generation id (IoT Hub uses 18 digits; any opaque value is accepted by the SDKs). */
    public static String newGenerationId() {
        UUID u = UUID.randomUUID();
        return Long.toUnsignedString(u.getMostSignificantBits() >>> 4);
    }

    /** The header form of an etag: {@code "value"}. */
    public static String quote(String etag) {
        return '"' + etag + '"';
    }

    /**
     * The bare value of an {@code If-Match} or {@code ETag} header: strips a weak prefix and quotes;
     * returns null for null or blank.
     */
    public static String unquote(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String v = header.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        return v;
    }
}
