package io.roost.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.roost.core.log.AppendedRecord;
import io.roost.core.message.SystemProperty;
import io.roost.core.message.TelemetryMessage;
import io.roost.registry.policy.SharedAccessPolicy;
import io.roost.registry.sas.SasTokens;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnknownDescribedType;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.message.Message;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Event Hubs-compatible read endpoint ($management and partition receivers) driven by Proton-J's client side. */
class EventHubReadTest {

    static final String HUB = "roost";

    @TempDir
    java.nio.file.Path dir;
    AmqpFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new AmqpFixture(dir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private SharedAccessPolicy servicePolicy() {
        return fixture.hub.policy("service").orElseThrow();
    }

    /** A token signed as the Event Hubs client signs: HMAC keyed with the key string's UTF-8 bytes. */
    private String eventHubsToken(String sr, String key) throws Exception {
        return eventHubsToken(sr, key, Instant.now().plus(1, ChronoUnit.HOURS));
    }

    private String eventHubsToken(String sr, String key, Instant expiry) throws Exception {
        String encoded = URLEncoder.encode(sr, StandardCharsets.UTF_8);
        long se = expiry.getEpochSecond();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String sig = Base64.getEncoder().encodeToString(mac.doFinal((encoded + "\n" + se).getBytes(StandardCharsets.UTF_8)));
        return "SharedAccessSignature sr=" + encoded + "&sig=" + URLEncoder.encode(sig, StandardCharsets.UTF_8)
                + "&se=" + se + "&skn=service";
    }

    private static String partitionAddress(int partition) {
        return HUB + "/ConsumerGroups/$Default/Partitions/" + partition;
    }

    private ProtonTestClient authorizedClient(int partition) throws Exception {
        ProtonTestClient client = fixture.anonymous();
        String audience = "amqp://" + AmqpFixture.HOST + "/" + partitionAddress(partition);
        assertThat(client.putToken(audience, eventHubsToken(audience, servicePolicy().primaryKey())).status()).isEqualTo(200);
        return client;
    }

    private AppendedRecord append(String deviceId, String body) {
        Map<String, String> system = new LinkedHashMap<>();
        system.put(SystemProperty.MESSAGE_ID, "m-" + body);
        system.put(SystemProperty.CORRELATION_ID, "c-" + body);
        system.put(SystemProperty.CONTENT_TYPE, "application/json");
        system.put(SystemProperty.CONTENT_ENCODING, "utf-8");
        system.put(SystemProperty.CONNECTION_DEVICE_ID, deviceId);
        system.put(SystemProperty.CONNECTION_AUTH_METHOD, SystemProperty.SAS_DEVICE_AUTH_METHOD);
        return fixture.log.append(new TelemetryMessage(deviceId, system, Map.of("temp", "21"),
                body.getBytes(StandardCharsets.UTF_8))).join();
    }

    private Receiver receiver(ProtonTestClient client, int partition, String selector, Long epoch, int credit) {
        Session session = client.session();
        Receiver receiver = session.receiver("eh-receiver-" + UUID.randomUUID());
        Source source = new Source();
        source.setAddress(partitionAddress(partition));
        if (selector != null) {
            source.setFilter(Map.of(Symbol.valueOf("apache.org:selector-filter:string"),
                    new UnknownDescribedType(Symbol.valueOf("apache.org:selector-filter:string"), selector)));
        }
        receiver.setSource(source);
        receiver.setTarget(new Target());
        if (epoch != null) {
            receiver.setProperties(Map.of(Symbol.valueOf("com.microsoft:epoch"), epoch));
        }
        receiver.open();
        receiver.flow(credit);
        return receiver;
    }

    private static List<Message> receive(ProtonTestClient client, Receiver receiver, int count) {
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Delivery delivery = client.receive(receiver);
            assertThat(delivery.remotelySettled()).isTrue();
            delivery.settle();
            messages.add((Message) delivery.getContext());
        }
        return messages;
    }

    private static long sequenceOf(Message message) {
        return (Long) message.getMessageAnnotations().getValue().get(Symbol.valueOf("x-opt-sequence-number"));
    }

    private static String bodyOf(Message message) {
        Binary binary = ((Data) message.getBody()).getValue();
        return new String(binary.getArray(), binary.getArrayOffset(), binary.getLength(), StandardCharsets.UTF_8);
    }

    /** Three records of one device, all in its partition. */
    private List<AppendedRecord> threeRecords(String deviceId) {
        return List.of(append(deviceId, "a"), append(deviceId, "b"), append(deviceId, "c"));
    }

