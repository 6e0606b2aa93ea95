package io.roost.server.tls;

import io.roost.server.config.TlsConfig;
import io.roost.server.tls.CertificateIssuer.Issued;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds or makes the certificate the TLS listeners serve. With the operator's own files
 * ({@code tls.certificateFile}, {@code tls.privateKeyFile}) they are read and checked, nothing is
 * written. Otherwise the hub keeps a private CA and a server certificate in
 * {@code {data-dir}/certs} ({@link TlsFiles}): made on first start, reused after, and a new server
 * certificate is issued from the same CA when the old one does not name {@code hostName}, nears its
 * end, or does not fit its key, so clients that trust {@code ca.pem} never notice.
 *
 * <p>Each key file is written before the certificate that names it, so a crash in between leaves
 * a certificate that does not fit its key, which the next start detects and repairs.
 *
 * <p>Slow (key generation, signatures, fsync): call at start-up, never on an event loop. Not
 * thread-safe: one call per data dir at a time (the data dir lock ensures it).
 */
public final class HubCertificates {

    private static final Logger LOG = LoggerFactory.getLogger(HubCertificates.class);

    /** Reissue this long before expiry, so a server restarted now and then never serves an expired one. */
    static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private final Clock clock;
    private final CertificateIssuer issuer;

    public HubCertificates(Clock clock) {
        this.clock = clock;
        this.issuer = new CertificateIssuer(clock);
    }

    /**
     * @throws IOException naming the file and the problem when the material cannot be read,
     *     checked or written
     */
    public TlsMaterial prepare(TlsConfig config, String hostName, Path dataDir) throws IOException {
        try {
            if (config.usesOwnCertificate()) {
                return ownCertificate(config.certificateFile().orElseThrow(), config.privateKeyFile().orElseThrow(), hostName);
            }
            return generated(TlsFiles.in(dataDir), hostName);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot make the TLS certificates: " + e.getMessage(), e);
        }
    }

    private TlsMaterial ownCertificate(Path certificateFile, Path keyFile, String hostName) throws IOException {
        List<X509Certificate> chain = read(certificateFile, "tls.certificateFile", () -> PemFiles.readCertificates(certificateFile));
        PrivateKey key = read(keyFile, "tls.privateKeyFile", () -> PemFiles.readPrivateKey(keyFile));
        X509Certificate server = chain.get(0);
        if (!CertificateChecks.keyMatches(key, server)) {
            throw new IOException("the private key in " + keyFile + " does not belong to the first certificate in " + certificateFile);
        }
        if (!CertificateChecks.names(server, hostName)) {
            LOG.warn("the certificate in {} does not name hostName {} (it names {}): clients that check host names will refuse it",
                    certificateFile, hostName, CertificateChecks.dnsNames(server));
        }
        if (!CertificateChecks.validAt(server, clock.instant())) {
            LOG.warn("the certificate in {} is not valid now (valid {} to {})", certificateFile,
                    server.getNotBefore().toInstant(), server.getNotAfter().toInstant());
        }
        LOG.info("TLS uses the certificate in {} ({})", certificateFile, server.getSubjectX500Principal().getName());
        return new TlsMaterial(key, chain, Optional.empty());
    }

