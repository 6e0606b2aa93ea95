package io.roost.compat.eventhubs;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.exception.AmqpException;
import com.azure.messaging.eventhubs.EventHubConsumerAsyncClient;
import com.azure.messaging.eventhubs.EventHubConsumerClient;
import com.azure.messaging.eventhubs.EventHubProperties;
import com.azure.messaging.eventhubs.PartitionProperties;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.PartitionEvent;
import com.azure.messaging.eventhubs.models.ReceiveOptions;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import reactor.core.Disposable;
import io.roost.compat.mqtt.PahoMqttTest;
import io.roost.core.log.LogRecord;
import io.roost.core.log.PartitionInfo;
import io.roost.registry.policy.HubIdentity;
import io.roost.registry.sas.SasTokens;
import io.roost.server.config.ConfigLoader;
import io.roost.server.config.ListenerName;
import io.roost.server.config.ServerConfig;
import io.roost.server.lifecycle.RoostServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance with the Azure Event Hubs client for Java (5.21.5) on the Event Hubs-compatible
 * endpoint: D2C messages sent over MQTT (Paho) are read back with {@link EventHubConsumerClient}
 * from the connection string {@code roost connection-string --eventhub --emulator} prints, with the
 * plain AMQP listener's port in the endpoint (the client honours it in emulator mode).
 */
class EventHubConsumerClientTest {

    private static final String HOST = "localhost";
    private static final int MESSAGES = 50;

    @TempDir
    Path dataDir;
    private RoostServer server;
    private int amqpPort;
    private int mqttPort;

