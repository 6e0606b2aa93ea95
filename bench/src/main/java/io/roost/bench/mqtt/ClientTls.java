package io.roost.bench.mqtt;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The load generators' TLS client context: OpenSSL (BoringSSL from netty-tcnative) where it loads,
 * else the JDK's engine, so that on a small machine the generator's handshakes take as little of
 * the CPU the server needs as they can. Verifies the server's certificate and host name.
 */
public final class ClientTls {

    private ClientTls() {
    }

    /** @param caFile the PEM file to trust, or null for the JVM's default trust store */
    public static SslContext context(Path caFile) throws IOException {
        SslContextBuilder builder = SslContextBuilder.forClient()
                .sslProvider(engine())
                .endpointIdentificationAlgorithm("HTTPS");
        if (caFile != null) {
            builder.trustManager(caFile.toFile());
        }
        return builder.build();
    }

    /** The engine {@link #context} uses, for the reports. */
    public static SslProvider engine() {
        return OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
    }
}
