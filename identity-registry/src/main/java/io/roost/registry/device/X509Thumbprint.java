package io.roost.registry.device;

/**
 * Certificate thumbprints of a {@code selfSigned} device (hex SHA-1 or SHA-256). Stored and
 * returned; not yet used to authenticate. Either may be null.
 */
public record X509Thumbprint(String primaryThumbprint, String secondaryThumbprint) {

    public static final X509Thumbprint NONE = new X509Thumbprint(null, null);
}