    private TlsMaterial generated(TlsFiles files, String hostName) throws IOException, GeneralSecurityException {
        Files.createDirectories(files.dir());
        Issued ca = certificateAuthority(files);
        Optional<String> keep = Optional.empty();
        if (Files.exists(files.serverChain()) && Files.exists(files.serverKey())) {
            List<X509Certificate> chain = PemFiles.readCertificates(files.serverChain());
            PrivateKey key = PemFiles.readPrivateKey(files.serverKey());
            Optional<String> flaw = flaw(chain.get(0), key, ca.certificate(), hostName);
            if (flaw.isEmpty()) {
                return new TlsMaterial(key, List.of(chain.get(0), ca.certificate()), Optional.of(files.caCertificate()));
            }
            keep = flaw;
        }
        if (ca.keys().getPrivate() == null) {
            throw new IOException("cannot issue a server certificate for " + hostName + ": " + files.caKey()
                    + " is missing; restore it, or move " + files.dir() + " away to make a new CA (clients must then trust the new ca.pem)");
        }
        Issued server = issuer.newServerCertificate(ca, hostName);
        PemFiles.writePrivateKey(files.serverKey(), server.keys().getPrivate());
        PemFiles.writeCertificates(files.serverChain(), List.of(server.certificate(), ca.certificate()));
        if (keep.isPresent()) {
            LOG.info("issued a new server certificate for {} from the existing CA, because the old one {}", hostName, keep.get());
        } else {
            LOG.info("issued a server certificate for {} (and localhost, 127.0.0.1, ::1) in {}", hostName, files.serverChain());
        }
        return new TlsMaterial(server.keys().getPrivate(), List.of(server.certificate(), ca.certificate()),
                Optional.of(files.caCertificate()));
    }

    /**
     * The existing CA, or a new one when there is none. A CA key without ca.pem is from a start
     * that crashed before publishing the CA, so nobody trusts it yet: it is replaced. The private
     * key is null when ca.pem exists but ca-key.pem does not (the operator removed it on purpose);
     * the server certificate can then be served but not reissued.
     */
    private Issued certificateAuthority(TlsFiles files) throws IOException, GeneralSecurityException {
        if (Files.exists(files.caCertificate())) {
            X509Certificate certificate = PemFiles.readCertificates(files.caCertificate()).get(0);
            PrivateKey key = Files.exists(files.caKey()) ? PemFiles.readPrivateKey(files.caKey()) : null;
            if (key != null && !CertificateChecks.keyMatches(key, certificate)) {
                throw new IOException(files.caKey() + " does not belong to " + files.caCertificate()
                        + "; restore the right key, or move " + files.dir() + " away to make a new CA");
            }
            if (!CertificateChecks.validAt(certificate, clock.instant())) {
                LOG.warn("the CA in {} has expired; move {} away and restart to make a new one (clients must then trust it)",
                        files.caCertificate(), files.dir());
            }
            return new Issued(new KeyPair(certificate.getPublicKey(), key), certificate);
        }
        Issued ca = issuer.newCertificateAuthority();
        PemFiles.writePrivateKey(files.caKey(), ca.keys().getPrivate());
        PemFiles.writeCertificates(files.caCertificate(), List.of(ca.certificate()));
        LOG.info("created a private CA ({}) in {}", ca.certificate().getSubjectX500Principal().getName(), files.caCertificate());
        return ca;
    }

    /** Why a stored server certificate must be replaced, or empty when it is fine. */
    private Optional<String> flaw(X509Certificate server, PrivateKey key, X509Certificate ca, String hostName) {
        Instant now = clock.instant();
        if (!CertificateChecks.names(server, hostName)) {
            return Optional.of("does not name " + hostName + " (it names " + CertificateChecks.dnsNames(server) + ")");
        }
        if (!CertificateChecks.validAt(server, now.plus(RENEW_BEFORE))) {
            return Optional.of("expires on " + server.getNotAfter().toInstant());
        }
        if (!CertificateChecks.issuedBy(server, ca)) {
            return Optional.of("was not issued by the CA in ca.pem");
        }
        if (!CertificateChecks.keyMatches(key, server)) {
            return Optional.of("does not fit server-key.pem");
        }
        return Optional.empty();
    }

    private static <T> T read(Path file, String key, IoSupplier<T> reader) throws IOException {
        try {
            return reader.get();
        } catch (NoSuchFileException e) {
            throw new IOException(key + " names " + file + ", which does not exist", e);
        } catch (IOException e) {
            throw new IOException("cannot read " + key + " " + file + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface IoSupplier<T> {
        T get() throws IOException;
    }
}
