package io.roost.registry.sas;

import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * A parsed IoT Hub SAS token: {@code SharedAccessSignature sr=..&sig=..&se=..[&skn=..]}, fields in
 * any order (design.md section 6). Keeps {@code sr} and {@code se} exactly as they appear, because
 * the signature covers that text; {@link SasVerifier} checks it. Immutable; thread-safe.
 *
 * @param rawResource {@code sr} as sent (URL-encoded per the documented recipe, or raw as the Java
 *                    device SDK 2.5.0 sends it)
 * @param rawExpiry {@code se} as sent
 * @param expiryEpochSeconds {@code se} parsed
 * @param keyName {@code skn} URL-decoded, or null for a device token
 */
public record SasToken(String rawResource, String rawExpiry, long expiryEpochSeconds, byte[] signature,
                       String keyName) {

    public static final String PREFIX = "SharedAccessSignature ";

    /**
     * Parses a token.
     *
     * @throws RoostException UNAUTHORIZED naming what is malformed (never echoing the signature)
     */
    public static SasToken parse(String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            throw malformed("it must start with '" + PREFIX.trim() + " '");
        }
        Map<String, String> fields = new HashMap<>();
        for (String pair : token.substring(PREFIX.length()).trim().split("&", -1)) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw malformed("a field is not name=value");
            }
            String name = pair.substring(0, eq);
            if (fields.put(name, pair.substring(eq + 1)) != null) {
                throw malformed("field " + safeName(name) + " appears twice");
            }
        }
        String sr = require(fields, "sr");
        String sig = require(fields, "sig");
        String se = require(fields, "se");
        long expiry;
        try {
            expiry = Long.parseLong(se);
        } catch (NumberFormatException e) {
            throw malformed("se is not a number of seconds");
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(UrlCoding.decode(sig));
        } catch (IllegalArgumentException e) {
            throw malformed("sig is not URL-encoded base64");
        }
        String skn = fields.get("skn");
        if (skn != null) {
            skn = UrlCoding.decode(skn);
            if (skn.isEmpty()) {
                throw malformed("skn is empty");
            }
        }
        return new SasToken(sr, se, expiry, signature, skn);
    }

    private static String require(Map<String, String> fields, String name) {
        String v = fields.get(name);
        if (v == null || v.isEmpty()) {
            throw malformed("field " + name + " is missing");
        }
        return v;
    }

    private static String safeName(String name) {
        return name.length() > 8 || !name.chars().allMatch(Character::isLetter) ? "?" : name;
    }

    private static RoostException malformed(String why) {
        return new RoostException(Status.UNAUTHORIZED, "malformed SAS token: " + why);
    }

    @Override
    public String toString() {
        return "SasToken[sr=" + rawResource + ", se=" + rawExpiry + ", skn=" + keyName + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SasToken t && rawResource.equals(t.rawResource) && rawExpiry.equals(t.rawExpiry)
                && java.util.Arrays.equals(signature, t.signature) && java.util.Objects.equals(keyName, t.keyName);
    }

    @Override
    public int hashCode() {
        return rawResource.hashCode() * 31 + rawExpiry.hashCode();
    }
}
