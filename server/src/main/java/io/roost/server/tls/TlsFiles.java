package io.roost.server.tls;

import java.nio.file.Path;

/** Where the generated TLS material lives in the data dir. Immutable. */
public record TlsFiles(Path dir) {

    public static final String DIR_NAME = "certs";

    public static TlsFiles in(Path dataDir) {
        return new TlsFiles(dataDir.resolve(DIR_NAME));
    }

    /** The CA certificate clients trust; public. */
    public Path caCertificate() {
        return dir.resolve("ca.pem");
    }

    public Path caKey() {
        return dir.resolve("ca-key.pem");
    }

    /** The server certificate followed by the CA certificate. */
    public Path serverChain() {
        return dir.resolve("server.pem");
    }

    public Path serverKey() {
        return dir.resolve("server-key.pem");
    }
}
