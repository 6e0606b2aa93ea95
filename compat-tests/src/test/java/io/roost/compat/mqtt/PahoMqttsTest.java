package io.roost.compat.mqtt;

import io.roost.server.lifecycle.RoostServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Acceptance over TLS: Eclipse Paho on the mqtts listener and over secure WebSocket on the https
 * listener, each on a free port, trusting only Roost's CA and checking that the certificate names
 * the host.
 */
public class PahoMqttsTest {

    @TempDir
    Path dataDir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsTransport.class)
    void publish_whenTlsTrustingOnlyTheCa_thenThousandQos1MessagesInTheLog(TlsTransport transport) throws Exception {
        try (RoostServer server = new RoostServer(transport.config(0), dataDir)) {
            server.start();
            String token = PahoMqttTest.tokenFor(PahoMqttTest.createDevice(server, "dev1"), "dev1");
            MqttConnectOptions options = PahoMqttTest.options("dev1", token);
            options.setSocketFactory(trustOnly(server.caFile().orElseThrow()).getSocketFactory());
            options.setHttpsHostnameVerificationEnabled(true);

            // The host name, not the IP: the client checks that the certificate names it.
            MqttAsyncClient client = new MqttAsyncClient(transport.pahoUri("localhost", transport.port(server)), "dev1",
                    new MemoryPersistence());
            client.connect(options).waitForCompletion(10_000);
            PahoMqttTest.publishThousand(client, "dev1");
            client.disconnect().waitForCompletion(10_000);
            client.close();

            PahoMqttTest.assertThousandInTheLog(server, "dev1");
        }
    }

    public static SSLContext trustOnly(Path caPem) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            trust.setCertificateEntry("roost-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);
        return context;
    }
}
