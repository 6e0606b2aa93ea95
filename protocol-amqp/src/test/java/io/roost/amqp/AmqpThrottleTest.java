package io.roost.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import io.roost.core.operations.OperationEvent;
import io.roost.core.throttle.Throttle;
import io.roost.core.throttle.ThrottleSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throttling of the AMQP telemetry link on a loopback socket: credit is withheld while a device is
 * over its rate and then given one at a time, a device over its rate for too long loses its
 * connection, and a device attaching too often is refused, all with {@code amqp:resource-limit-exceeded}.
 */
class AmqpThrottleTest {

    private static final String EVENTS = "/devices/dev1/messages/events";

    @TempDir
    Path dir;
    private AmqpFixture fixture;
    private final List<OperationEvent> events = new CopyOnWriteArrayList<>();

    private void start(ThrottleSettings settings) throws Exception {
        fixture = new AmqpFixture(dir, Throttle.create(settings, events::add, (protocol, kind) -> { }));
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void d2c_whenOverTheRate_thenCreditIsWithheldThenGivenOneAtATimeAtTheRate() throws Exception {
        int rate = 100;
        start(new ThrottleSettings(rate, 1, 0, 0, Duration.ZERO, 0));
        String token = fixture.createDevice("dev1");
        try (ProtonTestClient client = fixture.plain("dev1@sas.localhost", token)) {
            Sender sender = client.sender(client.session(), EVENTS);
            client.pumpUntil(() -> sender.getCredit() >= AmqpLimits.D2C_CREDIT);
            List<Delivery> window = new ArrayList<>();
            for (int i = 0; i < AmqpLimits.D2C_CREDIT; i++) {
                window.add(client.send(sender, message(i)));
            }
            // Every message sent with credit is accepted, though the device is far over its rate.
            client.pumpUntil(() -> window.stream().allMatch(d -> d.getRemoteState() instanceof Accepted));
            long withheldFrom = System.nanoTime();

            client.pumpUntil(() -> sender.getCredit() > 0);
            double withheldSeconds = (System.nanoTime() - withheldFrom) / 1e9;
            // 99 messages of debt at 100/s: about a second without credit, then a single credit.
            assertThat(withheldSeconds).isBetween(0.5, 3.0);
            assertThat(sender.getCredit()).isEqualTo(1);

            int paced = 50;
            long pacedFrom = System.nanoTime();
            for (int i = 0; i < paced; i++) {
                client.pumpUntil(() -> sender.getCredit() > 0);
                Delivery delivery = client.send(sender, message(1000 + i));
                client.pumpUntil(() -> delivery.getRemoteState() != null);
            }
            double pacedSeconds = (System.nanoTime() - pacedFrom) / 1e9;
            assertThat(paced / pacedSeconds).as("messages/s while over the rate").isBetween(rate * 0.4, rate * 1.3);
        }
        assertThat(fixture.records("dev1")).hasSize(AmqpLimits.D2C_CREDIT + 50);
        assertThat(events).isNotEmpty().allSatisfy(event -> {
            assertThat(event.operation()).isEqualTo("D2C_THROTTLED");
            assertThat(event.deviceId()).isEqualTo("dev1");
            assertThat(event.protocol()).isEqualTo("amqp");
        });
    }

    @Test
    void d2c_whenOverTheRateForDisconnectAfter_thenConnectionClosedWithResourceLimitExceeded() throws Exception {
        start(new ThrottleSettings(20, 1, 0, 0, Duration.ofSeconds(1), 0));
        String token = fixture.createDevice("dev1");
        try (ProtonTestClient client = fixture.plain("dev1@sas.localhost", token)) {
            Sender sender = client.sender(client.session(), EVENTS);
            long start = System.nanoTime();
            int[] sent = {0};
            client.pumpUntil(() -> {
                while (sender.getCredit() > 0 && sender.getLocalState() == EndpointState.ACTIVE) {
                    client.send(sender, message(sent[0]++));
                }
                return client.connection.getRemoteState() == EndpointState.CLOSED || client.peerClosed();
            });
            assertThat((System.nanoTime() - start) / 1e9).isGreaterThanOrEqualTo(0.9);
            assertThat((Object) client.connection.getRemoteCondition().getCondition())
                    .isEqualTo(AmqpError.RESOURCE_LIMIT_EXCEEDED);
        }
        assertThat(events).filteredOn(e -> e.operation().equals("DEVICE_DISCONNECTED_THROTTLED")).singleElement()
                .satisfies(e -> assertThat(e.deviceId()).isEqualTo("dev1"));
    }

    @Test
    void attach_whenOverConnectsPerMinute_thenRefusedWithResourceLimitExceeded() throws Exception {
        start(new ThrottleSettings(0, 0, 0, 1, Duration.ZERO, 0));
        String token = fixture.createDevice("dev1");
        try (ProtonTestClient client = fixture.plain("dev1@sas.localhost", token)) {
            Sender first = client.sender(client.session(), EVENTS);
            client.pumpUntil(() -> first.getCredit() > 0);
            Sender second = client.sender(client.session(), EVENTS);
            client.pumpUntil(() -> second.getRemoteState() == EndpointState.CLOSED);

            assertThat((Object) second.getRemoteCondition().getCondition()).isEqualTo(AmqpError.RESOURCE_LIMIT_EXCEEDED);
            assertThat(first.getRemoteState()).isEqualTo(EndpointState.ACTIVE);
        }
        assertThat(events).singleElement().extracting(OperationEvent::operation).isEqualTo("CONNECT_THROTTLED");
    }

    private static Message message(int number) {
        Message message = Message.Factory.create();
        message.setMessageId("m" + number);
        message.setBody(new Data(new Binary(("{\"n\":" + number + "}").getBytes(StandardCharsets.UTF_8))));
        return message;
    }
}
