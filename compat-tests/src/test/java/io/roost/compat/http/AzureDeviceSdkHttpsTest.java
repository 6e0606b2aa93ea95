package io.roost.compat.http;

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
import io.roost.core.c2d.C2dSettings;
import io.roost.core.c2d.FeedbackBatch;
import io.roost.core.log.LogRecord;
import io.roost.core.message.SystemProperty;
import io.roost.core.testing.MutableClock;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance of the HTTP device API with the Azure IoT device SDK for Java 2.5.0 over HTTPS, given
 * a device connection string as Roost prints it and trusting only Roost's CA.
 *
 * <p>The SDK refuses HTTPS through a {@code GatewayHostName} (it takes that for an Edge hub), so
 * the hub gets a dotted host name, {@value #HOST_NAME}, that this JVM resolves to 127.0.0.1 (the
 * module's {@code hosts} file). The SDK dials 443 and cannot be given a port, so the test binds
 * https on 127.0.0.1:443 and is skipped when that port is taken or needs privileges it lacks.
 */
class AzureDeviceSdkHttpsTest {

    private static final int HTTPS_PORT = 443;
    private static final String HOST_NAME = "hub.roost.test";

    @TempDir
    Path dataDir;

    @Test
    void https_whenSendingEventsAndSettlingC2d_thenLogQueueAndFeedbackSeeEveryStep() throws Exception {
        assumeTrue(LoopbackPorts.isFree(HTTPS_PORT), "port 443 cannot be bound on 127.0.0.1");
        ServerConfig config = ConfigLoader.load(Optional.empty(), Map.of(
                "ROOST_HOSTNAME", HOST_NAME,
                "ROOST_LISTENERS_HTTP_PORT", "0",
                "ROOST_LISTENERS_MQTT_ENABLED", "false",
                "ROOST_LISTENERS_MQTTS_ENABLED", "false", "ROOST_LISTENERS_AMQP_ENABLED", "false", "ROOST_LISTENERS_AMQPS_ENABLED", "false"),
                Map.of(ListenerName.HTTPS.portKey(), new RawFlag("--https-port", String.valueOf(HTTPS_PORT)),
                        ListenerName.HTTPS.bindAddressKey(), new RawFlag("--https-bind", "127.0.0.1")));
        MutableClock clock = new MutableClock(System.currentTimeMillis());
        try (RoostServer server = new RoostServer(config, dataDir, clock)) {
            server.start();
            String key = PahoMqttTest.createDevice(server, "dev1");
            String connectionString = new ConnectionStrings(HOST_NAME, HubIdentity.DEFAULT_HUB_NAME).forDevice("dev1", key);
            ClientOptions options = ClientOptions.builder()
                    .sslContext(PahoMqttsTest.trustOnly(server.caFile().orElseThrow()))
                    .build();
            // Queued while the device is offline: completed, abandoned once then completed, rejected.
            for (String id : List.of("c1", "c2", "c3")) {
                server.c2dQueues().send("dev1", "gen", C2dMessage.of(id, id.getBytes(StandardCharsets.UTF_8))
                        .withAck(AckMode.FULL)).join();
            }
            Queue<String> received = new ConcurrentLinkedQueue<>();
            DeviceClient client = new DeviceClient(connectionString, IotHubClientProtocol.HTTPS, options);
            client.setMessageCallback((message, context) -> {
                String id = message.getMessageId();
                received.add(id);
                if (id.equals("c2") && received.stream().filter("c2"::equals).count() == 1) {
                    return IotHubMessageResult.ABANDON;
                }
                return id.equals("c3") ? IotHubMessageResult.REJECT : IotHubMessageResult.COMPLETE;
            }, null);
            client.open(true);

            CountDownLatch sent = new CountDownLatch(10);
            Queue<Object> failures = new ConcurrentLinkedQueue<>();
            for (int i = 0; i < 10; i++) {
                Message message = new Message(("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
                message.setMessageId("msg-" + i);
                message.setProperty("seq", String.valueOf(i));
                client.sendEventAsync(message, (m, failure, context) -> {
                    if (failure != null) {
                        failures.add(failure);
                    }
                    sent.countDown();
                }, null);
            }
            assertThat(sent.await(60, TimeUnit.SECONDS)).as("all 10 acknowledged").isTrue();
            await().atMost(Duration.ofSeconds(60)).until(() -> server.c2dQueues().depth("dev1") == 0);
            client.close();

            assertThat(failures).isEmpty();
            assertThat(received).containsSubsequence("c1", "c2", "c3").contains("c2").hasSize(4);
            clock.advance(C2dSettings.defaults().feedbackBatchDelay());
            server.c2dQueues().sweep().join();
            FeedbackBatch feedback = server.c2dQueues().feedback().receive().join().orElseThrow();
            assertThat(feedback.records()).extracting(record -> record.originalMessageId() + "=" + record.status())
                    .containsExactlyInAnyOrder("c1=SUCCESS", "c2=SUCCESS", "c3=REJECTED");
            List<LogRecord> records = PahoMqttTest.readAll(server, "dev1", 10);
            assertThat(records).hasSize(10);
            for (LogRecord record : records) {
                String seq = record.message().applicationProperties().get("seq");
                assertThat(record.message().systemProperties())
                        .containsEntry(SystemProperty.MESSAGE_ID, "msg-" + seq)
                        .containsEntry(SystemProperty.CONNECTION_DEVICE_ID, "dev1");
            }
        }
    }
}
