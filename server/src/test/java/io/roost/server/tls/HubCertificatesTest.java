package io.roost.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roost.server.config.TlsConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hub's CA and server certificate: made once, reused, reissued when they no longer fit. */
class HubCertificatesTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dataDir;

    private final HubCertificates certificates = new HubCertificates(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void prepare_whenDataDirEmpty_thenCaAndServerCertificateWithTheRightShape() throws Exception {
        TlsMaterial material = certificates.prepare(TlsConfig.GENERATED, "hub.example.com", dataDir);

        TlsFiles files = TlsFiles.in(dataDir);
        X509Certificate ca = PemFiles.readCertificates(files.caCertificate()).get(0);
        X509Certificate server = material.serverCertificate();
        assertThat(material.caFile()).hasValue(files.caCertificate());
        assertThat(material.chain()).containsExactly(server, ca);
        assertThat(PemFiles.readCertificates(files.serverChain())).containsExactly(server, ca);

        assertThat(ca.getSubjectX500Principal().getName()).matches("CN=Roost CA [0-9a-f]{8},O=Roost");
        assertThat(ca.getBasicConstraints()).as("a CA").isGreaterThanOrEqualTo(0);
        assertThat(ca.getKeyUsage()).as("keyCertSign and cRLSign only")
                .containsExactly(false, false, false, false, false, true, true, false, false);
        assertThat(ca.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(Duration.between(ca.getNotBefore().toInstant(), ca.getNotAfter().toInstant()).toDays()).isBetween(3650L, 3651L);

        assertThat(server.getBasicConstraints()).as("not a CA").isEqualTo(-1);
        assertThat(server.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(server.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(2, "hub.example.com"), List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
        assertThat(server.getSigAlgName()).isEqualTo("SHA256withECDSA");
        server.verify(ca.getPublicKey());
        assertThat(server.getNotAfter().toInstant()).isEqualTo(NOW.plus(CertificateIssuer.SERVER_VALIDITY));
    }

    @Test
    void prepare_whenHostNameIsLocalhost_thenNamedOnce() throws Exception {
        X509Certificate server = certificates.prepare(TlsConfig.GENERATED, "localhost", dataDir).serverCertificate();

        assertThat(server.getSubjectAlternativeNames()).containsExactlyInAnyOrder(
                List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
    }

    @Test
    void prepare_thenKeysOwnerOnlyAndPkcs8() throws Exception {
        certificates.prepare(TlsConfig.GENERATED, "localhost", dataDir);

        TlsFiles files = TlsFiles.in(dataDir);
        for (Path key : List.of(files.caKey(), files.serverKey())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
            assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----\n");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.caCertificate()))).startsWith("rw-");
        try (var names = Files.list(files.dir())) {
            assertThat(names.map(path -> path.getFileName().toString()))
                    .as("no temp files left").containsExactlyInAnyOrder("ca.pem", "ca-key.pem", "server.pem", "server-key.pem");
        }
    }

    @Test
    void prepare_whenRestarted_thenSameCaAndSameServerCertificate() throws Exception {
        TlsMaterial first = certificates.prepare(TlsConfig.GENERATED, "localhost", dataDir);
        TlsMaterial second = certificates.prepare(TlsConfig.GENERATED, "localhost", dataDir);

        assertThat(fingerprint(second.chain().get(1))).isEqualTo(fingerprint(first.chain().get(1)));
        assertThat(second.serverCertificate()).isEqualTo(first.serverCertificate());
        assertThat(second.privateKey().getEncoded()).isEqualTo(first.privateKey().getEncoded());
    }

    @Test
    void prepare_whenHostNameChanged_thenNewServerCertificateFromTheSameCa() throws Exception {
        TlsMaterial before = certificates.prepare(TlsConfig.GENERATED, "localhost", dataDir);
        TlsMaterial after = certificates.prepare(TlsConfig.GENERATED, "hub.example.com", dataDir);

        assertThat(CertificateChecks.names(after.serverCertificate(), "hub.example.com")).isTrue();
        assertThat(CertificateChecks.names(before.serverCertificate(), "hub.example.com")).isFalse();
        assertThat(fingerprint(after.chain().get(1))).isEqualTo(fingerprint(before.chain().get(1)));
        after.serverCertificate().verify(before.chain().get(1).getPublicKey());
    }

    @Test
    void prepare_whenServerCertificateNearsItsEnd_thenReissued() throws Exception {
        TlsMaterial first = certificates.prepare(TlsConfig.GENERATED, "localhost", dataDir);
        Instant later = NOW.plus(CertificateIssuer.SERVER_VALIDITY).minus(Duration.ofDays(10));

        TlsMaterial renewed = new HubCertificates(Clock.fixed(later, ZoneOffset.UTC)).prepare(TlsConfig.GENERATED, "localhost", dataDir);

        assertThat(renewed.serverCertificate()).isNotEqualTo(first.serverCertificate());
        assertThat(renewed.chain().get(1)).isEqualTo(first.chain().get(1));
    }

    @Test
    void prepare_whenServerKeyDoesNotFitItsCertificate_thenReissued() throws Exception {
        TlsMaterial first = certificates.prepare(TlsConfig.GENERATED, "localhost", dataDir);
        TlsFiles files = TlsFiles.in(dataDir);
        // As after a crash between writing the new key and the new certificate.
        Files.copy(files.caKey(), files.serverKey(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        TlsMaterial repaired = certificates.prepare(TlsConfig.GENERATED, "localhost", dataDir);

        assertThat(repaired.serverCertificate()).isNotEqualTo(first.serverCertificate());
        assertThat(CertificateChecks.keyMatches(repaired.privateKey(), repaired.serverCertificate())).isTrue();
    }

    @Test
    void prepare_whenCaKeyMissingAndServerCertificateMustChange_thenOneClearError() throws Exception {
        certificates.prepare(TlsConfig.GENERATED, "localhost", dataDir);
        Files.delete(TlsFiles.in(dataDir).caKey());

        assertThat(certificates.prepare(TlsConfig.GENERATED, "localhost", dataDir).caFile()).isPresent();
        assertThatThrownBy(() -> certificates.prepare(TlsConfig.GENERATED, "other.example.com", dataDir))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("ca-key.pem is missing");
    }

    @Test
    void prepare_whenOwnFiles_thenUsedAsTheyAreAndNothingGenerated() throws Exception {
        TlsMaterial generated = certificates.prepare(TlsConfig.GENERATED, "localhost", dataDir.resolve("elsewhere"));
        TlsFiles files = TlsFiles.in(dataDir.resolve("elsewhere"));
        TlsConfig own = new TlsConfig(Optional.of(files.serverChain()), Optional.of(files.serverKey()));

        TlsMaterial material = certificates.prepare(own, "localhost", dataDir);

        assertThat(material.chain()).isEqualTo(generated.chain());
        assertThat(material.caFile()).isEmpty();
        assertThat(dataDir.resolve(TlsFiles.DIR_NAME)).doesNotExist();
    }

    @Test
    void prepare_whenOwnKeyDoesNotFit_thenRefused() throws Exception {
        certificates.prepare(TlsConfig.GENERATED, "localhost", dataDir);
        TlsFiles files = TlsFiles.in(dataDir);

        assertThatThrownBy(() -> certificates.prepare(new TlsConfig(Optional.of(files.serverChain()), Optional.of(files.caKey())),
                "localhost", dataDir))
                .isInstanceOf(IOException.class).hasMessageContaining("does not belong");
        assertThatThrownBy(() -> certificates.prepare(new TlsConfig(Optional.of(dataDir.resolve("none.pem")), Optional.of(files.caKey())),
                "localhost", dataDir))
                .isInstanceOf(IOException.class).hasMessageContaining("tls.certificateFile names").hasMessageContaining("does not exist");
    }

    static String fingerprint(X509Certificate certificate) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }
}
