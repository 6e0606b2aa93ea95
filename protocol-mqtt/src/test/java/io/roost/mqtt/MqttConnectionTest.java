package io.roost.mqtt;

import static io.roost.mqtt.MqttFixture.bytes;
import static io.roost.mqtt.MqttFixture.connect;
import static io.roost.mqtt.MqttFixture.publish;
import static io.roost.mqtt.MqttFixture.userName;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and refused input, byte by byte, on an {@link EmbeddedChannel} with a real registry and
 * log. The device's token is checked once before each test, so the registry answers from its
 * cache on the test thread (the embedded event loop is not thread-safe).
 */
class MqttConnectionTest {

    private static final String CONNACK_ACCEPTED = "20020000";

    @TempDir
    Path dir;

    private MqttFixture fixture;
    private String token;
    private EmbeddedChannel channel;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new MqttFixture(dir);
        token = fixture.createDevice("dev1");
        fixture.createDevice("dev2");
        fixture.registry.authenticateDevice("dev1", token).join();
        channel = fixture.channel();
    }

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
        fixture.close();
    }

    @Test
    void decode_whenValidConnect_thenConnAckAccepted() {
        assertThat(connectDev1()).isEqualTo(CONNACK_ACCEPTED);
        assertThat(channel.isActive()).isTrue();
        assertThat(fixture.endpoint.sessions().connectedDevices()).isEqualTo(1);
    }

    @Test
    void decode_whenWrongKey_thenConnAckBadUserNameOrPasswordAndClose() {
        String wrong = MqttFixture.token("dev1", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        assertThat(send(bytes(connect("dev1", userName("dev1"), wrong)))).isEqualTo("20020004");
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void decode_whenUserNameNamesAnotherDevice_thenConnAckNotAuthorized() {
        assertThat(send(bytes(connect("dev1", userName("dev2"), token)))).isEqualTo("20020005");
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void decode_whenUserNameNamesAnotherHost_thenConnAckBadUserNameOrPassword() {
        assertThat(send(bytes(connect("dev1", "elsewhere.example/dev1/?api-version=2021-04-12", token))))
                .isEqualTo("20020004");
    }

    @Test
    void decode_whenClientIdIsNotADeviceId_thenConnAckIdentifierRejected() {
        assertThat(send(bytes(connect("bad id", userName("bad id"), token)))).isEqualTo("20020002");
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void decode_whenClientIdLongerThan128_thenConnAckIdentifierRejected() {
        String longId = "d".repeat(129);
        assertThat(send(bytes(connect(longId, userName(longId), token)))).isEqualTo("20020002");
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void decode_whenMqtt31_thenConnAckUnacceptableProtocolVersion() {
        ByteBuf connect = bytes(MqttMessageBuilders.connect().clientId("dev1")
                .protocolVersion(io.netty.handler.codec.mqtt.MqttVersion.MQTT_3_1)
                .username(userName("dev1")).password(token.getBytes(java.nio.charset.StandardCharsets.UTF_8)).build());
        assertThat(send(connect)).isEqualTo("20020001");
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void decode_whenPublishBeforeConnect_thenClosedWithoutReply() {
        assertThat(send(bytes(publish("devices/dev1/messages/events/", MqttQoS.AT_LEAST_ONCE, 1, new byte[] {1}))))
                .isEmpty();
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void decode_whenMalformedRemainingLength_thenClosed() {
        // A remaining length whose five continuation bytes exceed the four MQTT allows.
        send(Unpooled.wrappedBuffer(new byte[] {0x10, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f}));
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void decode_whenMalformedRemainingLengthAfterConnect_thenClosed() {
        connectDev1();
        send(Unpooled.wrappedBuffer(new byte[] {0x30, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f}));
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void decode_whenSecondConnect_thenClosed() {
        connectDev1();
        assertThat(send(bytes(connect("dev1", userName("dev1"), token)))).isEmpty();
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void decode_whenQos2_thenClosed() {
        connectDev1();
        assertThat(send(bytes(publish("devices/dev1/messages/events/", MqttQoS.EXACTLY_ONCE, 1, new byte[] {1}))))
                .isEmpty();
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void decode_whenPublishToAnotherDevicesTopic_thenClosed() {
        connectDev1();
        assertThat(send(bytes(publish("devices/dev2/messages/events/", MqttQoS.AT_LEAST_ONCE, 1, new byte[] {1}))))
                .isEmpty();
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void decode_whenPublishToUnknownTopic_thenClosed() {
        connectDev1();
        send(bytes(publish("devices/dev1/messages/events/a/b", MqttQoS.AT_MOST_ONCE, 0, new byte[] {1})));
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void decode_whenPayloadOverTheDecoderLimit_thenClosed() {
        connectDev1();
        send(bytes(publish("devices/dev1/messages/events/", MqttQoS.AT_LEAST_ONCE, 1, new byte[MqttLimits.MAX_MESSAGE_BYTES + 1])));
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void decode_whenPayloadJustOver256KiB_thenClosed() {
        connectDev1();
        send(bytes(publish("devices/dev1/messages/events/", MqttQoS.AT_LEAST_ONCE, 1, new byte[MqttLimits.MAX_PAYLOAD_BYTES + 1])));
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void decode_whenCdidNamesAnotherDevice_thenClosed() {
        connectDev1();
        send(bytes(publish("devices/dev1/messages/events/%24.cdid=dev2", MqttQoS.AT_LEAST_ONCE, 1, new byte[] {1})));
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void decode_whenSubscribe_thenOwnTopicsGrantedAndOthersRefused() {
        connectDev1();
        ByteBuf subscribe = bytes(MqttMessageBuilders.subscribe().messageId(7)
                .addSubscription(MqttQoS.AT_LEAST_ONCE, "devices/dev1/messages/devicebound/#")
                .addSubscription(MqttQoS.AT_MOST_ONCE, "$iothub/twin/res/#")
                .addSubscription(MqttQoS.AT_LEAST_ONCE, "$iothub/methods/POST/#")
                .addSubscription(MqttQoS.EXACTLY_ONCE, "$iothub/twin/PATCH/properties/desired/#")
                .addSubscription(MqttQoS.AT_LEAST_ONCE, "devices/dev2/messages/devicebound/#")
                .addSubscription(MqttQoS.AT_LEAST_ONCE, "#")
                .build());
        assertThat(send(subscribe)).isEqualTo("9008" + "0007" + "01" + "00" + "01" + "01" + "80" + "80");
        assertThat(channel.isActive()).isTrue();
    }

    @Test
    void decode_whenPingAndUnsubscribe_thenAnswered() {
        connectDev1();
        assertThat(send(Unpooled.wrappedBuffer(new byte[] {(byte) 0xc0, 0}))).isEqualTo("d000");
        ByteBuf unsubscribe = bytes(MqttMessageBuilders.unsubscribe().messageId(9).addTopicFilter("$iothub/twin/res/#").build());
        assertThat(send(unsubscribe)).isEqualTo("b0020009");
    }

    @Test
    void decode_whenDisconnect_thenClosed() {
        connectDev1();
        send(Unpooled.wrappedBuffer(new byte[] {(byte) 0xe0, 0}));
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void connect_whenSameDeviceConnectsAgain_thenOldConnectionClosed() {
        connectDev1();
        EmbeddedChannel second = fixture.channel();
        second.writeInbound(bytes(connect("dev1", userName("dev1"), token)));
        second.runPendingTasks();
        channel.runPendingTasks();
        assertThat(hex(second)).isEqualTo(CONNACK_ACCEPTED);
        assertThat(channel.isActive()).isFalse();
        assertThat(second.isActive()).isTrue();
        second.finishAndReleaseAll();
    }

    @Test
    void connect_whenDeviceDisabled_thenLiveConnectionClosed() {
        connectDev1();
        fixture.registry.disable("dev1", "test").join();
        channel.runPendingTasks();
        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void connect_whenTokenExpiresDuringTheSession_thenClosed() {
        String key = fixture.createDeviceKey("dev3");
        String shortLived = MqttFixture.token("dev3", key, java.time.Instant.now().plusSeconds(5));
        fixture.registry.authenticateDevice("dev3", shortLived).join();
        channel.freezeTime();
        assertThat(send(bytes(connect("dev3", userName("dev3"), shortLived)))).isEqualTo(CONNACK_ACCEPTED);

        channel.advanceTimeBy(6, java.util.concurrent.TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();

        assertThat(channel.isActive()).isFalse();
    }

    @Test
    void metrics_whenConnectedThenDisconnected_thenOneConnectAndNoneConnected() {
        connectDev1();
        assertThat(fixture.metrics.connected).hasValue(1);
        send(Unpooled.wrappedBuffer(new byte[] {(byte) 0xe0, 0}));
        assertThat(fixture.metrics.connects).hasValue(1);
        assertThat(fixture.metrics.connected).hasValue(0);
        assertThat(fixture.metrics.authFailures).hasValue(0);
    }

    @Test
    void metrics_whenWrongKeyOrPublishBeforeConnect_thenAuthFailuresCountedAndNoConnect() {
        send(bytes(connect("dev1", userName("dev1"), MqttFixture.token("dev1", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="))));
        EmbeddedChannel second = fixture.channel();
        second.writeInbound(bytes(publish("devices/dev1/messages/events/", MqttQoS.AT_MOST_ONCE, 0, new byte[] {1})));
        second.finishAndReleaseAll();
        assertThat(fixture.metrics.authFailures).hasValue(2);
        assertThat(fixture.metrics.connects).hasValue(0);
        assertThat(fixture.metrics.connected).hasValue(0);
    }

    @Test
    void metrics_whenSessionReplacedByTheSameDevice_thenOneConnectedDevice() {
        connectDev1();
        EmbeddedChannel second = fixture.channel();
        second.writeInbound(bytes(connect("dev1", userName("dev1"), token)));
        second.runPendingTasks();
        channel.runPendingTasks();
        assertThat(fixture.metrics.connects).hasValue(2);
        assertThat(fixture.metrics.connected).hasValue(1);
        second.finishAndReleaseAll();
    }

    @Test
    void connect_whenOverWebSocket_thenSameHandlersWithoutTlsAndTheLogSaysMqttWs() {
        // As the WebSocket upgrade does it: added to a live pipeline, it builds the handlers at once.
        EmbeddedChannel upgraded = new EmbeddedChannel();
        upgraded.pipeline().addLast(MqttChannelInitializer.overWebSocket(fixture.endpoint));
        try {
            assertThat(upgraded.pipeline().names()).doesNotContain(MqttChannelInitializer.TLS)
                    .contains(MqttChannelInitializer.DECODER, MqttChannelInitializer.CONNECT, MqttChannelInitializer.EXCEPTIONS);
            upgraded.writeInbound(bytes(connect("dev1", userName("dev1"), token)));
            upgraded.runPendingTasks();

            assertThat(hex(upgraded)).isEqualTo(CONNACK_ACCEPTED);
            assertThat(fixture.operations.events())
                    .anyMatch(event -> event.operation().equals("DEVICE_CONNECT") && event.protocol().equals("mqtt-ws")
                            && event.deviceId().equals("dev1"));
        } finally {
            upgraded.finishAndReleaseAll();
        }
    }

    private String connectDev1() {
        return send(bytes(connect("dev1", userName("dev1"), token)));
    }

    /** Writes the bytes, runs what the handlers queued on the event loop, and returns the reply as hex. */
    private String send(ByteBuf in) {
        channel.writeInbound(in);
        channel.runPendingTasks();
        return hex(channel);
    }

    private static String hex(EmbeddedChannel channel) {
        StringBuilder out = new StringBuilder();
        for (Object o; (o = channel.readOutbound()) != null; ) {
            ByteBuf buf = (ByteBuf) o;
            out.append(ByteBufUtil.hexDump(buf));
            buf.release();
        }
        return out.toString();
    }
}
