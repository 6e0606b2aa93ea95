package io.roost.compat.eventhubs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.azure.core.amqp.AmqpRetryOptions;
import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubConsumerClient;
import com.azure.messaging.eventhubs.EventHubProperties;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.PartitionEvent;
import io.roost.compat.support.InProcessServers;
import io.roost.compat.support.LoopbackPorts;
import io.roost.core.log.LogRecord;
import io.roost.registry.policy.HubIdentity;
import io.roost.server.config.ConfigLoader;
import io.roost.server.config.ConfigLoader.RawFlag;
import io.roost.server.config.ListenerName;
import io.roost.server.config.ServerConfig;
import io.roost.server.lifecycle.RoostServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Event Hubs client (5.21.5) over TLS, as a back end uses it against IoT Hub: the connection
 * string without {@code UseDevelopmentEmulator}, so the client dials AMQPS on port 5671 of the
 * hub's host name ({@code hub.roost.test}, loopback through the module's hosts file), checks that
 * the certificate names that host, and trusts only the JVM's default trust store.
 *
 * <p>That trust store is JVM-wide, so this class runs in a JVM of its own: the {@code eventhubs-tls}
 * surefire execution in this module's pom sets {@code javax.net.ssl.trustStore} to a PKCS12 file
 * under {@code target/} that does not exist yet. The test starts the server (which makes the hub's
 * CA), then writes the CA into that file, then builds the client. This works because the JDK reads
 * the trust store when the default {@code SSLContext} is first made, which is the client's first TLS
 * handshake; nothing before it in this JVM asks for the default context (the execution forks a fresh
 * JVM per test class). Should that ever change, the handshake fails and so does the test. In any
 * other JVM (no such property) the test is skipped.
 * It binds 127.0.0.1:5671 and is skipped when that port is taken (run it under
 * {@code flock /tmp/roost-fixed-ports.lock}).
 */
class EventHubTlsReadTest {

    private static final String HOST_NAME = "hub.roost.test";
    private static final int AMQPS_PORT = 5671;
    private static final int MESSAGES = 20;
    /** The password of the generated trust store (it holds only a public certificate). */
    private static final String TRUST_STORE_PASSWORD = "changeit";

    @TempDir
    Path dataDir;

    @Test
    void receiveFromPartition_whenAmqpsTrustingTheJvmTrustStore_thenEveryMessageAndTheHubProperties() throws Exception {
        String trustStore = System.getProperty("javax.net.ssl.trustStore");
        assumeTrue(trustStore != null, "runs in the eventhubs-tls surefire execution, which sets javax.net.ssl.trustStore");
        assumeTrue(LoopbackPorts.isFree(AMQPS_PORT), "port " + AMQPS_PORT + " cannot be bound on 127.0.0.1");
        ServerConfig config = ConfigLoader.load(Optional.empty(), Map.of(
                        "ROOST_HOSTNAME", HOST_NAME,
                        "ROOST_LISTENERS_HTTP_PORT", "0",
                        "ROOST_LISTENERS_HTTPS_ENABLED", "false",
                        "ROOST_LISTENERS_MQTTS_ENABLED", "false",
                        "ROOST_LISTENERS_AMQP_ENABLED", "false",
                        "ROOST_LISTENERS_MQTT_PORT", "0"),
                Map.of(ListenerName.AMQPS.portKey(), new RawFlag("--amqps-port", String.valueOf(AMQPS_PORT)),
                        ListenerName.AMQPS.bindAddressKey(), new RawFlag("--amqps-bind", "127.0.0.1")));
        try (RoostServer server = new RoostServer(config, dataDir)) {
            server.start();
            writeTrustStore(server.caFile().orElseThrow(), Path.of(trustStore));
            int mqttPort = InProcessServers.port(server, ListenerName.MQTT);
            D2cSenders senders = new D2cSenders(server, HOST_NAME, mqttPort, 0, 0, MESSAGES);
            senders.mqtt("dev1");
            int partition = server.telemetryLog().partitionFor("dev1");
            List<LogRecord> records = senders.partitionRecords(partition);

            HubIdentity hub = HubIdentity.load(dataDir).orElseThrow();
            String connectionString = hub.connectionStrings().forEventHub(hub.policy("service").orElseThrow(), false);
            assertThat(connectionString).startsWith("Endpoint=sb://" + HOST_NAME + "/;").doesNotContain("Emulator");
            // Few, short tries: a TLS failure is not transient here, and the default retries take minutes.
            AmqpRetryOptions retries = new AmqpRetryOptions().setMaxRetries(1).setTryTimeout(Duration.ofSeconds(20));
            try (EventHubConsumerClient consumer = new EventHubClientBuilder().connectionString(connectionString)
                    .retryOptions(retries).consumerGroup(EventHubClientBuilder.DEFAULT_CONSUMER_GROUP_NAME)
                    .buildConsumerClient()) {
                EventHubProperties properties = consumer.getEventHubProperties();
                assertThat(properties.getName()).isEqualTo(hub.hubName());
                assertThat(properties.getPartitionIds()).hasSize(server.telemetryLog().partitionCount());
                assertThat(consumer.getPartitionProperties(Integer.toString(partition)).getLastEnqueuedSequenceNumber())
                        .isEqualTo(MESSAGES - 1);

                List<EventData> events = new ArrayList<>();
                for (PartitionEvent event : consumer.receiveFromPartition(Integer.toString(partition), MESSAGES,
                        EventPosition.earliest(), Duration.ofSeconds(30))) {
                    events.add(event.getData());
                }
                assertThat(events).hasSize(MESSAGES);
                for (int i = 0; i < MESSAGES; i++) {
                    EventData event = events.get(i);
                    assertThat(event.getSequenceNumber()).isEqualTo(records.get(i).offset());
                    assertThat(event.getEnqueuedTime()).isEqualTo(Instant.ofEpochMilli(records.get(i).enqueuedTimeMillis()));
                    assertThat(event.getBodyAsString()).isEqualTo("{\"n\":" + i + "}");
                    assertThat(event.getProperties()).containsEntry("seq", Integer.toString(i));
                    assertThat(event.getSystemProperties()).containsEntry("iothub-connection-device-id", "dev1");
                }
            }
        }
    }

    /** The hub's CA as the only entry of a PKCS12 trust store at {@code file} (replaced if present). */
    private static void writeTrustStore(Path caPem, Path file) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            store.setCertificateEntry("roost-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, TRUST_STORE_PASSWORD.toCharArray());
        }
    }
}