    @BeforeEach
    void start() throws Exception {
        ServerConfig config = ConfigLoader.load(Optional.empty(), Map.of(
                "ROOST_LISTENERS_HTTP_PORT", "0",
                "ROOST_LISTENERS_HTTPS_ENABLED", "false",
                "ROOST_LISTENERS_MQTTS_ENABLED", "false", "ROOST_LISTENERS_AMQPS_ENABLED", "false",
                "ROOST_LISTENERS_MQTT_PORT", "0", "ROOST_LISTENERS_AMQP_PORT", "0"), Map.of());
        server = new RoostServer(config, dataDir);
        server.start();
        amqpPort = port(ListenerName.AMQP);
        mqttPort = port(ListenerName.MQTT);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int port(ListenerName name) {
        return server.listeners().stream().filter(l -> l.name() == name).findFirst().orElseThrow().port();
    }

    private EventHubClientBuilder builder() throws Exception {
        HubIdentity hub = HubIdentity.load(dataDir).orElseThrow();
        String connectionString = hub.connectionStrings().forEventHub(hub.policy("service").orElseThrow(), true)
                .replace("sb://" + HOST + "/", "sb://" + HOST + ":" + amqpPort + "/");
        return new EventHubClientBuilder().connectionString(connectionString)
                .consumerGroup(EventHubClientBuilder.DEFAULT_CONSUMER_GROUP_NAME);
    }

    private EventHubConsumerClient consumer() throws Exception {
        return builder().buildConsumerClient();
    }

    private void sendOverMqtt(String deviceId) throws Exception {
        String key = PahoMqttTest.createDevice(server, deviceId);
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + mqttPort, deviceId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setUserName(HOST + "/" + deviceId + "/?api-version=2021-04-12");
        options.setPassword(SasTokens.sign(SasTokens.deviceResource(HOST, deviceId), key,
                Instant.now().plus(Duration.ofHours(1)), null).toCharArray());
        client.connect(options);
        for (int i = 0; i < MESSAGES; i++) {
            MqttMessage message = new MqttMessage(("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
            message.setQos(1);
            client.publish("devices/" + deviceId + "/messages/events/%24.mid=msg-" + i
                    + "&%24.ct=application%2Fjson&%24.ce=utf-8&seq=" + i, message);
        }
        client.disconnect();
        client.close();
    }

    @Test
    void receiveFromPartition_whenEarliest_thenEveryMqttMessageWithItsPositionAndProperties() throws Exception {
        sendOverMqtt("dev1");
        List<LogRecord> records = PahoMqttTest.readAll(server, "dev1", MESSAGES);
        String partitionId = Integer.toString(server.telemetryLog().partitionFor("dev1"));
        try (EventHubConsumerClient consumer = consumer()) {
            List<EventData> events = new ArrayList<>();
            for (PartitionEvent event : consumer.receiveFromPartition(partitionId, MESSAGES, EventPosition.earliest(),
                    Duration.ofSeconds(20))) {
                assertThat(event.getPartitionContext().getPartitionId()).isEqualTo(partitionId);
                events.add(event.getData());
            }
            assertThat(events).hasSize(MESSAGES);
            for (int i = 0; i < MESSAGES; i++) {
                EventData event = events.get(i);
                LogRecord record = records.get(i);
                assertThat(event.getBodyAsString()).isEqualTo("{\"n\":" + i + "}");
                assertThat(event.getSequenceNumber()).isEqualTo(record.offset());
                assertThat(event.getOffset()).isEqualTo(record.offset());
                assertThat(event.getEnqueuedTime()).isEqualTo(Instant.ofEpochMilli(record.enqueuedTimeMillis()));
                assertThat(event.getMessageId()).isEqualTo("msg-" + i);
                assertThat(event.getContentType()).isEqualTo("application/json");
                assertThat(event.getProperties()).containsEntry("seq", Integer.toString(i));
                assertThat(event.getSystemProperties()).containsEntry("iothub-connection-device-id", "dev1");
                assertThat(event.getPartitionKey()).isEqualTo("dev1");
            }
        }
    }

    @Test
    void properties_whenRead_thenTheHubAndItsPartitionsAsTheLogHasThem() throws Exception {
        sendOverMqtt("dev1");
        PahoMqttTest.readAll(server, "dev1", MESSAGES);
        int partition = server.telemetryLog().partitionFor("dev1");
        try (EventHubConsumerClient consumer = consumer()) {
            EventHubProperties hub = consumer.getEventHubProperties();
            assertThat(hub.getName()).isEqualTo(HubIdentity.DEFAULT_HUB_NAME);
            assertThat(hub.getPartitionIds()).hasSize(server.telemetryLog().partitionCount()).contains("0");
            PartitionProperties properties = consumer.getPartitionProperties(Integer.toString(partition));
            PartitionInfo info = server.telemetryLog().partitionInfo(partition);
            assertThat(properties.getId()).isEqualTo(Integer.toString(partition));
            assertThat(properties.getBeginningSequenceNumber()).isEqualTo(info.earliestOffset());
            assertThat(properties.getLastEnqueuedSequenceNumber()).isEqualTo(info.lastOffset());
            assertThat(properties.getLastEnqueuedOffset()).isEqualTo(Long.toString(info.lastOffset()));
            assertThat(properties.getLastEnqueuedTime()).isEqualTo(Instant.ofEpochMilli(info.lastEnqueuedTimeMillis()));
            assertThat(properties.isEmpty()).isFalse();
        }
    }

    @Test
    void receiveFromPartition_whenHigherOwnerLevelStarts_thenTheLowerOneFailsWithLinkStolen() throws Exception {
        try (EventHubConsumerAsyncClient low = builder().buildAsyncConsumerClient();
             EventHubConsumerAsyncClient high = builder().buildAsyncConsumerClient()) {
            AtomicReference<Throwable> lowFailure = new AtomicReference<>();
            AtomicReference<Throwable> highFailure = new AtomicReference<>();
            Disposable first = low.receiveFromPartition("0", EventPosition.latest(), new ReceiveOptions().setOwnerLevel(1L))
                    .subscribe(event -> { }, lowFailure::set);
            Awaitility.await().pollDelay(Duration.ofMillis(500)).until(() -> true);
            Disposable second = high.receiveFromPartition("0", EventPosition.latest(), new ReceiveOptions().setOwnerLevel(2L))
                    .subscribe(event -> { }, highFailure::set);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> lowFailure.get() != null);
            assertThat(lowFailure.get()).isInstanceOf(AmqpException.class);
            assertThat(((AmqpException) lowFailure.get()).getErrorCondition()).isEqualTo(AmqpErrorCondition.LINK_STOLEN);
            assertThat(highFailure.get()).isNull();
            first.dispose();
            second.dispose();
        }
    }
}
