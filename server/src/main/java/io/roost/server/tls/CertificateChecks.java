package io.roost.server.tls;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** Questions asked of a certificate before it is served. Stateless and thread-safe. */
final class CertificateChecks {

    private static final int DNS_NAME = 2;

    private CertificateChecks() {
    }

    /** The DNS names among the subject alternative names. */
    static List<String> dnsNames(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> name : alternatives) {
                    if (((Integer) name.get(0)) == DNS_NAME) {
                        names.add((String) name.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return List.of();
        }
        return names;
    }

    /** True when a DNS name matches, exactly or by a one-label wildcard ({@code *.example.com}), as clients check. */
    static boolean names(X509Certificate certificate, String hostName) {
        String host = hostName.toLowerCase(Locale.ROOT);
        for (String name : dnsNames(certificate)) {
            String candidate = name.toLowerCase(Locale.ROOT);
            if (candidate.equals(host)) {
                return true;
            }
            if (candidate.startsWith("*.") && host.indexOf('.') > 0
                    && host.substring(host.indexOf('.')).equals(candidate.substring(1))) {
                return true;
            }
        }
        return false;
    }

    static boolean validAt(X509Certificate certificate, Instant when) {
        return !when.isBefore(certificate.getNotBefore().toInstant()) && !when.isAfter(certificate.getNotAfter().toInstant());
    }

    static boolean issuedBy(X509Certificate certificate, X509Certificate issuer) {
        try {
            certificate.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * Whether the key belongs to the certificate: a signature made with it verifies with the
     * certificate's public key. Catches a key file and certificate file that do not go together
     * (an operator's mix-up, or a crash between writing the two) before a client does.
     */
    static boolean keyMatches(PrivateKey key, X509Certificate certificate) {
        PublicKey publicKey = certificate.getPublicKey();
        if (!key.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return true;
        }
        try {
            byte[] challenge = new byte[32];
            new SecureRandom().nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
