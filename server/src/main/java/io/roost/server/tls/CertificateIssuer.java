package io.roost.server.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes the hub's private CA and signs its server certificates, with ECDSA P-256 keys and
 * SHA-256 signatures: small, fast, and accepted by every TLS 1.2+ client the Azure SDKs run on.
 * Keys are generated and signed by the JDK's own providers; BouncyCastle only assembles the
 * certificate (the JDK has no public API for that), so no security provider is installed.
 *
 * <p>Slow (key generation): call at start-up, never on an event loop. Thread-safe.
 */
final class CertificateIssuer {

    /** Long enough that operators rarely replace the trust anchor every client was given. */
    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    /**
     * Two years: under the 825 days Apple platforms accept for any TLS server certificate, even
     * from a user-installed root, and renewal costs clients nothing, since they trust the CA and
     * Roost issues a new server certificate from it on start when the old one nears its end.
     */
    static final Duration SERVER_VALIDITY = Duration.ofDays(730);
    /** Allows for clients whose clocks run a little behind the server's. */
    private static final Duration BACKDATE = Duration.ofHours(1);
    private static final String SIGNATURE = "SHA256withECDSA";

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;

    CertificateIssuer(Clock clock) {
        this.clock = clock;
    }

    /** A new CA, named {@code CN=Roost CA <random>} so two hubs' CAs are told apart in a trust store. */
    Issued newCertificateAuthority() throws GeneralSecurityException {
        KeyPair keys = newKeyPair();
        byte[] suffix = new byte[4];
        random.nextBytes(suffix);
        // Most general first, as in DER by convention; printed (RFC 2253) it reads "CN=...,O=Roost".
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.O, "Roost")
                .addRDN(BCStyle.CN, "Roost CA " + HexFormat.of().formatHex(suffix))
                .build();
        Instant now = clock.instant();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(CA_VALIDITY)), name, keys.getPublic())
                    // Path length 0: this CA signs server certificates only, never another CA.
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
            return new Issued(keys, sign(builder, keys));
        } catch (CertIOException e) {
            throw new GeneralSecurityException("cannot build the CA certificate", e);
        }
    }

    /**
     * A server certificate for {@code hostName}, {@code localhost}, 127.0.0.1 and ::1, signed by the CA.
     * Host-name checks look only at the subject alternative names (RFC 6125), so all four are there.
     */
    Issued newServerCertificate(Issued ca, String hostName) throws GeneralSecurityException {
        KeyPair keys = newKeyPair();
        Instant now = clock.instant();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Roost").addRDN(BCStyle.CN, hostName).build();
        List<GeneralName> names = new ArrayList<>();
        names.add(new GeneralName(GeneralName.dNSName, hostName));
        if (!hostName.equalsIgnoreCase("localhost")) {
            names.add(new GeneralName(GeneralName.dNSName, "localhost"));
        }
        names.add(ipAddress("127.0.0.1"));
        names.add(ipAddress("::1"));
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(), serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(now.plus(SERVER_VALIDITY)), subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)))
                    .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(ca.certificate()));
            return new Issued(keys, sign(builder, ca.keys()));
        } catch (CertIOException e) {
            throw new GeneralSecurityException("cannot build the server certificate", e);
        }
    }

    private KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        return generator.generateKeyPair();
    }

    /** Positive, random and 127 bits: RFC 5280 allows up to 20 octets and wants them unpredictable. */
    private BigInteger serial() {
        return new BigInteger(127, random).setBit(126);
    }

    /** BouncyCastle parses the literal itself; nothing is looked up. */
    private static GeneralName ipAddress(String literal) {
        return new GeneralName(GeneralName.iPAddress, literal);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign with " + SIGNATURE, e);
        }
    }

    /** A key pair and the certificate of its public key. */
    record Issued(KeyPair keys, X509Certificate certificate) {
    }
}
