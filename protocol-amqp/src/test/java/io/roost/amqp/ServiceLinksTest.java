package io.roost.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roost.core.c2d.AckMode;
import io.roost.core.c2d.C2dMessage;
import io.roost.core.c2d.QueuedC2dMessage;
import io.roost.core.operations.OperationCategory;
import io.roost.core.operations.OperationEvent;
import io.roost.registry.sas.SasTokens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.LinkError;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service links ({@code /messages/devicebound} to send C2D messages, {@code
 * /messages/servicebound/feedback} to read feedback) driven by Proton-J's client side over a real
 * loopback socket, with a real registry and SQLite C2D queues on the fixture's clock.
 */
class ServiceLinksTest {

    private static final String SEND = "/messages/devicebound";
    private static final String FEEDBACK = "/messages/servicebound/feedback";

    @TempDir
    Path dir;
    AmqpFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new AmqpFixture(dir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private List<OperationEvent> events() {
        return fixture.operations.events();
    }

    /** An IoT Hub policy token for the hub, as the service SDK puts it on $cbs with name = host. */
    private String policyToken(String policy) {
        String key = fixture.hub.policy(policy).orElseThrow().primaryKey();
        return SasTokens.sign(AmqpFixture.HOST, key, Instant.now().plus(1, ChronoUnit.HOURS), policy);
    }

    private ProtonTestClient service() throws Exception {
        ProtonTestClient client = fixture.anonymous();
        assertThat(client.putToken(AmqpFixture.HOST, policyToken("service")).status()).isEqualTo(200);
        return client;
    }

    private static Message c2d(String to, String messageId, String body) {
        Message message = Message.Factory.create();
        message.setAddress(to);
        message.setMessageId(messageId);
        message.setBody(new Data(new Binary(body.getBytes(StandardCharsets.UTF_8))));
        return message;
    }

    private static String to(String deviceId) {
        return "/devices/" + deviceId + "/messages/devicebound";
    }

    /** Sends and pumps until the server settled the delivery; returns its outcome. */
    private static DeliveryState sendAndSettle(ProtonTestClient client, Sender sender, Message message) {
        Delivery delivery = client.send(sender, message);
        client.pumpUntil(() -> delivery.getRemoteState() != null);
        return delivery.getRemoteState();
    }

    private static void assertRejected(DeliveryState outcome, Symbol condition, String descriptionPart) {
        assertThat(outcome).isInstanceOf(Rejected.class);
        assertThat((Object) ((Rejected) outcome).getError().getCondition()).isEqualTo(condition);
        assertThat(((Rejected) outcome).getError().getDescription()).contains(descriptionPart);
    }

    private Sender attachedSender(ProtonTestClient client) {
        Sender sender = client.sender(client.session(), SEND);
        client.pumpUntil(() -> sender.getRemoteState() == EndpointState.ACTIVE && sender.getCredit() > 0);
        return sender;
    }

    @Test
    void send_whenServiceToken_thenAcceptedOnceQueuedWithItsProperties() throws Exception {
        fixture.createDevice("dev1");
        long expiry = fixture.clock.millis() + 600_000;
        try (ProtonTestClient client = service()) {
            Sender sender = attachedSender(client);
            assertThat(sender.getCredit()).isLessThanOrEqualTo(AmqpLimits.SERVICE_C2D_CREDIT);
            Message message = c2d(to("dev1"), "m1", "hello");
            message.setCorrelationId("c1");
            message.setUserId("svc".getBytes(StandardCharsets.UTF_8));
            message.setContentType("text/plain");
            message.getProperties().setAbsoluteExpiryTime(new Date(expiry));
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("iothub-ack", "full");
            properties.put("color", "blue");
            message.setApplicationProperties(new ApplicationProperties(properties));

            assertThat(sendAndSettle(client, sender, message)).isInstanceOf(Accepted.class);
        }
        assertThat(fixture.c2d.depth("dev1")).isEqualTo(1);
        QueuedC2dMessage queued = fixture.c2d.receive("dev1").join().orElseThrow();
        C2dMessage received = queued.message();
        assertThat(received.messageId()).isEqualTo("m1");
        assertThat(received.correlationId()).isEqualTo("c1");
        assertThat(received.userId()).isEqualTo("svc");
        assertThat(received.contentType()).isEqualTo("text/plain");
        assertThat(received.ack()).isEqualTo(AckMode.FULL);
        assertThat(received.applicationProperties()).containsExactly(Map.entry("color", "blue"));
        assertThat(new String(received.body(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(queued.expiryTimeMillis()).isEqualTo(expiry);
        assertThat(queued.deviceGenerationId())
                .isEqualTo(fixture.registry.get("dev1").join().generationId());
    }

    @Test
    void send_whenAckAsTheServiceSdkWritesIt_thenThatMode() throws Exception {
        fixture.createDevice("dev1");
        Map<String, AckMode> modes = new LinkedHashMap<>();
        modes.put("none", AckMode.NONE);
        modes.put("positiveonly", AckMode.POSITIVE);
        modes.put("negativeonly", AckMode.NEGATIVE);
        modes.put("positive", AckMode.POSITIVE);
        modes.put("full", AckMode.FULL);
        try (ProtonTestClient client = service()) {
            Sender sender = attachedSender(client);
            for (String wire : modes.keySet()) {
                Message message = c2d(to("dev1"), wire, "x");
                message.setApplicationProperties(new ApplicationProperties(Map.of("iothub-ack", wire)));
                assertThat(sendAndSettle(client, sender, message)).isInstanceOf(Accepted.class);
            }
        }
        for (Map.Entry<String, AckMode> mode : modes.entrySet()) {
            QueuedC2dMessage queued = fixture.c2d.receive("dev1").join().orElseThrow();
            assertThat(queued.message().messageId()).isEqualTo(mode.getKey());
            assertThat(queued.message().ack()).isEqualTo(mode.getValue());
        }
    }

    @Test
    void send_whenUnknownDevice_thenRejectedNotFoundAndLogged() throws Exception {
        try (ProtonTestClient client = service()) {
            Sender sender = attachedSender(client);
            assertRejected(sendAndSettle(client, sender, c2d(to("ghost"), "m1", "x")), AmqpError.NOT_FOUND, "ghost");
            // The link stays usable after a refusal.
            fixture.createDevice("dev1");
            assertThat(sendAndSettle(client, sender, c2d(to("dev1"), "m2", "x"))).isInstanceOf(Accepted.class);
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(events()).anyMatch(event ->
                event.category() == OperationCategory.C2DCommands && event.operation().equals("C2D_SEND_REJECTED")
                        && event.statusCode() == 404 && "amqp".equals(event.protocol())
                        && "ghost".equals(event.deviceId())));
    }

    @Test
    void send_whenQueueFull_thenRejectedResourceLimitExceeded() throws Exception {
        fixture.createDevice("dev1");
        String generation = fixture.registry.get("dev1").join().generationId();
        for (int i = 0; i < fixture.c2d.settings().maxQueueDepth(); i++) {
            fixture.c2d.send("dev1", generation, C2dMessage.of("fill-" + i, new byte[1])).join();
        }
        try (ProtonTestClient client = service()) {
            Sender sender = attachedSender(client);
            assertRejected(sendAndSettle(client, sender, c2d(to("dev1"), "m1", "x")),
                    AmqpError.RESOURCE_LIMIT_EXCEEDED, "dev1");
        }
        assertThat(fixture.c2d.depth("dev1")).isEqualTo(fixture.c2d.settings().maxQueueDepth());
    }

    @Test
    void send_whenBadToOrAckOrOversized_thenRejectedWithTheirConditions() throws Exception {
        fixture.createDevice("dev1");
        try (ProtonTestClient client = service()) {
            Sender sender = attachedSender(client);
            assertRejected(sendAndSettle(client, sender, c2d("/devices/dev1/messages/events", "m1", "x")),
                    AmqpError.INVALID_FIELD, "'to'");
            assertRejected(sendAndSettle(client, sender, c2d(null, "m2", "x")), AmqpError.INVALID_FIELD, "'to'");
            assertRejected(sendAndSettle(client, sender, c2d("/devices/dev1/modules/m/messages/devicebound", "m3", "x")),
                    AmqpError.INVALID_FIELD, "'to'");
            Message badAck = c2d(to("dev1"), "m4", "x");
            badAck.setApplicationProperties(new ApplicationProperties(Map.of("iothub-ack", "sometimes")));
            assertRejected(sendAndSettle(client, sender, badAck), AmqpError.INVALID_FIELD, "iothub-ack");
            // Over the queues' 64 KiB body limit, and over the link's transfer limit (dropped as it arrives).
            assertRejected(sendAndSettle(client, sender, c2d(to("dev1"), "m5", "x".repeat(64 * 1024 + 1))),
                    LinkError.MESSAGE_SIZE_EXCEEDED, "65536");
            assertRejected(sendAndSettle(client, sender, c2d(to("dev1"), "m6", "x".repeat(200 * 1024))),
                    LinkError.MESSAGE_SIZE_EXCEEDED, "bytes");
            assertThat(sendAndSettle(client, sender, c2d(to("dev1"), "m7", "x".repeat(64 * 1024))))
                    .isInstanceOf(Accepted.class);
        }
        assertThat(fixture.c2d.depth("dev1")).isEqualTo(1);
    }

    @Test
    void attach_whenDeviceTokenOnServiceAddresses_thenUnauthorizedAccessAndLogged() throws Exception {
        String deviceToken = fixture.createDevice("dev1");
        try (ProtonTestClient client = fixture.anonymous()) {
            assertThat(client.putToken(AmqpFixture.audience("dev1"), deviceToken).status()).isEqualTo(200);
            Sender sender = client.sender(client.session(), SEND);
            Receiver feedback = client.receiver(client.session(), FEEDBACK, 1);
            client.pumpUntil(() -> sender.getRemoteState() == EndpointState.CLOSED
                    && feedback.getRemoteState() == EndpointState.CLOSED);
            for (Link link : List.of(sender, feedback)) {
                assertThat((Object) link.getRemoteCondition().getCondition()).isEqualTo(AmqpError.UNAUTHORIZED_ACCESS);
            }
        }
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(events()).anyMatch(event ->
                event.operation().equals("ATTACH_REFUSED") && "amqp".equals(event.protocol())
                        && "dev1".equals(event.deviceId()) && event.reason().contains("service address " + SEND)));
        assertThat(fixture.c2d.depth("dev1")).isZero();
    }

    @Test
    void putToken_whenPolicyWithoutServiceConnect_thenRefusedAndNoServiceLinks() throws Exception {
        try (ProtonTestClient client = fixture.anonymous()) {
            assertThat(client.putToken(AmqpFixture.HOST, policyToken("registryRead")).status()).isEqualTo(401);
            Sender sender = client.sender(client.session(), SEND);
            client.pumpUntil(() -> sender.getRemoteState() == EndpointState.CLOSED);
            assertThat((Object) sender.getRemoteCondition().getCondition()).isEqualTo(AmqpError.UNAUTHORIZED_ACCESS);
        }
    }

    @Test
    void serviceLinks_whenServiceTokenExpires_thenClosedWithUnauthorizedAccess() throws Exception {
        String key = fixture.hub.policy("service").orElseThrow().primaryKey();
        String shortToken = SasTokens.sign(AmqpFixture.HOST, key, Instant.now().plusSeconds(2), "service");
        try (ProtonTestClient client = fixture.anonymous()) {
            assertThat(client.putToken(AmqpFixture.HOST, shortToken).status()).isEqualTo(200);
            Sender sender = attachedSender(client);
            Receiver feedback = client.receiver(client.session(), FEEDBACK, 1);
            client.pumpUntil(() -> feedback.getRemoteState() == EndpointState.ACTIVE);
            fixture.clock.advance(Duration.ofSeconds(5));

            client.pumpUntil(() -> sender.getRemoteState() == EndpointState.CLOSED
                    && feedback.getRemoteState() == EndpointState.CLOSED);
            for (Link link : List.of(sender, feedback)) {
                assertThat((Object) link.getRemoteCondition().getCondition()).isEqualTo(AmqpError.UNAUTHORIZED_ACCESS);
            }
        }
    }

    @Test
    void saslPlain_whenPolicyUserAndServiceToken_thenServiceLinksOpen() throws Exception {
        fixture.createDevice("dev1");
        try (ProtonTestClient client = fixture.plain("service@sas.root.localhost", policyToken("service"))) {
            Sender sender = attachedSender(client);
            assertThat(sendAndSettle(client, sender, c2d(to("dev1"), "m1", "x"))).isInstanceOf(Accepted.class);
        }
        assertThat(fixture.c2d.depth("dev1")).isEqualTo(1);
    }

    @Test
    void saslPlain_whenPolicyWithoutServiceConnectOrAnotherPolicysToken_thenAuthenticationFails() throws Exception {
        for (String[] userAndPolicy : List.of(new String[] {"registryRead@sas.root.localhost", "registryRead"},
                new String[] {"iothubowner@sas.root.localhost", "service"})) {
            try (ProtonTestClient client = fixture.plain(userAndPolicy[0], policyToken(userAndPolicy[1]))) {
                client.pumpUntil(() -> client.sasl.getOutcome() != Sasl.SaslOutcome.PN_SASL_NONE || client.peerClosed());
                assertThat(client.sasl.getOutcome()).isEqualTo(Sasl.SaslOutcome.PN_SASL_AUTH);
            }
        }
    }

    /** Ends three messages of dev1 asking for full feedback: completed, rejected, expired. */
    private void successRejectedExpired() {
        String generation = fixture.registry.get("dev1").join().generationId();
        long now = fixture.clock.millis();
        fixture.c2d.send("dev1", generation, C2dMessage.of("ok", new byte[1]).withAck(AckMode.FULL)).join();
        fixture.c2d.send("dev1", generation, C2dMessage.of("no", new byte[1]).withAck(AckMode.FULL)).join();
        fixture.c2d.send("dev1", generation, C2dMessage.of("late", new byte[1]).withAck(AckMode.FULL)
                .withExpiry(now + 5_000)).join();
        QueuedC2dMessage first = fixture.c2d.receive("dev1").join().orElseThrow();
        fixture.c2d.complete("dev1", first.lockToken()).join();
        QueuedC2dMessage second = fixture.c2d.receive("dev1").join().orElseThrow();
        fixture.c2d.reject("dev1", second.lockToken()).join();
        fixture.clock.advance(Duration.ofSeconds(6));
        fixture.c2d.sweep().join();
        // Past the batch delay: the three records make one batch at the next receive.
        fixture.clock.advance(Duration.ofSeconds(16));
    }

    @Test
    void feedback_whenSuccessRejectedExpired_thenOneBatchAndAcceptCompletesIt() throws Exception {
        fixture.createDevice("dev1");
        successRejectedExpired();
        try (ProtonTestClient client = service()) {
            Receiver receiver = client.receiver(client.session(), FEEDBACK, 1);
            Delivery delivery = client.receive(receiver);
            Message message = (Message) delivery.getContext();
            assertThat(message.getContentType()).isEqualTo("application/vnd.microsoft.iothub.feedback.json");
            Binary body = ((Data) message.getBody()).getValue();
            String json = new String(body.getArray(), body.getArrayOffset(), body.getLength(), StandardCharsets.UTF_8);
            assertThat(json).startsWith("[").endsWith("]")
                    .contains("\"originalMessageId\":\"ok\"", "\"statusCode\":\"Success\"")
                    .contains("\"originalMessageId\":\"no\"", "\"statusCode\":\"Rejected\"")
                    .contains("\"originalMessageId\":\"late\"", "\"statusCode\":\"Expired\"")
                    .contains("\"deviceId\":\"dev1\"", "\"deviceGenerationId\":", "\"enqueuedTimeUtc\":");
            delivery.disposition(Accepted.getInstance());
            delivery.settle();
            client.pumpUntil(() -> true);
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(fixture.c2d.feedback().receive().join()).isEmpty());
        }
    }

    @Test
    void feedback_whenReleased_thenTheSameBatchComesAgain() throws Exception {
        fixture.createDevice("dev1");
        successRejectedExpired();
        try (ProtonTestClient client = service()) {
            Receiver receiver = client.receiver(client.session(), FEEDBACK, 1);
            Delivery first = client.receive(receiver);
            Message firstMessage = (Message) first.getContext();
            first.disposition(Released.getInstance());
            first.settle();
            receiver.flow(1);
            Delivery again = client.receive(receiver);
            assertThat(((Message) again.getContext()).getBody().toString())
                    .isEqualTo(firstMessage.getBody().toString());
            again.disposition(Accepted.getInstance());
            again.settle();
            client.pumpUntil(() -> true);
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(fixture.c2d.feedback().receive().join()).isEmpty());
        }
    }

    @Test
    void feedback_whenNoBatchYet_thenDeliveredOnceOneIsMade() throws Exception {
        fixture.createDevice("dev1");
        try (ProtonTestClient client = service()) {
            Receiver receiver = client.receiver(client.session(), FEEDBACK, 1);
            client.awaitAttached(receiver);
            assertThat(receiver.getRemoteState()).isEqualTo(EndpointState.ACTIVE);
            successRejectedExpired();
            Delivery delivery = client.receive(receiver);
            assertThat(((Message) delivery.getContext()).getContentType()).contains("feedback");
        }
    }
}