    @Test
    void receiver_whenNoFilter_thenEveryRecordFromTheStartWithAnnotationsAndProperties() throws Exception {
        List<AppendedRecord> appended = threeRecords("dev1");
        int partition = fixture.log.partitionFor("dev1");
        try (ProtonTestClient client = authorizedClient(partition)) {
            Receiver receiver = receiver(client, partition, null, null, 10);
            List<Message> messages = receive(client, receiver, 3);
            assertThat(messages).extracting(EventHubReadTest::bodyOf).containsExactly("a", "b", "c");
            Message first = messages.get(0);
            Map<Symbol, Object> annotations = first.getMessageAnnotations().getValue();
            assertThat(annotations.get(Symbol.valueOf("x-opt-sequence-number"))).isEqualTo(appended.get(0).offset());
            assertThat(annotations.get(Symbol.valueOf("x-opt-offset"))).isEqualTo(Long.toString(appended.get(0).offset()));
            assertThat(annotations.get(Symbol.valueOf("x-opt-enqueued-time")))
                    .isEqualTo(new Date(appended.get(0).enqueuedTimeMillis()));
            assertThat(annotations.get(Symbol.valueOf("x-opt-partition-key"))).isEqualTo("dev1");
            assertThat(annotations.get(Symbol.valueOf("iothub-connection-device-id"))).isEqualTo("dev1");
            assertThat(annotations.get(Symbol.valueOf("iothub-message-source"))).isEqualTo("Telemetry");
            assertThat(annotations).containsKeys(Symbol.valueOf("iothub-enqueuedtime"),
                    Symbol.valueOf("iothub-connection-auth-method"));
            assertThat(first.getMessageId()).isEqualTo("m-a");
            assertThat(first.getCorrelationId()).isEqualTo("c-a");
            assertThat(first.getContentType()).isEqualTo("application/json");
            assertThat(first.getContentEncoding()).isEqualTo("utf-8");
            assertThat(first.getApplicationProperties().getValue()).containsEntry("temp", "21");
        }
    }

    @Test
    void receiver_whenLatest_thenOnlyRecordsAppendedAfterwards() throws Exception {
        threeRecords("dev1");
        int partition = fixture.log.partitionFor("dev1");
        try (ProtonTestClient client = authorizedClient(partition)) {
            Receiver receiver = receiver(client, partition, "amqp.annotation.x-opt-offset > '@latest'", null, 10);
            client.pumpUntil(() -> receiver.getRemoteState() == EndpointState.ACTIVE);
            AppendedRecord later;
            later = append("dev1", "d");
            assertThat(receive(client, receiver, 1)).extracting(EventHubReadTest::bodyOf).containsExactly("d");
            assertThat(later.offset()).isEqualTo(3);
        }
    }

    @Test
    void receiver_whenOffsetAndSequenceFilters_thenExclusiveAndInclusiveStarts() throws Exception {
        threeRecords("dev1");
        int partition = fixture.log.partitionFor("dev1");
        try (ProtonTestClient client = authorizedClient(partition)) {
            assertThat(receive(client, receiver(client, partition, "amqp.annotation.x-opt-offset > '0'", null, 10), 2))
                    .extracting(EventHubReadTest::bodyOf).containsExactly("b", "c");
            assertThat(receive(client, receiver(client, partition, "amqp.annotation.x-opt-offset >= '1'", null, 10), 2))
                    .extracting(EventHubReadTest::bodyOf).containsExactly("b", "c");
            assertThat(receive(client, receiver(client, partition, "amqp.annotation.x-opt-offset > '-1'", null, 10), 3))
                    .extracting(EventHubReadTest::bodyOf).containsExactly("a", "b", "c");
            assertThat(receive(client, receiver(client, partition, "amqp.annotation.x-opt-sequence-number > 1", null, 10), 1))
                    .extracting(EventHubReadTest::bodyOf).containsExactly("c");
            assertThat(receive(client, receiver(client, partition, "amqp.annotation.x-opt-sequence-number >= 1", null, 10), 2))
                    .extracting(EventHubReadTest::bodyOf).containsExactly("b", "c");
        }
    }

    @Test
    void receiver_whenEnqueuedTimeFilter_thenStartsAtThatTime() throws Exception {
        append("dev1", "a");
        Awaitility.await().pollDelay(Duration.ofMillis(20)).until(() -> true);
        AppendedRecord second = append("dev1", "b");
        int partition = fixture.log.partitionFor("dev1");
        try (ProtonTestClient client = authorizedClient(partition)) {
            String inclusive = "amqp.annotation.x-opt-enqueued-time >= " + second.enqueuedTimeMillis();
            assertThat(receive(client, receiver(client, partition, inclusive, null, 10), 1))
                    .extracting(EventHubReadTest::bodyOf).containsExactly("b");
            String exclusive = "amqp.annotation.x-opt-enqueued-time > " + (second.enqueuedTimeMillis() - 1);
            assertThat(receive(client, receiver(client, partition, exclusive, null, 10), 1))
                    .extracting(EventHubReadTest::bodyOf).containsExactly("b");
        }
    }

