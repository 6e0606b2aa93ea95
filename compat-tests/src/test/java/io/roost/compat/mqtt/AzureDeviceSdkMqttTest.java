package io.roost.compat.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.azure.sdk.iot.device.ClientOptions;
import com.microsoft.azure.sdk.iot.device.DeviceClient;
import com.microsoft.azure.sdk.iot.device.Message;
import io.roost.compat.support.LoopbackPorts;
import io.roost.core.log.LogRecord;
import io.roost.core.message.SystemProperty;
import io.roost.core.message.TelemetryMessage;
import io.roost.registry.policy.ConnectionStrings;
import io.roost.registry.policy.HubIdentity;
import io.roost.server.lifecycle.RoostServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Acceptance with the Azure IoT device SDK for Java 2.5.0 over MQTT (TLS) and MQTT over secure
 * WebSocket, given a device connection string as Roost prints it and trusting only Roost's CA. The
 * SDK cannot be given a port: it dials 8883 (MQTT) or 443 (WebSocket) on the gateway host, so the
 * test binds that listener on 127.0.0.1 at that port and is skipped when the port is taken or
 * cannot be bound (443 needs privilege).
 */
class AzureDeviceSdkMqttTest {

    @TempDir
    Path dataDir;

    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsTransport.class)
    void sendEvent_whenThousandMessages_thenAllInTheLogWithTheirProperties(TlsTransport transport) throws Exception {
        assumeTrue(LoopbackPorts.isFree(transport.sdkPort), "port " + transport.sdkPort + " cannot be bound on 127.0.0.1");
        try (RoostServer server = new RoostServer(transport.config(transport.sdkPort), dataDir)) {
            server.start();
            String key = PahoMqttTest.createDevice(server, "dev1");
            String connectionString = new ConnectionStrings("localhost", HubIdentity.DEFAULT_HUB_NAME).forDevice("dev1", key);
            ClientOptions options = ClientOptions.builder()
                    .sslContext(PahoMqttsTest.trustOnly(server.caFile().orElseThrow()))
                    .build();
            DeviceClient client = new DeviceClient(connectionString, transport.sdkProtocol, options);
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

            // The SDK sends from several threads, so the log order is not the send order.
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
}
