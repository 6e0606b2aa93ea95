package io.roost.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.roost.server.config.TlsConfig;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both TLS engines the listeners may run on complete a TLS 1.3 handshake with a JDK client trusting the hub's CA. */
class ServerSslContextTest {

    @TempDir
    Path dataDir;

    @AfterEach
    void clearEngineChoice() {
        System.clearProperty(ServerSslContext.ENGINE_PROPERTY);
    }

    @Test
    void of_whereOpenSslLoads_thenOpenSslAndAHandshakeCompletes() throws Exception {
        TlsMaterial material = new HubCertificates(Clock.systemUTC()).prepare(TlsConfig.GENERATED, "localhost", dataDir);

        SslContext context = ServerSslContext.of(material);

        // The server jar carries BoringSSL for this machine's platform: the tests run where it loads.
        assertThat(OpenSsl.isAvailable()).as("netty-tcnative loads here").isTrue();
        assertThat(ServerSslContext.engine()).isEqualTo("openssl");
        assertThat(context).isNotInstanceOf(JdkSslContext.class);
        assertThat(handshake(context, material)).isEqualTo("TLSv1.3");
    }

    @Test
    void of_whenTheJdkEngineIsAskedFor_thenJdkAndAHandshakeCompletes() throws Exception {
        System.setProperty(ServerSslContext.ENGINE_PROPERTY, "jdk");
        TlsMaterial material = new HubCertificates(Clock.systemUTC()).prepare(TlsConfig.GENERATED, "localhost", dataDir);

        SslContext context = ServerSslContext.of(material);

        assertThat(ServerSslContext.engine()).isEqualTo("jdk");
        assertThat(context).isInstanceOf(JdkSslContext.class);
        assertThat(handshake(context, material)).isEqualTo("TLSv1.3");
    }

    /** Runs a JDK client engine against the server engine in memory; returns the protocol agreed. */
    private static String handshake(SslContext server, TlsMaterial material) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("ca", material.chain().get(material.chain().size() - 1));
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, trustManagers.getTrustManagers(), null);
        SSLEngine client = clientContext.createSSLEngine("localhost", 8883);
        client.setUseClientMode(true);
        SSLEngine serverEngine = server.newEngine(UnpooledByteBufAllocator.DEFAULT);
        ByteBuffer toServer = ByteBuffer.allocate(64 * 1024);
        ByteBuffer toClient = ByteBuffer.allocate(64 * 1024);
        ByteBuffer sink = ByteBuffer.allocate(64 * 1024);
        ByteBuffer empty = ByteBuffer.allocate(0);
        client.beginHandshake();
        serverEngine.beginHandshake();
        for (int i = 0; i < 200 && !(done(client) && done(serverEngine)); i++) {
            client.wrap(empty, toServer);
            runTasks(client);
            toServer.flip();
            serverEngine.unwrap(toServer, sink);
            runTasks(serverEngine);
            toServer.compact();
            sink.clear();
            serverEngine.wrap(empty, toClient);
            runTasks(serverEngine);
            toClient.flip();
            client.unwrap(toClient, sink);
            runTasks(client);
            toClient.compact();
            sink.clear();
        }
        assertThat(done(client) && done(serverEngine)).as("handshake finished").isTrue();
        return client.getSession().getProtocol();
    }

    private static boolean done(SSLEngine engine) {
        HandshakeStatus status = engine.getHandshakeStatus();
        return status == HandshakeStatus.NOT_HANDSHAKING || status == HandshakeStatus.FINISHED;
    }

    private static void runTasks(SSLEngine engine) {
        for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
            task.run();
        }
    }
}
