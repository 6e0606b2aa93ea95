package io.roost.server.tls;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * The key and certificate chain the TLS listeners present. Immutable.
 *
 * @param chain the server certificate first, then its issuers
 * @param caFile the CA file clients should trust, when Roost made the CA; empty with the
 *     operator's own certificate
 */
public record TlsMaterial(PrivateKey privateKey, List<X509Certificate> chain, Optional<Path> caFile) {

    public TlsMaterial {
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs at least the server certificate");
        }
    }

    public X509Certificate serverCertificate() {
        return chain.get(0);
    }
}
