package io.roost.compat.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.IotHubClientProtocol;
import com.microsoft.azure.sdk.iot.device.IotHubMessageResult;
import com.microsoft.azure.sdk.iot.device.Message;
import io.roost.compat.mqtt.PahoMqttTest;
import io.roost.compat.mqtt.PahoMqttsTest;
import io.roost.compat.support.LoopbackPorts;
import io.roost.core.c2d.AckMode;
import io.roost.core.c2d.C2dMessage;
import io.roost.core.log.LogRecord;
import io.roost.core.message.SystemProperty;
import io.roost.core.message.TelemetryMessage;
import io.roost.registry.policy.ConnectionStrings;
import io.roost.registry.policy.HubIdentity;
import io.roost.server.config.ConfigLoader;
import io.roost.server.config.ConfigLoader.RawFlag;
import io.roost.server.config.ListenerName;
import io.roost.server.config.ServerConfig;
import io.roost.server.lifecycle.RoostServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Acceptance with the Azure IoT device SDK for Java 2.5.0 over AMQPS and AMQPS over WebSocket (SASL
 * ANONYMOUS, then CBS put-token, then the telemetry and C2D links), given a device connection string
 * and trusting only Roost's CA. The SDK dials 5671 (or 443 for WebSocket) on the hub's host name, so
 * the test binds that listener on 127.0.0.1 at that port and is skipped when it is taken or cannot
 * be bound. The hub has a dotted host name this JVM resolves to
 * loopback (the module's {@code hosts} file), so the connection string has no GatewayHostName.
 */
class AzureDeviceSdkAmqpTest {

    private static final String HOST_NAME = "hub.roost.test";

    @TempDir
    Path dataDir;

    /** The two ways the SDK speaks AMQP, each with the listener and port that carries it. */
    enum Transport {
        /** AMQP over TLS on the amqps listener; the SDK dials 5671. */
        AMQPS(ListenerName.AMQPS, 5671, IotHubClientProtocol.AMQPS),
        /** AMQP over secure WebSocket on the https listener; the SDK dials 443. */
        AMQPS_WS(ListenerName.HTTPS, 443, IotHubClientProtocol.AMQPS_WS);

        final ListenerName listener;
        final int sdkPort;
        final IotHubClientProtocol protocol;

        Transport(ListenerName listener, int sdkPort, IotHubClientProtocol protocol) {
            this.listener = listener;
            this.sdkPort = sdkPort;
            this.protocol = protocol;
        }

        /** This transport's listener on 127.0.0.1 at the SDK's port, plain http on a free one, the rest off. */
        ServerConfig config() {
            ListenerName other = this == AMQPS ? ListenerName.HTTPS : ListenerName.AMQPS;
            return ConfigLoader.load(Optional.empty(), Map.of(
                            "ROOST_HOSTNAME", HOST_NAME,
                            "ROOST_LISTENERS_HTTP_PORT", "0",
                            "ROOST_LISTENERS_MQTT_ENABLED", "false",
                            "ROOST_LISTENERS_MQTTS_ENABLED", "false",
                            "ROOST_LISTENERS_AMQP_ENABLED", "false",
                            "ROOST_LISTENERS_" + other.key().toUpperCase(Locale.ROOT) + "_ENABLED", "false"),
                    Map.of(listener.portKey(), new RawFlag("--" + listener.key() + "-port", String.valueOf(sdkPort)),
                            listener.bindAddressKey(), new RawFlag("--" + listener.key() + "-bind", "127.0.0.1")));
        }
    }

    private static DeviceClient client(RoostServer server, Transport transport, String deviceId, String key)
            throws Exception {
        return new DeviceClient(new ConnectionStrings(HOST_NAME, HubIdentity.DEFAULT_HUB_NAME).forDevice(deviceId, key),
                transport.protocol,
                ClientOptions.builder().sslContext(PahoMqttsTest.trustOnly(server.caFile().orElseThrow())).build());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    void sendEvent_whenThousandMessages_thenAllInTheLogWithTheirProperties(Transport transport) throws Exception {
        assumeTrue(LoopbackPorts.isFree(transport.sdkPort), "port " + transport.sdkPort + " cannot be bound on 127.0.0.1");
        try (RoostServer server = new RoostServer(transport.config(), dataDir)) {
            server.start();
            String key = PahoMqttTest.createDevice(server, "dev1");
            DeviceClient client = client(server, transport, "dev1", key);
            client.open(true);
            CountDownLatch sent = new CountDownLatch(1000);
            Queue<Object> failures = new ConcurrentLinkedQueue<>();
            for (int i = 0; i < 1000; i++) {
                Message message = new Message(("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
                message.setMessageId("msg-" + i);
                message.setProperty("seq", String.valueOf(i));
                message.setProperty("note", "a&b=c d");
                client.sendEventAsync(message, (m, failure, context) -> {
                    if (failure != null) {
                        failures.add(failure);
                    }
                    sent.countDown();
                }, null);
            }
            assertThat(sent.await(60, TimeUnit.SECONDS)).as("all 1,000 acknowledged").isTrue();
            client.close();
            assertThat(failures).isEmpty();

            List<LogRecord> records = PahoMqttTest.readAll(server, "dev1", 1000);
            assertThat(records).hasSize(1000);
            Set<String> messageIds = new HashSet<>();
            for (LogRecord record : records) {
                TelemetryMessage m = record.message();
                String seq = m.applicationProperties().get("seq");
                assertThat(m.systemProperties())
                        .containsEntry(SystemProperty.MESSAGE_ID, "msg-" + seq)
                        .containsEntry(SystemProperty.CONNECTION_DEVICE_ID, "dev1");
                assertThat(m.applicationProperties()).containsEntry("note", "a&b=c d");
                assertThat(new String(m.body(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":" + seq + "}");
                messageIds.add(m.systemProperties().get(SystemProperty.MESSAGE_ID));
            }
            assertThat(messageIds).hasSize(1000);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    void receive_whenQueuedWhileOffline_thenAllDeliveredAndCompleted(Transport transport) throws Exception {
        assumeTrue(LoopbackPorts.isFree(transport.sdkPort), "port " + transport.sdkPort + " cannot be bound on 127.0.0.1");
        try (RoostServer server = new RoostServer(transport.config(), dataDir)) {
            server.start();
            String key = PahoMqttTest.createDevice(server, "dev1");
            String generation = server.registry().get("dev1").join().generationId();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                server.c2dQueues().send("dev1", generation, new C2dMessage("c" + i, null, null, null, null, AckMode.FULL,
                        0, Map.of("n", String.valueOf(i)), ("command " + i).getBytes(StandardCharsets.UTF_8))).join();
                expected.add("c" + i + ":" + i + ":command " + i);
            }
            Queue<String> received = new ConcurrentLinkedQueue<>();
            DeviceClient client = client(server, transport, "dev1", key);
            client.setMessageCallback((message, context) -> {
                received.add(message.getMessageId() + ":" + message.getProperty("n") + ":" + new String(message.getBytes(),
                        StandardCharsets.UTF_8));
                return IotHubMessageResult.COMPLETE;
            }, null);
            client.open(true);
            await().atMost(Duration.ofSeconds(30)).until(() -> server.c2dQueues().depth("dev1") == 0);
            client.close();

            assertThat(received).containsExactlyElementsOf(expected);
        }
    }
}
