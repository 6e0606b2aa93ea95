package io.roost.compat.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.microsoft.azure.sdk.iot.service.exceptions.IotHubNotFoundException;
import com.microsoft.azure.sdk.iot.service.messaging.AcknowledgementType;
import com.microsoft.azure.sdk.iot.service.messaging.DeliveryAcknowledgement;
import com.microsoft.azure.sdk.iot.service.messaging.FeedbackRecord;
import com.microsoft.azure.sdk.iot.service.messaging.FeedbackStatusCode;
import com.microsoft.azure.sdk.iot.service.messaging.IotHubServiceClientProtocol;
import com.microsoft.azure.sdk.iot.service.messaging.Message;
import com.microsoft.azure.sdk.iot.service.messaging.MessageFeedbackProcessorClient;
import com.microsoft.azure.sdk.iot.service.messaging.MessageFeedbackProcessorClientOptions;
import com.microsoft.azure.sdk.iot.service.messaging.MessagingClient;
import com.microsoft.azure.sdk.iot.service.messaging.MessagingClientOptions;
import io.roost.core.testing.MutableClock;
import io.roost.registry.device.DeviceSpec;
import io.roost.registry.policy.HubIdentity;
import io.roost.server.config.ConfigLoader;
import io.roost.server.config.ConfigLoader.RawFlag;
import io.roost.server.config.ListenerName;
import io.roost.server.config.ServerConfig;
import io.roost.server.lifecycle.RoostServer;
import io.roost.server.listener.BoundListener;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Acceptance with the Azure IoT service SDK for Java 2.1.9: its {@link MessagingClient} sends C2D
 * messages over AMQPS (and AMQPS over WebSocket) with the service policy's connection string, a
 * device receives them over the HTTP device API and completes one and rejects one, a third
 * expires, and the SDK's {@link MessageFeedbackProcessorClient} gets the Success, Rejected and
 * Expired records and completes the batch. The SDK trusts only Roost's CA (its {@code sslContext}
 * option) and dials 5671 (or 443) on the hub's host name, which this JVM resolves to loopback (the
 * module's {@code hosts} file): the test binds that listener on 127.0.0.1 at that port and is
 * skipped when it is taken (run it under {@code flock /tmp/roost-fixed-ports.lock}). The server runs
 * on a {@link MutableClock} so the expiry and the 15 s feedback batching need no waiting.
 */
class ServiceSdkMessagingTest {

    private static final String HOST_NAME = "hub.roost.test";
    private static final Duration FEEDBACK_TIMEOUT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    /** The two ways the service SDK speaks AMQP, each with the listener and port that carries it. */
    enum Transport {
        AMQPS(ListenerName.AMQPS, 5671, IotHubServiceClientProtocol.AMQPS),
        AMQPS_WS(ListenerName.HTTPS, 443, IotHubServiceClientProtocol.AMQPS_WS);

        final ListenerName listener;
        final int sdkPort;
        final IotHubServiceClientProtocol protocol;

