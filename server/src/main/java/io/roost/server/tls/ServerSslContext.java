package io.roost.server.tls;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLException;

/**
 * The Netty server context every TLS listener shares. The JDK's TLS implementation, not OpenSSL:
 * nothing native to ship, and netty-tcnative versions pulled in by client libraries cannot break
 * it. TLS 1.3 and 1.2 only (older versions are broken and IoT Hub refuses them too). Stateless.
 */
public final class ServerSslContext {

    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private ServerSslContext() {
    }

    public static SslContext of(TlsMaterial material) throws SSLException {
        return SslContextBuilder.forServer(material.privateKey(), material.chain().toArray(X509Certificate[]::new))
                .sslProvider(SslProvider.JDK)
                .protocols(PROTOCOLS)
                .build();
    }
}
