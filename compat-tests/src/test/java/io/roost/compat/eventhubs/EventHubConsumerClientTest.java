package io.roost.compat.eventhubs;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.exception.AmqpException;
import com.azure.messaging.eventhubs.EventData;
import com.azure.messaging.eventhubs.EventHubClientBuilder;
import com.azure.messaging.eventhubs.EventHubConsumerAsyncClient;
import com.azure.messaging.eventhubs.EventHubConsumerClient;
import com.azure.messaging.eventhubs.EventHubProperties;
import com.azure.messaging.eventhubs.PartitionProperties;
import com.azure.messaging.eventhubs.models.EventPosition;
import com.azure.messaging.eventhubs.models.PartitionEvent;
import com.azure.messaging.eventhubs.models.ReceiveOptions;
import io.roost.compat.mqtt.PahoMqttTest;
import io.roost.compat.support.InProcessServers;
import io.roost.core.log.LogRecord;
import io.roost.core.log.PartitionInfo;
import io.roost.core.message.SystemProperty;
import io.roost.core.message.TelemetryMessage;
import io.roost.registry.policy.HubIdentity;
import io.roost.server.config.ConfigLoader;
import io.roost.server.config.ListenerName;
import io.roost.server.config.ServerConfig;
import io.roost.server.lifecycle.RoostServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;

/**
 * Acceptance with the Azure Event Hubs client for Java (5.21.5) on the Event Hubs-compatible
 * endpoint: D2C messages sent over MQTT (Paho), AMQP (Proton-J, the bench module's device client)
 * and the HTTP device API are read back with {@link EventHubConsumerClient} and
 * {@link EventHubConsumerAsyncClient} from the connection string
 * {@code roost connection-string --eventhub --emulator} prints, with the plain AMQP listener's port
 * in the endpoint (the client honours it in emulator mode). Each event is compared with the record
 * the log holds at that position. The same over TLS: {@link EventHubTlsReadTest}.
 */
class EventHubConsumerClientTest {

    private static final String HOST = "localhost";
    private static final int MESSAGES = 50;