    @Test
    void receiver_whenCreditIsOne_thenOneMessageAtATime() throws Exception {
        threeRecords("dev1");
        int partition = fixture.log.partitionFor("dev1");
        try (ProtonTestClient client = authorizedClient(partition)) {
            Receiver receiver = receiver(client, partition, null, null, 1);
            assertThat(receive(client, receiver, 1)).extracting(EventHubReadTest::bodyOf).containsExactly("a");
            assertThat(receiver.getQueued()).isZero();
            receiver.flow(2);
            assertThat(receive(client, receiver, 2)).extracting(EventHubReadTest::bodyOf).containsExactly("b", "c");
        }
    }

    @Test
    void receiver_whenHigherEpochAttaches_thenLowerIsStolen_andLowerEpochIsRefused() throws Exception {
        int partition = 0;
        try (ProtonTestClient client = authorizedClient(partition)) {
            Receiver first = receiver(client, partition, null, 1L, 10);
            client.awaitAttached(first);
            assertThat(first.getRemoteState()).isEqualTo(EndpointState.ACTIVE);
            Receiver second = receiver(client, partition, null, 2L, 10);
            client.pumpUntil(() -> first.getRemoteState() == EndpointState.CLOSED);
            assertThat(first.getRemoteCondition().getCondition().toString()).isEqualTo("amqp:link:stolen");
            assertThat(second.getRemoteState()).isEqualTo(EndpointState.ACTIVE);
            Receiver lower = receiver(client, partition, null, 1L, 10);
            client.pumpUntil(() -> lower.getRemoteState() == EndpointState.CLOSED);
            assertThat(lower.getRemoteCondition().getCondition().toString()).isEqualTo("amqp:link:stolen");
            Receiver noEpoch = receiver(client, partition, null, null, 10);
            client.pumpUntil(() -> noEpoch.getRemoteState() == EndpointState.CLOSED);
            assertThat(second.getRemoteState()).isEqualTo(EndpointState.ACTIVE);
        }
    }

    @Test
    void receiver_whenNoServiceToken_thenRefused_andBadTokenGets401() throws Exception {
        try (ProtonTestClient client = fixture.anonymous()) {
            String audience = "amqp://" + AmqpFixture.HOST + "/" + partitionAddress(0);
            String wrongKey = Base64.getEncoder().encodeToString(new byte[32]);
            assertThat(client.putToken(audience, eventHubsToken(audience, wrongKey)).status()).isEqualTo(401);
            Receiver receiver = receiver(client, 0, null, null, 10);
            client.pumpUntil(() -> receiver.getRemoteState() == EndpointState.CLOSED);
            assertThat(receiver.getRemoteCondition().getCondition().toString()).isEqualTo("amqp:unauthorized-access");
        }
    }

    @Test
    void receiver_whenServiceTokenExpires_thenPartitionReceiversClose() throws Exception {
        try (ProtonTestClient client = fixture.anonymous()) {
            String audience = "amqp://" + AmqpFixture.HOST + "/" + partitionAddress(0);
            String shortToken = eventHubsToken(audience, servicePolicy().primaryKey(), Instant.now().plusSeconds(2));
            assertThat(client.putToken(audience, shortToken).status()).isEqualTo(200);
            Receiver receiver = receiver(client, 0, null, null, 10);
            client.pumpUntil(() -> receiver.getRemoteState() == EndpointState.ACTIVE);
            fixture.clock.advance(Duration.ofSeconds(5));

            client.pumpUntil(() -> receiver.getRemoteState() == EndpointState.CLOSED);
            assertThat(receiver.getRemoteCondition().getCondition().toString()).isEqualTo("amqp:unauthorized-access");
        }
    }

    @Test
    void cbs_whenIotHubStyleHostToken_thenServiceAuthorized() throws Exception {
        try (ProtonTestClient client = fixture.anonymous()) {
            String token = SasTokens.sign(AmqpFixture.HOST, servicePolicy().primaryKey(),
                    Instant.now().plus(1, ChronoUnit.HOURS), "service");
            assertThat(client.putToken(AmqpFixture.HOST, token).status()).isEqualTo(200);
            Receiver receiver = receiver(client, 0, null, null, 10);
            client.awaitAttached(receiver);
            assertThat(receiver.getRemoteState()).isEqualTo(EndpointState.ACTIVE);
        }
    }

