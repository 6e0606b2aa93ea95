package io.roost.registry.device;

import io.roost.core.error.RoostException;
import io.roost.core.error.RoostException.Status;

/**
 * Certificate thumbprints of a {@code selfSigned} device (hex SHA-1 or SHA-256). Stored and
 * returned; not yet used to authenticate. Either may be null.
 */
public record X509Thumbprint(String primaryThumbprint, String secondaryThumbprint) {

    public static final X509Thumbprint NONE = new X509Thumbprint(null, null);

    public X509Thumbprint {
        requireHex("primaryThumbprint", primaryThumbprint);
        requireHex("secondaryThumbprint", secondaryThumbprint);
    }

    private static void requireHex(String name, String value) {
        if (value != null && (value.length() > 128 || !value.chars().allMatch(c -> Character.digit(c, 16) >= 0))) {
            throw new RoostException(Status.BAD_REQUEST, name + " must be hexadecimal, at most 128 characters");
        }
    }
}
