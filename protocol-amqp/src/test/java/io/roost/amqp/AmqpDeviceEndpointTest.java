package io.roost.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.roost.core.c2d.AckMode;
import io.roost.core.c2d.C2dMessage;
import io.roost.core.log.LogRecord;
import io.roost.core.message.SystemProperty;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.LinkError;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AMQP device endpoint on a loopback socket, driven by Proton-J's own client side. */
class AmqpDeviceEndpointTest {

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

    private static Message telemetry(String messageId, String body) {
        Message message = Message.Factory.create();
        message.setMessageId(messageId);
        message.setCorrelationId("corr-" + messageId);
        message.setContentType("application/json");
        message.setContentEncoding("utf-8");
        message.setApplicationProperties(new ApplicationProperties(Map.of("temperature", "21.5", "alert", true)));
        message.setBody(new Data(new Binary(body.getBytes(StandardCharsets.UTF_8))));
        return message;
    }

    @Test
    void anonymousThenCbs_whenTokenValid_thenReply200AndD2cAcceptedOnlyOnceInTheLog() throws Exception {
        String token = fixture.createDevice("dev1");
        try (ProtonTestClient client = fixture.anonymous()) {
            ProtonTestClient.CbsReply reply = client.putToken(AmqpFixture.audience("dev1"), token);

            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.correlationId()).isEqualTo(reply.requestId());
            Sender sender = client.sender(client.session(), "/devices/dev1/messages/events");
            client.pumpUntil(() -> sender.getCredit() > 0);
            Delivery delivery = client.send(sender, telemetry("m1", "{\"t\":1}"));
            client.pumpUntil(() -> delivery.getRemoteState() != null);

            assertThat(delivery.getRemoteState()).isInstanceOf(Accepted.class);
            // Accepted was sent after the append was durable: the record is readable now.
            List<LogRecord> records = fixture.records("dev1");
            assertThat(records).hasSize(1);
            var message = records.get(0).message();
            assertThat(message.systemProperties()).containsEntry(SystemProperty.MESSAGE_ID, "m1")
                    .containsEntry(SystemProperty.CORRELATION_ID, "corr-m1")
                    .containsEntry(SystemProperty.CONTENT_TYPE, "application/json")
                    .containsEntry(SystemProperty.CONTENT_ENCODING, "utf-8")
                    .containsEntry(SystemProperty.CONNECTION_DEVICE_ID, "dev1")
                    .containsEntry(SystemProperty.CONNECTION_AUTH_METHOD, SystemProperty.SAS_DEVICE_AUTH_METHOD);
            assertThat(message.applicationProperties()).containsEntry("temperature", "21.5").containsEntry("alert", "true");
            assertThat(new String(message.body(), StandardCharsets.UTF_8)).isEqualTo("{\"t\":1}");
            assertThat(fixture.metrics.connects).hasValue(1);
            assertThat(fixture.metrics.messages).hasValue(1);
        }
    }

    @Test
    void cbs_whenTokenBad_thenReply401AndNoAttach() throws Exception {
        fixture.createDevice("dev1");
        String forged = AmqpFixture.wrongKeyToken("dev1");
        try (ProtonTestClient client = fixture.anonymous()) {
            ProtonTestClient.CbsReply reply = client.putToken(AmqpFixture.audience("dev1"), forged);

            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.correlationId()).isEqualTo(reply.requestId());
            assertThat(fixture.metrics.authFailures).hasValue(1);
            Sender sender = client.sender(client.session(), "/devices/dev1/messages/events");
            client.pumpUntil(() -> sender.getRemoteState() == EndpointState.CLOSED);
            assertThat((Object) sender.getRemoteCondition().getCondition()).isEqualTo(AmqpError.UNAUTHORIZED_ACCESS);
        }
    }

    @Test
    void saslPlain_whenTokenValid_thenD2cAccepted() throws Exception {
        String token = fixture.createDevice("dev1");
        try (ProtonTestClient client = fixture.plain("dev1@sas.localhost", token)) {
            Sender sender = client.sender(client.session(), "/devices/dev1/messages/events");
            client.pumpUntil(() -> sender.getCredit() > 0);
            Delivery delivery = client.send(sender, telemetry("p1", "x"));
            client.pumpUntil(() -> delivery.getRemoteState() != null);

            assertThat(delivery.getRemoteState()).isInstanceOf(Accepted.class);
            assertThat(client.sasl.getOutcome()).isEqualTo(Sasl.SaslOutcome.PN_SASL_OK);
            assertThat(fixture.records("dev1")).hasSize(1);
        }
    }

    @Test
    void saslPlain_whenTokenBad_thenAuthFailedAndClosed() throws Exception {
        fixture.createDevice("dev1");
        try (ProtonTestClient client = fixture.plain("dev1@sas.localhost", AmqpFixture.wrongKeyToken("dev1"))) {
            client.pumpUntil(() -> client.sasl.getOutcome() != Sasl.SaslOutcome.PN_SASL_NONE || client.peerClosed());

            assertThat(client.sasl.getOutcome()).isEqualTo(Sasl.SaslOutcome.PN_SASL_AUTH);
            assertThat(client.awaitSocketClosed()).isTrue();
            assertThat(fixture.metrics.authFailures).hasValue(1);
        }
    }

    @Test
    void attach_whenAnotherDevicesAddress_thenRefusedUnauthorized() throws Exception {
        String token = fixture.createDevice("dev1");
        fixture.createDevice("dev2");
        try (ProtonTestClient client = fixture.plain("dev1@sas.localhost", token)) {
            Session session = client.session();
            Sender sender = client.sender(session, "/devices/dev2/messages/events");
            Receiver receiver = client.receiver(session, "/devices/dev2/messages/devicebound", 5);
            client.pumpUntil(() -> sender.getRemoteState() == EndpointState.CLOSED
                    && receiver.getRemoteState() == EndpointState.CLOSED);

            assertThat((Object) sender.getRemoteCondition().getCondition()).isEqualTo(AmqpError.UNAUTHORIZED_ACCESS);
            assertThat((Object) receiver.getRemoteCondition().getCondition()).isEqualTo(AmqpError.UNAUTHORIZED_ACCESS);
        }
    }

    @Test
    void twinAndMethodLinks_areAttached() throws Exception {
        String token = fixture.createDevice("dev1");
        try (ProtonTestClient client = fixture.plain("dev1@sas.localhost", token)) {
            Session session = client.session();
            Sender twin = client.sender(session, "/devices/dev1/twin");
            Receiver methods = client.receiver(session, "/devices/dev1/methods/devicebound", 5);
            client.pumpUntil(() -> twin.getRemoteState() == EndpointState.ACTIVE
                    && methods.getRemoteState() == EndpointState.ACTIVE);
        }
    }

    @Test
    void d2c_whenOversized_thenLinkClosedMessageSizeExceeded() throws Exception {
        String token = fixture.createDevice("dev1");
        try (ProtonTestClient client = fixture.plain("dev1@sas.localhost", token)) {
            Sender sender = client.sender(client.session(), "/devices/dev1/messages/events");
            client.pumpUntil(() -> sender.getCredit() > 0);
            client.send(sender, telemetry("big", "x".repeat(AmqpLimits.MAX_D2C_MESSAGE_BYTES + 1)));
            client.pumpUntil(() -> sender.getRemoteState() == EndpointState.CLOSED);

            assertThat((Object) sender.getRemoteCondition().getCondition()).isEqualTo(LinkError.MESSAGE_SIZE_EXCEEDED);
            assertThat(fixture.records("dev1")).isEmpty();
        }
    }

    @Test
    void d2c_whenTheAppendFails_thenRejectedWithAnAmqpCondition() throws Exception {
        String token = fixture.createDevice("dev1");
        try (ProtonTestClient client = fixture.plain("dev1@sas.localhost", token)) {
            Sender sender = client.sender(client.session(), "/devices/dev1/messages/events");
            client.pumpUntil(() -> sender.getCredit() > 0);
            fixture.log.close();

            Delivery delivery = client.send(sender, telemetry("lost", "x"));
            client.pumpUntil(() -> delivery.getRemoteState() != null);

            assertThat(delivery.getRemoteState()).isInstanceOf(Rejected.class);
            assertThat(((Rejected) delivery.getRemoteState()).getError().getCondition().toString()).startsWith("amqp:");
            assertThat(fixture.metrics.messages).hasValue(0);
        }
    }

    @Test
    void c2d_whenAcceptedReleasedRejected_thenCompletedAbandonedRejected() throws Exception {
        String token = fixture.createDevice("dev1");
        String generation = fixture.registry.get("dev1").join().generationId();
        fixture.c2d.send("dev1", generation, new C2dMessage("c1", "corr1", null, "text/plain", "utf-8", AckMode.FULL, 0,
                Map.of("color", "red"), "one".getBytes(StandardCharsets.UTF_8))).join();
        try (ProtonTestClient client = fixture.plain("dev1@sas.localhost", token)) {
            Receiver receiver = client.receiver(client.session(), "/devices/dev1/messages/devicebound", 1);
            Delivery first = client.receive(receiver);
            Message message = (Message) first.getContext();

            assertThat(message.getMessageId()).isEqualTo("c1");
            assertThat(message.getCorrelationId()).isEqualTo("corr1");
            assertThat(message.getAddress()).isEqualTo("/devices/dev1/messages/devicebound");
            assertThat(message.getContentType()).isEqualTo("text/plain");
            assertThat(message.getApplicationProperties().getValue()).containsEntry("color", "red")
                    .containsEntry("iothub-ack", "full");
            assertThat(StandardCharsets.UTF_8.decode(((Data) message.getBody()).getValue().asByteBuffer()).toString()).isEqualTo("one");

            // Released = abandon: the same message comes again.
            first.disposition(Released.getInstance());
            first.settle();
            receiver.flow(1);
            Delivery again = client.receive(receiver);
            assertThat(((Message) again.getContext()).getMessageId()).isEqualTo("c1");

            // Rejected = reject: gone from the queue.
            again.disposition(new Rejected());
            again.settle();
            client.pumpUntil(() -> fixture.c2d.depth("dev1") == 0);

            // Accepted = complete.
            fixture.c2d.send("dev1", generation, C2dMessage.of("c2", "two".getBytes(StandardCharsets.UTF_8))).join();
            receiver.flow(1);
            Delivery second = client.receive(receiver);
            assertThat(((Message) second.getContext()).getMessageId()).isEqualTo("c2");
            second.disposition(Accepted.getInstance());
            second.settle();
            client.pumpUntil(() -> fixture.c2d.depth("dev1") == 0);
        }
    }

    @Test
    void c2d_whenCreditOne_thenOneAtATimeAndDrainReturnsUnusedCredit() throws Exception {
        String token = fixture.createDevice("dev1");
        String generation = fixture.registry.get("dev1").join().generationId();
        fixture.c2d.send("dev1", generation, C2dMessage.of("a", "1".getBytes(StandardCharsets.UTF_8))).join();
        fixture.c2d.send("dev1", generation, C2dMessage.of("b", "2".getBytes(StandardCharsets.UTF_8))).join();
        try (ProtonTestClient client = fixture.plain("dev1@sas.localhost", token)) {
            Receiver receiver = client.receiver(client.session(), "/devices/dev1/messages/devicebound", 1);
            Delivery first = client.receive(receiver);
            long until = System.currentTimeMillis() + 500;
            client.pumpUntil(() -> System.currentTimeMillis() > until);

            assertThat(((Message) first.getContext()).getMessageId()).isEqualTo("a");
            assertThat(receiver.current()).as("no second message without credit").isNull();
            first.disposition(Accepted.getInstance());
            first.settle();
            receiver.flow(1);
            Delivery second = client.receive(receiver);
            assertThat(((Message) second.getContext()).getMessageId()).isEqualTo("b");
            second.disposition(Accepted.getInstance());
            second.settle();

            receiver.drain(5);
            client.pumpUntil(() -> !receiver.draining());
            assertThat(receiver.getCredit()).isZero();
            client.pumpUntil(() -> fixture.c2d.depth("dev1") == 0);
        }
    }

    @Test
    void header_whenNotAmqp_thenClosed() throws Exception {
        try (ProtonTestClient client = fixture.anonymous()) {
            client.writeRaw("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));

            assertThat(client.awaitSocketClosed()).isTrue();
        }
    }

    @Test
    void bytes_whenGarbageAfterSaslHeader_thenClosed() throws Exception {
        try (ProtonTestClient client = fixture.anonymous()) {
            byte[] header = {'A', 'M', 'Q', 'P', 3, 1, 0, 0};
            client.writeRaw(header);
            client.writeRaw(new byte[] {0, 0, 0, 16, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7});

            assertThat(client.awaitSocketClosed()).isTrue();
        }
    }
}
