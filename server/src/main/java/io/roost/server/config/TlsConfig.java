package io.roost.server.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the TLS listeners get their certificate. Both files empty (the default): Roost makes and
 * keeps its own CA and server certificate in {@code {data-dir}/certs}. Both set: the operator's
 * PEM files are used as they are and nothing is generated. Immutable.
 *
 * @param certificateFile PEM chain, server certificate first
 * @param privateKeyFile PEM private key of the server certificate, unencrypted
 */
public record TlsConfig(Optional<Path> certificateFile, Optional<Path> privateKeyFile) {

    public static final TlsConfig GENERATED = new TlsConfig(Optional.empty(), Optional.empty());

    public TlsConfig {
        if (certificateFile.isPresent() != privateKeyFile.isPresent()) {
            throw new IllegalArgumentException("certificate and private key files go together");
        }
    }

    public boolean usesOwnCertificate() {
        return certificateFile.isPresent();
    }
}
