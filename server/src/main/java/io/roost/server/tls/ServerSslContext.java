package io.roost.server.tls;

import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;

/**
 * The Netty server context every TLS listener shares: OpenSSL where netty-tcnative's BoringSSL
 * loads (Linux x86-64, the one native library the server jar carries), the JDK's engine elsewhere
 * or when {@code -Droost.tls.engine=jdk} asks for it. TLS 1.3 and 1.2 only (older versions are
 * broken and IoT Hub refuses them too). No client certificates are asked for. Stateless.
 *
 * <p>The JDK {@link SSLContext} is built here and wrapped in a {@link JdkSslContext} instead of
 * going through {@code SslContextBuilder.forServer(..).sslProvider(JDK)}: that path initialises
 * Netty's {@code JdkSslServerContext}, whose static initialiser builds a throw-away RSA context and
 * parses a PEM key through Netty's BouncyCastle probe, which instantiates the whole BouncyCastle
 * provider (some 1,000 classes from a signed jar) only to find out whether trust managers can be
 * wrapped. That cost about a second of every start on a loaded 2-core machine, for a feature
 * (client-certificate trust managers) Roost does not use.
 */
public final class ServerSslContext {

    static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    static final String ENGINE_PROPERTY = "roost.tls.engine";

    /** The in-memory key store's password; it never reaches a file. */
    private static final char[] KEY_PASSWORD = "roost".toCharArray();

    private ServerSslContext() {
    }

    /**
     * The server context: OpenSSL (BoringSSL, through netty-tcnative) where its native library
     * loads, else the JDK's engine. Both speak TLS 1.3 and 1.2 only and ask for no client
     * certificate. OpenSSL's handshakes cost a fraction of the JDK's pure-Java elliptic curves,
     * which bound the TLS connect rate (docs/performance.md, S3).
     */
    public static SslContext of(TlsMaterial material) throws SSLException {
        if (useOpenSsl()) {
            return SslContextBuilder.forServer(material.privateKey(), material.chain().toArray(X509Certificate[]::new))
                    .sslProvider(SslProvider.OPENSSL)
                    .protocols(PROTOCOLS)
                    .build();
        }
        return jdk(material);
    }

    /** {@code -Droost.tls.engine=jdk} keeps the JDK engine even where OpenSSL would load. */
    static boolean useOpenSsl() {
        return !"jdk".equalsIgnoreCase(System.getProperty(ENGINE_PROPERTY, "auto")) && OpenSsl.isAvailable();
    }

    /** The name of the TLS engine {@link #of} picks: {@code openssl} or {@code jdk}. */
    public static String engine() {
        return useOpenSsl() ? "openssl" : "jdk";
    }

    static SslContext jdk(TlsMaterial material) throws SSLException {
        try {
            KeyStore keyStore = KeyStore.getInstance(KeyStore.getDefaultType());
            keyStore.load(null, null);
            keyStore.setKeyEntry("server", material.privateKey(), KEY_PASSWORD, material.chain().toArray(X509Certificate[]::new));
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keyStore, KEY_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), null, null);
            return new JdkSslContext(context, false, null, IdentityCipherSuiteFilter.INSTANCE, ApplicationProtocolConfig.DISABLED,
                    ClientAuth.NONE, PROTOCOLS, false);
        } catch (GeneralSecurityException | IOException e) {
            throw new SSLException("cannot build the server TLS context: " + e.getMessage(), e);
        }
    }
}