        Transport(ListenerName listener, int sdkPort, IotHubServiceClientProtocol protocol) {
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

    private static boolean isFree(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            probe.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Message message(String messageId, String body) {
        Message message = new Message(body.getBytes(StandardCharsets.UTF_8));
        message.setMessageId(messageId);
        message.setCorrelationId("corr-" + messageId);
        message.setProperties(Map.of("step", messageId));
        message.setDeliveryAcknowledgement(DeliveryAcknowledgement.Full);
        return message;
    }

    private static String httpUrl(RoostServer server) {
        return server.listeners().stream().filter(l -> l.name() == ListenerName.HTTP).findFirst()
                .map(BoundListener::url).orElseThrow();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Transport.class)
    void messagingClient_whenDeviceCompletesRejectsAndOneExpires_thenFeedbackReceiverGetsAllThree(Transport transport)
            throws Exception {
        assumeTrue(isFree(transport.sdkPort), "port " + transport.sdkPort + " cannot be bound on 127.0.0.1");
        MutableClock clock = new MutableClock(System.currentTimeMillis());
        try (RoostServer server = new RoostServer(transport.config(), dataDir, clock)) {
            server.start();
            String deviceKey = server.registry().create(DeviceSpec.of("dev1")).join()
                    .authentication().symmetricKey().primaryKey();
            HubIdentity hub = HubIdentity.load(dataDir).orElseThrow();
            String connectionString = hub.connectionStrings().forPolicy(hub.policy("service").orElseThrow());
            SSLContext trustRoost = RoostCa.trustOnly(server.caFile().orElseThrow());

            MessagingClient messaging = new MessagingClient(connectionString, transport.protocol,
                    MessagingClientOptions.builder().sslContext(trustRoost).build());
            messaging.open();
            try {
                messaging.send("dev1", message("ok", "first"));
                messaging.send("dev1", message("no", "second"));
                Message late = message("late", "third");
                late.setExpiryTimeUtc(new Date(clock.millis() + 5_000));
                messaging.send("dev1", late);
                Throwable unknown = catchThrowable(() -> messaging.send("ghost", message("lost", "nobody")));
                assertThat(unknown).isInstanceOf(IotHubNotFoundException.class);
            } finally {
                messaging.close();
            }
            assertThat(server.c2dQueues().depth("dev1")).isEqualTo(3);

            HttpDevice device = new HttpDevice(httpUrl(server), HOST_NAME, "dev1", deviceKey);
            HttpDevice.Received first = device.receive().orElseThrow();
            assertThat(first.response().body()).isEqualTo("first");
            assertThat(first.header("iothub-messageid")).isEqualTo("ok");
            assertThat(first.header("iothub-correlationid")).isEqualTo("corr-ok");
            assertThat(first.header("iothub-ack")).isEqualTo("full");
            assertThat(first.header("iothub-app-step")).isEqualTo("ok");
            device.complete(first);
            HttpDevice.Received second = device.receive().orElseThrow();
            assertThat(second.header("iothub-messageid")).isEqualTo("no");
            device.reject(second);
            clock.advance(Duration.ofSeconds(6));
            server.c2dQueues().sweep().join();
            assertThat(device.receive()).as("the third message expired").isEmpty();
            // Past the feedback batch delay (15 s): the three records make one batch.
            clock.advance(Duration.ofSeconds(16));

            Queue<FeedbackRecord> records = new ConcurrentLinkedQueue<>();
            MessageFeedbackProcessorClient feedback = new MessageFeedbackProcessorClient(connectionString,
                    transport.protocol, batch -> {
                        records.addAll(batch.getRecords());
                        return AcknowledgementType.COMPLETE;
                    }, MessageFeedbackProcessorClientOptions.builder().sslContext(trustRoost).build());
            feedback.start();
            try {
                await().atMost(FEEDBACK_TIMEOUT).until(() -> records.size() >= 3);
                // The SDK completed the batch: none is left to receive.
                await().atMost(FEEDBACK_TIMEOUT).untilAsserted(() ->
                        assertThat(server.c2dQueues().feedback().receive().join()).isEmpty());
            } finally {
                feedback.stop();
            }
            Map<String, FeedbackRecord> byMessage = records.stream()
                    .collect(Collectors.toMap(FeedbackRecord::getOriginalMessageId, Function.identity()));
            assertThat(byMessage).containsOnlyKeys("ok", "no", "late");
            assertThat(byMessage.get("ok").getStatusCode()).isEqualTo(FeedbackStatusCode.success);
            assertThat(byMessage.get("no").getStatusCode()).isEqualTo(FeedbackStatusCode.rejected);
            assertThat(byMessage.get("late").getStatusCode()).isEqualTo(FeedbackStatusCode.expired);
            String generation = server.registry().get("dev1").join().generationId();
            for (FeedbackRecord record : records) {
                assertThat(record.getDeviceId()).isEqualTo("dev1");
                assertThat(record.getDeviceGenerationId()).isEqualTo(generation);
                assertThat(record.getEnqueuedTimeUtc()).isNotNull();
            }
        }
    }
}
