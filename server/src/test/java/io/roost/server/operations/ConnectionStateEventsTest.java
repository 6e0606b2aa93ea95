package io.roost.server.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.roost.core.log.LogReader;
import io.roost.core.log.LogRecord;
import io.roost.core.log.StartPosition;
import io.roost.core.log.TelemetryLog;
import io.roost.core.message.SystemProperty;
import io.roost.registry.device.DeviceSpec;
import io.roost.registry.sas.SasTokens;
import io.roost.server.config.ConfigLoader;
import io.roost.server.lifecycle.RoostServer;
import io.roost.server.listener.BoundListener;
import java.io.DataInputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** operations.connectionStateEvents=true: an MQTT connect and disconnect land in the device's D2C partition. */
class ConnectionStateEventsTest {

    @TempDir
    Path dataDir;

    private RoostServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private void start(String connectionStateEvents) throws Exception {
        server = new RoostServer(ConfigLoader.load(Optional.empty(), Map.of("ROOST_LISTENERS_MQTT_PORT", "0",
                "ROOST_LISTENERS_HTTP_PORT", "0", "ROOST_LISTENERS_HTTPS_ENABLED", "false",
                "ROOST_LISTENERS_MQTTS_ENABLED", "false", "ROOST_LISTENERS_AMQP_ENABLED", "false",
                "ROOST_LISTENERS_AMQPS_ENABLED", "false",
                "ROOST_OPERATIONS_CONNECTIONSTATEEVENTS", connectionStateEvents), Map.of()), dataDir);
        server.start();
    }

    @Test
    void connectThenDisconnect_thenTwoConnectionStateEventsInTheDevicesPartition() throws Exception {
        start("true");
        connectAndClose("dev1");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(records("dev1"))
                .extracting(r -> r.message().applicationProperties().get("opType"))
                .containsExactly("deviceConnected", "deviceDisconnected"));
        LogRecord connected = records("dev1").get(0);
        assertThat(connected.message().systemProperties())
                .containsEntry(SystemProperty.MESSAGE_SOURCE, "deviceConnectionStateEvents")
                .containsEntry(SystemProperty.CONNECTION_DEVICE_ID, "dev1")
                .containsEntry(SystemProperty.CONTENT_TYPE, "application/json");
        assertThat(connected.message().applicationProperties())
                .containsEntry("hubName", "localhost")
                .containsEntry("deviceId", "dev1")
                .containsEntry("iothub-message-schema", "deviceConnectionStateNotification")
                .containsKey("operationTimestamp");
        assertThat(new String(connected.message().body(), StandardCharsets.UTF_8)).matches("\\{\"sequenceNumber\":\"\\d{24}\"}");
    }

    @Test
    void whenOff_thenNoConnectionStateEventsInTheLog() throws Exception {
        start("false");
        connectAndClose("dev1");
        // The disconnect is in the operations log once it is durable; the D2C log stays empty.
        await().atMost(Duration.ofSeconds(20)).until(() -> server.operationsLog().newest(
                new io.roost.core.operations.OperationsFilter(Instant.EPOCH, null, "dev1"), 10).join().operations()
                .stream().anyMatch(op -> op.event().operation().equals("DEVICE_DISCONNECT")));
        assertThat(records("dev1")).isEmpty();
    }

    private List<LogRecord> records(String deviceId) {
        TelemetryLog log = server.telemetryLog();
        try (LogReader reader = log.openReader(log.partitionFor(deviceId), StartPosition.earliest())) {
            return new ArrayList<>(reader.poll(100));
        }
    }

    private void connectAndClose(String deviceId) throws Exception {
        String key = server.registry().create(DeviceSpec.of(deviceId)).join().authentication().symmetricKey().primaryKey();
        String token = SasTokens.sign(SasTokens.deviceResource("localhost", deviceId), key, Instant.now().plusSeconds(3600), null);
        EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
        encoder.writeOutbound(MqttMessageBuilders.connect().clientId(deviceId).protocolVersion(MqttVersion.MQTT_3_1_1)
                .username("localhost/" + deviceId + "/?api-version=2021-04-12")
                .password(token.getBytes(StandardCharsets.UTF_8)).cleanSession(true).keepAlive(60).build());
        ByteBuf bytes = encoder.readOutbound();
        byte[] connect = ByteBufUtil.getBytes(bytes);
        bytes.release();
        encoder.finishAndReleaseAll();
        BoundListener mqtt = server.listeners().stream().filter(l -> l.name().key().equals("mqtt")).findFirst().orElseThrow();
        try (Socket socket = new Socket(mqtt.address().getAddress(), mqtt.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(connect);
            byte[] connAck = new byte[4];
            new DataInputStream(socket.getInputStream()).readFully(connAck);
            assertThat(connAck[3]).as("CONNACK accepted").isZero();
        }
    }
}
