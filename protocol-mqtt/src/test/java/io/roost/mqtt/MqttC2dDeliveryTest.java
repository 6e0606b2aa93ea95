package io.roost.mqtt;

import static io.roost.mqtt.MqttFixture.connect;
import static io.roost.mqtt.MqttFixture.userName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.roost.core.c2d.AckMode;
import io.roost.core.c2d.C2dMessage;
import io.roost.core.c2d.C2dSettings;
import io.roost.mqtt.topic.DeviceTopics;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cloud-to-device delivery over a real loopback socket, with the C2D queues on real SQLite. */
class MqttC2dDeliveryTest {

    private static final int WAIT_MILLIS = 5_000;
    private static final int QUIET_MILLIS = 300;

    @TempDir
    Path dir;

    private MqttFixture fixture;
    private LoopbackServer server;
    private InetSocketAddress address;
    private String token;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new MqttFixture(dir);
        server = new LoopbackServer(new MqttChannelInitializer(fixture.endpoint, null));
        address = server.address();
        token = fixture.createDevice("dev1");
    }

    @AfterEach
    void tearDown() {
        server.close();
        fixture.close();
    }

    @Test
    void subscribe_whenMessagesWaitedOffline_thenDeliveredInOrderAndPubAckCompletes() throws Exception {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("color", "blue green");
        properties.put("a&b", "c=d");
        send(new C2dMessage("m1", "c1", null, "text/plain", "utf-8", AckMode.FULL, 0, properties, bytes("one")));
        send(C2dMessage.of("m2", bytes("two")));
        send(C2dMessage.of("m3", bytes("three")));
        try (RawMqttClient client = connected(true)) {
            subscribe(client);

            List<MqttPublishMessage> received = receivePublishes(client, 3);

            assertThat(received).extracting(MqttC2dDeliveryTest::body).containsExactly("one", "two", "three");
            MqttPublishMessage first = received.get(0);
            assertThat(first.fixedHeader().qosLevel()).isEqualTo(MqttQoS.AT_LEAST_ONCE);
            assertThat(first.variableHeader().topicName()).isEqualTo("devices/dev1/messages/devicebound/"
                    + "%24.to=%2Fdevices%2Fdev1%2Fmessages%2FdeviceBound&%24.mid=m1&%24.cid=c1&%24.ct=text%2Fplain"
                    + "&%24.ce=utf-8&iothub-ack=full&color=blue%20green&a%26b=c%3Dd");
            for (MqttPublishMessage publish : received) {
                client.send(MqttMessageBuilders.pubAck().packetId(publish.variableHeader().packetId()).build());
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> fixture.c2d.depth("dev1") == 0);
            received.forEach(MqttPublishMessage::release);
        }
    }

    @Test
    void send_whenDeviceIsSubscribed_thenDeliveredAtOnce() throws Exception {
        try (RawMqttClient client = connected(true)) {
            subscribe(client);
            assertThat(client.receive(QUIET_MILLIS)).as("nothing queued yet").isNull();

            send(C2dMessage.of("m1", bytes("now")));

            MqttPublishMessage publish = receivePublishes(client, 1).get(0);
            assertThat(body(publish)).isEqualTo("now");
            publish.release();
        }
    }

    @Test
    void lockEnds_whenNotAcknowledged_thenDeliveredAgain() throws Exception {
        send(C2dMessage.of("m1", bytes("again")));
        try (RawMqttClient client = connected(true)) {
            subscribe(client);
            MqttPublishMessage first = receivePublishes(client, 1).get(0);

            fixture.clock.advance(C2dSettings.defaults().lockTimeout());
            fixture.c2d.sweep().join();

            MqttPublishMessage second = receivePublishes(client, 1).get(0);
            assertThat(body(second)).isEqualTo("again");
            assertThat(second.variableHeader().packetId()).isNotEqualTo(first.variableHeader().packetId());
            // The PUBACK of the first delivery comes too late: its lock is gone; the second one counts.
            client.send(MqttMessageBuilders.pubAck().packetId(first.variableHeader().packetId()).build());
            client.send(MqttMessageBuilders.pubAck().packetId(second.variableHeader().packetId()).build());
            await().atMost(Duration.ofSeconds(5)).until(() -> fixture.c2d.depth("dev1") == 0);
            first.release();
            second.release();
        }
    }

    @Test
    void disconnect_whenUnacknowledged_thenAbandonedAndDeliveredOnReconnect() throws Exception {
        send(C2dMessage.of("m1", bytes("kept")));
        try (RawMqttClient client = connected(true)) {
            subscribe(client);
            receivePublishes(client, 1).get(0).release();
        }
        try (RawMqttClient client = connected(true)) {
            subscribe(client);
            MqttPublishMessage again = receivePublishes(client, 1).get(0);
            assertThat(body(again)).isEqualTo("kept");
            again.release();
        }
    }

    @Test
    void connect_whenPersistentSessionSubscribedBefore_thenSessionPresentAndDeliveryResumes() throws Exception {
        try (RawMqttClient client = connected(false)) {
            subscribe(client);
        }
        send(C2dMessage.of("m1", bytes("resumed")));

        try (RawMqttClient client = new RawMqttClient(address)) {
            client.send(connect("dev1", false));
            MqttConnAckMessage connAck = (MqttConnAckMessage) client.receive(WAIT_MILLIS);
            assertThat(connAck.variableHeader().isSessionPresent()).isTrue();
            MqttPublishMessage publish = receivePublishes(client, 1).get(0);
            assertThat(body(publish)).isEqualTo("resumed");
            publish.release();
        }
        try (RawMqttClient client = new RawMqttClient(address)) {
            client.send(connect("dev1", true));
            MqttConnAckMessage connAck = (MqttConnAckMessage) client.receive(WAIT_MILLIS);
            assertThat(connAck.variableHeader().isSessionPresent()).as("a clean session ends the old one").isFalse();
            assertThat(client.receive(QUIET_MILLIS)).as("not subscribed in this session").isNull();
        }
    }

    @Test
    void delivery_whenManyQueuedAndNoneAcknowledged_thenAtMostTheInFlightLimit() throws Exception {
        for (int i = 0; i < C2dDelivery.MAX_IN_FLIGHT + 5; i++) {
            send(C2dMessage.of("m" + i, bytes("n" + i)));
        }
        try (RawMqttClient client = connected(true)) {
            subscribe(client);
            List<MqttPublishMessage> first = receivePublishes(client, C2dDelivery.MAX_IN_FLIGHT);
            assertThat(client.receive(QUIET_MILLIS)).as("the window is full").isNull();

            client.send(MqttMessageBuilders.pubAck().packetId(first.get(0).variableHeader().packetId()).build());

            MqttPublishMessage next = receivePublishes(client, 1).get(0);
            assertThat(body(next)).isEqualTo("n" + C2dDelivery.MAX_IN_FLIGHT);
            first.forEach(MqttPublishMessage::release);
            next.release();
        }
    }

    @Test
    void unsubscribe_whenSubscribed_thenNoMoreDelivered() throws Exception {
        try (RawMqttClient client = connected(true)) {
            subscribe(client);
            client.send(MqttMessageBuilders.unsubscribe().messageId(3).addTopicFilter(DeviceTopics.c2dFilter("dev1")).build());
            assertThat(client.receive(WAIT_MILLIS).fixedHeader().messageType()).isEqualTo(MqttMessageType.UNSUBACK);

            send(C2dMessage.of("m1", bytes("later")));

            assertThat(client.receive(QUIET_MILLIS)).isNull();
        }
    }

    private RawMqttClient connected(boolean cleanSession) throws Exception {
        RawMqttClient client = new RawMqttClient(address);
        client.send(connect("dev1", cleanSession));
        MqttMessage connAck = client.receive(WAIT_MILLIS);
        assertThat(connAck).isInstanceOf(MqttConnAckMessage.class);
        return client;
    }

    private MqttMessage connect(String deviceId, boolean cleanSession) {
        return MqttMessageBuilders.connect().clientId(deviceId).protocolVersion(MqttVersion.MQTT_3_1_1)
                .username(userName(deviceId)).password(token.getBytes(StandardCharsets.UTF_8))
                .cleanSession(cleanSession).keepAlive(60).build();
    }

    private static void subscribe(RawMqttClient client) throws Exception {
        client.send(MqttMessageBuilders.subscribe().messageId(1)
                .addSubscription(MqttQoS.AT_LEAST_ONCE, DeviceTopics.c2dFilter("dev1")).build());
        MqttMessage subAck = client.receive(WAIT_MILLIS);
        assertThat(subAck.fixedHeader().messageType()).isEqualTo(MqttMessageType.SUBACK);
    }

    private static List<MqttPublishMessage> receivePublishes(RawMqttClient client, int count) throws Exception {
        List<MqttPublishMessage> publishes = new ArrayList<>();
        while (publishes.size() < count) {
            MqttMessage message = client.receive(WAIT_MILLIS);
            assertThat(message).as("PUBLISH %d of %d", publishes.size() + 1, count).isNotNull();
            assertThat(message).isInstanceOf(MqttPublishMessage.class);
            publishes.add((MqttPublishMessage) message);
        }
        return publishes;
    }

    private void send(C2dMessage message) {
        fixture.c2d.send("dev1", "gen1", message).join();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String body(MqttPublishMessage publish) {
        return new String(ByteBufUtil.getBytes(publish.payload()), StandardCharsets.UTF_8);
    }
}
