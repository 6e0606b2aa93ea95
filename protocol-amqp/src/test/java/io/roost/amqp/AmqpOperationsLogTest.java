package io.roost.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.roost.core.operations.OperationsLine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Sender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The operations log lines of AMQP connections: connect, refused attach, failed put-token, disconnect. */
class AmqpOperationsLogTest {

    @TempDir
    Path dir;
    AmqpFixture fixture;
    private final Logger logger = (Logger) LoggerFactory.getLogger(OperationsLine.LOGGER_NAME);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void start() throws Exception {
        fixture = new AmqpFixture(dir);
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void stop() {
        logger.detachAppender(lines);
        fixture.close();
    }

    private List<String> messages() {
        synchronized (lines.list) {
            return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
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

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(messages())
                .anyMatch(line -> line.contains("operation=AUTH_FAILED protocol=amqp deviceId=dev1"))
                .anyMatch(line -> line.contains("operation=DEVICE_CONNECT protocol=amqp deviceId=dev1"))
                .anyMatch(line -> line.contains("operation=ATTACH_REFUSED protocol=amqp deviceId=dev2"))
                .anyMatch(line -> line.contains("operation=DEVICE_DISCONNECT protocol=amqp deviceId=dev1")));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(fixture.metrics.connected).hasValue(0));
        assertThat(fixture.metrics.connects).hasValue(1);
        assertThat(fixture.metrics.authFailures).hasValue(1);
    }
}
