package io.roost.registry.device;

import java.util.Objects;

/**
 * The {@code authentication} object of a device: its type, and the keys (for {@code sas}) or the
 * thumbprints (for {@code selfSigned}). Immutable; thread-safe.
 *
 * @param symmetricKey non-null when {@code type} is SAS
 * @param x509Thumbprint never null; {@link X509Thumbprint#NONE} when unused
 */
public record DeviceAuthentication(AuthenticationType type, SymmetricKey symmetricKey,
                                   X509Thumbprint x509Thumbprint) {

    public DeviceAuthentication {
        Objects.requireNonNull(type, "type");
        x509Thumbprint = x509Thumbprint == null ? X509Thumbprint.NONE : x509Thumbprint;
        if (type == AuthenticationType.SAS) {
            Objects.requireNonNull(symmetricKey, "symmetricKey");
        }
    }

    public static DeviceAuthentication sas(SymmetricKey keys) {
        return new DeviceAuthentication(AuthenticationType.SAS, keys, X509Thumbprint.NONE);
    }
}
