package io.roost.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.roost.core.operations.OperationCategory;
import io.roost.core.operations.OperationEvent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MqttOperationsLogTest {

    @TempDir
    Path dir;

    @Test
    void refused_thenEachRefusalHasItsCategoryStatusAndMaskedAddress() throws Exception {
        try (MqttFixture fixture = new MqttFixture(dir)) {
            MqttOperationsLog log = new MqttOperationsLog(fixture.endpoint, MqttOperationsLog.WEBSOCKET);
            InetSocketAddress remote = new InetSocketAddress(InetAddress.getByName("10.1.2.3"), 443);
            log.refused("dev1", remote, "TOKEN_EXPIRED", "the SAS token expired");
            log.refused("dev1", remote, "OVERSIZED_MESSAGE", "too big");
            log.refused("dev1", remote, "TOPIC_VIOLATION", "publish to devices/dev2/messages/events/");

            assertThat(fixture.operations.events())
                    .extracting(OperationEvent::category, OperationEvent::operation, OperationEvent::statusCode,
                            OperationEvent::result, OperationEvent::protocol, OperationEvent::maskedAddress)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(OperationCategory.Connections, "TOKEN_EXPIRED", 401,
                                    OperationEvent.FAILURE, "mqtt-ws", "10.1.2.x"),
                            org.assertj.core.groups.Tuple.tuple(OperationCategory.DeviceTelemetry, "OVERSIZED_MESSAGE", 413,
                                    OperationEvent.FAILURE, "mqtt-ws", "10.1.2.x"),
                            org.assertj.core.groups.Tuple.tuple(OperationCategory.DeviceTelemetry, "TOPIC_VIOLATION", 403,
                                    OperationEvent.FAILURE, "mqtt-ws", "10.1.2.x"));
        }
    }
}