    @TempDir
    Path dataDir;
    private RoostServer server;
    private int amqpPort;
    private D2cSenders senders;

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
        senders = new D2cSenders(server, HOST, port(ListenerName.MQTT), amqpPort, port(ListenerName.HTTP), MESSAGES);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private int port(ListenerName name) {
        return InProcessServers.port(server, name);
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

    /** Receives exactly {@code count} events from the partition, failing if fewer arrive within 20 s. */
    private static List<EventData> receiveAll(EventHubConsumerClient consumer, int partition, EventPosition position,
            int count) {
        List<EventData> events = new ArrayList<>();
        String partitionId = Integer.toString(partition);
        for (PartitionEvent event : consumer.receiveFromPartition(partitionId, count, position, Duration.ofSeconds(20))) {
            assertThat(event.getPartitionContext().getPartitionId()).isEqualTo(partitionId);
            assertThat(event.getPartitionContext().getConsumerGroup()).isEqualTo(EventHubClientBuilder.DEFAULT_CONSUMER_GROUP_NAME);
            events.add(event.getData());
        }
        assertThat(events).hasSize(count);
        return events;
    }

    /** Each event is the record at the same index: position, time, key, properties and body. */
    private static void assertSameAsTheLog(List<EventData> events, List<LogRecord> records) {
        assertThat(events).hasSameSizeAs(records);
        for (int i = 0; i < events.size(); i++) {
            EventData event = events.get(i);
            LogRecord record = records.get(i);
            TelemetryMessage message = record.message();
            assertThat(event.getSequenceNumber()).isEqualTo(record.offset());
            assertThat(event.getOffset()).isEqualTo(record.offset());
            assertThat(event.getEnqueuedTime()).isEqualTo(Instant.ofEpochMilli(record.enqueuedTimeMillis()));
            assertThat(event.getPartitionKey()).isEqualTo(message.deviceId());
            assertThat(event.getSystemProperties()).containsEntry("iothub-connection-device-id", message.deviceId());
            assertThat(event.getMessageId()).isEqualTo(message.systemProperties().get(SystemProperty.MESSAGE_ID));
            assertThat(event.getProperties()).containsAllEntriesOf(message.applicationProperties());
            assertThat(event.getBody()).isEqualTo(message.body());
        }
    }

    @Test
    void receiveFromPartition_whenEarliest_thenEveryMessageSentOverMqttAmqpAndHttpWithItsPositionAndProperties()
            throws Exception {
        senders.mqtt("mqtt-dev");
        senders.amqp("amqp-dev");
        senders.http("http-dev");
        try (EventHubConsumerClient consumer = consumer()) {
            for (String deviceId : List.of("mqtt-dev", "amqp-dev", "http-dev")) {
                int partition = server.telemetryLog().partitionFor(deviceId);
                List<LogRecord> records = senders.partitionRecords(partition);
                List<EventData> events = receiveAll(consumer, partition, EventPosition.earliest(), records.size());
                assertSameAsTheLog(events, records);
                List<EventData> ofDevice = events.stream().filter(e -> deviceId.equals(
                        e.getSystemProperties().get("iothub-connection-device-id"))).toList();
                assertThat(ofDevice).as(deviceId).hasSize(MESSAGES);
                for (int i = 0; i < MESSAGES; i++) {
                    EventData event = ofDevice.get(i);
                    assertThat(event.getBodyAsString()).isEqualTo("{\"n\":" + i + "}");
                    assertThat(event.getMessageId()).isEqualTo("msg-" + i);
                    assertThat(event.getContentType()).isEqualTo("application/json");
                    assertThat(event.getProperties()).containsEntry("seq", Integer.toString(i));
                    assertThat(event.getPartitionKey()).isEqualTo(deviceId);
                    assertThat(event.getSystemProperties()).containsEntry("iothub-connection-auth-method",
                            records.get(0).message().systemProperties().get("iothub-connection-auth-method"));
                }
            }
        }
    }

    @Test
    void receiveFromPartition_whenFromSequenceNumberOffsetOrEnqueuedTime_thenStartsThere() throws Exception {
        senders.mqtt("dev1");
        int partition = server.telemetryLog().partitionFor("dev1");
        List<LogRecord> first = senders.partitionRecords(partition);
        // A later batch in a later millisecond than every record of the first, so a time between them exists.
        long firstBatchEnd = first.get(first.size() - 1).enqueuedTimeMillis();
        Awaitility.await().pollInterval(Duration.ofMillis(5)).until(() -> System.currentTimeMillis() > firstBatchEnd + 2);
        senders.amqp("dev1-amqp", "dev1");
        List<LogRecord> records = senders.partitionRecords(partition);
        assertThat(records).hasSize(2 * MESSAGES);
        try (EventHubConsumerClient consumer = consumer()) {
            List<EventData> inclusive = receiveAll(consumer, partition, EventPosition.fromSequenceNumber(10, true),
                    records.size() - 10);
            assertSameAsTheLog(inclusive, records.subList(10, records.size()));

            List<EventData> exclusive = receiveAll(consumer, partition, EventPosition.fromSequenceNumber(10, false),
                    records.size() - 11);
            assertSameAsTheLog(exclusive, records.subList(11, records.size()));

            List<EventData> afterOffset = receiveAll(consumer, partition, EventPosition.fromOffset(20),
                    records.size() - 21);
            assertSameAsTheLog(afterOffset, records.subList(21, records.size()));

            List<EventData> afterTime = receiveAll(consumer, partition,
                    EventPosition.fromEnqueuedTime(Instant.ofEpochMilli(firstBatchEnd)), MESSAGES);
            assertSameAsTheLog(afterTime, records.subList(MESSAGES, records.size()));
            assertThat(afterTime).allMatch(e -> e.getEnqueuedTime().toEpochMilli() > firstBatchEnd);

            // Nothing more than asked for arrives: the position is where the log says, not one before.
            assertThat(consumer.receiveFromPartition(Integer.toString(partition), 1,
                    EventPosition.fromSequenceNumber(records.size() - 1, false), Duration.ofSeconds(2))).isEmpty();
        }
    }

    @Test
    void receiveFromPartition_whenLatest_thenOnlyMessagesSentAfterTheReceiverAttached() throws Exception {
        senders.mqtt("dev1");
        int partition = server.telemetryLog().partitionFor("dev1");
        long lastBefore = server.telemetryLog().partitionInfo(partition).lastOffset();
        List<EventData> received = new CopyOnWriteArrayList<>();
        try (EventHubConsumerAsyncClient consumer = builder().buildAsyncConsumerClient()) {
            Disposable subscription = consumer.receiveFromPartition(Integer.toString(partition), EventPosition.latest())
                    .subscribe(event -> received.add(event.getData()));
            // When the receiver is attached is not observable from here: send until the first message
            // arrives, then a batch; everything received must be newer than what the log held before.
            String dev2 = senders.idInPartitionOf("dev2", "dev1");
            MqttClient client = senders.mqttClient(dev2, PahoMqttTest.createDevice(server, dev2));
            int[] probes = {0};
            Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
                D2cSenders.publish(client, dev2, probes[0]++);
                return !received.isEmpty();
            });
            int newer = probes[0];
            for (int i = 0; i < 10; i++) {
                D2cSenders.publish(client, dev2, newer + i);
            }
            client.disconnect();
            client.close();
            long lastAfter = server.telemetryLog().partitionInfo(partition).lastOffset();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !received.isEmpty()
                    && received.get(received.size() - 1).getSequenceNumber() == lastAfter);
            subscription.dispose();
        }
        assertThat(received.get(0).getSequenceNumber()).isGreaterThan(lastBefore);
        for (int i = 1; i < received.size(); i++) {
            assertThat(received.get(i).getSequenceNumber()).isEqualTo(received.get(i - 1).getSequenceNumber() + 1);
        }
        assertThat(received).hasSizeGreaterThanOrEqualTo(11)
                .allMatch(e -> !"dev1".equals(e.getSystemProperties().get("iothub-connection-device-id")));
    }

    @Test
    void consumerGroups_whenTwoGroupsReadTheSamePartition_thenEachSeesEveryMessageAndNeitherStealsTheOther()
            throws Exception {
        // No REST route creates consumer groups yet: the test uses the log's API.
        server.telemetryLog().consumerGroups().create("analytics");
        senders.mqtt("dev1");
        int partition = server.telemetryLog().partitionFor("dev1");
        List<LogRecord> records = senders.partitionRecords(partition);
        List<EventData> byDefault = new CopyOnWriteArrayList<>();
        List<EventData> byAnalytics = new CopyOnWriteArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (EventHubConsumerAsyncClient defaultGroup = builder().buildAsyncConsumerClient();
             EventHubConsumerAsyncClient analytics = builder().consumerGroup("analytics").buildAsyncConsumerClient()) {
            // Exclusive (owner level) receivers on the same partition: exclusive within a group only.
            ReceiveOptions exclusive = new ReceiveOptions().setOwnerLevel(1L);
            Disposable first = defaultGroup.receiveFromPartition(Integer.toString(partition), EventPosition.earliest(),
                    exclusive).subscribe(event -> byDefault.add(event.getData()), failure::set);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> byDefault.size() == records.size());
            Disposable second = analytics.receiveFromPartition(Integer.toString(partition), EventPosition.earliest(),
                    exclusive).subscribe(event -> byAnalytics.add(event.getData()), failure::set);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> byAnalytics.size() == records.size());
            senders.amqp("dev1-more", "dev1");
            List<LogRecord> all = senders.partitionRecords(partition);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> byDefault.size() == all.size()
                    && byAnalytics.size() == all.size());
            first.dispose();
            second.dispose();
            assertThat(failure.get()).isNull();
            assertSameAsTheLog(byDefault, all);
            assertSameAsTheLog(byAnalytics, all);
        }
    }

    @Test
    void properties_whenRead_thenTheHubAndItsPartitionsAsTheLogHasThem() throws Exception {
        senders.mqtt("dev1");
        PahoMqttTest.readAll(server, "dev1", MESSAGES);
        int partition = server.telemetryLog().partitionFor("dev1");
        try (EventHubConsumerClient consumer = consumer()) {
            EventHubProperties hub = consumer.getEventHubProperties();
            assertThat(hub.getName()).isEqualTo(HubIdentity.DEFAULT_HUB_NAME);
            assertThat(hub.getPartitionIds()).hasSize(server.telemetryLog().partitionCount()).contains("0");
            assertThat(hub.getPartitionIds()).containsExactlyElementsOf(IntStream.range(0,
                    server.telemetryLog().partitionCount()).mapToObj(Integer::toString).toList());
            PartitionProperties properties = consumer.getPartitionProperties(Integer.toString(partition));
            PartitionInfo info = server.telemetryLog().partitionInfo(partition);
            assertThat(properties.getId()).isEqualTo(Integer.toString(partition));
            assertThat(properties.getEventHubName()).isEqualTo(HubIdentity.DEFAULT_HUB_NAME);
            assertThat(properties.getBeginningSequenceNumber()).isEqualTo(info.earliestOffset());
            assertThat(properties.getLastEnqueuedSequenceNumber()).isEqualTo(info.lastOffset());
            assertThat(properties.getLastEnqueuedOffset()).isEqualTo(Long.toString(info.lastOffset()));
            assertThat(properties.getLastEnqueuedTime()).isEqualTo(Instant.ofEpochMilli(info.lastEnqueuedTimeMillis()));
            assertThat(properties.isEmpty()).isFalse();
            // The partitions nobody wrote to say so.
            for (String id : hub.getPartitionIds()) {
                if (!id.equals(Integer.toString(partition))) {
                    assertThat(consumer.getPartitionProperties(id).isEmpty()).as("partition " + id).isTrue();
                }
            }
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
