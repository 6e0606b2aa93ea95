package io.roost.mqtt;

import static io.roost.mqtt.MqttFixture.bytes;
import static io.roost.mqtt.MqttFixture.connect;
import static io.roost.mqtt.MqttFixture.publish;
import static io.roost.mqtt.MqttFixture.userName;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.roost.core.log.LogReader;
import io.roost.core.log.LogRecord;
import io.roost.core.log.StartPosition;
import io.roost.core.message.SystemProperty;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MQTT pipeline on a real loopback socket: PUBACK comes only after the record is in the log. */
class MqttSocketTest {

    @TempDir
    Path dir;

    private MqttFixture fixture;
    private LoopbackServer server;
    private InetSocketAddress address;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new MqttFixture(dir);
        server = new LoopbackServer(new MqttChannelInitializer(fixture.endpoint, null));
        address = server.address();
    }

    @AfterEach
    void tearDown() {
        server.close();
        fixture.close();
    }

    @Test
    void connect_whenExpiredUnknownDisabledOrAnotherDevicesToken_thenRefusedWithItsCodeAndOthersStillConnect()
            throws Exception {
        String key1 = fixture.createDeviceKey("dev1");
        String token2 = fixture.createDevice("dev2");
        fixture.createDevice("off");
        fixture.registry.disable("off", "test").join();
        String expired = MqttFixture.token("dev1", key1, Instant.now().minusSeconds(60));
        String unknown = MqttFixture.token("ghost", key1);
        String offToken = MqttFixture.token("off", fixture.registry.get("off").join().authentication().symmetricKey().primaryKey());

        assertThat(connAckCode("dev1", expired)).as("expired token").isEqualTo(4);
        assertThat(connAckCode("ghost", unknown)).as("unknown device").isEqualTo(4);
        assertThat(connAckCode("dev1", token2)).as("another device's token").isEqualTo(4);
        assertThat(connAckCode("off", offToken)).as("disabled device").isEqualTo(5);
        assertThat(connAckCode("dev1", MqttFixture.token("dev1", key1))).as("a good token still connects").isZero();
    }

    /** The CONNACK return code the server answers {@code deviceId} with, over a fresh connection. */
    private int connAckCode(String deviceId, String token) throws Exception {
        try (RawMqttClient client = new RawMqttClient(address)) {
            client.send(connect(deviceId, userName(deviceId), token));
            MqttMessage reply = client.receive(10_000);
            assertThat(reply).isInstanceOf(MqttConnAckMessage.class);
            return ((MqttConnAckMessage) reply).variableHeader().connectReturnCode().byteValue();
        }
    }

    @Test
    void publish_whenQos1_thenPubAckAfterTheRecordIsDurable() throws Exception {
        String token = fixture.createDevice("dev1");
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            write(out, bytes(connect("dev1", userName("dev1"), token)));
            assertThat(read(in, 4)).isEqualTo("20020000");

            for (int i = 1; i <= 50; i++) {
                write(out, bytes(publish("devices/dev1/messages/events/%24.mid=m" + i + "&color=blue%20green",
                        MqttQoS.AT_LEAST_ONCE, i, ("hello " + i).getBytes(StandardCharsets.UTF_8))));
            }
            List<String> acks = new ArrayList<>();
            for (int i = 1; i <= 50; i++) {
                acks.add(read(in, 4));
            }
            assertThat(acks).first().isEqualTo("40020001");
            assertThat(acks).last().isEqualTo("40020032");
        }
        // Counted on the event loop before each PUBACK was written, so all 50 are in by now.
        assertThat(fixture.metrics.messages).hasValue(50);
        assertThat(fixture.metrics.acknowledged).hasValue(50);
        assertThat(fixture.metrics.bytes).hasValue(9 * "hello 1".length() + 41 * "hello 10".length());
        List<LogRecord> records = new ArrayList<>();
        try (LogReader reader = fixture.log.openReader(fixture.log.partitionFor("dev1"), StartPosition.earliest())) {
            records.addAll(reader.poll(100));
        }
        assertThat(records).hasSize(50);
        var first = records.get(0).message();
        assertThat(first.systemProperties()).containsEntry(SystemProperty.MESSAGE_ID, "m1")
                .containsEntry(SystemProperty.CONNECTION_DEVICE_ID, "dev1")
                .containsEntry(SystemProperty.CONNECTION_AUTH_METHOD, SystemProperty.SAS_DEVICE_AUTH_METHOD);
        assertThat(first.applicationProperties()).isEqualTo(Map.of("color", "blue green"));
        assertThat(new String(first.body(), StandardCharsets.UTF_8)).isEqualTo("hello 1");
    }

    @Test
    void publish_whenSentBehindConnectWithoutWaiting_thenProcessedAfterConnAck() throws Exception {
        String token = fixture.createDevice("dev1");
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            ByteBuf both = bytes(connect("dev1", userName("dev1"), token));
            both.writeBytes(bytes(publish("devices/dev1/messages/events/", MqttQoS.AT_LEAST_ONCE, 5, new byte[] {42})));
            write(socket.getOutputStream(), both);

            assertThat(read(in, 4)).isEqualTo("20020000");
            assertThat(read(in, 4)).isEqualTo("40020005");
        }
    }

    @Test
    void connect_whenRefusedWithPacketsBehindIt_thenThoseAreDropped() throws Exception {
        fixture.createDevice("dev1");
        String wrong = MqttFixture.token("dev1", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            ByteBuf both = bytes(connect("dev1", userName("dev1"), wrong));
            both.writeBytes(bytes(publish("devices/dev1/messages/events/", MqttQoS.AT_LEAST_ONCE, 5, new byte[] {42})));
            write(socket.getOutputStream(), both);

            assertThat(read(in, 4)).isEqualTo("20020004");
            assertThat(in.read()).as("closed after the refusal").isEqualTo(-1);
        }
        try (LogReader reader = fixture.log.openReader(fixture.log.partitionFor("dev1"), StartPosition.earliest())) {
            assertThat(reader.poll(10)).isEmpty();
        }
    }

    private static void write(OutputStream out, ByteBuf packet) throws Exception {
        out.write(ByteBufUtil.getBytes(packet));
        packet.release();
        out.flush();
    }

    private static String read(DataInputStream in, int length) throws Exception {
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return ByteBufUtil.hexDump(bytes);
    }
}
