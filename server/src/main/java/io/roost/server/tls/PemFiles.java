package io.roost.server.tls;

import io.roost.core.io.AtomicFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Reads and writes the PEM files of the TLS material. Roost writes keys as unencrypted PKCS#8
 * ({@code BEGIN PRIVATE KEY}), the form every TLS stack reads; it reads that and the older
 * {@code BEGIN EC PRIVATE KEY} / {@code BEGIN RSA PRIVATE KEY} forms an operator's own files may
 * use. Stateless and thread-safe.
 */
final class PemFiles {

    private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(64, new byte[] {'\n'});

    private PemFiles() {
    }

    static List<X509Certificate> readCertificates(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> chain = new ArrayList<>();
            for (var certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                chain.add((X509Certificate) certificate);
            }
            if (chain.isEmpty()) {
                throw new IOException(file + " holds no certificate");
            }
            return chain;
        } catch (CertificateException e) {
            throw new IOException(file + " is not a PEM certificate file: " + e.getMessage(), e);
        }
    }

    static PrivateKey readPrivateKey(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(reader)) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (object instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            throw new IOException(file + " holds no unencrypted private key (PKCS#8 'PRIVATE KEY', 'EC PRIVATE KEY' or 'RSA PRIVATE KEY')");
        }
    }

    static void writeCertificates(Path file, List<X509Certificate> chain) throws IOException {
        StringBuilder pem = new StringBuilder();
        try {
            for (X509Certificate certificate : chain) {
                pem.append(block("CERTIFICATE", certificate.getEncoded()));
            }
        } catch (CertificateException e) {
            throw new IOException("cannot encode a certificate for " + file, e);
        }
        AtomicFile.write(file, pem.toString().getBytes(StandardCharsets.US_ASCII), AtomicFile.WORLD_READABLE);
    }

    /** PKCS#8, unencrypted, owner-only from the first byte: the file's permissions are the protection. */
    static void writePrivateKey(Path file, PrivateKey key) throws IOException {
        AtomicFile.write(file, block("PRIVATE KEY", key.getEncoded()).getBytes(StandardCharsets.US_ASCII), AtomicFile.OWNER_ONLY);
    }

    private static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + BASE64.encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