    @Test
    void receiver_whenUnknownGroupOrPartitionOrBadFilter_thenRefused() throws Exception {
        try (ProtonTestClient client = authorizedClient(0)) {
            Session session = client.session();
            Receiver unknownGroup = client.receiver(session, HUB + "/ConsumerGroups/nope/Partitions/0", 10);
            Receiver unknownPartition = client.receiver(session, partitionAddress(999), 10);
            Receiver badFilter = receiver(client, 0, "amqp.annotation.x-opt-something = 3", null, 10);
            client.pumpUntil(() -> unknownGroup.getRemoteState() == EndpointState.CLOSED
                    && unknownPartition.getRemoteState() == EndpointState.CLOSED
                    && badFilter.getRemoteState() == EndpointState.CLOSED);
            assertThat(unknownGroup.getRemoteCondition().getCondition().toString()).isEqualTo("amqp:not-found");
            assertThat(badFilter.getRemoteCondition().getCondition().toString()).isEqualTo("amqp:invalid-field");
        }
    }

    private static Object status(Message reply) {
        return reply.getApplicationProperties().getValue().get("status-code");
    }

    private Message management(ProtonTestClient client, Map<String, Object> properties) {
        Session session = client.session();
        Sender requests = client.sender(session, "$management");
        Receiver replies = client.receiver(session, "$management", 10);
        Message request = Message.Factory.create();
        request.setMessageId(UUID.randomUUID());
        request.setReplyTo("mgmt-reply");
        request.setApplicationProperties(new ApplicationProperties(new HashMap<>(properties)));
        client.send(requests, request);
        Delivery reply = client.receive(replies);
        reply.settle();
        Message message = (Message) reply.getContext();
        assertThat(message.getCorrelationId()).isEqualTo(request.getMessageId());
        return message;
    }

    @SuppressWarnings("unchecked")
    @Test
    void management_whenReadEventHubAndPartition_thenPropertiesAsTheEventHubsClientReadsThem() throws Exception {
        List<AppendedRecord> appended = threeRecords("dev1");
        int partition = fixture.log.partitionFor("dev1");
        try (ProtonTestClient client = fixture.anonymous()) {
            String token = eventHubsToken("amqp://" + AmqpFixture.HOST + "/" + HUB, servicePolicy().secondaryKey());
            Message hub = management(client, Map.of("operation", "READ", "type", "com.microsoft:eventhub",
                    "name", HUB, "security_token", token));
            assertThat(status(hub)).isEqualTo(200);
            Map<String, Object> body = (Map<String, Object>) ((AmqpValue) hub.getBody()).getValue();
            int count = fixture.log.partitionCount();
            assertThat(body).containsEntry("name", HUB).containsEntry("partition_count", count)
                    .containsKey("created_at");
            assertThat(body.get("created_at")).isInstanceOf(Date.class);
            assertThat((String[]) body.get("partition_ids")).hasSize(count).startsWith("0");

            Message info = management(client, Map.of("operation", "READ", "type", "com.microsoft:partition",
                    "name", HUB, "partition", Integer.toString(partition), "security_token", token));
            assertThat(status(info)).isEqualTo(200);
            Map<String, Object> p = (Map<String, Object>) ((AmqpValue) info.getBody()).getValue();
            assertThat(p).containsEntry("name", HUB).containsEntry("partition", Integer.toString(partition))
                    .containsEntry("begin_sequence_number", 0L)
                    .containsEntry("last_enqueued_sequence_number", 2L)
                    .containsEntry("last_enqueued_offset", "2")
                    .containsEntry("last_enqueued_time_utc", new Date(appended.get(2).enqueuedTimeMillis()))
                    .containsEntry("is_partition_empty", false);
        }
    }

    @Test
    void management_whenNoOrBadToken_then401_andUnknownHub404() throws Exception {
        try (ProtonTestClient client = fixture.anonymous()) {
            Message noToken = management(client, Map.of("operation", "READ", "type", "com.microsoft:eventhub", "name", HUB));
            assertThat(status(noToken)).isEqualTo(401);
            String wrongKey = Base64.getEncoder().encodeToString(new byte[32]);
            Message badToken = management(client, Map.of("operation", "READ", "type", "com.microsoft:eventhub",
                    "name", HUB, "security_token", eventHubsToken("amqp://" + AmqpFixture.HOST + "/" + HUB, wrongKey)));
            assertThat(status(badToken)).isEqualTo(401);
            String token = eventHubsToken("amqp://" + AmqpFixture.HOST + "/" + HUB, servicePolicy().primaryKey());
            Message otherHub = management(client, Map.of("operation", "READ", "type", "com.microsoft:eventhub",
                    "name", "other", "security_token", token));
            assertThat(status(otherHub)).isEqualTo(404);
        }
    }
}
