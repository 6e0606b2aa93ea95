package io.roost.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.roost.core.operations.OperationCategory;
import io.roost.core.operations.OperationEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Sender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operations events of AMQP connections: connect, refused attach, failed put-token, disconnect. */
class AmqpOperationsLogTest {

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

    /** Each event as {@code OPERATION protocol deviceId result}. */
    private List<String> events() {
        return fixture.operations.events().stream()
                .filter(event -> event.category() == OperationCategory.Connections)
                .map(event -> event.operation() + " " + event.protocol() + " " + event.deviceId() + " " + event.result())
                .toList();
    }

    @Test
    void connection_thenConnectRefusalsAndDisconnectAreLoggedWithProtocolAmqp() throws Exception {
        String token = fixture.createDevice("dev1");
        try (ProtonTestClient client = fixture.anonymous()) {
            assertThat(client.putToken(AmqpFixture.audience("dev1"), AmqpFixture.wrongKeyToken("dev1")).status())
                    .isEqualTo(401);
            assertThat(client.putToken(AmqpFixture.audience("dev1"), token).status()).isEqualTo(200);
            Sender other = client.sender(client.session(), "/devices/dev2/messages/events");
            client.pumpUntil(() -> other.getRemoteState() == EndpointState.CLOSED);
        }

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(events()).contains(
                "AUTH_FAILED amqp dev1 " + OperationEvent.FAILURE,
                "DEVICE_CONNECT amqp dev1 " + OperationEvent.SUCCESS,
                "ATTACH_REFUSED amqp dev2 " + OperationEvent.FAILURE,
                "DEVICE_DISCONNECT amqp dev1 " + OperationEvent.SUCCESS));
        assertThat(fixture.operations.events()).filteredOn(event -> event.operation().equals("AUTH_FAILED"))
                .allSatisfy(event -> {
                    assertThat(event.statusCode()).isEqualTo(401);
                    assertThat(event.maskedAddress()).isEqualTo("127.0.0.x");
                });
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(fixture.metrics.connected).hasValue(0));
        assertThat(fixture.metrics.connects).hasValue(1);
        assertThat(fixture.metrics.authFailures).hasValue(1);
    }
}
