package io.roost.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roost.core.operations.OperationEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ConnectionError;
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

/**
 * The AMQP negative cases of the acceptance list, each with a bystander: a device that is connected
 * and sending D2C on another connection before, during and after the refusal. Each case checks the
 * AMQP error condition the offender gets, the operations log event, and that the bystander's link
 * stays open and its messages are still accepted.
 */
class AmqpRefusalsTest {

    private static final String PARTITION_ADDRESS = EventHubReadTest.HUB + "/ConsumerGroups/$Default/Partitions/0";

    @TempDir
    Path dir;
    AmqpFixture fixture;
    private ProtonTestClient bystander;
    private Sender bystanderSender;
    private int bystanderSent;

    @BeforeEach
    void start() throws Exception {
        fixture = new AmqpFixture(dir);
        bystander = fixture.plain("bystander@sas.localhost", fixture.createDevice("bystander"));
        bystanderSender = bystander.sender(bystander.session(), "/devices/bystander/messages/events");
        bystander.pumpUntil(() -> bystanderSender.getCredit() > 0);
    }

    @AfterEach
    void stop() throws Exception {
        bystander.close();
        fixture.close();
    }

    /** Sends one D2C message from the bystander without waiting for its outcome. */
    private Delivery bystanderSends() {
        Message message = Message.Factory.create();
        message.setMessageId("b" + bystanderSent++);
        message.setBody(new Data(new Binary("still here".getBytes(StandardCharsets.UTF_8))));
        return bystander.send(bystanderSender, message);
    }

    /**
     * The bystander's message sent while the refusal was under way is accepted, so is one sent
     * after it, its link is still open, and every message it sent is in the log.
     */
    private void assertBystanderUndisturbed(Delivery sentDuring) {
        Delivery sentAfter = bystanderSends();
        bystander.pumpUntil(() -> sentDuring.getRemoteState() != null && sentAfter.getRemoteState() != null);
        assertThat(sentDuring.getRemoteState()).isInstanceOf(Accepted.class);
        assertThat(sentAfter.getRemoteState()).isInstanceOf(Accepted.class);
        assertThat(bystanderSender.getRemoteState()).isEqualTo(EndpointState.ACTIVE);
        assertThat(bystander.connection.getRemoteState()).isEqualTo(EndpointState.ACTIVE);
        assertThat(fixture.records("bystander")).hasSize(bystanderSent);
    }

