package io.roost.compat.mqtt;

import io.roost.server.config.ConfigLoader;
import io.roost.server.config.ConfigLoader.RawFlag;
import io.roost.server.config.ListenerName;
import io.roost.server.config.ServerConfig;
import io.roost.server.lifecycle.RoostServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance over TLS: Eclipse Paho on the mqtts listener, trusting only Roost's CA and checking
 * that the certificate names the host.
 */
public class PahoMqttsTest {

    @TempDir
    Path dataDir;

    @Test
    void publish_whenTlsTrustingOnlyTheCa_thenThousandQos1MessagesInTheLog() throws Exception {
        ServerConfig config = ConfigLoader.load(Optional.empty(), Map.of(
                "ROOST_LISTENERS_HTTP_PORT", "0",
                "ROOST_LISTENERS_HTTPS_ENABLED", "false",
                "ROOST_LISTENERS_MQTT_ENABLED", "false"),
                Map.of(ListenerName.MQTTS.portKey(), new RawFlag("--mqtts-port", "0"),
                        ListenerName.MQTTS.bindAddressKey(), new RawFlag("--mqtts-bind", "127.0.0.1")));
        try (RoostServer server = new RoostServer(config, dataDir)) {
            server.start();
            int port = server.listeners().stream().filter(l -> l.name() == ListenerName.MQTTS).findFirst().orElseThrow().port();
            String token = PahoMqttTest.tokenFor(PahoMqttTest.createDevice(server, "dev1"), "dev1");
            MqttConnectOptions options = PahoMqttTest.options("dev1", token);
            options.setSocketFactory(trustOnly(server.caFile().orElseThrow()).getSocketFactory());
            options.setHttpsHostnameVerificationEnabled(true);

            // The host name, not the IP: the client checks that the certificate names it.
            MqttAsyncClient client = new MqttAsyncClient("ssl://localhost:" + port, "dev1", new MemoryPersistence());
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
