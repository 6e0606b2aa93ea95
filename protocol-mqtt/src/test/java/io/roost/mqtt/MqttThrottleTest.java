package io.roost.mqtt;

import static io.roost.mqtt.MqttFixture.connect;
import static io.roost.mqtt.MqttFixture.publish;
import static io.roost.mqtt.MqttFixture.userName;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.roost.core.operations.OperationEvent;
import io.roost.core.throttle.Throttle;
import io.roost.core.throttle.ThrottleCounter;
import io.roost.core.throttle.ThrottleSettings;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throttling on a real loopback socket: a device over its D2C rate is read at that rate (its
 * messages still acknowledged), one over it for too long is disconnected, one connecting too often
 * is refused with CONNACK 0x03; another device on the same server is not held back.
 */
class MqttThrottleTest {

    @TempDir
    Path dir;

    private final List<OperationEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicLong throttled = new AtomicLong();
    private final ThrottleCounter counter = (protocol, kind) -> throttled.incrementAndGet();
    private MqttFixture fixture;
    private LoopbackServer server;
    private InetSocketAddress address;

    private void start(ThrottleSettings settings) throws Exception {
        fixture = new MqttFixture(dir, Throttle.create(settings, events::add, counter));
        server = new LoopbackServer(new MqttChannelInitializer(fixture.endpoint, null));
        address = server.address();
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void publish_whenOverTheDeviceRate_thenReadingPausesAndAcknowledgementsFollowTheRate() throws Exception {
        int rate = 50;
        int burst = 10;
        start(new ThrottleSettings(rate, burst, 0, 0, Duration.ZERO, 0));
        int messages = 160;
        try (RawMqttClient noisy = connected("noisy"); RawMqttClient quiet = connected("quiet")) {
            long start = System.nanoTime();
            for (int i = 1; i <= messages; i++) {
                noisy.send(publish("devices/noisy/messages/events/", MqttQoS.AT_LEAST_ONCE, i, new byte[16]));
            }
            // Another device within its burst, on the same event loop, while the noisy one is held back.
            for (int i = 1; i <= 8; i++) {
                quiet.send(publish("devices/quiet/messages/events/", MqttQoS.AT_LEAST_ONCE, i, new byte[16]));
            }
            assertThat(pubAcks(quiet, 8, 5_000)).hasSize(8);
            double quietSeconds = (System.nanoTime() - start) / 1e9;

            List<Long> ackNanos = pubAcks(noisy, messages, 15_000);
            assertThat(ackNanos).as("every accepted message is acknowledged").hasSize(messages);
            // After the burst the device is read at its rate: (messages - burst) / rate seconds.
            double expectedSeconds = (messages - burst) / (double) rate;
            double noisySeconds = (ackNanos.get(messages - 1) - start) / 1e9;
            assertThat(noisySeconds).isBetween(expectedSeconds * 0.8, expectedSeconds * 1.6);
            // Acknowledgements in the middle second follow the rate, not the sender's speed.
            long inSecond = ackNanos.stream().filter(t -> t - start >= 1_000_000_000L && t - start < 2_000_000_000L).count();
            assertThat(inSecond).isBetween((long) (rate * 0.6), (long) (rate * 1.4));
            assertThat(quietSeconds).as("the other device is not held back").isLessThan(expectedSeconds / 2);
        }
        assertThat(fixture.metrics.messages.get()).isEqualTo(messages + 8);
        assertThat(throttled.get()).isGreaterThanOrEqualTo(messages - burst - rate);
        assertThat(events).isNotEmpty().allSatisfy(event -> {
            assertThat(event.operation()).isEqualTo("D2C_THROTTLED");
            assertThat(event.deviceId()).isEqualTo("noisy");
            assertThat(event.protocol()).isEqualTo("mqtt");
            assertThat(event.maskedAddress()).isEqualTo("127.0.0.x");
        });
    }

    @Test
    void publish_whenPausedLongerThanTheKeepAlive_thenTheConnectionStays() throws Exception {
        start(new ThrottleSettings(2, 1, 0, 0, Duration.ZERO, 0));
        String token = fixture.createDevice("slow");
        try (RawMqttClient client = new RawMqttClient(address)) {
            // Keep-alive 1 s: the server closes a connection it reads nothing from for 1.5 s.
            client.send(MqttMessageBuilders.connect().clientId("slow")
                    .protocolVersion(MqttVersion.MQTT_3_1_1).username(userName("slow"))
                    .password(token.getBytes(StandardCharsets.UTF_8)).cleanSession(true)
                    .keepAlive(1).build());
            assertThat(client.receive(10_000)).isInstanceOf(MqttConnAckMessage.class);
            for (int i = 1; i <= 8; i++) {
                client.send(publish("devices/slow/messages/events/", MqttQoS.AT_LEAST_ONCE, i, new byte[8]));
            }
            // About 3.5 s without reading: longer than the keep-alive, yet every message is taken.
            assertThat(pubAcks(client, 8, 5_000)).hasSize(8);
        }
        assertThat(fixture.metrics.messages.get()).isEqualTo(8);
    }

    @Test
    void publish_whenOverTheRateForDisconnectAfter_thenTheConnectionCloses() throws Exception {
        start(new ThrottleSettings(20, 1, 0, 0, Duration.ofSeconds(1), 0));
        try (RawMqttClient noisy = connected("noisy")) {
            long start = System.nanoTime();
            for (int i = 1; i <= 200; i++) {
                noisy.send(publish("devices/noisy/messages/events/", MqttQoS.AT_LEAST_ONCE, i, new byte[16]));
            }
            assertThat(noisy.closedWithinDiscarding(10_000)).isTrue();
            assertThat((System.nanoTime() - start) / 1e9).isGreaterThanOrEqualTo(0.9);
        }
        assertThat(events).filteredOn(e -> e.operation().equals("DEVICE_DISCONNECTED_THROTTLED"))
                .singleElement().satisfies(e -> {
                    assertThat(e.deviceId()).isEqualTo("noisy");
                    assertThat(e.statusCode()).isEqualTo(429);
                });
        // Fewer than were sent: after the disconnect decision nothing more was appended.
        assertThat(fixture.metrics.messages.get()).isLessThan(200);
    }

    @Test
    void connect_whenOverConnectsPerMinute_thenRefusedWithServerUnavailable() throws Exception {
        start(new ThrottleSettings(0, 0, 0, 2, Duration.ZERO, 0));
        String token = fixture.createDevice("dev1");
        String other = fixture.createDevice("dev2");
        assertThat(connAckCode("dev1", token)).isZero();
        assertThat(connAckCode("dev1", token)).isZero();
        assertThat(connAckCode("dev1", token)).isEqualTo(3);
        assertThat(connAckCode("dev2", other)).isZero();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.operation()).isEqualTo("CONNECT_THROTTLED");
            assertThat(e.deviceId()).isEqualTo("dev1");
        });
        assertThat(fixture.metrics.authFailures.get()).as("a throttled connect is no auth failure").isZero();
    }

    private RawMqttClient connected(String deviceId) throws Exception {
        String token = fixture.createDevice(deviceId);
        RawMqttClient client = new RawMqttClient(address);
        client.send(connect(deviceId, userName(deviceId), token));
        MqttMessage reply = client.receive(10_000);
        assertThat(reply).isInstanceOf(MqttConnAckMessage.class);
        assertThat(((MqttConnAckMessage) reply).variableHeader().connectReturnCode().byteValue()).isZero();
        return client;
    }

    private int connAckCode(String deviceId, String token) throws Exception {
        try (RawMqttClient client = new RawMqttClient(address)) {
            client.send(connect(deviceId, userName(deviceId), token));
            MqttMessage reply = client.receive(10_000);
            assertThat(reply).isInstanceOf(MqttConnAckMessage.class);
            return ((MqttConnAckMessage) reply).variableHeader().connectReturnCode().byteValue();
        }
    }

    /** The arrival times of {@code count} PUBACKs, fewer if they stop coming for {@code gapMillis}. */
    private static List<Long> pubAcks(RawMqttClient client, int count, int gapMillis) throws Exception {
        List<Long> arrivals = new ArrayList<>();
        while (arrivals.size() < count) {
            MqttMessage reply = client.receive(gapMillis);
            if (reply == null) {
                break;
            }
            if (reply.fixedHeader().messageType() == MqttMessageType.PUBACK) {
                arrivals.add(System.nanoTime());
            }
        }
        return arrivals;
    }
}