    /** Some operations event, written as {@code operation=... protocol=... deviceId=... reason=...}, contains every fragment. */
    private void assertLogged(String... fragments) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(fixture.operations.events())
                .map(AmqpRefusalsTest::line)
                .anyMatch(line -> List.of(fragments).stream().allMatch(line::contains)));
    }

    private static String line(OperationEvent event) {
        return "operation=" + event.operation() + " protocol=" + event.protocol() + " deviceId=" + event.deviceId()
                + " result=" + event.result() + " reason=" + event.reason();
    }

    @Test
    void cbs_whenSignatureBad_then401AndAttachRefused_logged_bystanderUndisturbed() throws Exception {
        fixture.createDevice("dev1");
        Delivery during = bystanderSends();
        try (ProtonTestClient client = fixture.anonymous()) {
            assertThat(client.putToken(AmqpFixture.audience("dev1"), AmqpFixture.wrongKeyToken("dev1")).status())
                    .isEqualTo(401);
            Sender sender = client.sender(client.session(), "/devices/dev1/messages/events");
            client.pumpUntil(() -> sender.getRemoteState() == EndpointState.CLOSED);
            assertThat((Object) sender.getRemoteCondition().getCondition()).isEqualTo(AmqpError.UNAUTHORIZED_ACCESS);
        }
        assertLogged("operation=AUTH_FAILED", "deviceId=dev1");
        assertLogged("operation=ATTACH_REFUSED", "deviceId=dev1");
        assertBystanderUndisturbed(during);
    }

    @Test
    void cbs_whenTokenExpired_then401AndAttachRefused_logged_bystanderUndisturbed() throws Exception {
        String key = fixture.createDeviceKey("dev1");
        String expired = AmqpFixture.token("dev1", key, Instant.now().minus(1, ChronoUnit.MINUTES));
        Delivery during = bystanderSends();
        try (ProtonTestClient client = fixture.anonymous()) {
            ProtonTestClient.CbsReply reply = client.putToken(AmqpFixture.audience("dev1"), expired);
            assertThat(reply.status()).isEqualTo(401);
            Sender sender = client.sender(client.session(), "/devices/dev1/messages/events");
            client.pumpUntil(() -> sender.getRemoteState() == EndpointState.CLOSED);
            assertThat((Object) sender.getRemoteCondition().getCondition()).isEqualTo(AmqpError.UNAUTHORIZED_ACCESS);
        }
        assertLogged("operation=AUTH_FAILED", "deviceId=dev1");
        assertThat(fixture.records("dev1")).isEmpty();
        assertBystanderUndisturbed(during);
    }

    @Test
    void saslPlain_whenTokenExpired_thenSaslAuthOutcomeAndClosed_logged_bystanderUndisturbed() throws Exception {
        String key = fixture.createDeviceKey("dev1");
        String expired = AmqpFixture.token("dev1", key, Instant.now().minus(1, ChronoUnit.MINUTES));
        Delivery during = bystanderSends();
        try (ProtonTestClient client = fixture.plain("dev1@sas.localhost", expired)) {
            client.pumpUntil(() -> client.sasl.getOutcome() != Sasl.SaslOutcome.PN_SASL_NONE || client.peerClosed());

            assertThat(client.sasl.getOutcome()).isEqualTo(Sasl.SaslOutcome.PN_SASL_AUTH);
            assertThat(client.awaitSocketClosed()).isTrue();
        }
        assertLogged("operation=AUTH_FAILED", "deviceId=dev1");
        assertBystanderUndisturbed(during);
    }

    @Test
    void deviceToken_whenUsedOnThePartitionAudience_then401AndPartitionReceiverRefused_bystanderUndisturbed()
            throws Exception {
        String token = fixture.createDevice("dev1");
        Delivery during = bystanderSends();
        try (ProtonTestClient client = fixture.anonymous()) {
            ProtonTestClient.CbsReply asService = client.putToken("amqp://" + AmqpFixture.HOST + "/" + PARTITION_ADDRESS,
                    token);
            assertThat(asService.status()).isEqualTo(401);
            // Valid for the device itself, and still no reader of the hub's partitions.
            assertThat(client.putToken(AmqpFixture.audience("dev1"), token).status()).isEqualTo(200);
            Receiver receiver = client.receiver(client.session(), PARTITION_ADDRESS, 10);
            client.pumpUntil(() -> receiver.getRemoteState() == EndpointState.CLOSED);
            assertThat((Object) receiver.getRemoteCondition().getCondition()).isEqualTo(AmqpError.UNAUTHORIZED_ACCESS);
            assertThat(receiver.current()).as("no record delivered").isNull();
        }
        assertLogged("operation=AUTH_FAILED", PARTITION_ADDRESS);
        assertLogged("operation=ATTACH_REFUSED", "deviceId=dev1", PARTITION_ADDRESS, "without a valid service token");
        assertBystanderUndisturbed(during);
    }

    @Test
    void deviceToken_whenSentAsManagementSecurityToken_then401_bystanderUndisturbed() throws Exception {
        String token = fixture.createDevice("dev1");
        Delivery during = bystanderSends();
        try (ProtonTestClient client = fixture.anonymous()) {
            assertThat(client.putToken(AmqpFixture.audience("dev1"), token).status()).isEqualTo(200);
            Session session = client.session();
            Sender requests = client.sender(session, "$management");
            Receiver replies = client.receiver(session, "$management", 10);
            Message request = Message.Factory.create();
            request.setMessageId(UUID.randomUUID());
            request.setReplyTo("mgmt-reply");
            Map<String, Object> properties = new HashMap<>(Map.of("operation", "READ", "type", "com.microsoft:eventhub",
                    "name", EventHubReadTest.HUB, "security_token", token));
            request.setApplicationProperties(new ApplicationProperties(properties));
            client.send(requests, request);
            Message reply = (Message) client.receive(replies).getContext();

            assertThat(reply.getCorrelationId()).isEqualTo(request.getMessageId());
            assertThat(reply.getApplicationProperties().getValue()).containsEntry("status-code", 401);
            assertThat(reply.getBody()).as("no hub properties for a device").isNull();
        }
        assertLogged("operation=AUTH_FAILED", "$management");
        assertBystanderUndisturbed(during);
    }

    @Test
    void attach_whenAnotherConnectedDevicesAddress_thenRefusedUnauthorized_logged_thatDeviceUndisturbed()
            throws Exception {
        String token = fixture.createDevice("dev1");
        Delivery during = bystanderSends();
        try (ProtonTestClient client = fixture.plain("dev1@sas.localhost", token)) {
            Session session = client.session();
            Sender sender = client.sender(session, "/devices/bystander/messages/events");
            Receiver receiver = client.receiver(session, "/devices/bystander/messages/devicebound", 5);
            client.pumpUntil(() -> sender.getRemoteState() == EndpointState.CLOSED
                    && receiver.getRemoteState() == EndpointState.CLOSED);
            assertThat((Object) sender.getRemoteCondition().getCondition()).isEqualTo(AmqpError.UNAUTHORIZED_ACCESS);
            assertThat((Object) receiver.getRemoteCondition().getCondition()).isEqualTo(AmqpError.UNAUTHORIZED_ACCESS);
            assertThat(client.connection.getRemoteState()).as("only the links are refused").isEqualTo(EndpointState.ACTIVE);
        }
        assertLogged("operation=ATTACH_REFUSED", "deviceId=bystander", "/devices/bystander/messages/events");
        assertBystanderUndisturbed(during);
    }

    @Test
    void transfer_whenMessageOverTheLimit_thenLinkClosedMessageSizeExceeded_logged_bystanderUndisturbed()
            throws Exception {
        String token = fixture.createDevice("dev1");
        Delivery during = bystanderSends();
        try (ProtonTestClient client = fixture.plain("dev1@sas.localhost", token)) {
            Sender sender = client.sender(client.session(), "/devices/dev1/messages/events");
            client.pumpUntil(() -> sender.getCredit() > 0);
            Message big = Message.Factory.create();
            big.setBody(new Data(new Binary(new byte[AmqpLimits.MAX_D2C_MESSAGE_BYTES + 1])));
            client.send(sender, big);
            client.pumpUntil(() -> sender.getRemoteState() == EndpointState.CLOSED);

            assertThat((Object) sender.getRemoteCondition().getCondition()).isEqualTo(LinkError.MESSAGE_SIZE_EXCEEDED);
            assertThat(fixture.records("dev1")).isEmpty();
        }
        assertLogged("operation=OVERSIZED_MESSAGE", "deviceId=dev1");
        assertBystanderUndisturbed(during);
    }

    @Test
    void frame_whenLargerThanMaxFrameSize_thenConnectionClosedFramingError_logged_bystanderUndisturbed()
            throws Exception {
        String token = fixture.createDevice("dev1");
        Delivery during = bystanderSends();
        try (ProtonTestClient client = fixture.plain("dev1@sas.localhost", token)) {
            client.pumpUntil(() -> client.connection.getRemoteState() == EndpointState.ACTIVE);
            // A frame header announcing twice the negotiated max-frame-size: refused from the header alone.
            int size = AmqpLimits.MAX_FRAME_BYTES * 2;
            client.writeRaw(new byte[] {(byte) (size >>> 24), (byte) (size >>> 16), (byte) (size >>> 8), (byte) size,
                    2, 0, 0, 0});
            client.pumpUntil(() -> client.connection.getRemoteState() == EndpointState.CLOSED || client.peerClosed());

            assertThat((Object) client.connection.getRemoteCondition().getCondition())
                    .isEqualTo(ConnectionError.FRAMING_ERROR);
            assertThat(client.awaitSocketClosed()).isTrue();
        }
        assertLogged("operation=PROTOCOL_ERROR", "frame size");
        assertBystanderUndisturbed(during);
    }

    @Test
    void bytes_whenGarbageAfterTheAmqpHeader_thenConnectionClosedDecodeError_logged_bystanderUndisturbed()
            throws Exception {
        String token = fixture.createDevice("dev1");
        Delivery during = bystanderSends();
        try (ProtonTestClient client = fixture.plain("dev1@sas.localhost", token)) {
            // SASL done and both AMQP headers exchanged (the peer's open arrived): then bytes that are no frame.
            client.pumpUntil(() -> client.connection.getRemoteState() == EndpointState.ACTIVE);
            // A well-framed AMQP frame whose body is no performative: the frame decodes, its body does not.
            client.writeRaw(new byte[] {0, 0, 0, 16, 2, 0, 0, 0, 7, 7, 7, 7, 7, 7, 7, 7});
            client.pumpUntil(() -> client.connection.getRemoteState() == EndpointState.CLOSED || client.peerClosed());

            assertThat((Object) client.connection.getRemoteCondition().getCondition()).isEqualTo(AmqpError.DECODE_ERROR);
            assertThat(client.awaitSocketClosed()).isTrue();
        }
        assertLogged("operation=PROTOCOL_ERROR");
        assertLogged("operation=DEVICE_DISCONNECT", "deviceId=dev1");
        assertBystanderUndisturbed(during);
    }
}
